/**
 * The E-step: the responsibility p̄(h | xᵢ) of each component for each point,
 * computed in log space.
 *
 * @module
 */
import { checkData } from "../_validate.ts";
import { logSumExp } from "../math/log_sum_exp.ts";
import { type Mixture, validateMixture } from "../model/mixture.ts";
import { logNormalPdf } from "../math/normal.ts";

/** What the E-step returns. */
export interface EStepResult {
  /**
   * responsibilities[i][h] = p̄(h | xᵢ) = λₕ N(xᵢ | μₕ, σₕ) / Σⱼ λⱼ N(xᵢ | μⱼ, σⱼ).
   * Each row sums to 1.
   */
  readonly responsibilities: number[][];
  /** log L = Σᵢ log Σₕ λₕ N(xᵢ | μₕ, σₕ), a by-product of the normalisation. */
  readonly logLikelihood: number;
}

/**
 * The E-step. For every point xᵢ and component h:
 *
 *   log wᵢₕ = log λₕ + log N(xᵢ | μₕ, σₕ)
 *   p̄(h | xᵢ) = exp(log wᵢₕ − logSumExpₕ log wᵢₕ)
 *
 * and the log-likelihood is Σᵢ logSumExpₕ log wᵢₕ.
 *
 * @param data The observations x₁ … x_N.
 * @param mixture The current λ, μ, σ.
 * @returns The N × k responsibilities and the log-likelihood.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example Each point's responsibilities sum to 1
 * ```ts
 * import { eStep, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const { responsibilities } = eStep([-1, 0, 2], mixture([0.5, 0.5], [-1, 2], [1, 1]));
 * for (const row of responsibilities) assertAlmostEquals(row[0]! + row[1]!, 1, 1e-12);
 * ```
 */
export function eStep(data: ArrayLike<number>, mixture: Mixture): EStepResult {
  checkData(data);
  validateMixture(mixture);
  return eStepUnchecked(data, mixture);
}

/** {@linkcode eStep} without argument checks, for loops that checked once. */
export function eStepUnchecked(data: ArrayLike<number>, mixture: Mixture): EStepResult {
  const { weights, means, stdDevs } = mixture;
  const k = weights.length;
  const logWeights = weights.map(Math.log);
  const logW = new Array<number>(k);
  const responsibilities: number[][] = [];
  let logLikelihood = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    for (let h = 0; h < k; h++) {
      logW[h] = logWeights[h]! + logNormalPdf(x, means[h]!, stdDevs[h]!);
    }
    const logNorm = logSumExp(logW);
    responsibilities.push(logW.map((lw) => Math.exp(lw - logNorm)));
    logLikelihood += logNorm;
  }
  return { responsibilities, logLikelihood };
}
