// The seeded starts behind the 1-D initialisers, without argument checks:
// fit checks the data once and passes their variance (`overall`) here.
import { kMeansPlusPlusCentres } from "./_kmeans_pp.ts";
import { mean, variance } from "../math/_stats.ts";
import { INIT_METHODS, type InitMethod } from "../_types.ts";
import { initRandom } from "./_init_random.ts";
import { freezeMixture, type Mixture, validateMixture } from "../model/mixture.ts";
import { randomSeed, seededSource } from "../random.ts";
import { checkComponentCount, checkOneOf, checkSeed } from "../_validate.ts";
import type { PreparedData } from "../em/_families.ts";
import { defaultVarianceFloor, RELATIVE_VARIANCE_FLOOR } from "../em/variance_floor.ts";

// The default variance floor from a variance already computed (as defaultVarianceFloor).
function floorOf(data: ArrayLike<number>, overall: number): number {
  return overall > 0 ? RELATIVE_VARIANCE_FLOOR * overall : defaultVarianceFloor(data);
}

/** k distinct data points as means, equal weights, the data's σ for every component. */
function randomPointsStart(
  data: ArrayLike<number>,
  k: number,
  seed: number,
  overall: number,
): Mixture {
  const source = seededSource(seed);
  const n = data.length;
  // Partial Fisher–Yates over indices: k distinct points.
  const idx = Array.from({ length: n }, (_, i) => i);
  const means: number[] = [];
  for (let h = 0; h < k; h++) {
    const j = h + Math.floor(source() * (n - h));
    [idx[h], idx[j]] = [idx[j]!, idx[h]!];
    means.push(data[idx[h]!]!);
  }
  const sd = Math.sqrt(Math.max(overall, floorOf(data, overall)));
  return freezeMixture({
    weights: new Array(k).fill(1 / k),
    means,
    stdDevs: new Array(k).fill(sd),
  });
}

/** k equal-count groups of the sorted data: their fractions, means and σ. */
function quantilesStart(data: ArrayLike<number>, k: number, overall: number): Mixture {
  const sorted = Float64Array.from(data).sort();
  const n = sorted.length;
  const floor = floorOf(data, overall);
  const weights: number[] = [], means: number[] = [], stdDevs: number[] = [];
  for (let h = 0; h < k; h++) {
    const group = sorted.subarray(Math.floor((h * n) / k), Math.floor(((h + 1) * n) / k));
    weights.push(group.length / n);
    means.push(mean(group));
    stdDevs.push(Math.sqrt(Math.max(variance(group), floor)));
  }
  return freezeMixture({ weights, means, stdDevs });
}

/** Hard-assign points to the nearest centre and summarise each cluster. */
function fromCentres(data: ArrayLike<number>, centres: number[], overall: number): Mixture {
  const k = centres.length, n = data.length;
  const count = new Float64Array(k), sum = new Float64Array(k);
  // Nearest centre, recomputed in both passes rather than stored (k is small,
  // N may be 1e7).
  const nearest = (x: number) => {
    let best = 0, bestD = Infinity;
    for (let h = 0; h < k; h++) {
      const d = Math.abs(x - centres[h]!);
      if (d < bestD) bestD = d, best = h;
    }
    return best;
  };
  for (let i = 0; i < n; i++) {
    const h = nearest(data[i]!);
    count[h]! += 1;
    sum[h]! += data[i]!;
  }
  const means = centres.map((c, h) => (count[h]! > 0 ? sum[h]! / count[h]! : c));
  const ss = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const h = nearest(data[i]!);
    const d = data[i]! - means[h]!;
    ss[h]! += d * d;
  }
  const floor = floorOf(data, overall);
  const stdDevs = means.map((_, h) =>
    Math.sqrt(Math.max(count[h]! > 1 ? ss[h]! / count[h]! : overall, floor))
  );
  // Give an empty cluster a small share rather than a zero weight.
  const raw = Array.from(count, (c) => Math.max(c, 0.5));
  const total = raw.reduce((a, b) => a + b, 0);
  return freezeMixture({ weights: raw.map((c) => c / total), means, stdDevs });
}

/**
 * {@linkcode initialize} without argument checks, for a fit that checked the
 * data once: `overall` is the data's variance.
 */
export function initializeUnchecked(
  data: ArrayLike<number>,
  k: number,
  method: InitMethod,
  seed: number,
  overall: number,
): Mixture {
  switch (method) {
    case "random":
      return initRandom(k, { seed });
    case "kmeans++": {
      const squared = (a: number, b: number) => (a - b) * (a - b);
      return fromCentres(
        data,
        kMeansPlusPlusCentres(data, k, seededSource(seed), squared),
        overall,
      );
    }
    case "random-points":
      return randomPointsStart(data, k, seed, overall);
    default:
      return quantilesStart(data, k, overall);
  }
}

/**
 * The start of a run on prepared data, checked once: the given mixture, or
 * k components by `init` from `seed` (a fresh seed when it is undefined), as
 * {@linkcode initialize} would make them.
 */
export function resolveStart(
  prepared: PreparedData,
  start: number | Mixture,
  init: unknown,
  seed: unknown,
): Mixture {
  if (typeof start !== "number") {
    validateMixture(start, "start");
    return start;
  }
  checkComponentCount(start, prepared.n);
  checkOneOf(init, INIT_METHODS, "options.init", "Leave it out for the default, k-means++.");
  const runSeed = seed ?? randomSeed();
  checkSeed(runSeed, "options.seed");
  return initializeUnchecked(prepared.x, start, init, runSeed, prepared.variance);
}
