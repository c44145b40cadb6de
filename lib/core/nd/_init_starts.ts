// The k-means++ start behind initKMeansPlusPlusMv, without argument checks:
// fitMv checks the points once and passes what every start needs from them.
import { distance2, kMeansPlusPlusCentres } from "../_kmeans_pp.ts";
import { randomSeed, seededSource } from "../random.ts";
import { checkComponentCount, checkSeed } from "../_validate.ts";
import type { PreparedPoints } from "./_families.ts";
import { cholesky } from "./_linalg.ts";
import { checkStartDimension, covarianceMatrix, type Points } from "./_validate.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";
import { defaultRidge } from "./ridge.ts";

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

/**
 * The start of a run on prepared points, checked once: the given mixture, or
 * k components by k-means++ from `seed` (a fresh seed when it is undefined),
 * as {@linkcode initKMeansPlusPlusMv} would make them.
 */
export function resolveMvStart(
  prepared: PreparedPoints,
  start: number | MvMixture,
  seed: unknown,
): MvMixture {
  if (typeof start !== "number") {
    checkStartDimension(prepared.points, start, "start");
    return start;
  }
  checkComponentCount(start, prepared.n);
  const runSeed = seed ?? randomSeed();
  checkSeed(runSeed, "options.seed");
  return initKMeansPlusPlusMvUnchecked(prepared.points, start, runSeed);
}
