// Unknown option keys: every options object is checked against its type's
// keys, and a misspelt key is named with the nearest valid one.
import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  animationFrames,
  animationGif,
  animationPngs,
  criterionChart,
  em,
  emMv,
  encodeGif,
  fit,
  fitMv,
  kMeans,
  mixture,
  mixtureFrame,
  ParameterRangeError,
  rasterize,
  sampleMixture,
  selectK,
  selectKMv,
  svgsToGif,
  svgToPng,
  table,
} from "../lib/mod.ts";
import { editDistance, nearestName } from "../lib/core/_validate.ts";

const x = [0.1, 0.5, 0.9, 1.3, -0.2, 2.2, 2.4, 2.5];
const points = x.map((v, i) => [v, (i * 7) % 5]);

Deno.test("editDistance() counts insertions, deletions and substitutions", () => {
  assertEquals(editDistance("nInits", "nInit"), 1);
  assertEquals(editDistance("tol", "tol"), 0);
  assertEquals(editDistance("kitten", "sitting"), 3);
  assertEquals(editDistance("", "seed"), 4);
});

Deno.test("nearestName() picks the closest key, ignoring case", () => {
  assertEquals(nearestName("maxiter", ["tol", "maxIter", "seed"]), "maxIter");
  assertEquals(nearestName("varianceFlor", ["varianceFloor", "workers"]), "varianceFloor");
  assertEquals(nearestName("x", []), undefined);
});

Deno.test("fit() rejects a misspelt option, naming it and the nearest valid one", () => {
  const e = assertThrows(
    // deno-lint-ignore no-explicit-any
    () => fit(x, 2, { nInits: 3 } as any),
    ParameterRangeError,
    "unknown option 'nInits'. Did you mean 'nInit'?",
  );
  assertEquals(e.parameter, "options.nInits");
});

Deno.test("the public entry points with options reject unknown keys", () => {
  const cases: [string, () => unknown, string][] = [
    ["em", () => [...em(x, mixture([0.5, 0.5], [0, 2], [1, 1]), { tols: 1 } as never)], "tol"],
    ["fitMv", () => fitMv(points, 2, { ridges: 0 } as never), "ridge"],
    [
      "emMv",
      () => [...emMv(points, fitMv(points, 1).mixture, { covarance: "tied" } as never)],
      "covariance",
    ],
    ["selectK", () => selectK(x, [1, 2], { familes: ["E"] } as never), "families"],
    ["selectKMv", () => selectKMv(points, [1], { nInt: 2 } as never), "nInit"],
    ["kMeans", () => [...kMeans(x, 2, { maxIters: 3 } as never)], "maxIter"],
    ["table", () => table([{ a: 1 }], { digit: {} } as never), "digits"],
    [
      "mixtureFrame",
      () => mixtureFrame(x, mixture([1], [0], [1]), { widht: 300 } as never),
      "width",
    ],
    [
      "criterionChart",
      () => criterionChart(selectK(x, [1, 2], { seed: 1 }), { titel: "x" } as never),
      "title",
    ],
    ["sampleMixture", () => sampleMixture(mixture([1], [0], [1]), 3, { sed: 1 } as never), "seed"],
  ];
  for (const [fn, call, nearest] of cases) {
    assertThrows(call, ParameterRangeError, `Did you mean '${nearest}'? ${fn}() takes:`, fn);
  }
});

Deno.test("the export functions reject unknown option keys before rendering", async () => {
  const { history } = fit(x, 2, { seed: 1, maxIter: 2 });
  const svg = '<svg width="4" height="4"><rect width="4" height="4"/></svg>';
  const frame = { width: 1, height: 1, pixels: new Uint8Array(4) };
  const cases: [string, () => unknown, string, string][] = [
    ["encodeGif", () => encodeGif([frame], { dely: 100 } as never), "delay", "options.dely"],
    ["rasterize", () => rasterize(svg, { scal: 2 } as never), "scale", "options.scal"],
    ["svgToPng", () => svgToPng(svg, { colour: "red" } as never), "color", "options.colour"],
    ["svgsToGif", () => svgsToGif([svg], { loop: 1 } as never), "loops", "options.loop"],
    [
      "animationFrames",
      () => animationFrames(x, history, { frames: {} } as never),
      "frame",
      "options.frames",
    ],
    [
      "animationPngs",
      () => animationPngs(x, history, { backgroud: "white" } as never),
      "background",
      "options.backgroud",
    ],
    [
      "animationGif",
      () => animationGif(x, history, { pauze: 100 } as never),
      "pause",
      "options.pauze",
    ],
  ];
  for (const [fn, call, nearest, parameter] of cases) {
    const e = await assertRejects(
      async () => await call(),
      ParameterRangeError,
      `Did you mean '${nearest}'? ${fn}() takes:`,
      fn,
    );
    assertEquals(e.parameter, parameter, fn);
  }
});

Deno.test("animationFrames() passes the frame options' keys to mixtureFrame's check", () => {
  const { history } = fit(x, 2, { seed: 1, maxIter: 2 });
  assertThrows(
    () => animationFrames(x, history, { frame: { widht: 300 } } as never),
    ParameterRangeError,
    "Did you mean 'width'? mixtureFrame() takes:",
  );
});
