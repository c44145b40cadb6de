// d-dimensional EM and the 2-D ellipse frame.
//
//   deno bench -A bench/nd_bench.ts   Deno's bench table (mean, p75, p99)
//   deno run -A bench/nd_bench.ts     medians printed as plain lines
import {
  ellipseDomain,
  ellipseFrame,
  emMv,
  eStepMv,
  fitMv,
  initKMeansPlusPlusMv,
  mvMixture,
  parseCsvColumn,
  sampleMvMixture,
  svgString,
} from "../lib/mod.ts";

const truth = mvMixture([0.3, 0.3, 0.4], [[0, 0], [4, 0], [2, 3]], [
  [[1, 0.5], [0.5, 1]],
  [[0.6, -0.2], [-0.2, 0.8]],
  [[1.5, 0], [0, 0.4]],
]);
const { x: large } = sampleMvMixture(truth, 10_000, { seed: 1 });
const text = Deno.readTextFileSync(new URL("../notebooks/data/old_faithful.csv", import.meta.url));
const eruptions = parseCsvColumn(text, "eruptions");
const waiting = parseCsvColumn(text, "waiting");
const faithful = eruptions.map((e, i) => [e, waiting[i]!]);
const start = initKMeansPlusPlusMv(large, 3, { seed: 1 });
const faithfulRun = [...emMv(faithful, initKMeansPlusPlusMv(faithful, 2, { seed: 1 }))];
const domain = ellipseDomain(faithful);

const cases: [string, () => unknown][] = [
  ["eStepMv, N = 10 000, d = 2, k = 3", () => eStepMv(large, start)],
  ["emMv, N = 10 000, d = 2, k = 3, 20 iterations", () => [
    ...emMv(large, start, { tol: 0, maxIter: 20 }),
  ]],
  ["fitMv Old Faithful, k = 2, nInit = 5", () => fitMv(faithful, 2, { nInit: 5, seed: 1 })],
  [
    "ellipseFrame → svgString, Old Faithful, k = 2",
    () => svgString(ellipseFrame(faithful, faithfulRun.at(-1)!, { domain })),
  ],
  // 10 000 points: by default 1 in 5 is drawn (maxDots 2000); then every one.
  ["ellipseFrame → svgString, N = 10 000, k = 3", () => svgString(ellipseFrame(large, start))],
  [
    "ellipseFrame → svgString, N = 10 000, k = 3, every point drawn",
    () => svgString(ellipseFrame(large, start, { maxDots: 10_000 })),
  ],
];

for (const [name, fn] of cases) {
  Deno.bench(name, () => {
    fn();
  });
}

if (import.meta.main) {
  for (const [name, fn] of cases) {
    for (let i = 0; i < 3; i++) fn(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`${name}: median ${times[7]!.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms`);
  }
}
