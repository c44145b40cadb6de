/**
 * Starting points for EM: the original write-up's random start and
 * data-aware starts. All random starts are seeded.
 *
 * @module
 */
// @ts-types="npm:@types/d3-random@3.0.4"
import { randomGamma, randomUniform } from "d3-random";
import { initializeUnchecked } from "./_init_starts.ts";
import {
  checkComponentCount,
  checkData,
  checkInteger,
  checkOneOf,
  checkOptions,
  optionKeys,
} from "./_validate.ts";
import { variance } from "./_stats.ts";
import { freezeMixture, type Mixture } from "./mixture.ts";
import { randomSeed, seededSource } from "./random.ts";

const SEED_KEYS = optionKeys<InitOptions>({ seed: 1 });

/** The names of the available initialisation methods. */
export type InitMethod = "random" | "kmeans++" | "random-points" | "quantiles";

/** Every {@linkcode InitMethod}, for validation and menus. */
export const INIT_METHODS: readonly InitMethod[] = Object.freeze([
  "random",
  "kmeans++",
  "random-points",
  "quantiles",
]);

/** Options shared by the seeded initialisers. */
export interface InitOptions {
  /** Seed of the random source. @default a fresh random seed */
  seed?: number;
}

/**
 * The original write-up's random start, independent of the data:
 * λₕ = 1/k, μₕ ~ Uniform[−1, 1], σₕ = √v with v ~ InvGamma(shape 1, scale 1).
 *
 * @param k Number of components (integer ≥ 1).
 * @param options The seed.
 * @returns A mixture to start EM from.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { initRandom } from "@emlab/emlab";
 * import { assert, assertEquals } from "@std/assert";
 * const start = initRandom(2, { seed: 3 });
 * assertEquals(start.weights, [0.5, 0.5]);
 * assert(start.means.every((m) => m >= -1 && m <= 1));
 * assertEquals(initRandom(2, { seed: 3 }), start);
 * ```
 */
export function initRandom(k: number, options: InitOptions = {}): Mixture {
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  checkOptions(options, SEED_KEYS, "initRandom");
  const source = seededSource(options.seed ?? randomSeed());
  const uniform = randomUniform.source(source)(-1, 1);
  const gamma = randomGamma.source(source)(1, 1);
  const means: number[] = [];
  const stdDevs: number[] = [];
  for (let h = 0; h < k; h++) means.push(uniform());
  for (let h = 0; h < k; h++) {
    // 1/Gamma(1, 1) is InvGamma(1, 1); guard the (probability ~0) draw of 0.
    const g = Math.max(gamma(), Number.MIN_VALUE);
    stdDevs.push(Math.sqrt(1 / g));
  }
  return freezeMixture({ weights: new Array(k).fill(1 / k), means, stdDevs });
}

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
