/**
 * log(Σ exp(vᵢ)) computed without overflow or underflow.
 *
 * Subtracting the maximum first keeps every exponent ≤ 0, so a point 1000
 * standard deviations from every component still gets a finite answer.
 *
 * @param values Log-values; `-Infinity` entries (zero weights) are allowed.
 * @returns The log of the sum of their exponentials; `-Infinity` when every
 *   value is `-Infinity`.
 *
 * @example Adding two tiny probabilities in log space
 * ```ts
 * import { logSumExp } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * // exp(-1000) underflows to 0, but the log of the sum is still exact:
 * assertAlmostEquals(logSumExp([-1000, -1000]), -1000 + Math.log(2), 1e-12);
 * ```
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}
