/**
 * The language table: every language has every string, the chart helpers,
 * tables, warnings and common errors speak the chosen language (English by
 * default), `EMLAB_LANG` chooses it from the environment, and a chart with
 * Japanese text renders real glyphs to PNG (not the empty boxes of a font
 * without them).
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  compareMixtures,
  em,
  fit,
  initRandom,
  language,
  LANGUAGES,
  logLikelihoodTrace,
  MESSAGES,
  messages,
  mixture,
  mixtureFrame,
  ParameterRangeError,
  ParameterTypeError,
  rasterize,
  sampleMixture,
  setLanguage,
  stepperPlayer,
} from "../lib/mod.ts";
import { ROOT } from "../tools/setup.ts";

/** Run `fn` in Japanese, then go back to English whatever happens. */
function inJapanese<T>(fn: () => T): T {
  setLanguage("ja");
  try {
    return fn();
  } finally {
    setLanguage("en");
  }
}

/** The text of the element with aria-label="title" in a chart. */
function chartTitle(svg: { outerHTML: string }): string | undefined {
  return /aria-label="title"[^>]*>([^<]*)</.exec(svg.outerHTML)?.[1]?.trim();
}

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
const { x } = sampleMixture(truth, 300, { seed: 3 });
const history = [...em(x, initRandom(2, { seed: 3 }))];

Deno.test("MESSAGES: every language has every key of English, of the same kind", () => {
  const keys = Object.keys(MESSAGES.en).sort();
  assert(keys.length > 50, `only ${keys.length} keys`);
  for (const lang of LANGUAGES) {
    const table = MESSAGES[lang] as unknown as Record<string, unknown>;
    assertEquals(Object.keys(table).sort(), keys, `${lang}: keys`);
    for (const key of keys) {
      const en = (MESSAGES.en as unknown as Record<string, unknown>)[key];
      assertEquals(typeof table[key], typeof en, `${lang}.${key}`);
      if (typeof en === "function") {
        assertEquals((table[key] as (...a: unknown[]) => unknown).length, en.length, key);
      } else if (typeof en === "object" && en !== null) {
        // A group of strings (a player's controls): the same names, none empty.
        const group = table[key] as Record<string, unknown>;
        assertEquals(Object.keys(group).sort(), Object.keys(en).sort(), `${lang}.${key}: keys`);
        for (const [name, text] of Object.entries(group)) {
          assert(typeof text === "string" && text.length > 0, `${lang}.${key}.${name} is empty`);
        }
      } else {
        assert((table[key] as string).length > 0, `${lang}.${key} is empty`);
      }
    }
  }
  // Japanese strings are Japanese: most of them hold kana or kanji.
  const ja = Object.values(MESSAGES.ja).flatMap((v) =>
    typeof v === "string" ? [v] : typeof v === "object" && v !== null ? Object.values(v) : []
  ) as string[];
  const japanese = ja.filter((s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s)).length;
  assert(japanese >= ja.length - 2, `${japanese} of ${ja.length} Japanese strings have kana/kanji`);
});

Deno.test("setLanguage() switches the table and refuses an unknown language", () => {
  assertEquals(language(), "en");
  inJapanese(() => {
    assertEquals(language(), "ja");
    assertEquals(messages(), MESSAGES.ja);
  });
  assertEquals(messages(), MESSAGES.en);
  // deno-lint-ignore no-explicit-any
  const error = assertThrows(() => setLanguage("fr" as any), RangeError);
  assertMatch(error.message, /"en", "ja", got "fr"/);
  assertEquals(language(), "en", "a refused language changes nothing");
});

Deno.test("logLikelihoodTrace() and mixtureFrame() title their charts in the chosen language", () => {
  assertEquals(chartTitle(logLikelihoodTrace(history)), "log-likelihood per iteration");
  const ja = inJapanese(() => logLikelihoodTrace(history));
  assertEquals(chartTitle(ja), "反復ごとの対数尤度");
  assertMatch(ja.outerHTML, /対数尤度/);
  assert(!/log-likelihood/.test(ja.outerHTML), "no English legend or axis label left");
  const last = history.at(-1)!;
  const frame = inJapanese(() => mixtureFrame(x, last));
  assertMatch(chartTitle(frame) ?? "", new RegExp(`^反復 ${last.iteration} · 対数尤度 = −\\d`));
  assertMatch(frame.outerHTML, /混合密度 p\(x\)/);
  assertMatch(frame.outerHTML, /↑ 密度/);
  // An explicit title is the caller's, in any language.
  assertEquals(chartTitle(inJapanese(() => logLikelihoodTrace(history, { title: "T" }))), "T");
});

Deno.test("compareMixtures() writes its table header in the chosen language", () => {
  const estimate = history.at(-1)!.mixture;
  assertMatch(compareMixtures(truth, estimate).markdown, /^\| parameter \| true \| estimated \|/);
  const ja = inJapanese(() => compareMixtures(truth, estimate));
  assertMatch(ja.markdown, /^\| パラメータ \| 真の値 \| 推定値 \| 誤差 \|/);
});

Deno.test("bad data: the typed errors keep their types and speak the chosen language", () => {
  const empty = inJapanese(() => assertThrows(() => fit([], 2), ParameterRangeError));
  assertEquals(empty.parameter, "data");
  assertEquals(
    empty.message,
    "data は 有限の数からなる空でない配列 でなければなりませんが、空の配列 が渡されました。観測値を少なくとも 1 つ渡してください。",
  );
  const text = inJapanese(() => assertThrows(() => fit([1, "2"] as never, 2), ParameterTypeError));
  assertMatch(text.message, /^data\[1\] は 有限の数/);
  const same = inJapanese(() => assertThrows(() => fit([3, 3, 3], 2), ParameterRangeError));
  assertMatch(same.message, /少なくとも 2 つの異なる値/);
  // And English by default.
  assertMatch(assertThrows(() => fit([], 2), ParameterRangeError).message, /^data must be/);
});

Deno.test("the players' controls, EM by hand's texts and the trace's marker speak the chosen language", () => {
  const start = initRandom(2, { seed: 3 });
  const html = (p: ReturnType<typeof stepperPlayer>) => String(p.bundle()["text/html"]);
  const english = stepperPlayer(x, start, { maxIter: 2, tol: 0 });
  const japanese = inJapanese(() => stepperPlayer(x, start, { maxIter: 2, tol: 0 }));
  // The same steps and numbers, in other words.
  assertEquals(japanese.frames.map((f) => f.step), english.frames.map((f) => f.step));
  assertEquals(japanese.mixture, english.mixture);
  assertMatch(english.frames[1]!.title, /^E-step on iteration 0/);
  assertMatch(japanese.frames[1]!.title, /^Eステップ（反復 0 のパラメータ）/);
  assertMatch(japanese.frames[2]!.info!, /^Mステップ → 反復 1\n/);
  assertMatch(japanese.frames[2]!.info!, /次：Eステップ$/);
  for (const f of japanese.frames) {
    assert(!/next:|iteration|E-step on|M-step →/.test(f.title + f.info), `English in ${f.title}`);
  }
  // The controls the script builds: their texts travel with the frames.
  const ui = (h: string) => JSON.parse(/var P = (\{[\s\S]*?\});\n/.exec(h)![1]!).ui;
  assertEquals(ui(html(english)), { ...MESSAGES.en.player });
  // The page is made when the player is shown, in the language chosen then.
  const japaneseHtml = inJapanese(() => html(japanese));
  assertEquals(ui(japaneseHtml), { ...MESSAGES.ja.player });
  assertMatch(japaneseHtml, /aria-label="手で動かすEM"/);
  assertMatch(html(english), /aria-label="EM by hand"/);
  const marker = (svg: string) => /表示中：反復 2|now: iteration 2/.exec(svg)?.[0];
  assertEquals(marker(logLikelihoodTrace(history, { current: 2 }).outerHTML), "now: iteration 2");
  assertEquals(
    marker(inJapanese(() => logLikelihoodTrace(history, { current: 2 })).outerHTML),
    "表示中：反復 2",
  );
});

Deno.test("an unknown option's error names the nearest option in the chosen language", () => {
  const call = () => fit(x, 2, { nInits: 3 } as unknown as { nInit: number });
  assertThrows(call, ParameterRangeError, "Did you mean 'nInit'?");
  const error = inJapanese(() => assertThrows(call, ParameterRangeError));
  assertMatch(error.message, /'nInit' のことですか？/);
  assertMatch(error.message, /未知のオプション 'nInits'/);
  assert(!/Did you mean|unknown option/.test(error.message), error.message);
});

Deno.test("a degenerate fit warns in the chosen language", () => {
  // Six tied values and a component started narrow on them, as in notebook 04.
  const data = [...Array.from({ length: 40 }, (_, i) => i / 10), 9, 9, 9, 9, 9, 9];
  const start = mixture([0.8, 0.2], [2, 9], [1, 0.001]);
  const en = fit(data, 2, { start, nInit: 1 });
  const ja = inJapanese(() => fit(data, 2, { start, nInit: 1 }));
  assert(en.degenerate && ja.degenerate, "the fit is degenerate");
  assertMatch(en.warnings.join("\n"), /degenerate fit: the only run is degenerate/);
  assertMatch(ja.warnings.join("\n"), /退化した当てはめ：唯一の実行が退化しています/);
  assertMatch(ja.warnings.join("\n"), /成分 2：σ² = .* が分散の下限/);
});

Deno.test({
  name: "EMLAB_LANG=ja chooses Japanese from the start; anything else leaves English",
  fn: async () => {
    const script = 'import { language, frameTitle } from "@emlab/emlab"; ' +
      "console.log(language(), frameTitle({ iteration: 2 }));";
    const run = async (value: string) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--quiet", script],
        cwd: ROOT,
        env: { EMLAB_LANG: value },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert(out.success, new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout).trim();
    };
    assertEquals(await run("ja"), "ja 反復 2");
    assertEquals(await run("ja_JP.UTF-8"), "ja 反復 2");
    assertEquals(await run("de"), "en iteration 2");
  },
});

Deno.test({
  name: "rasterize() draws Japanese glyphs (two different characters, two different images)",
  sanitizeResources: false,
  fn: async () => {
    const glyph = async (ch: string) => {
      const svg =
        `<svg width="40" height="40"><text x="4" y="30" font-size="28">${ch}</text></svg>`;
      return (await rasterize(svg)).pixels;
    };
    const [a, b] = [await glyph("反"), await glyph("復")];
    const inked = (p: Uint8Array) => p.filter((v, i) => i % 4 === 0 && v < 128).length;
    assert(inked(a) > 20 && inked(b) > 20, `ink: ${inked(a)}, ${inked(b)}`);
    // A font without the glyphs draws the same empty box for both.
    assertNotEquals([...a].join(), [...b].join(), "the two characters render differently");
  },
});

Deno.test("messages: two of something are 'both', in both languages", () => {
  assertStringIncludes(
    MESSAGES.en.allDegenerate(2, "one spike", "varianceFloor"),
    "both runs are",
  );
  assertStringIncludes(
    MESSAGES.en.allDegenerate(3, "one spike", "varianceFloor"),
    "all 3 runs are",
  );
  assertStringIncludes(MESSAGES.ja.allDegenerate(2, "1 つの尖り", "varianceFloor"), "どちらも");
  assert(!MESSAGES.en.allDegenerate(2, "one spike", "ridge").includes("all 2"));
});
