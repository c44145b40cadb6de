/**
 * Information criteria for full-covariance mixtures in d dimensions.
 *
 * @module
 */
import { checkInteger, checkNumber } from "../_validate.ts";
import { mvParameterCount } from "./mixture.ts";

/**
 * BIC = −2 log L + p log N with p = (k − 1) + k·d + k·d(d+1)/2, the free
 * parameters of a full-covariance mixture. Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param d Dimension.
 * @param n Number of points.
 * @returns The BIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { bicMv } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(bicMv(-100, 2, 2, 50), 200 + 11 * Math.log(50), 1e-12);
 * ```
 */
export function bicMv(logLikelihood: number, k: number, d: number, n: number): number {
  checkNumber(logLikelihood, "logLikelihood");
  checkInteger(k, "k", 1);
  checkInteger(d, "d", 1);
  checkInteger(n, "n", 1);
  return -2 * logLikelihood + mvParameterCount(k, d) * Math.log(n);
}

/**
 * AIC = −2 log L + 2p with p the free parameters of a full-covariance mixture.
 * Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param d Dimension.
 * @returns The AIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { aicMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(aicMv(-100, 2, 2), 222);
 * ```
 */
export function aicMv(logLikelihood: number, k: number, d: number): number {
  checkNumber(logLikelihood, "logLikelihood");
  checkInteger(k, "k", 1);
  checkInteger(d, "d", 1);
  return -2 * logLikelihood + 2 * mvParameterCount(k, d);
}
