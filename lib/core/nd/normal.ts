/**
 * The multivariate normal log-density through a Cholesky factorisation.
 *
 * @module
 */
import { describeValue, ParameterRangeError } from "../errors.ts";
import { cholesky, logMvNormalPdfCholesky } from "./_linalg.ts";

/**
 * log N(x | μ, Σ) = −½ (d log 2π + log det Σ + (x − μ)ᵀ Σ⁻¹ (x − μ)).
 *
 * With the Cholesky factor L (Σ = L Lᵀ): log det Σ = 2 Σᵢ log Lᵢᵢ, and the
 * quadratic form is ‖z‖² where L z = x − μ — no inverse is ever formed.
 *
 * @param x The point (length d).
 * @param mean μ (length d).
 * @param covariance Σ, symmetric positive definite.
 * @returns The log-density.
 * @throws {ParameterRangeError} A point and mean of different lengths, or a covariance that is not positive definite.
 *
 * @example With a diagonal Σ it is the sum of 1-D log-densities
 * ```ts
 * import { logMvNormalPdf, logNormalPdf } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const lp = logMvNormalPdf([1, -2], [0, 0], [[4, 0], [0, 0.25]]);
 * assertAlmostEquals(lp, logNormalPdf(1, 0, 2) + logNormalPdf(-2, 0, 0.5), 1e-12);
 * ```
 */
export function logMvNormalPdf(
  x: readonly number[],
  mean: readonly number[],
  covariance: readonly (readonly number[])[],
): number {
  const l = cholesky(covariance);
  if (l === null) {
    throw new ParameterRangeError(
      "covariance",
      "a symmetric positive definite matrix",
      JSON.stringify(covariance),
      "A singular covariance has no density; add a small ridge to its diagonal.",
    );
  }
  if (x.length !== mean.length || mean.length !== covariance.length) {
    throw new ParameterRangeError(
      "x",
      `a point of the dimension of mean and covariance (${mean.length})`,
      describeValue(x),
    );
  }
  return logMvNormalPdfCholesky(x, mean, l);
}
