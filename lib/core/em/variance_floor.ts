/**
 * The variance floor: the smallest σ² the M-step may return, which keeps a
 * component from collapsing onto a single point (where the likelihood is
 * unbounded).
 *
 * @module
 */
import { variance } from "../math/_stats.ts";

/** Default floor, relative to the data's variance. */
export const RELATIVE_VARIANCE_FLOOR = 1e-6;

/**
 * The default variance floor for a data set: 1e-6 × the data's variance, so
 * that it scales with the data (fitting x or 1000·x gives the same answer up
 * to the scale). For data with no spread it falls back to
 * (1e-6 · max(1, |x|))² so that the floor is still positive.
 *
 * @param data The observations.
 * @returns σ²_min in squared data units.
 *
 * @example
 * ```ts
 * import { defaultVarianceFloor } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(defaultVarianceFloor([-1, 1]), 1e-6, 1e-18);
 * ```
 */
export function defaultVarianceFloor(data: ArrayLike<number>): number {
  const v = variance(data);
  if (v > 0) return RELATIVE_VARIANCE_FLOOR * v;
  const scale = Math.max(1, Math.abs(data[0] ?? 0));
  return (1e-6 * scale) ** 2;
}
