/**
 * Responsibilities and hard labels for new points under a fitted mixture.
 *
 * @module
 */
import { eStep } from "../em/e_step.ts";
import type { Mixture } from "./mixture.ts";

/**
 * p̄(h | x) for each new point: the probability that x came from component h.
 *
 * @param mixture A fitted mixture.
 * @param x New points.
 * @returns One row of k probabilities per point, each row summing to 1.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mixture, predictProba } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const [row] = predictProba(mixture([0.5, 0.5], [0, 10], [1, 1]), [0.5]);
 * assert(row![0]! > 0.99);
 * ```
 */
export function predictProba(mixture: Mixture, x: ArrayLike<number>): number[][] {
  return eStep(x, mixture).responsibilities;
}

/**
 * The most responsible component for each new point.
 *
 * @param mixture A fitted mixture.
 * @param x New points.
 * @returns One component index per point.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mixture, predict } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(predict(mixture([0.5, 0.5], [0, 10], [1, 1]), [-1, 4, 9]), [0, 0, 1]);
 * ```
 */
export function predict(mixture: Mixture, x: ArrayLike<number>): number[] {
  return predictProba(mixture, x).map((row) => row.indexOf(Math.max(...row)));
}
