/**
 * The log-likelihood of data under a mixture.
 *
 * @module
 */
import { checkData } from "../_validate.ts";
import { logSumExp } from "../math/log_sum_exp.ts";
import { type Mixture, validateMixture } from "../model/mixture.ts";
import { logNormalPdf } from "../math/normal.ts";

/**
 * log L(λ, μ, σ) = Σᵢ log Σₕ λₕ N(xᵢ | μₕ, σₕ), with the inner sum done by
 * log-sum-exp so that far-away points do not give log 0.
 *
 * @param data The observations.
 * @param mixture λ, μ, σ.
 * @returns The log-likelihood (finite for finite data and a valid mixture).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example One standard normal, one point at its mean
 * ```ts
 * import { logLikelihood, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(
 *   logLikelihood([0], mixture([1], [0], [1])),
 *   -0.5 * Math.log(2 * Math.PI),
 *   1e-15,
 * );
 * ```
 */
export function logLikelihood(data: ArrayLike<number>, mixture: Mixture): number {
  checkData(data);
  validateMixture(mixture);
  const { weights, means, stdDevs } = mixture;
  const logWeights = weights.map(Math.log);
  const terms = new Array<number>(weights.length);
  let total = 0;
  for (let i = 0; i < data.length; i++) {
    for (let h = 0; h < weights.length; h++) {
      terms[h] = logWeights[h]! + logNormalPdf(data[i]!, means[h]!, stdDevs[h]!);
    }
    total += logSumExp(terms);
  }
  return total;
}
