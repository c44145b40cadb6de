/**
 * The language table: every language has every string, the chart helpers,
 * tables, warnings and common errors speak the chosen language (English by
 * default), `EMLAB_LANG` chooses it from the environment, and a chart with
 * Japanese text renders real glyphs to PNG (not the empty boxes of a font
 * without them).
 */
import { assert, assertEquals, assertMatch, assertNotEquals, assertThrows } from "@std/assert";
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
      } else {
        assert((table[key] as string).length > 0, `${lang}.${key} is empty`);
      }
    }
  }
  // Japanese strings are Japanese: most of them hold kana or kanji.
  const ja = Object.values(MESSAGES.ja).filter((v) => typeof v === "string") as string[];
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

Deno.test("a degenerate fit warns in the chosen language", () => {
  // Six tied values and a component started narrow on them, as in notebook 04.
  const data = [...Array.from({ length: 40 }, (_, i) => i / 10), 9, 9, 9, 9, 9, 9];
  const start = mixture([0.8, 0.2], [2, 9], [1, 0.001]);
  const en = fit(data, 2, { start, nInit: 1 });
  const ja = inJapanese(() => fit(data, 2, { start, nInit: 1 }));
  assert(en.degenerate && ja.degenerate, "the fit is degenerate");
  assertMatch(en.warnings.join("\n"), /degenerate fit: the only run is degenerate/);
  assertMatch(ja.warnings.join("\n"), /退化した当てはめ：唯一の試行が退化しています/);
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
