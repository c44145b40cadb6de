/**
 * The `MvMixture` type — weights λ, mean vectors μ and covariance matrices Σ
 * of a mixture of k Gaussians in d dimensions — and its validation.
 *
 * @module
 */
import { checkComponentArrays, checkWeight, checkWeightSum } from "../_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../errors.ts";
import { WEIGHT_SUM_TOLERANCE } from "../model/mixture.ts";
import { cholesky } from "./_linalg.ts";
import type { MvMixture } from "./_types.ts";

export type { MvMixture } from "./_types.ts";

/** Relative tolerance for the symmetry check of a covariance matrix. */
export const SYMMETRY_TOLERANCE = 1e-9;

function checkArray(value: unknown, parameter: string, expected: string): unknown[] {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView))) {
    throw new ParameterTypeError(parameter, expected, describeValue(value));
  }
  return Array.from(value as ArrayLike<unknown>);
}

function checkFinite(value: unknown, parameter: string): number {
  if (typeof value !== "number") {
    throw new ParameterTypeError(parameter, "a number", describeValue(value));
  }
  if (!Number.isFinite(value)) {
    throw new ParameterRangeError(parameter, "a finite number", describeValue(value));
  }
  return value;
}

/**
 * Check that a value is a valid {@linkcode MvMixture}: matching lengths,
 * finite numbers, weights ≥ 0 summing to 1, and every covariance symmetric
 * and positive definite (its Cholesky factorisation exists). Throws a
 * {@linkcode ParameterRangeError} or {@linkcode ParameterTypeError} naming
 * the bad field otherwise.
 *
 * @param mixture The candidate mixture.
 * @param parameter The name to use in error messages.
 * @returns The number of components k and the dimension d.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A valid mixture and one with a non-positive-definite covariance
 * ```ts
 * import { ParameterRangeError, validateMvMixture } from "@emlab/emlab";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const good = { weights: [1], means: [[0, 0]], covariances: [[[1, 0.5], [0.5, 1]]] };
 * assertEquals(validateMvMixture(good), { k: 1, d: 2 });
 * const bad = { weights: [1], means: [[0, 0]], covariances: [[[1, 2], [2, 1]]] };
 * assertThrows(() => validateMvMixture(bad), ParameterRangeError, "positive definite");
 * ```
 */
export function validateMvMixture(
  mixture: unknown,
  parameter = "mixture",
): { k: number; d: number } {
  if (mixture === null || typeof mixture !== "object" || Array.isArray(mixture)) {
    throw new ParameterTypeError(
      parameter,
      "an object { weights, means, covariances }",
      describeValue(mixture),
    );
  }
  const m = mixture as Record<string, unknown>;
  const weights = checkArray(m.weights, `${parameter}.weights`, "an array of numbers");
  const means = checkArray(m.means, `${parameter}.means`, "an array of mean vectors");
  const covariances = checkArray(
    m.covariances,
    `${parameter}.covariances`,
    "an array of d × d matrices",
  );
  const k = checkComponentArrays(parameter, weights.length, {
    means: means.length,
    covariances: covariances.length,
  });
  let d = 0;
  let sum = 0;
  for (let h = 0; h < k; h++) {
    const w = checkFinite(weights[h], `${parameter}.weights[${h}]`);
    checkWeight(w, parameter, h);
    sum += w;
    const mu = checkArray(means[h], `${parameter}.means[${h}]`, "an array of numbers");
    if (h === 0) d = mu.length;
    if (mu.length !== d || d === 0) {
      throw new ParameterRangeError(
        `${parameter}.means[${h}]`,
        `a vector of length ${d || "d ≥ 1"} (the same for every component)`,
        `length ${mu.length}`,
      );
    }
    mu.forEach((v, j) => checkFinite(v, `${parameter}.means[${h}][${j}]`));
    const name = `${parameter}.covariances[${h}]`;
    const rows = checkArray(covariances[h], name, `a ${d} × ${d} matrix (array of rows)`);
    if (rows.length !== d) {
      throw new ParameterRangeError(name, `a ${d} × ${d} matrix`, `${rows.length} rows`);
    }
    const cov = rows.map((row, i) => {
      const r = checkArray(row, `${name}[${i}]`, `a row of ${d} numbers`);
      if (r.length !== d) {
        throw new ParameterRangeError(`${name}[${i}]`, `a row of ${d} numbers`, `${r.length}`);
      }
      return r.map((v, j) => checkFinite(v, `${name}[${i}][${j}]`));
    });
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < i; j++) {
        const a = cov[i]![j]!, b = cov[j]![i]!;
        const scale = Math.max(Math.abs(cov[i]![i]!), Math.abs(cov[j]![j]!), Number.MIN_VALUE);
        if (Math.abs(a - b) > SYMMETRY_TOLERANCE * scale) {
          throw new ParameterRangeError(
            `${name}[${i}][${j}]`,
            `equal to ${name}[${j}][${i}] (${b}): a covariance matrix is symmetric`,
            describeValue(a),
          );
        }
      }
    }
    if (cholesky(cov) === null) {
      throw new ParameterRangeError(
        name,
        "a positive definite matrix",
        JSON.stringify(cov),
        `That is Σ of component ${h + 1}. ` +
          "Every variance must be > 0 and every correlation strictly between −1 and 1; " +
          "a singular covariance is a collapsed component.",
      );
    }
  }
  checkWeightSum(sum, weights, parameter, WEIGHT_SUM_TOLERANCE);
  return { k, d };
}

/**
 * Build a frozen, validated {@linkcode MvMixture} from plain arrays.
 *
 * @param weights λ, summing to 1.
 * @param means μ, one vector of length d per component.
 * @param covariances Σ, one symmetric positive-definite d × d matrix per component.
 * @returns A frozen mixture whose arrays are copies of the arguments.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example Two correlated components in the plane
 * ```ts
 * import { mvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mvMixture([0.4, 0.6], [[0, 0], [3, 3]], [
 *   [[1, 0.5], [0.5, 1]],
 *   [[1, -0.3], [-0.3, 0.5]],
 * ]);
 * assertEquals(m.means[1], [3, 3]);
 * ```
 */
export function mvMixture(
  weights: ArrayLike<number>,
  means: readonly ArrayLike<number>[],
  covariances: readonly (readonly ArrayLike<number>[])[],
): MvMixture {
  validateMvMixture({ weights, means, covariances });
  return freezeMvMixture({
    weights: Array.from(weights),
    means: means.map((m) => Array.from(m)),
    covariances: covariances.map((c) => c.map((r) => Array.from(r))),
  });
}

/** Freeze a mixture and every nested array (internal; no validation). */
export function freezeMvMixture(
  m: { weights: number[]; means: number[][]; covariances: number[][][] },
): MvMixture {
  Object.freeze(m.weights);
  for (const mu of m.means) Object.freeze(mu);
  Object.freeze(m.means);
  for (const c of m.covariances) {
    for (const r of c) Object.freeze(r);
    Object.freeze(c);
  }
  Object.freeze(m.covariances);
  return Object.freeze(m);
}

/**
 * Number of free parameters of a k-component mixture in d dimensions with
 * full covariances: k − 1 weights, k·d mean entries and k·d(d+1)/2 distinct
 * covariance entries.
 *
 * @param k Number of components.
 * @param d Dimension.
 * @returns (k − 1) + k·d + k·d(d + 1)/2.
 *
 * @example Two components in the plane: 1 + 4 + 6
 * ```ts
 * import { mvParameterCount, parameterCount } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mvParameterCount(2, 2), 11);
 * assertEquals(mvParameterCount(3, 1), parameterCount(3)); // d = 1 is the 1-D count
 * ```
 */
export function mvParameterCount(k: number, d: number): number {
  return k - 1 + k * d + (k * d * (d + 1)) / 2;
}
