/**
 * Checks of notebook 02's exercises: the σ² update and the μ update written
 * as functions, and the value of the Lagrange multiplier β. Each compares
 * with the library's M-step on the notebook's data and responsibilities.
 *
 * @module
 */
import { mStep } from "../core/m_step.ts";
import type { Mixture } from "../core/mixture.ts";
import { callAnswer, judgeNumber, type Mistake, Verdict } from "./verdict.ts";

/**
 * A student's update of one component's parameter from the data and the
 * responsibilities (`h` counts from 0, as arrays do).
 */
export type ComponentUpdate = (
  x: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  h: number,
) => number;

function weightedStats(
  x: ArrayLike<number>,
  r: readonly (readonly number[])[],
  h: number,
  centre?: number,
) {
  let nh = 0, sx = 0;
  for (let i = 0; i < x.length; i++) {
    nh += r[i]![h]!;
    sx += r[i]![h]! * x[i]!;
  }
  const mean = sx / nh;
  const c = centre ?? mean;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += r[i]![h]! * (x[i]! - c) ** 2;
  return { nh, sx, mean, ss };
}

function plain(x: ArrayLike<number>) {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = s / x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i]! - mean) ** 2;
  return { mean, variance: ss / x.length };
}

/**
 * Judge a component update for every h: right when it matches the library
 * for all of them; otherwise the first component it gets wrong, judged with
 * that component's typical mistakes.
 */
function judgeUpdate(
  exercise: string,
  answer: unknown,
  x: ArrayLike<number>,
  r: readonly (readonly number[])[],
  expected: readonly number[],
  mistakes: (h: number) => Mistake[],
): Verdict {
  const called = callAnswer(
    exercise,
    answer,
    (f) => expected.map((_, h) => (f as unknown as ComponentUpdate)(x, r, h)),
  );
  if (called instanceof Verdict) return called;
  const yours = called.value;
  for (let h = 0; h < expected.length; h++) {
    const v = judgeNumber(exercise, yours[h], expected[h]!, mistakes(h), { component: h + 1 });
    if (v.status !== "right") {
      return v.status === "unanswered" ? Verdict.wrong(exercise, "returnedNothing") : v;
    }
  }
  return Verdict.right(exercise, "rightFunction", { components: expected.length });
}

/**
 * Exercise 02.1: σₕ² as a function `(x, responsibilities, h) => σₕ²`.
 * Checked for every component on the notebook's data and responsibilities
 * against `mStep` (without the floor). Typical mistakes named: dividing by
 * N instead of Nₕ = N·λₕ, deviations from the old mean, the unweighted
 * variance, σ returned instead of σ².
 *
 * @param answer The student's function.
 * @param x The notebook's data.
 * @param responsibilities The E-step's responsibilities.
 * @param old The mixture they came from (its means are the "old mean" mistake).
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkSigmaUpdate, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const x = [0, 1, 3, 4], r = [[1, 0], [0.8, 0.2], [0.2, 0.8], [0, 1]];
 * const old = mixture([0.5, 0.5], [0, 4], [1, 1]);
 * const byN = (x: ArrayLike<number>, r: readonly (readonly number[])[], h: number) => {
 *   let nh = 0, s = 0, ss = 0;
 *   for (let i = 0; i < x.length; i++) { nh += r[i]![h]!; s += r[i]![h]! * x[i]!; }
 *   for (let i = 0; i < x.length; i++) ss += r[i]![h]! * (x[i]! - s / nh) ** 2;
 *   return ss / x.length;
 * };
 * assertEquals(checkSigmaUpdate(byN, x, r, old).key, "sigma.divideByN");
 * ```
 */
export function checkSigmaUpdate(
  answer: unknown,
  x: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  old: Mixture,
): Verdict {
  const m = mStep(x, responsibilities, { varianceFloor: 0 }).mixture;
  const expected = m.stdDevs.map((s) => s * s);
  const all = plain(x);
  return judgeUpdate("02.sigma", answer, x, responsibilities, expected, (h) => {
    const own = weightedStats(x, responsibilities, h);
    const fromOld = weightedStats(x, responsibilities, h, old.means[h]!);
    return [
      { value: own.ss / x.length, key: "sigma.divideByN" },
      { value: fromOld.ss / fromOld.nh, key: "sigma.oldMean" },
      { value: all.variance, key: "sigma.unweighted" },
      { value: Math.sqrt(expected[h]!), key: "sigma.returnedSigma" },
    ];
  });
}

/**
 * Exercise 02.2: μₕ as a function `(x, responsibilities, h) => μₕ`, checked
 * for every component against `mStep`. Typical mistakes named: dividing by N
 * instead of Nₕ, not dividing at all, the unweighted mean.
 *
 * @param answer The student's function.
 * @param x The notebook's data.
 * @param responsibilities The E-step's responsibilities.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkMeanUpdate } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const x = [0, 1, 3, 4], r = [[1, 0], [0.8, 0.2], [0.2, 0.8], [0, 1]];
 * const mean = (x: ArrayLike<number>, r: readonly (readonly number[])[], h: number) => {
 *   let nh = 0, s = 0;
 *   for (let i = 0; i < x.length; i++) { nh += r[i]![h]!; s += r[i]![h]! * x[i]!; }
 *   return s / nh;
 * };
 * assertEquals(checkMeanUpdate(mean, x, r).status, "right");
 * ```
 */
export function checkMeanUpdate(
  answer: unknown,
  x: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
): Verdict {
  const expected = [...mStep(x, responsibilities).mixture.means];
  const all = plain(x);
  return judgeUpdate("02.mean", answer, x, responsibilities, expected, (h) => {
    const own = weightedStats(x, responsibilities, h);
    return [
      { value: own.sx / x.length, key: "mean.divideByN" },
      { value: own.sx, key: "mean.notDivided" },
      { value: all.mean, key: "mean.unweighted" },
    ];
  });
}

/**
 * Exercise 02.3: the Lagrange multiplier β at the maximum, β = Σₕ Nₕ (= N,
 * since each point's responsibilities sum to 1), computed from the
 * responsibilities. Typical mistakes named: 1 (the constraint's value), N₁,
 * −N (the sign of the constraint term), k.
 *
 * @param answer The student's number.
 * @param responsibilities The E-step's responsibilities.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkLagrangeMultiplier } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const r = [[1, 0], [0.5, 0.5], [0, 1]];
 * assertEquals(checkLagrangeMultiplier(3, r).status, "right");
 * assertEquals(checkLagrangeMultiplier(1, r).key, "beta.one");
 * ```
 */
export function checkLagrangeMultiplier(
  answer: unknown,
  responsibilities: readonly (readonly number[])[],
): Verdict {
  const k = responsibilities[0]?.length ?? 0;
  const counts = Array.from(
    { length: k },
    (_, h) => responsibilities.reduce((s, r) => s + r[h]!, 0),
  );
  const expected = counts.reduce((a, b) => a + b, 0);
  return judgeNumber("02.beta", answer, expected, [
    { value: 1, key: "beta.one" },
    { value: -expected, key: "beta.sign" },
    ...counts.map((c) => ({ value: c, key: "beta.nh" as const })),
    { value: k, key: "beta.k" },
  ]);
}
