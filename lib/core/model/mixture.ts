/**
 * The `Mixture` type — weights λ, means μ and standard deviations σ of a 1-D
 * mixture of k Gaussians — and its validation.
 *
 * @module
 */
import {
  checkComponentArrays,
  checkIsNumber,
  checkNumber,
  checkWeight,
  checkWeightSum,
} from "../_validate.ts";
import { describeValue, ParameterTypeError } from "../errors.ts";
import type { Mixture } from "../_types.ts";

export type { Mixture } from "../_types.ts";

/** How far Σλ may be from 1 before a mixture is rejected. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

function checkArray(value: unknown, parameter: string): asserts value is ArrayLike<unknown> {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    throw new ParameterTypeError(
      parameter,
      "an array of numbers",
      describeValue(value),
      "Give weights, means and stdDevs as arrays with one entry per component.",
    );
  }
}

/**
 * Check that a value is a valid {@linkcode Mixture} and throw a
 * {@linkcode ParameterRangeError} or {@linkcode ParameterTypeError} that
 * names the bad field otherwise.
 *
 * @param mixture The candidate mixture.
 * @param parameter The name to use in error messages.
 * @returns The number of components k.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A valid mixture and an invalid one
 * ```ts
 * import { validateMixture, ParameterRangeError } from "@emlab/emlab";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(validateMixture({ weights: [0.35, 0.65], means: [-0.3, 0.5], stdDevs: [0.15, 0.3] }), 2);
 * assertThrows(
 *   () => validateMixture({ weights: [0.5, 0.6], means: [0, 1], stdDevs: [1, 1] }),
 *   ParameterRangeError,
 *   "mixture.weights must be numbers summing to 1",
 * );
 * ```
 */
export function validateMixture(mixture: unknown, parameter = "mixture"): number {
  if (mixture === null || typeof mixture !== "object") {
    throw new ParameterTypeError(
      parameter,
      "an object { weights, means, stdDevs }",
      describeValue(mixture),
      "Build one with mixture(weights, means, stdDevs).",
    );
  }
  const m = mixture as Record<string, unknown>;
  const { weights, means, stdDevs } = m;
  checkArray(weights, `${parameter}.weights`);
  checkArray(means, `${parameter}.means`);
  checkArray(stdDevs, `${parameter}.stdDevs`);
  const k = checkComponentArrays(parameter, weights.length, {
    means: means.length,
    stdDevs: stdDevs.length,
  });
  let sum = 0;
  for (let h = 0; h < k; h++) {
    const w = weights[h], mu = means[h], sd = stdDevs[h];
    const component = `component ${h + 1}`;
    checkIsNumber(
      w,
      `${parameter}.weights[${h}]`,
      "a number",
      `That is λ of ${component}. Convert the weights to numbers first.`,
    );
    checkWeight(w, parameter, h);
    checkIsNumber(
      mu,
      `${parameter}.means[${h}]`,
      "a number",
      `That is μ of ${component}. Convert the means to numbers first.`,
    );
    checkNumber(mu, `${parameter}.means[${h}]`, -Infinity, {
      hint: `That is μ of ${component}. Every component needs a finite centre.`,
    });
    checkIsNumber(
      sd,
      `${parameter}.stdDevs[${h}]`,
      "a number",
      `That is σ of ${component}. Convert the standard deviations to numbers first.`,
    );
    checkNumber(sd, `${parameter}.stdDevs[${h}]`, 0, {
      strict: true,
      hint: `That is σ of ${component}. ` +
        "A standard deviation must be positive; a zero σ is a collapsed component.",
    });
    sum += w;
  }
  checkWeightSum(sum, weights, parameter, WEIGHT_SUM_TOLERANCE);
  return k;
}

/**
 * Build a frozen, validated {@linkcode Mixture} from plain arrays.
 *
 * @param weights λ, summing to 1.
 * @param means μ.
 * @param stdDevs σ, each > 0.
 * @returns A frozen mixture whose arrays are copies of the arguments.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example The original write-up's mixture
 * ```ts
 * import { mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * assertEquals(truth.means, [-0.3, 0.5]);
 * ```
 */
export function mixture(
  weights: ArrayLike<number>,
  means: ArrayLike<number>,
  stdDevs: ArrayLike<number>,
): Mixture {
  const m = {
    weights: Array.from(weights),
    means: Array.from(means),
    stdDevs: Array.from(stdDevs),
  };
  validateMixture(m);
  return freezeMixture(m);
}

/** Freeze a mixture and its arrays (internal; no validation). */
export function freezeMixture(
  m: { weights: number[]; means: number[]; stdDevs: number[] },
): Mixture {
  Object.freeze(m.weights);
  Object.freeze(m.means);
  Object.freeze(m.stdDevs);
  return Object.freeze(m);
}

/**
 * Number of free parameters of a k-component 1-D mixture: k means, k standard
 * deviations and k − 1 weights (the last is fixed by Σλ = 1).
 *
 * @param k Number of components.
 * @returns 3k − 1.
 *
 * @example
 * ```ts
 * import { parameterCount } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parameterCount(2), 5);
 * ```
 */
export function parameterCount(k: number): number {
  return 3 * k - 1;
}

/**
 * Free parameters of a k-component 1-D mixture of a family (mclust's
 * `nMclustParams`): 3k − 1 for "V" (a variance per component), 2k for "E"
 * (one variance for all).
 *
 * @param family "V" or "E".
 * @param k Number of components.
 * @returns The number of free parameters.
 *
 * @example
 * ```ts
 * import { familyParameterCount } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(familyParameterCount("V", 3), 8);
 * assertEquals(familyParameterCount("E", 3), 6);
 * ```
 */
export function familyParameterCount(family: "V" | "E", k: number): number {
  return family === "E" ? 2 * k : 3 * k - 1;
}
