/**
 * Information criteria for choosing the number of components.
 *
 * @module
 */
import { checkInteger, checkNumber, checkOneOf } from "../_validate.ts";
import { familyParameterCount } from "../model/mixture.ts";

/** Options of {@linkcode bic} and {@linkcode aic}. */
export interface CriterionOptions {
  /**
   * The 1-D family fitted (mclust's name): "V" (a variance per component,
   * p = 3k − 1) or "E" (one variance for all, p = 2k).
   * @default "V"
   */
  family?: "V" | "E";
}

function familyFrom(options: CriterionOptions | undefined): "V" | "E" {
  const family = options?.family ?? "V";
  checkOneOf(family, ["V", "E"], "options.family", 'Use "V" or "E", the family that was fitted.');
  return family;
}

/**
 * Bayesian information criterion, BIC = −2 log L + p log N with p the
 * family's free parameters (3k − 1 for "V", 2k for "E"). Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param n Number of observations.
 * @param options The family fitted (default "V").
 * @returns The BIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { bic } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(bic(-100, 2, 50), 200 + 5 * Math.log(50), 1e-12);
 * assertAlmostEquals(bic(-100, 2, 50, { family: "E" }), 200 + 4 * Math.log(50), 1e-12);
 * ```
 */
export function bic(
  logLikelihood: number,
  k: number,
  n: number,
  options?: CriterionOptions,
): number {
  checkNumber(logLikelihood, "logLikelihood", -Infinity, {
    hint: "Pass the finite log-likelihood of a fit, e.g. fit(x, k).logLikelihood.",
  });
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  checkInteger(n, "n", 1, Infinity, "Pass the number of observations that were fitted.");
  return -2 * logLikelihood + familyParameterCount(familyFrom(options), k) * Math.log(n);
}

/**
 * Akaike information criterion, AIC = −2 log L + 2p with p the family's
 * free parameters (3k − 1 for "V", 2k for "E"). Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param options The family fitted (default "V").
 * @returns The AIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { aic } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(aic(-100, 2), 210);
 * assertEquals(aic(-100, 2, { family: "E" }), 208);
 * ```
 */
export function aic(logLikelihood: number, k: number, options?: CriterionOptions): number {
  checkNumber(logLikelihood, "logLikelihood", -Infinity, {
    hint: "Pass the finite log-likelihood of a fit, e.g. fit(x, k).logLikelihood.",
  });
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  return -2 * logLikelihood + 2 * familyParameterCount(familyFrom(options), k);
}
