/**
 * Peak resident memory (VmHWM) of one fit, in a fresh process; run by
 * bench/compare.ts. Modes: `baseline` (emlab imported, nothing else),
 * `data` (the data read), `fit-start` (fit from a given start, 10
 * iterations), `fit-kmeans++` (fit with its default k-means++ start);
 * for 2-D data (N × 2 row-major float64): `mv-rows` (the points read as
 * rows [[x, y], …]) and `fitmv-start` (fitMv from a given start, 10
 * iterations).
 *
 *     deno run -A bench/peak_rss.ts fit-start .cache/bench/compare_n10000000_k5.f64 5
 *
 * Prints `{"peakMiB": …}`.
 *
 * @module
 */
import { fit, fitMv, type Mixture, mixture, mvMixture } from "../lib/mod.ts";

function peakMiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kib = Number(status.match(/VmHWM:\s*(\d+)\s*kB/)?.[1]);
  return kib / 1024;
}

const [mode = "baseline", file = "", kText = "5"] = Deno.args;
const k = Number(kText);
let checksum = 0;
if (mode !== "baseline") {
  // Read straight into the array (Deno.readFile would grow and copy a buffer).
  const x = new Float64Array(Deno.statSync(file).size / 8);
  const bytes = new Uint8Array(x.buffer);
  using handle = Deno.openSync(file);
  for (let at = 0; at < bytes.length;) {
    const got = handle.readSync(bytes.subarray(at));
    if (got === null) throw new Error(`${file} ended early`);
    at += got;
  }
  if (mode === "mv-rows" || mode === "fitmv-start") {
    const rows = Array.from({ length: x.length / 2 }, (_, i) => [x[2 * i]!, x[2 * i + 1]!]);
    checksum = rows.length;
    if (mode === "fitmv-start") {
      const eye = [[1, 0], [0, 1]];
      const start = mvMixture(
        new Array(k).fill(1 / k),
        Array.from({ length: k }, (_, h) => [-3 + (6 * h) / (k - 1), 0]),
        new Array(k).fill(eye),
      );
      checksum = fitMv(rows, k, { start, maxIter: 10, tol: 0, ridge: 1e-6 }).logLikelihood;
    }
  } else if (mode === "fit-start" || mode === "fit-kmeans++") {
    const start: Mixture | undefined = mode === "fit-start"
      ? mixture(
        new Array(k).fill(1 / k),
        Array.from({ length: k }, (_, h) => -2 + (4.5 * h) / (k - 1)),
        new Array(k).fill(0.7),
      )
      : undefined;
    const result = fit(x, k, { start, seed: 1, maxIter: 10, tol: 0 });
    checksum = result.logLikelihood;
  } else {
    checksum = x[0]!;
  }
}
console.log(JSON.stringify({ mode, peakMiB: peakMiB(), finite: Number.isFinite(checksum) }));
