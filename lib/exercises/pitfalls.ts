/**
 * Checks of notebook 04's exercises: the log-density of a spike (why a
 * component collapses), the variance floor, and a label-switch matching.
 *
 * @module
 */
import { matchComponents } from "../core/fit/compare.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { logNormalPdf, normalPdf } from "../core/math/normal.ts";
import { defaultVarianceFloor } from "../core/em/variance_floor.ts";
import { describeValue } from "../core/errors.ts";
import { Verdict } from "./verdict.ts";
import { type Exercise, numberExercise } from "./exercise.ts";

const NOTEBOOK = "04-pitfalls";
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Exercise 04.1 in the catalogue: `check(answer, point, sigma)`. */
export const SPIKE: Exercise<[number, number]> = numberExercise<[number, number]>({
  id: "04.spike",
  number: "04.1",
  notebook: NOTEBOOK,
  solution: (point, sigma) => logNormalPdf(point, point, sigma),
  params: (_point, sigma) => ({ sigma }),
  mistakes: [
    {
      id: "noTwoPi",
      key: "spike.noTwoPi",
      label: "−½ log 2π left out",
      answer: (_p, s) => -Math.log(s),
    },
    {
      id: "twoPiSign",
      key: "spike.twoPiSign",
      label: "+½ log 2π",
      answer: (_p, s) => -Math.log(s) + HALF_LOG_2PI,
    },
    {
      id: "variance",
      key: "spike.variance",
      label: "σ² for σ",
      answer: (_p, s) => -Math.log(s * s) - HALF_LOG_2PI,
    },
    {
      id: "notLog",
      key: "spike.notLog",
      label: "the density, not its log",
      answer: (p, s) => normalPdf(p, p, s),
    },
    {
      id: "log10",
      key: "spike.log10",
      label: "log₁₀",
      answer: (p, s) => logNormalPdf(p, p, s) / Math.LN10,
    },
  ],
});

/**
 * Exercise 04.1: log N(x | μ = x, σ²), the log-density a component sitting
 * exactly on a point gives that point; it grows without bound as σ → 0.
 * Typical mistakes named ({@linkcode SPIKE}): −½ log 2π left out or added,
 * σ² used for σ, the density instead of its log, log₁₀.
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
 * assertEquals(checkSpike(5.989, 0.4, 1e-3).status, "right");
 * assertEquals(checkSpike(-Math.log(1e-3), 0.4, 1e-3).key, "spike.noTwoPi");
 * ```
 */
export function checkSpike(answer: unknown, point: number, sigma: number): Verdict {
  return SPIKE.check(answer, point, sigma);
}

/** Exercise 04.2 in the catalogue: `check(answer, data)`. */
export const FLOOR: Exercise<[ArrayLike<number>]> = numberExercise<[ArrayLike<number>]>({
  id: "04.floor",
  number: "04.2",
  notebook: NOTEBOOK,
  solution: (data) => defaultVarianceFloor(data),
  mistakes: [
    {
      id: "sampleVariance",
      key: "floor.sampleVariance",
      label: "÷ (N − 1)",
      answer: (d) => (defaultVarianceFloor(d) * d.length) / (d.length - 1),
    },
    {
      id: "sigma",
      key: "floor.sigma",
      label: "σ_min, not σ²_min",
      answer: (d) => Math.sqrt(defaultVarianceFloor(d)),
    },
    {
      id: "variance",
      key: "floor.variance",
      label: "10⁻⁶ left out",
      answer: (d) => defaultVarianceFloor(d) / 1e-6,
    },
    {
      id: "sdTimes",
      key: "floor.sdTimes",
      label: "10⁻⁶ × σ",
      answer: (d) => 1e-6 * Math.sqrt(defaultVarianceFloor(d) / 1e-6),
    },
  ],
});

/**
 * Exercise 04.2: the default variance floor, σ²_min = 10⁻⁶ × the data's
 * variance (divided by N). Typical mistakes named ({@linkcode FLOOR}): the
 * sample variance (divided by N − 1), σ_min instead of σ²_min, the factor
 * 10⁻⁶ left out, 10⁻⁶ times the standard deviation.
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
  return FLOOR.check(answer, data);
}

const inverseOf = (order: readonly number[]) => {
  const inverse = new Array<number>(order.length);
  order.forEach((e, h) => (inverse[e] = h));
  return inverse;
};

/** Exercise 04.3 in the catalogue: `check(answer, reference, estimate)`. */
export const MATCHING: Exercise<[Mixture, Mixture]> = {
  id: "04.matching",
  number: "04.3",
  notebook: NOTEBOOK,
  kind: "integers",
  solution: (ref, est) => matchComponents(ref, est),
  otherForm: (ref, est) => {
    // the fitted components sorted by their means, when the reference's are sorted
    const byMean = est.means.map((_, j) => j).sort((a, b) => est.means[a]! - est.means[b]!);
    const refRank = ref.means.map((_, h) => h).sort((a, b) => ref.means[a]! - ref.means[b]!);
    const order = new Array<number>(byMean.length);
    refRank.forEach((h, r) => (order[h] = byMean[r]!));
    return order;
  },
  outputs: (answer) => (Array.isArray(answer) ? answer : []) as number[],
  mistakes: [
    {
      id: "inverse",
      key: "match.inverse",
      label: "the inverse permutation",
      answer: (ref, est) => inverseOf(matchComponents(ref, est)),
    },
    {
      id: "identity",
      key: "match.identity",
      label: "no relabelling",
      answer: (ref) => ref.means.map((_, h) => h),
    },
    {
      id: "oneBased",
      key: "match.oneBased",
      label: "counted from 1",
      answer: (ref, est) => matchComponents(ref, est).map((j) => j + 1),
    },
    {
      id: "reversed",
      key: "match.reversed",
      label: "reversed",
      answer: (ref, est) => matchComponents(ref, est).toReversed(),
    },
  ],
  check: (answer, reference, estimate) => checkMatchingOrder(answer, reference, estimate),
};

function checkMatchingOrder(answer: unknown, reference: Mixture, estimate: Mixture): Verdict {
  const id = "04.matching";
  if (answer === undefined || answer === null) return Verdict.unanswered(id);
  const expected = matchComponents(reference, estimate);
  const k = expected.length;
  const quoted = { yours: describeValue(answer), expected: `[${expected.join(", ")}]` };
  const same = (a: readonly number[]) =>
    Array.isArray(answer) && a.length === answer.length && a.every((v, i) => v === answer[i]);
  if (same(expected)) return Verdict.right(id, "match.right", quoted);
  for (const m of MATCHING.mistakes) {
    if (same(m.answer(reference, estimate) as number[])) return Verdict.wrong(id, m.key, quoted);
  }
  if (
    !Array.isArray(answer) || answer.length !== k ||
    [...answer].sort().some((v, i) => v !== i)
  ) {
    return Verdict.wrong(id, "match.notPermutation", { ...quoted, k, last: k - 1 });
  }
  return Verdict.wrong(id, "match.wrong", quoted);
}

/**
 * Exercise 04.3: which estimated component matches each reference component,
 * as `matchComponents` gives it: `order[h]` is the estimate's component for
 * the reference's component h (counted from 0). Typical mistakes named
 * ({@linkcode MATCHING}): the inverse permutation, no reordering at all,
 * counted from 1, reversed; anything else that is not a permutation.
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
  return MATCHING.check(answer, reference, estimate);
}
