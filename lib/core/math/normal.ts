/**
 * The normal (Gaussian) density N(x | μ, σ) and its logarithm.
 *
 * @module
 */

/** log(√(2π)), the constant of the normal log-density. */
export const LOG_SQRT_2PI: number = 0.5 * Math.log(2 * Math.PI);

/**
 * log N(x | μ, σ) = −log σ − ½ log 2π − (x − μ)² / (2σ²).
 *
 * @param x The point.
 * @param mean μ.
 * @param sd σ (> 0).
 * @returns The log-density; finite for any finite inputs with σ > 0.
 *
 * @example Far from the mean the log-density stays finite
 * ```ts
 * import { logNormalPdf } from "@emlab/emlab";
 * import { assert, assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(logNormalPdf(0, 0, 1), -0.5 * Math.log(2 * Math.PI), 1e-15);
 * assert(Number.isFinite(logNormalPdf(1000, 0, 1))); // exp() of this would be 0
 * ```
 */
export function logNormalPdf(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return -Math.log(sd) - LOG_SQRT_2PI - 0.5 * z * z;
}

/**
 * N(x | μ, σ) = exp(−(x − μ)² / (2σ²)) / (σ √(2π)).
 *
 * @param x The point.
 * @param mean μ.
 * @param sd σ (> 0).
 * @returns The density.
 *
 * @example The peak of the standard normal
 * ```ts
 * import { normalPdf } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(normalPdf(0, 0, 1), 1 / Math.sqrt(2 * Math.PI), 1e-15);
 * ```
 */
export function normalPdf(x: number, mean: number, sd: number): number {
  return Math.exp(logNormalPdf(x, mean, sd));
}
