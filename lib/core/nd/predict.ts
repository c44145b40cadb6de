/**
 * Responsibilities and hard labels for new points under a fitted
 * d-dimensional mixture.
 *
 * @module
 */
import type { Points } from "./_validate.ts";
import { eStepMv } from "./e_step.ts";
import type { MvMixture } from "./mixture.ts";

/**
 * p̄(h | x) for each new point under a full-covariance mixture.
 *
 * @param mixture A fitted mixture.
 * @param x New points, as rows.
 * @returns One row of k probabilities per point, each row summing to 1.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mvMixture, predictProbaMv } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const m = mvMixture([0.5, 0.5], [[0, 0], [9, 9]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * assert(predictProbaMv(m, [[1, 0]])[0]![0]! > 0.99);
 * ```
 */
export function predictProbaMv(mixture: MvMixture, x: Points): number[][] {
  return eStepMv(x, mixture).responsibilities;
}

/**
 * The most responsible component for each new point.
 *
 * @param mixture A fitted mixture.
 * @param x New points, as rows.
 * @returns One component index per point.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mvMixture, predictMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mvMixture([0.5, 0.5], [[0, 0], [9, 9]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * assertEquals(predictMv(m, [[1, 0], [8, 7]]), [0, 1]);
 * ```
 */
export function predictMv(mixture: MvMixture, x: Points): number[] {
  return predictProbaMv(mixture, x).map((row) => row.indexOf(Math.max(...row)));
}
