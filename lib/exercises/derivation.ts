/**
 * Checks of notebook 02's exercises: the σ² update and the μ update written
 * as functions, and the value of the Lagrange multiplier β. Each compares
 * with the library's M-step on the notebook's data and responsibilities.
 *
 * @module
 */
import type { Mixture } from "../core/model/mixture.ts";
import type { Verdict } from "./verdict.ts";
import { type Exercise, functionExercise, numberExercise } from "./exercise.ts";
import { formatPair } from "./verdict.ts";

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

const NOTEBOOK = "02-deriving-the-updates";

type R = readonly (readonly number[])[];

/** The results of a component update for every component. */
const perComponent = (f: (...a: never[]) => unknown, x: ArrayLike<number>, r: R) =>
  (r[0] ?? []).map((_, h) => (f as unknown as ComponentUpdate)(x, r, h) as unknown);

const quoteComponent = (i: number, yours: readonly number[], expected: readonly number[]) => {
  const [y, e] = formatPair(yours[i]!, expected[i]!);
  return { component: i + 1, yours: y, expected: e };
};

/** Exercise 02.1 in the catalogue: `check(answer, x, responsibilities, old)`. */
export const SIGMA_UPDATE: Exercise<[ArrayLike<number>, R, Mixture]> = functionExercise<
  [ArrayLike<number>, R, Mixture]
>({
  id: "02.sigma",
  number: "02.1",
  notebook: NOTEBOOK,
  solution: () =>
    ((x, r, h) => {
      const { nh, ss } = weightedStats(x, r, h);
      return ss / nh;
    }) as ComponentUpdate,
  otherForm: () =>
    ((x, r, h) => {
      // E[x²] − μ², weighted
      const { nh, mean } = weightedStats(x, r, h);
      let s2 = 0;
      for (let i = 0; i < x.length; i++) s2 += r[i]![h]! * x[i]! ** 2;
      return s2 / nh - mean * mean;
    }) as ComponentUpdate,
  mistakes: [
    {
      id: "divideByN",
      key: "sigma.divideByN",
      label: "÷ N, not ÷ Nₕ",
      answer: () => ((x, r, h) => weightedStats(x, r, h).ss / x.length) as ComponentUpdate,
    },
    {
      id: "nhMinusOne",
      key: "sigma.nhMinusOne",
      label: "÷ (Nₕ − 1)",
      answer: () =>
        ((x, r, h) => {
          const { nh, ss } = weightedStats(x, r, h);
          return ss / (nh - 1);
        }) as ComponentUpdate,
    },
    {
      id: "oldMean",
      key: "sigma.oldMean",
      label: "deviations from the old μ",
      answer: (_x, _r, old) =>
        ((x, r, h) => {
          const { nh, ss } = weightedStats(x, r, h, old.means[h]!);
          return ss / nh;
        }) as ComponentUpdate,
    },
    {
      id: "unweighted",
      key: "sigma.unweighted",
      label: "variance of all the data",
      answer: () => ((x) => plain(x).variance) as ComponentUpdate,
    },
    {
      id: "returnedSigma",
      key: "sigma.returnedSigma",
      label: "σ, not σ²",
      answer: () =>
        ((x, r, h) => {
          const { nh, ss } = weightedStats(x, r, h);
          return Math.sqrt(ss / nh);
        }) as ComponentUpdate,
    },
  ],
  outputs: (f, x, r) => perComponent(f, x, r),
  wrongKey: "update.wrong",
  quote: quoteComponent,
  rightParams: (e) => ({ components: e.length }),
});

/**
 * Exercise 02.1: σₕ² as a function `(x, responsibilities, h) => σₕ²`.
 * Checked for every component on the notebook's data and responsibilities
 * against the M-step (without the floor). Typical mistakes named
 * ({@linkcode SIGMA_UPDATE}): dividing by N instead of Nₕ = N·λₕ, by
 * Nₕ − 1, deviations from the old mean, the unweighted variance, σ
 * returned instead of σ².
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
  responsibilities: R,
  old: Mixture,
): Verdict {
  return SIGMA_UPDATE.check(answer, x, responsibilities, old);
}

/** Exercise 02.3 in the catalogue: `check(answer, x, responsibilities)`. */
export const MEAN_UPDATE: Exercise<[ArrayLike<number>, R]> = functionExercise<
  [ArrayLike<number>, R]
>({
  id: "02.mean",
  number: "02.3",
  notebook: NOTEBOOK,
  solution: () => ((x, r, h) => weightedStats(x, r, h).mean) as ComponentUpdate,
  otherForm: () =>
    ((x, r, h) => {
      const w = Array.from(x, (_, i) => r[i]![h]!);
      const nh = w.reduce((a, b) => a + b, 0);
      return w.reduce((s, wi, i) => s + (wi / nh) * x[i]!, 0);
    }) as ComponentUpdate,
  mistakes: [
    {
      id: "divideByN",
      key: "mean.divideByN",
      label: "÷ N, not ÷ Nₕ",
      answer: () => ((x, r, h) => weightedStats(x, r, h).sx / x.length) as ComponentUpdate,
    },
    {
      id: "notDivided",
      key: "mean.notDivided",
      label: "not divided",
      answer: () => ((x, r, h) => weightedStats(x, r, h).sx) as ComponentUpdate,
    },
    {
      id: "unweighted",
      key: "mean.unweighted",
      label: "mean of all the data",
      answer: () => ((x) => plain(x).mean) as ComponentUpdate,
    },
    {
      id: "otherComponent",
      key: "mean.otherComponent",
      label: "the other component's p̄",
      answer: () =>
        ((x, r, h) => weightedStats(x, r, (r[0]!.length - 1) - h).mean) as ComponentUpdate,
    },
  ],
  outputs: (f, x, r) => perComponent(f, x, r),
  wrongKey: "update.wrong",
  quote: quoteComponent,
  rightParams: (e) => ({ components: e.length }),
});

/**
 * Exercise 02.3: μₕ as a function `(x, responsibilities, h) => μₕ`, checked
 * for every component against the M-step. Typical mistakes named
 * ({@linkcode MEAN_UPDATE}): dividing by N instead of Nₕ, not dividing at
 * all, the unweighted mean, the other component's responsibilities.
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
  responsibilities: R,
): Verdict {
  return MEAN_UPDATE.check(answer, x, responsibilities);
}

const counts = (r: R) => (r[0] ?? []).map((_, h) => r.reduce((s, row) => s + row[h]!, 0));

/** Exercise 02.2 in the catalogue: `check(answer, responsibilities)`. */
export const LAGRANGE_MULTIPLIER: Exercise<[R]> = numberExercise<[R]>({
  id: "02.beta",
  number: "02.2",
  notebook: NOTEBOOK,
  solution: (r) => counts(r).reduce((a, b) => a + b, 0),
  otherForm: (r) => Math.round(counts(r).reduce((a, b) => a + b, 0)),
  mistakes: [
    { id: "one", key: "beta.one", label: "1 (the constraint)", answer: () => 1 },
    {
      id: "sign",
      key: "beta.sign",
      label: "−N (the sign)",
      answer: (r) => -counts(r).reduce((a, b) => a + b, 0),
    },
    { id: "n1", key: "beta.nh", label: "N₁", answer: (r) => counts(r)[0]! },
    { id: "n2", key: "beta.nh", label: "N₂", answer: (r) => counts(r)[1]! },
    { id: "k", key: "beta.k", label: "k", answer: (r) => r[0]!.length },
  ],
});

/**
 * Exercise 02.2: the Lagrange multiplier β at the maximum, β = Σₕ Nₕ (= N,
 * since each point's responsibilities sum to 1), computed from the
 * responsibilities. Typical mistakes named ({@linkcode LAGRANGE_MULTIPLIER}):
 * 1 (the constraint's value), N₁ or N₂, −N (the sign of the constraint
 * term), k.
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
export function checkLagrangeMultiplier(answer: unknown, responsibilities: R): Verdict {
  return LAGRANGE_MULTIPLIER.check(answer, responsibilities);
}
