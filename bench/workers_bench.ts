/**
 * Where sharing the fused pass with workers starts to pay: ms per EM
 * iteration with 1, 2, … threads over a range of N, 1-D (k = 5) and
 * d = 2 (k = 3), each from the same start. The default threshold
 * (PARALLEL_MIN_POINTS in lib/core/fused/_workers.ts) comes from this table.
 *
 *     deno run -A bench/workers_bench.ts [--threads=1,2,auto] [--sizes=1.3e5,2e5,5e5,1e6]
 *
 * Times include starting the workers (once per run of 10 iterations).
 *
 * @module
 */
import { em, emMv, mixture, mvMixture, sampleMixture, sampleMvMixture } from "../lib/mod.ts";

const get = (name: string) => Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
/** Thread counts to time; "auto" is the default (workers tried, kept if they pay). */
const threads = (get("threads") ?? "1,2,auto").split(",").map((t) =>
  t === "auto" ? undefined : Number(t)
);
const sizes = (get("sizes") ?? "1.3e5,2e5,5e5,1e6").split(",").map(Number);
const ITER = 10, REPEATS = 3;

function median(v: number[]): number {
  const s = v.toSorted((a, b) => a - b);
  return s[s.length >> 1]!;
}

const truth1 = mixture([0.1, 0.2, 0.3, 0.25, 0.15], [-2, -1, 0, 1, 2.5], [
  0.3,
  0.4,
  0.5,
  0.35,
  0.6,
]);
const start1 = mixture([0.2, 0.2, 0.2, 0.2, 0.2], [-1.9, -1.1, 0.15, 0.9, 2.7], [
  0.5,
  0.6,
  0.7,
  0.5,
  0.9,
]);
const truth2 = mvMixture([0.3, 0.3, 0.4], [[0, 0], [3, 1], [1, 4]], [
  [[1, 0.3], [0.3, 1]],
  [[1, 0], [0, 2]],
  [[0.5, 0], [0, 0.5]],
]);
const start2 = mvMixture([1 / 3, 1 / 3, 1 / 3], [[0.5, 0], [2.5, 1.5], [1, 3.5]], [
  [[1.5, 0], [0, 1.5]],
  [[1.5, 0], [0, 1.5]],
  [[1.5, 0], [0, 1.5]],
]);
console.log(
  `load avg at start ${Deno.loadavg().join(" ")}; ${navigator.hardwareConcurrency} cores`,
);
console.log(
  `| N | case | ${threads.map((t) => `${t ?? "default"} thread(s) ms/it`).join(" | ")} |`,
);
console.log(`|---:|---|${threads.map(() => "---:").join("|")}|`);
for (const n of sizes) {
  const x1 = sampleMixture(truth1, n, { seed: 1 }).x;
  const x2 = sampleMvMixture(truth2, n, { seed: 2 }).x;
  const row1: string[] = [], row2: string[] = [];
  for (const workers of threads) {
    const t1: number[] = [], t2: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      let t0 = performance.now();
      for (const _ of em(x1, start1, { tol: 0, maxIter: ITER, workers })) { /* run */ }
      t1.push((performance.now() - t0) / (ITER + 1));
      t0 = performance.now();
      for (const _ of emMv(x2, start2, { tol: 0, maxIter: ITER, ridge: 1e-6, workers })) {
        /* run */
      }
      t2.push((performance.now() - t0) / (ITER + 1));
    }
    row1.push(median(t1).toFixed(2));
    row2.push(median(t2).toFixed(2));
  }
  console.log(`| ${n.toExponential(1)} | 1-D k = 5 | ${row1.join(" | ")} |`);
  console.log(`| ${n.toExponential(1)} | d = 2 k = 3 | ${row2.join(" | ")} |`);
}
console.log(`load avg at end ${Deno.loadavg().join(" ")}`);
