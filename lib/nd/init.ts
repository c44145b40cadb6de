/**
 * Seeded starting points for d-dimensional EM.
 *
 * @module
 */
import { kMeansPlusPlusCentres } from "../_kmeans_pp.ts";
import { checkComponentCount, checkOptions, optionKeys } from "../_validate.ts";
import type { InitOptions } from "../init.ts";
import { randomSeed, seededSource } from "../random.ts";
import { cholesky } from "./_linalg.ts";
import { checkPoints, covarianceMatrix, type Points } from "./_validate.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";
import { defaultRidge } from "./ridge.ts";

function checkPointsAndK(data: unknown, k: unknown): asserts data is Points {
  const { n } = checkPoints(data);
  checkComponentCount(k, n);
}

function distance2(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const t = a[j]! - b[j]!;
    s += t * t;
  }
  return s;
}

/**
 * A start by k-means++ in d dimensions: the first centre is a random point,
 * each next one a point drawn with probability proportional to its squared
 * Euclidean distance to the nearest centre so far. Points are then assigned
 * to their nearest centre; λ, μ, Σ are the clusters' fractions, means and
 * covariances plus the default ridge (a cluster with ≤ d points, whose
 * covariance would be singular, gets the data's covariance instead).
 *
 * Distances are Euclidean in the data's own units: a column with a much
 * larger spread dominates the choice of centres.
 *
 * @param data The points, as rows.
 * @param k Number of components (1 ≤ k ≤ N).
 * @param options The seed.
 * @returns A mixture to start EM from.
 *
 * @example Two well separated groups get one centre each
 * ```ts
 * import { initKMeansPlusPlusMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const data = [[0, 0], [0.2, 0.1], [0.1, 0.3], [10, 5], [10.2, 5.1], [10.1, 4.8]];
 * const start = initKMeansPlusPlusMv(data, 2, { seed: 1 });
 * assertEquals(start.means.map((m) => Math.round(m[0]!)).toSorted((a, b) => a - b), [0, 10]);
 * ```
 */
export function initKMeansPlusPlusMv(
  data: Points,
  k: number,
  options: InitOptions = {},
): MvMixture {
  checkPointsAndK(data, k);
  checkOptions(options, optionKeys<InitOptions>({ seed: 1 }), "initKMeansPlusPlusMv");
  return initKMeansPlusPlusMvUnchecked(data, k, options.seed ?? randomSeed());
}

/**
 * {@linkcode initKMeansPlusPlusMv} without argument checks, for a fit that
 * checked the points once; `overall` (their covariance matrix) and `ridge`
 * (the default ridge) when the caller has them already.
 */
export function initKMeansPlusPlusMvUnchecked(
  data: Points,
  k: number,
  seed: number,
  overall: readonly (readonly number[])[] = covarianceMatrix(data),
  ridge: readonly number[] = defaultRidge(data),
): MvMixture {
  const source = seededSource(seed);
  const centres = kMeansPlusPlusCentres(data, k, source, distance2);
  return fromCentres(data, centres, overall, ridge);
}

/** Hard-assign points to the nearest centre and summarise each cluster. */
function fromCentres(
  data: Points,
  centres: readonly (readonly number[])[],
  overall: readonly (readonly number[])[],
  ridge: readonly number[],
): MvMixture {
  const k = centres.length, d = data[0]!.length;
  const clusters: (readonly number[])[][] = Array.from({ length: k }, () => []);
  for (const x of data) {
    let best = 0, bestD = Infinity;
    for (let h = 0; h < k; h++) {
      const t = distance2(x, centres[h]!);
      if (t < bestD) bestD = t, best = h;
    }
    clusters[best]!.push(x);
  }
  const means: number[][] = [], covariances: number[][][] = [];
  for (let h = 0; h < k; h++) {
    const c = clusters[h]!;
    means.push(
      c.length > 0
        ? Array.from({ length: d }, (_, j) => c.reduce((s, x) => s + x[j]!, 0) / c.length)
        : [...centres[h]!],
    );
    let cov = c.length > d ? covarianceMatrix(c) : overall.map((r) => [...r]);
    cov = cov.map((r, a) => r.map((v, b) => (a === b ? v + ridge[a]! : v)));
    if (cholesky(cov) === null) {
      cov = overall.map((r, a) => r.map((v, b) => (a === b ? v + ridge[a]! : v)));
    }
    covariances.push(cov);
  }
  // Give an empty cluster a small share rather than a zero weight.
  const raw = clusters.map((c) => Math.max(c.length, 0.5));
  const total = raw.reduce((a, b) => a + b, 0);
  return freezeMvMixture({ weights: raw.map((c) => c / total), means, covariances });
}
