/**
 * Starting points for EM: the original write-up's random start and
 * data-aware starts. All random starts are seeded.
 *
 * @module
 */
import { initializeUnchecked } from "./_init_starts.ts";
import { checkComponentCount, checkData, checkOneOf, checkOptions } from "../_validate.ts";
import { variance } from "../math/_stats.ts";
import type { Mixture } from "../model/mixture.ts";
import { randomSeed } from "../random.ts";
import { INIT_METHODS, type InitMethod } from "../_types.ts";
import { type InitOptions, initRandom, SEED_KEYS } from "./_init_random.ts";

export { INIT_METHODS, type InitMethod } from "../_types.ts";
export { type InitOptions, initRandom } from "./_init_random.ts";

function checkDataAndK(data: unknown, k: unknown): asserts data is ArrayLike<number> {
  checkData(data);
  checkComponentCount(k, data.length);
}

/**
 * A start from the data by k-means++: the first centre is a random data
 * point, each next one a data point drawn with probability proportional to
 * its squared distance to the nearest centre chosen so far. Points are then
 * assigned to their nearest centre; λ, μ, σ are the clusters' fractions,
 * means and standard deviations (σ at least the variance floor).
 *
 * @param data The observations.
 * @param k Number of components (1 ≤ k ≤ N).
 * @param options The seed.
 * @returns A mixture to start EM from.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Two well separated groups get one centre each
 * ```ts
 * import { initKMeansPlusPlus } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const start = initKMeansPlusPlus([0, 0.1, 0.2, 10, 10.1, 10.2], 2, { seed: 1 });
 * assertEquals(start.means.toSorted((a, b) => a - b).map(Math.round), [0, 10]);
 * ```
 */
export function initKMeansPlusPlus(
  data: ArrayLike<number>,
  k: number,
  options: InitOptions = {},
): Mixture {
  checkDataAndK(data, k);
  checkOptions(options, SEED_KEYS, "initKMeansPlusPlus");
  return initializeUnchecked(data, k, "kmeans++", options.seed ?? randomSeed(), variance(data));
}

/**
 * A start from k distinct-as-possible random data points as means, with
 * λₕ = 1/k and every σₕ equal to the data's standard deviation.
 *
 * @param data The observations.
 * @param k Number of components (1 ≤ k ≤ N).
 * @param options The seed.
 * @returns A mixture to start EM from.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { initRandomPoints } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const data = [1, 2, 3, 4, 5];
 * const start = initRandomPoints(data, 2, { seed: 4 });
 * assert(start.means.every((m) => data.includes(m)));
 * ```
 */
export function initRandomPoints(
  data: ArrayLike<number>,
  k: number,
  options: InitOptions = {},
): Mixture {
  checkDataAndK(data, k);
  checkOptions(options, SEED_KEYS, "initRandomPoints");
  return initializeUnchecked(
    data,
    k,
    "random-points",
    options.seed ?? randomSeed(),
    variance(data),
  );
}

/**
 * A deterministic start: the data sorted and cut into k groups of (nearly)
 * equal size; λ, μ, σ are the groups' fractions, means and standard
 * deviations (σ at least the variance floor).
 *
 * @param data The observations.
 * @param k Number of components (1 ≤ k ≤ N).
 * @returns A mixture to start EM from.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { initQuantiles } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(initQuantiles([4, 1, 3, 2], 2).means, [1.5, 3.5]);
 * ```
 */
export function initQuantiles(data: ArrayLike<number>, k: number): Mixture {
  checkDataAndK(data, k);
  return initializeUnchecked(data, k, "quantiles", 0, variance(data));
}

/**
 * Start EM with the named method.
 *
 * @param data The observations.
 * @param k Number of components.
 * @param method One of {@linkcode INIT_METHODS}.
 * @param options The seed (ignored by `"quantiles"`).
 * @returns A mixture to start EM from.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unknown method, an unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { initialize } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(initialize([1, 2, 3, 4], 2, "quantiles").weights, [0.5, 0.5]);
 * ```
 */
export function initialize(
  data: ArrayLike<number>,
  k: number,
  method: InitMethod,
  options: InitOptions = {},
): Mixture {
  checkOneOf(method, INIT_METHODS, "init", "Use one of the names in INIT_METHODS.");
  switch (method) {
    case "random":
      checkDataAndK(data, k);
      return initRandom(k, options);
    case "kmeans++":
      return initKMeansPlusPlus(data, k, options);
    case "random-points":
      return initRandomPoints(data, k, options);
    case "quantiles":
      return initQuantiles(data, k);
  }
}
