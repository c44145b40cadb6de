/**
 * Seeded starting points for d-dimensional EM.
 *
 * @module
 */
import { initKMeansPlusPlusMvUnchecked } from "./_init_starts.ts";
import { checkComponentCount, checkOptions, optionKeys } from "../_validate.ts";
import type { InitOptions } from "../init/init.ts";
import { randomSeed } from "../random.ts";
import { checkPoints, type Points } from "./_validate.ts";
import type { MvMixture } from "./mixture.ts";

function checkPointsAndK(data: unknown, k: unknown): asserts data is Points {
  const { n } = checkPoints(data);
  checkComponentCount(k, n);
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
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
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
