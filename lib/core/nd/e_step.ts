/**
 * The E-step for d-dimensional mixtures, in log space.
 *
 * @module
 */
import { logSumExp } from "../math/log_sum_exp.ts";
import { cholesky, logDetFromCholesky, logMvNormalPdfCholesky } from "./_linalg.ts";
import { checkPoints, type Points } from "./_validate.ts";
import { type MvMixture, validateMvMixture } from "./mixture.ts";
import { ParameterRangeError } from "../errors.ts";

/** What {@linkcode eStepMv} returns. */
export interface MvEStepResult {
  /** responsibilities[i][h] = p̄(h | xᵢ); each row sums to 1. */
  readonly responsibilities: number[][];
  /** log L = Σᵢ log Σₕ λₕ N(xᵢ | μₕ, Σₕ). */
  readonly logLikelihood: number;
}

/**
 * The E-step for full-covariance mixtures. For every point xᵢ and component h:
 *
 *   log wᵢₕ = log λₕ + log N(xᵢ | μₕ, Σₕ)        (through Σₕ = Lₕ Lₕᵀ)
 *   p̄(h | xᵢ) = exp(log wᵢₕ − logSumExpₕ log wᵢₕ)
 *
 * and log L = Σᵢ logSumExpₕ log wᵢₕ — the same three lines as in 1-D, with
 * the 1-D log-density replaced by the d-dimensional one.
 *
 * @param data The points, as rows of length d.
 * @param mixture λ, μ, Σ.
 * @returns The N × k responsibilities and the log-likelihood.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example Each point's responsibilities sum to 1
 * ```ts
 * import { eStepMv, mvMixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const m = mvMixture([0.5, 0.5], [[0, 0], [3, 3]], [[[1, 0], [0, 1]], [[1, 0.5], [0.5, 1]]]);
 * const { responsibilities } = eStepMv([[0, 1], [2, 2], [5, 4]], m);
 * for (const row of responsibilities) assertAlmostEquals(row[0]! + row[1]!, 1, 1e-12);
 * ```
 */
export function eStepMv(data: Points, mixture: MvMixture): MvEStepResult {
  const { d } = checkPoints(data);
  const dm = validateMvMixture(mixture).d;
  if (d !== dm) {
    throw new ParameterRangeError(
      "data",
      `points with ${dm} coordinates (the mixture's dimension)`,
      `${d} coordinates`,
      "Use a mixture fitted to data of the same dimension.",
    );
  }
  return eStepMvUnchecked(data, mixture);
}

/**
 * {@linkcode eStepMv} without argument checks, for loops that checked once.
 *
 * @throws {ParameterRangeError} When a covariance is not positive definite.
 */
export function eStepMvUnchecked(data: Points, mixture: MvMixture): MvEStepResult {
  const { weights, means, covariances } = mixture;
  const k = weights.length;
  const factors = covariances.map((c, h) => {
    const l = cholesky(c);
    if (l === null) {
      throw new ParameterRangeError(
        `mixture.covariances[${h}]`,
        "a positive definite matrix",
        JSON.stringify(c),
        `Component ${h + 1}'s covariance is singular. ` +
          "Use a positive ridge so that no component collapses.",
      );
    }
    return l;
  });
  const logDets = factors.map(logDetFromCholesky);
  const logWeights = weights.map(Math.log);
  const z = new Array<number>(data[0]?.length ?? 0);
  const logW = new Array<number>(k);
  const responsibilities: number[][] = [];
  let logLikelihood = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    for (let h = 0; h < k; h++) {
      logW[h] = logWeights[h]! +
        logMvNormalPdfCholesky(x, means[h]!, factors[h]!, logDets[h]!, z);
    }
    const logNorm = logSumExp(logW);
    responsibilities.push(logW.map((lw) => Math.exp(lw - logNorm)));
    logLikelihood += logNorm;
  }
  return { responsibilities, logLikelihood };
}

/**
 * log L = Σᵢ log Σₕ λₕ N(xᵢ | μₕ, Σₕ) of points under a full-covariance mixture.
 *
 * @param data The points, as rows.
 * @param mixture λ, μ, Σ.
 * @returns The log-likelihood.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example One standard normal in the plane, one point at the origin
 * ```ts
 * import { mvLogLikelihood, mvMixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const m = mvMixture([1], [[0, 0]], [[[1, 0], [0, 1]]]);
 * assertAlmostEquals(mvLogLikelihood([[0, 0]], m), -Math.log(2 * Math.PI), 1e-12);
 * ```
 */
export function mvLogLikelihood(data: Points, mixture: MvMixture): number {
  return eStepMv(data, mixture).logLikelihood;
}
