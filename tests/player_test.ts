import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertGreater,
  assertMatch,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  animateEm,
  animateEmMv,
  decodeFrame,
  em,
  emMv,
  encodeFrames,
  frameDomain,
  initKMeansPlusPlusMv,
  initRandom,
  logLikelihoodTrace,
  mixtureFrame,
  mvMixture,
  ParameterRangeError,
  ParameterTypeError,
  playerFrameIndices,
  playerHtml,
  roundSvgCoordinates,
  sampleMvMixture,
  simplifySvgPaths,
  stepperPlayer,
  svgString,
} from "../lib/mod.ts";
import { classifyOutput, parseManifest } from "../tools/manifest.ts";
import { originalRun } from "./_plot_fixtures.ts";

/** The frames of the original run, as animateEm draws them (fixed axes). */
function runFrames(count = Infinity) {
  const { x, history } = originalRun();
  const shown = history.slice(0, count);
  const domain = frameDomain(x, history.map((s) => s.mixture));
  return {
    history: shown,
    frames: shown.map((s) => ({
      title: `iteration ${s.iteration} · log L ${s.logLikelihood.toFixed(2)}`,
      panels: [svgString(mixtureFrame(x, s, { domain }))],
    })),
  };
}

/** What a page without scripts shows: the HTML with its script removed. */
function withoutScript(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/g, "");
}

/** The SVG pictures (decoded data URIs) in some HTML. */
function pictures(html: string): string[] {
  return [...html.matchAll(/<img[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) =>
    new TextDecoder().decode(Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0)))
  );
}

/** The data the player's script reads. */
function playerData(html: string) {
  const json = /var P = (\{[\s\S]*?\});\n/.exec(html)![1]!;
  return JSON.parse(json) as {
    pieces: string[];
    frames: unknown[][];
    titles: string[];
    info: string[];
    steps: string[];
    mode: string;
  };
}

Deno.test("playerHtml() holds every frame and shows the last one without a script", () => {
  const { frames, history } = runFrames();
  const html = playerHtml(frames, { id: "t1" });
  assertStringIncludes(html, `data-frames="${frames.length}"`);
  const data = playerData(html);
  assertEquals(data.frames.length, history.length);
  assertEquals(data.titles, frames.map((f) => f.title));

  const still = withoutScript(html);
  const shown = pictures(still);
  assertEquals(shown.length, 1, "one picture without a script: the last frame");
  const last = history.at(-1)!;
  assertStringIncludes(shown[0]!, `iteration ${last.iteration} · log-likelihood`);
  assertStringIncludes(still, `<div class="emlab-caption">${frames.at(-1)!.title}</div>`);
  for (const s of history.slice(0, -1)) {
    assert(!still.includes(`iteration ${s.iteration} · `), `frame ${s.iteration} visible`);
  }
  // No controls without a script: the buttons are made by the script.
  assert(!/<button|<input|<select/.test(still));
});

Deno.test("playerHtml() fetches nothing: no URL but the SVG namespace, script safe in any page", () => {
  const html = playerHtml(runFrames(6).frames, { id: "t2" });
  const urls = [...html.matchAll(/(?:https?:)?\/\/[\w.-]+\.[a-z]{2,}[^\s"')]*/g)].map((m) => m[0]);
  const decoded = pictures(html).join("");
  const inPictures = [...decoded.matchAll(/https?:\/\/[^\s"')]+/g)].map((m) => m[0]);
  assertEquals(urls.filter((u) => !u.startsWith("http://www.w3.org/")), []);
  assertEquals(inPictures.filter((u) => !u.startsWith("http://www.w3.org/")), []);
  assert(!/\bsrc="(?!data:)/.test(html), "every src is a data: URI");
  assert(!/<link\b|@import/.test(html), "no stylesheet from elsewhere");
  // The script holds no <, > or & (nor $ for TeX typesetting), so that no HTML or math
  // post-processing of the page can change it.
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  assert(!/[<>&$]/.test(script), "script characters an HTML pass could alter");
});

Deno.test("encodeFrames() stores what frames share once and decodes every frame back", () => {
  const { frames } = runFrames();
  const encoded = encodeFrames(frames.map((f) => f.panels));
  const total = frames.reduce((n, f) => n + f.panels[0]!.split(/(?=<)/).length, 0);
  assertGreater(total, 3 * encoded.pieces.length, "fixed axes, grid and bars are stored once");
  frames.forEach((f, i) => {
    const decoded = decodeFrame(encoded, i, 0);
    // The same chart, up to rounded coordinates and renamed ids.
    assertEquals(decoded.match(/<[a-z]+/g), f.panels[0]!.match(/<[a-z]+/g));
    assertStringIncludes(decoded, f.panels[0]!.match(/iteration \d+ · log-likelihood = [^<]+/)![0]);
  });
  assertThrows(() => decodeFrame(encoded, frames.length, 0), ParameterRangeError, "frame");
});

Deno.test("roundSvgCoordinates() and simplifySvgPaths() change geometry by less than 0.3 px", () => {
  assertEquals(
    roundSvgCoordinates('<rect x="1.26" y="-0.04" fill-opacity="0.125" width="3"/>'),
    '<rect x="1.3" y="0" fill-opacity="0.125" width="3"/>',
  );
  // A sampled curve: collinear stretches are dropped, the ends and the bends kept.
  const xs = Array.from({ length: 241 }, (_, i) => 56 + i * 2.35);
  const ys = xs.map((x) => 356 - 200 * Math.exp(-(((x - 300) / 40) ** 2)));
  const d = "M" + xs.map((x, i) => `${x.toFixed(1)},${ys[i]!.toFixed(1)}`).join("L");
  const out = simplifySvgPaths(`<path d="${d}"/>`);
  const kept = /d="M([^"]+)"/.exec(out)![1]!.split("L").map((p) => p.split(",").map(Number));
  assertGreater(xs.length / 2, kept.length, "at least half the points dropped");
  assertEquals(kept[0], [56, 356]);
  assertEquals(kept.at(-1)![0], Number(xs.at(-1)!.toFixed(1)));
  // Every original point lies within 0.3 px of the simplified line (perpendicular distance).
  for (let i = 0; i < xs.length; i++) {
    const x = Number(xs[i]!.toFixed(1)), y = Number(ys[i]!.toFixed(1));
    const j = Math.max(1, kept.findIndex((p) => p[0]! >= x));
    const [x1, y1] = kept[j - 1]!, [x2, y2] = kept[j]!;
    const distance = Math.abs((y2! - y1!) * (x - x1!) - (x2! - x1!) * (y - y1!)) /
      Math.hypot(x2! - x1!, y2! - y1!);
    assert(distance < 0.3, `point ${i}: ${distance.toFixed(3)} px from the line`);
  }
  // Paths that are not plain polylines are left alone.
  const area = '<path d="M0,0L1,1L2,0Z"/>';
  assertEquals(simplifySvgPaths(area), area);
});

Deno.test("playerHtml() marks its output for the manifests as a player", () => {
  const html = playerHtml(runFrames(3).frames, { id: "t3" });
  assertEquals(classifyOutput({ output_type: "display_data", data: { "text/html": html } }), {
    kind: "player",
  });
  assertEquals(parseManifest("text, player"), [{ kind: "text" }, { kind: "player" }]);
});

Deno.test("playerHtml() rejects bad frames and options with typed errors", () => {
  const { frames } = runFrames(2);
  assertThrows(() => playerHtml([]), ParameterTypeError, "frames");
  assertThrows(
    () => playerHtml([{ title: "a", panels: ["<div>"] }]),
    ParameterTypeError,
    "frames[0]",
  );
  assertThrows(() => playerHtml(frames, { delayMs: 0 }), ParameterRangeError, "options.delayMs");
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => playerHtml(frames, { mode: "loop" as any }),
    ParameterRangeError,
    "options.mode",
  );
  assertThrows(() => playerHtml(frames, { id: "1 bad" }), ParameterRangeError, "options.id");
});

Deno.test("playerFrameIndices() keeps every n-th frame, the first and the last", () => {
  assertEquals(playerFrameIndices(5, 100), [0, 1, 2, 3, 4]);
  for (const [count, max] of [[1000, 60], [101, 100], [201, 200], [50, 7], [7, 2]] as const) {
    const picked = playerFrameIndices(count, max);
    assert(picked.length <= max, `${count} into ${max}: at most ${max}, got ${picked.length}`);
    assertEquals([picked[0], picked.at(-1)], [0, count - 1]);
    const gaps = picked.slice(1).map((p, i) => p - picked[i]!);
    const stride = gaps[0]!;
    assert(
      gaps.slice(0, -1).every((g) => g === stride),
      `${count} into ${max}: every ${stride}-th`,
    );
    assert(gaps.at(-1)! <= stride, `${count} into ${max}: the last comes no later than the next`);
    // the smallest stride that fits
    if (stride > 1) {
      const finer = Math.ceil(count / (stride - 1)) + 1;
      assert(finer > max, `${count} into ${max}: every ${stride - 1}-th would have fitted`);
    }
  }
  // A 100-iteration run (101 frames) into 100: every 2nd, so iteration 50 is kept.
  assert(playerFrameIndices(101, 100).includes(50));
});

Deno.test("animateEm() keeps every iteration of a 100-iteration run; a thinned player says which it keeps", async () => {
  const { x } = originalRun();
  const run = [...em(x, initRandom(2, { seed: 16 }), { tol: 0, maxIter: 100 })];
  assertEquals(run.at(-1)!.iteration, 100);
  const html = async (options: { playerFrames?: number }) => {
    let player = "";
    await animateEm(x, run, {
      delayMs: 0,
      ...options,
      display: (bundle: Record<string, string>) => {
        if (bundle["text/html"]) player = bundle["text/html"];
      },
    });
    return player;
  };
  const data = (player: string) =>
    JSON.parse(/var P = (\{.*?\});\n/s.exec(player)![1]!) as {
      iterations: number[];
      titles: string[];
      note: string;
    };
  const all = data(await html({}));
  assertEquals(all.iterations, run.map((s) => s.iteration), "every iteration, 0 to 100");
  assertEquals(all.note, "");
  assertEquals(all.titles[50]!.split(" · ")[0], "iteration 50");
  const thinned = data(await html({ playerFrames: 30 }));
  const stride = thinned.iterations[1]!;
  assertGreater(stride, 1);
  assertEquals(thinned.iterations.slice(0, 3), [0, stride, 2 * stride]);
  assertEquals(thinned.iterations.at(-1), 100);
  thinned.iterations.forEach((it, i) =>
    assertEquals(thinned.titles[i]!.split(" · ")[0], `iteration ${it}`)
  );
  assertStringIncludes(thinned.note, `every ${stride}`);
  assertStringIncludes(thinned.note, `${thinned.iterations.length} of 101`);
});

Deno.test("logLikelihoodTrace() marks the current iteration when asked", () => {
  const { history } = originalRun();
  const chart = svgString(logLikelihoodTrace(history, { current: 7 }));
  assertStringIncludes(chart, "now: iteration 7");
  assert(!svgString(logLikelihoodTrace(history)).includes("now: iteration"));
  assertThrows(
    () => logLikelihoodTrace(history, { current: Number.NaN }),
    ParameterRangeError,
    "options.current",
  );
});

Deno.test("stepperPlayer() alternates E and M steps and ends where em() ends", () => {
  const { x } = originalRun();
  const start = initRandom(2, { seed: 16 });
  const player = stepperPlayer(x, start, { tol: 1e-3 });
  const run = [...em(x, start, { tol: 1e-3 })];
  const last = run.at(-1)!;
  assertEquals(player.iterations, last.iteration);
  assertEquals(player.frames.length, 1 + 2 * last.iteration);
  assertEquals(player.frames[0]!.step, "start");
  player.frames.slice(1).forEach((f, i) => assertEquals(f.step, i % 2 === 0 ? "E" : "M"));
  player.mixture.means.forEach((m, h) => assertAlmostEquals(m, last.mixture.means[h]!, 1e-9));

  // Each M-step frame names its iteration and shows the numbers of that iteration.
  const third = player.frames[6]!; // start, E, M, E, M, E, M → iteration 3
  assertMatch(third.title, /^M-step → iteration 3 · log-likelihood = /);
  const s3 = run[3]!;
  assertStringIncludes(third.info!, `log L = ${s3.logLikelihood.toFixed(3).replace("-", "−")}`);
  for (const mean of s3.mixture.means) {
    assertStringIncludes(third.info!, mean.toFixed(3).replace("-", "−"));
  }
  // An E-step frame shows the responsibilities as a second picture.
  assertEquals(player.frames[1]!.panels.length, 2);
  assertStringIncludes(player.frames[1]!.panels[1]!, "responsibilities at iteration 0");

  const html = player.bundle()["text/html"]!;
  assertStringIncludes(html, 'data-emlab-player="steps"');
  const data = playerData(html);
  assertEquals(data.steps, player.frames.map((f) => f.step ?? ""));
  // Without a script: the last state, its numbers, no buttons.
  const still = withoutScript(html);
  assertStringIncludes(still, `M-step → iteration ${last.iteration}`);
  assertStringIncludes(still, "EM stops here");
  assert(!still.includes("<button"));
});

Deno.test("stepperPlayer() rejects bad options with typed errors", () => {
  const { x } = originalRun();
  const start = initRandom(2, { seed: 1 });
  assertThrows(() => stepperPlayer(x, start, { maxIter: 0 }), ParameterRangeError, "maxIter");
  assertThrows(() => stepperPlayer(x, start, { tol: -1 }), ParameterRangeError, "options.tol");
  assertThrows(() => stepperPlayer(x, start, { maxDots: 0 }), ParameterRangeError, "maxDots");
});

Deno.test("animateEmMv() thins to maxFrames, draws live without fixedAxes, and ends as a player", async () => {
  const truth = mvMixture([0.5, 0.5], [[0, 0], [4, 1]], [[[1, 0.6], [0.6, 1]], [[0.5, 0], [0, 2]]]);
  const { x: points } = sampleMvMixture(truth, 150, { seed: 2 });
  const start = initKMeansPlusPlusMv(points, 2, { seed: 1 });
  const run = [...emMv(points, start, { tol: 0, maxIter: 20 })];
  const frames: string[] = [];
  let player = "";
  const display = (bundle: Record<string, string>) => {
    if (bundle["text/html"]) player = bundle["text/html"];
    else frames.push(bundle["text/plain"]!);
  };
  await animateEmMv(points, run, { display, delayMs: 0, maxFrames: 6 });
  assertEquals(
    frames.map((t) => Number(/^iteration (\d+)/.exec(t)![1])),
    [0, 4, 8, 12, 16, 20],
  );
  assertStringIncludes(player, 'data-frames="6"');
  const still = pictures(withoutScript(player));
  assertEquals(still.length, 2, "the last frame and the trace");
  assertStringIncludes(still[0]!, "iteration 20 · log-likelihood");
  assertStringIncludes(still[1]!, "now: iteration 20");

  frames.length = 0;
  player = "";
  await animateEmMv(points, emMv(points, start, { tol: 0, maxIter: 5 }), {
    display,
    delayMs: 0,
    fixedAxes: false,
    player: false,
  });
  assertEquals(frames.length, 6);
  assertEquals(player, "");
  await assertRejects(
    () => animateEmMv(points, run, { display, delayMs: 0, maxFrames: 1 }),
    ParameterRangeError,
    "options.maxFrames",
  );
});

Deno.test("playerHtml() enlarges its controls, counter, caption and numbers by the scale", () => {
  const { frames } = runFrames(3);
  const style = (html: string) => JSON.parse(/var P = (\{.*?\});\n/s.exec(html)![1]!).css as string;
  const normal = style(playerHtml(frames, { scale: 1 }));
  const large = style(playerHtml(frames, { scale: 1.5 }));
  assertStringIncludes(normal, ".emlab-player{font:13px ");
  assertStringIncludes(large, ".emlab-player{font:19.5px ");
  assertStringIncludes(large, ".emlab-info{font:18px ");
  assertStringIncludes(large, "padding:4.5px 13.5px");
  assertThrows(() => playerHtml(frames, { scale: 9 }), ParameterRangeError, "options.scale");
});

Deno.test("stepperPlayer() writes Δ with a true minus, never as −0.0000 or +0.0000", () => {
  const { x } = originalRun();
  const byHand = stepperPlayer(x, initRandom(2, { seed: 16 }), { tol: 1e-7, maxIter: 200 });
  const deltas = byHand.frames.filter((f) => f.step === "M").map((f) =>
    /Δ = (\S+)/.exec(f.info!)![1]!
  );
  assert(
    deltas.some((d) => d.includes("e−")),
    `tiny changes in exponent form: ${deltas.slice(-3)}`,
  );
  for (const d of deltas) {
    assert(!/^[−+-]?0\.0+$/.test(d) && !d.includes("-"), `Δ = ${d}`);
  }
});
