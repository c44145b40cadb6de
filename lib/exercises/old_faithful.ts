/**
 * Checks of notebook 03's exercises: the BIC of a fit by hand, the k that
 * BIC picks, and the probability that an eruption belongs to the long group.
 *
 * @module
 */
import { aic, bic } from "../core/fit/criteria.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { parameterCount } from "../core/model/mixture.ts";
import { normalPdf } from "../core/math/normal.ts";
import { predictProba } from "../core/model/predict.ts";
import type { Verdict } from "./verdict.ts";
import { type Exercise, numberExercise } from "./exercise.ts";

const NOTEBOOK = "03-old-faithful";

/** A fit as the BIC exercise reads it. */
export interface FittedMixture {
  /** The fitted mixture. */
  readonly mixture: Mixture;
  /** Its log-likelihood. */
  readonly logLikelihood: number;
}

/** Exercise 03.1 in the catalogue: `check(answer, data, fitted)`. */
export const BIC: Exercise<[ArrayLike<number>, FittedMixture]> = numberExercise<
  [ArrayLike<number>, FittedMixture]
>({
  id: "03.bic",
  number: "03.1",
  notebook: NOTEBOOK,
  solution: (data, f) => bic(f.logLikelihood, f.mixture.weights.length, data.length),
  params: (_data, f) => ({ p: parameterCount(f.mixture.weights.length) }),
  mistakes: [
    {
      id: "threeK",
      key: "bic.threeK",
      label: "p = 3k",
      answer: (d, f) => -2 * f.logLikelihood + 3 * f.mixture.weights.length * Math.log(d.length),
    },
    {
      id: "twoK",
      key: "bic.twoK",
      label: "p = 2k",
      answer: (d, f) => -2 * f.logLikelihood + 2 * f.mixture.weights.length * Math.log(d.length),
    },
    {
      id: "sign",
      key: "bic.sign",
      label: "+2 log L",
      answer: (d, f) =>
        2 * f.logLikelihood + parameterCount(f.mixture.weights.length) * Math.log(d.length),
    },
    {
      id: "log10",
      key: "bic.log10",
      label: "log₁₀ N",
      answer: (d, f) =>
        -2 * f.logLikelihood + parameterCount(f.mixture.weights.length) * Math.log10(d.length),
    },
    {
      id: "aic",
      key: "bic.aic",
      label: "AIC",
      answer: (_d, f) => aic(f.logLikelihood, f.mixture.weights.length),
    },
    {
      id: "noTwo",
      key: "bic.noTwo",
      label: "no factor 2",
      answer: (d, f) =>
        -f.logLikelihood + (parameterCount(f.mixture.weights.length) / 2) * Math.log(d.length),
    },
  ],
});

/**
 * Exercise 03.1: BIC = −2 log L + p log N of a fitted mixture. Typical
 * mistakes named ({@linkcode BIC}): p = 3k (the weights' constraint
 * forgotten), p = 2k, +2 log L, log₁₀ N, the AIC, no factor 2.
 *
 * @param answer The student's number.
 * @param data The fitted data (for N).
 * @param fitted The fit: its mixture and log-likelihood.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { bic, checkBic, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const fitted = { mixture: mixture([0.5, 0.5], [0, 3], [1, 1]), logLikelihood: -10 };
 * assertEquals(checkBic(bic(-10, 2, 8), new Array(8).fill(0), fitted).status, "right");
 * assertEquals(checkBic(20 + 6 * Math.log(8), new Array(8).fill(0), fitted).key, "bic.threeK");
 * ```
 */
export function checkBic(answer: unknown, data: ArrayLike<number>, fitted: FittedMixture): Verdict {
  return BIC.check(answer, data, fitted);
}

/** What the pick-k exercise reads of `selectK`'s result. */
export interface KTable {
  /** The k with the lowest BIC among proper fits. */
  readonly best: number | null;
  /** One row per k. */
  readonly rows: readonly {
    readonly k: number;
    readonly logLikelihood: number;
    readonly bic: number;
    readonly aic: number;
    readonly degenerate: boolean;
  }[];
}

type Row = KTable["rows"][number];
const proper = (c: KTable) => c.rows.filter((r) => !r.degenerate);
const highest = (rows: readonly Row[], f: (r: Row) => number) =>
  rows.reduce((a, b) => (f(b) > f(a) ? b : a));

/** Exercise 03.2 in the catalogue: `check(answer, choice)`. */
export const PICK_K: Exercise<[KTable]> = numberExercise<[KTable]>({
  id: "03.pickK",
  number: "03.2",
  notebook: NOTEBOOK,
  solution: (c) => c.best ?? NaN,
  otherForm: (c) => highest(proper(c), (r) => -r.bic).k,
  mistakes: [
    {
      id: "highestLogL",
      key: "pickK.highestLogL",
      label: "highest log L",
      answer: (c) => highest(proper(c), (r) => r.logLikelihood).k,
    },
    {
      id: "highestBic",
      key: "pickK.highestBic",
      label: "highest BIC",
      answer: (c) => highest(proper(c), (r) => r.bic).k,
    },
    {
      id: "parameters",
      key: "pickK.parameters",
      label: "the row's parameter count",
      answer: (c) => 3 * highest(proper(c), (r) => -r.bic).k - 1,
    },
    {
      id: "rowIndex",
      key: "pickK.rowIndex",
      label: "the row's index, not its k",
      answer: (c) => c.rows.indexOf(highest(proper(c), (r) => -r.bic)),
    },
  ],
});

/**
 * Exercise 03.2: the number of components BIC chooses from a `selectK`
 * table (the lowest BIC among proper fits). Typical mistakes named
 * ({@linkcode PICK_K}): the highest log-likelihood, the highest BIC, the
 * row's index instead of its k, the row's parameter count. (The lowest AIC
 * is not catalogued: on Old Faithful it falls on the highest log L.)
 *
 * @param answer The student's k.
 * @param choice `selectK`'s result: its rows and best k.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkPickK, selectK } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const x = [-2.1, -2, -1.9, -1.8, 2, 2.1, 2.2, 1.9, 2.05, -2.05];
 * const choice = selectK(x, [1, 2], { nInit: 2, seed: 1 });
 * assertEquals(checkPickK(choice.best!, choice).status, "right");
 * ```
 */
export function checkPickK(answer: unknown, choice: KTable): Verdict {
  return PICK_K.check(answer, choice);
}

/** P(component h | v) for every h, with a density and with or without the weights. */
function posteriorAt(
  m: Mixture,
  v: number,
  density: (v: number, m: number, s: number) => number = normalPdf,
  weighted = true,
): number[] {
  const t = m.means.map((mu, h) => (weighted ? m.weights[h]! : 1) * density(v, mu, m.stdDevs[h]!));
  const total = t.reduce((a, b) => a + b, 0);
  return t.map((x) => x / total);
}
const longOf = (m: Mixture) => m.means.indexOf(Math.max(...m.means));

/** Exercise 03.3 in the catalogue: `check(answer, mixture, duration)`. */
export const PREDICT_LONG: Exercise<[Mixture, number]> = numberExercise<[Mixture, number]>({
  id: "03.predict",
  number: "03.3",
  notebook: NOTEBOOK,
  solution: (m, v) => predictProba(m, [v])[0]![longOf(m)]!,
  otherForm: (m, v) => Number(predictProba(m, [v])[0]![longOf(m)]!.toPrecision(3)),
  params: (_m, duration) => ({ duration }),
  mistakes: [
    {
      id: "short",
      key: "predict.short",
      label: "P(short)",
      answer: (m, v) => 1 - predictProba(m, [v])[0]![longOf(m)]!,
    },
    {
      id: "unweighted",
      key: "predict.unweighted",
      label: "λ left out",
      answer: (m, v) => posteriorAt(m, v, normalPdf, false)[longOf(m)]!,
    },
    {
      id: "hard",
      key: "predict.hard",
      label: "the label (0 or 1)",
      answer: (m, v) => (predictProba(m, [v])[0]![longOf(m)]! > 0.5 ? 1 : 0),
    },
    {
      id: "numerator",
      key: "predict.numerator",
      label: "not normalised",
      answer: (m, v) =>
        m.weights[longOf(m)]! * normalPdf(v, m.means[longOf(m)]!, m.stdDevs[longOf(m)]!),
    },
    {
      id: "sigmaAsVariance",
      key: "predict.sigmaAsVariance",
      label: "σ for σ²",
      answer: (m, v) =>
        posteriorAt(
          m,
          v,
          (x, mu, s) => Math.exp(-((x - mu) ** 2) / (2 * s)) / Math.sqrt(2 * Math.PI * s),
        )[
          longOf(m)
        ]!,
    },
  ],
});

/**
 * Exercise 03.3: P(long | duration), the probability that an eruption of
 * this duration belongs to the component with the larger mean. Typical
 * mistakes named ({@linkcode PREDICT_LONG}): P(short), the weights left
 * out, a hard 0 or 1, the numerator alone, σ used as the variance.
 *
 * @param answer The student's number.
 * @param fitted The two-component mixture.
 * @param duration The eruption's duration.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkPredictLong, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.4, 0.6], [2, 4.3], [0.3, 0.4]);
 * assertEquals(checkPredictLong(1, m, 3).key, "predict.hard");
 * ```
 */
export function checkPredictLong(answer: unknown, fitted: Mixture, duration: number): Verdict {
  return PREDICT_LONG.check(answer, fitted, duration);
}
