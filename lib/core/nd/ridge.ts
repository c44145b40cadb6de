/**
 * The ridge: a small amount added to the diagonal of every covariance the
 * M-step returns, which keeps a component from collapsing onto a point or a
 * line (where the likelihood is unbounded).
 *
 * @module
 */
import { checkNumber } from "../_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../errors.ts";
import { defaultVarianceFloor } from "../em/variance_floor.ts";
import type { Points } from "./_validate.ts";

/**
 * The default ridge for a data set: for each dimension, 1e-6 × that
 * column's variance (the 1-D default variance floor of the column), so a
 * fit does not depend on the units of each column.
 *
 * @param data The points, as rows.
 * @returns One ridge value per dimension, in squared data units.
 *
 * @example Columns on different scales get ridges on their own scales
 * ```ts
 * import { defaultRidge } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const r = defaultRidge([[-1, -100], [1, 100]]);
 * assertAlmostEquals(r[0]!, 1e-6, 1e-18);
 * assertAlmostEquals(r[1]!, 1e-2, 1e-14);
 * ```
 */
export function defaultRidge(data: Points): number[] {
  const d = data[0]!.length;
  return Array.from({ length: d }, (_, j) => defaultVarianceFloor(data.map((row) => row[j]!)));
}

/**
 * Turn a ridge option (a number for every dimension, or one per dimension)
 * into one value per dimension, checking it.
 *
 * @param ridge `undefined` (the default ridge), a number ≥ 0, or one number ≥ 0 per dimension.
 * @param data The points, as rows (for the dimension and the default).
 * @param parameter The name to use in error messages.
 * @returns One ridge value per dimension.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { resolveRidge } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(resolveRidge(0.1, [[0, 0], [1, 1]]), [0.1, 0.1]);
 * assertEquals(resolveRidge([0, 2], [[0, 0], [1, 1]]), [0, 2]);
 * ```
 */
export function resolveRidge(
  ridge: unknown,
  data: Points,
  parameter = "options.ridge",
): number[] {
  const d = data[0]!.length;
  if (ridge === undefined) return defaultRidge(data);
  const hint = "Use 0 to switch the ridge off, or a small positive variance such as 1e-6.";
  if (typeof ridge === "number") {
    checkNumber(ridge, parameter, 0, { hint });
    return new Array<number>(d).fill(ridge);
  }
  if (!Array.isArray(ridge)) {
    throw new ParameterTypeError(
      parameter,
      `a number ≥ 0 or an array of ${d} numbers ≥ 0`,
      describeValue(ridge),
      hint,
    );
  }
  if (ridge.length !== d) {
    throw new ParameterRangeError(
      parameter,
      `an array of ${d} numbers (one per dimension)`,
      `length ${ridge.length}`,
      hint,
    );
  }
  ridge.forEach((r, j) => checkNumber(r, `${parameter}[${j}]`, 0, { hint }));
  return [...ridge] as number[];
}
