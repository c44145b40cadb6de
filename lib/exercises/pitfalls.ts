/**
 * Checks of notebook 04's exercises: the log-density of a spike (why a
 * component collapses), the variance floor, and a label-switch matching.
 *
 * @module
 */
import { matchComponents } from "../core/compare.ts";
import type { Mixture } from "../core/mixture.ts";
import { logNormalPdf, normalPdf } from "../core/normal.ts";
import { defaultVarianceFloor } from "../core/variance_floor.ts";
import { describeValue } from "../core/errors.ts";
import { judgeNumber, Verdict } from "./verdict.ts";

/**
 * Exercise 04.1: log N(x | μ = x, σ²), the log-density a component sitting
 * exactly on a point gives that point; it grows without bound as σ → 0.
 * Typical mistakes named: −½ log 2π left out, σ² used for σ, the density
 * instead of its log.
 *
 * @param answer The student's number.
 * @param point The point the component sits on.
 * @param sigma The component's standard deviation.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkSpike } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const right = -Math.log(1e-3) - 0.5 * Math.log(2 * Math.PI);
 * assertEquals(checkSpike(right, 0.4, 1e-3).status, "right");
 * assertEquals(checkSpike(-Math.log(1e-3), 0.4, 1e-3).key, "spike.noTwoPi");
 * ```
 */
export function checkSpike(answer: unknown, point: number, sigma: number): Verdict {
  const expected = logNormalPdf(point, point, sigma);
  return judgeNumber("04.spike", answer, expected, [
    { value: -Math.log(sigma), key: "spike.noTwoPi" },
    { value: -Math.log(sigma * sigma) - 0.5 * Math.log(2 * Math.PI), key: "spike.variance" },
    { value: normalPdf(point, point, sigma), key: "spike.notLog" },
  ], { sigma });
}

/**
 * Exercise 04.2: the default variance floor, σ²_min = 10⁻⁶ × the data's
 * variance (divided by N). Typical mistakes named: the sample variance
 * (divided by N − 1), σ_min instead of σ²_min, the factor 10⁻⁶ left out,
 * 10⁻⁶ times the standard deviation.
 *
 * @param answer The student's number.
 * @param data The data.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkFloor } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkFloor(1e-6, [-1, 1]).status, "right");
 * assertEquals(checkFloor(1e-3, [-1, 1]).key, "floor.sigma");
 * ```
 */
export function checkFloor(answer: unknown, data: ArrayLike<number>): Verdict {
  const expected = defaultVarianceFloor(data);
  const variance = expected / 1e-6, n = data.length;
  return judgeNumber("04.floor", answer, expected, [
    { value: (expected * n) / (n - 1), key: "floor.sampleVariance" },
    { value: Math.sqrt(expected), key: "floor.sigma" },
    { value: variance, key: "floor.variance" },
    { value: 1e-6 * Math.sqrt(variance), key: "floor.sdTimes" },
  ]);
}

/**
 * Exercise 04.3: which estimated component matches each reference component,
 * as `matchComponents` gives it: `order[h]` is the estimate's component for
 * the reference's component h (counted from 0). Typical mistakes named: the
 * inverse permutation, no reordering at all, not a permutation.
 *
 * @param answer The student's array.
 * @param reference The mixture whose numbering to keep.
 * @param estimate The fit with arbitrary labels.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkMatching, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const ref = mixture([0.3, 0.3, 0.4], [-4, 0, 4], [1, 1, 1]);
 * const est = mixture([0.3, 0.4, 0.3], [0.1, 3.9, -4.1], [1, 1, 1]);
 * assertEquals(checkMatching([2, 0, 1], ref, est).status, "right");
 * assertEquals(checkMatching([1, 2, 0], ref, est).key, "match.inverse");
 * ```
 */
export function checkMatching(answer: unknown, reference: Mixture, estimate: Mixture): Verdict {
  const id = "04.matching";
  if (answer === undefined || answer === null) return Verdict.unanswered(id);
  const expected = matchComponents(reference, estimate);
  const k = expected.length;
  const quoted = { yours: describeValue(answer), expected: `[${expected.join(", ")}]` };
  if (
    !Array.isArray(answer) || answer.length !== k ||
    [...answer].sort().some((v, i) => v !== i)
  ) {
    return Verdict.wrong(id, "match.notPermutation", { ...quoted, k, last: k - 1 });
  }
  const same = (a: readonly number[]) => a.every((v, i) => v === answer[i]);
  if (same(expected)) return Verdict.right(id, "match.right", quoted);
  const inverse = new Array<number>(k);
  expected.forEach((e, h) => (inverse[e] = h));
  if (same(inverse)) return Verdict.wrong(id, "match.inverse", quoted);
  if (same(expected.map((_, h) => h))) return Verdict.wrong(id, "match.identity", quoted);
  return Verdict.wrong(id, "match.wrong", quoted);
}
