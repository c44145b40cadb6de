/**
 * Information criteria for choosing the number of components.
 *
 * @module
 */
import { checkInteger, checkNumber } from "./_validate.ts";
import { parameterCount } from "./mixture.ts";

/**
 * Bayesian information criterion, BIC = −2 log L + p log N with p = 3k − 1.
 * Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param n Number of observations.
 * @returns The BIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { bic } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(bic(-100, 2, 50), 200 + 5 * Math.log(50), 1e-12);
 * ```
 */
export function bic(logLikelihood: number, k: number, n: number): number {
  checkNumber(logLikelihood, "logLikelihood", -Infinity, {
    hint: "Pass the finite log-likelihood of a fit, e.g. fit(x, k).logLikelihood.",
  });
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  checkInteger(n, "n", 1, Infinity, "Pass the number of observations that were fitted.");
  return -2 * logLikelihood + parameterCount(k) * Math.log(n);
}

/**
 * Akaike information criterion, AIC = −2 log L + 2p with p = 3k − 1.
 * Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @returns The AIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { aic } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(aic(-100, 2), 210);
 * ```
 */
export function aic(logLikelihood: number, k: number): number {
  checkNumber(logLikelihood, "logLikelihood", -Infinity, {
    hint: "Pass the finite log-likelihood of a fit, e.g. fit(x, k).logLikelihood.",
  });
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  return -2 * logLikelihood + 2 * parameterCount(k);
}
