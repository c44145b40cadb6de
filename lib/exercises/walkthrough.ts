/**
 * Checks of notebook 01's exercises: one responsibility by hand, the M-step
 * weight, the log-likelihood of the start. Each compares with the library's
 * own computation on the notebook's data.
 *
 * @module
 */
import { eStep } from "../core/em/e_step.ts";
import { mStep } from "../core/em/m_step.ts";
import { logLikelihood } from "../core/em/log_likelihood.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { normalPdf } from "../core/math/normal.ts";
import type { Verdict } from "./verdict.ts";
import { type Exercise, numberExercise } from "./exercise.ts";

const NOTEBOOK = "01-em-walkthrough";

/** The normal density with σ read as the variance: the "σ for σ²" mistake. */
const pdfSigmaAsVariance = (v: number, m: number, s: number) =>
  Math.exp(-((v - m) ** 2) / (2 * s)) / Math.sqrt(2 * Math.PI * s);

/** p̄(h | v) for every h under m, with a density and with or without the weights. */
function posterior(
  v: number,
  m: Mixture,
  density: (v: number, m: number, s: number) => number = normalPdf,
  weighted = true,
): number[] {
  const terms = m.means.map((mu, h) =>
    (weighted ? m.weights[h]! : 1) * density(v, mu, m.stdDevs[h]!)
  );
  const total = terms.reduce((a, b) => a + b, 0);
  return terms.map((t) => t / total);
}

/** Exercise 01.1 in the catalogue: `check(answer, x, mixture)`. */
export const RESPONSIBILITY: Exercise<[ArrayLike<number>, Mixture]> = numberExercise<
  [ArrayLike<number>, Mixture]
>({
  id: "01.responsibility",
  number: "01.1",
  notebook: NOTEBOOK,
  solution: (x, m) => eStep([x[0]!], m).responsibilities[0]![0]!,
  mistakes: [
    {
      id: "unweighted",
      key: "responsibility.unweighted",
      label: "λ left out",
      answer: (x, m) => posterior(x[0]!, m, normalPdf, false)[0]!,
    },
    {
      id: "numerator",
      key: "responsibility.numerator",
      label: "not normalised",
      answer: (x, m) => m.weights[0]! * normalPdf(x[0]!, m.means[0]!, m.stdDevs[0]!),
    },
    {
      id: "otherComponent",
      key: "responsibility.otherComponent",
      label: "component 2",
      answer: (x, m) => posterior(x[0]!, m)[1]!,
    },
    {
      id: "sigmaAsVariance",
      key: "responsibility.sigmaAsVariance",
      label: "σ for σ²",
      answer: (x, m) => posterior(x[0]!, m, pdfSigmaAsVariance)[0]!,
    },
    {
      id: "secondPoint",
      key: "responsibility.secondPoint",
      label: "x[1], not x[0]",
      answer: (x, m) => posterior(x[1]!, m)[0]!,
    },
  ],
});

/**
 * Exercise 01.1: p̄(1 | x₁), the responsibility of component 1 for the first
 * point under `start`. Typical mistakes named ({@linkcode RESPONSIBILITY}):
 * λ left out, the numerator λ₁ N(x₁ | μ₁, σ₁²) not divided by the sum,
 * component 2's value, σ used as the variance, the second point x[1].
 *
 * @param answer The student's number (undefined: not answered yet).
 * @param x The notebook's data.
 * @param start The mixture the E-step uses.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkResponsibility, eStep, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.3, 0.7], [0, 2], [1, 1]);
 * const r = eStep([1, 2], m).responsibilities[0]![0]!;
 * assertEquals(checkResponsibility(r, [1, 2], m).status, "right");
 * assertEquals(checkResponsibility(undefined, [1, 2], m).status, "unanswered");
 * ```
 */
export function checkResponsibility(
  answer: unknown,
  x: ArrayLike<number>,
  start: Mixture,
): Verdict {
  return RESPONSIBILITY.check(answer, x, start);
}

/** The M-step's λ₁ after an E-step with the given posterior. */
function meanResponsibility(x: ArrayLike<number>, m: Mixture, weighted = true): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += posterior(x[i]!, m, normalPdf, weighted)[0]!;
  return s / x.length;
}

/** Exercise 01.2 in the catalogue: `check(answer, x, mixture)`. */
export const M_STEP_WEIGHT: Exercise<[ArrayLike<number>, Mixture]> = numberExercise<
  [ArrayLike<number>, Mixture]
>({
  id: "01.weight",
  number: "01.2",
  notebook: NOTEBOOK,
  solution: (x, m) => mStep(x, eStep(x, m).responsibilities).mixture.weights[0]!,
  mistakes: [
    {
      id: "notDivided",
      key: "weight.notDivided",
      label: "N₁, not N₁ / N",
      answer: (x, m) => eStep(x, m).responsibilities.reduce((s, r) => s + r[0]!, 0),
    },
    {
      id: "hard",
      key: "weight.hard",
      label: "hard assignments",
      answer: (x, m) => eStep(x, m).responsibilities.filter((r) => r[0]! > r[1]!).length / x.length,
    },
    {
      id: "oldWeight",
      key: "weight.oldWeight",
      label: "the start's λ₁",
      answer: (_x, m) => m.weights[0]!,
    },
    {
      id: "otherComponent",
      key: "weight.otherComponent",
      label: "λ₂",
      answer: (x, m) => 1 - mStep(x, eStep(x, m).responsibilities).mixture.weights[0]!,
    },
    {
      id: "unweighted",
      key: "weight.unweighted",
      label: "λ left out of the E-step",
      answer: (x, m) => meanResponsibility(x, m, false),
    },
  ],
});

/**
 * Exercise 01.2: λ₁ after one M-step from `start`. Typical mistakes named
 * ({@linkcode M_STEP_WEIGHT}): N₁ = Σᵢ p̄(1 | xᵢ) not divided by N, the share
 * of points whose larger responsibility is component 1's, the start's λ₁,
 * component 2's weight, an E-step without the weights.
 *
 * @param answer The student's number.
 * @param x The notebook's data.
 * @param start The mixture before the step.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkMStepWeight, eStep, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.5, 0.5], [0, 2], [1, 1]), x = [0, 1, 3];
 * const n1 = eStep(x, m).responsibilities.reduce((s, r) => s + r[0]!, 0);
 * assertEquals(checkMStepWeight(n1 / 3, x, m).status, "right");
 * assertEquals(checkMStepWeight(n1, x, m).key, "weight.notDivided");
 * ```
 */
export function checkMStepWeight(answer: unknown, x: ArrayLike<number>, start: Mixture): Verdict {
  return M_STEP_WEIGHT.check(answer, x, start);
}

/** Σᵢ of a per-point term. */
function sumOver(x: ArrayLike<number>, term: (v: number) => number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += term(x[i]!);
  return s;
}

/** Exercise 01.3 in the catalogue: `check(answer, x, mixture)`. */
export const LOG_LIKELIHOOD: Exercise<[ArrayLike<number>, Mixture]> = numberExercise<
  [ArrayLike<number>, Mixture]
>({
  id: "01.logLikelihood",
  number: "01.3",
  notebook: NOTEBOOK,
  solution: (x, m) => logLikelihood(x, m),
  otherForm: (x, m) => Number(logLikelihood(x, m).toFixed(2)),
  mistakes: [
    {
      id: "logInside",
      key: "logL.logInside",
      label: "log inside the sum",
      answer: (x, m) =>
        sumOver(x, (v) =>
          m.means.reduce(
            (s, mu, h) => s + Math.log(m.weights[h]! * normalPdf(v, mu, m.stdDevs[h]!)),
            0,
          )),
    },
    {
      id: "noWeights",
      key: "logL.noWeights",
      label: "λ left out",
      answer: (x, m) =>
        sumOver(
          x,
          (v) => Math.log(m.means.reduce((s, mu, h) => s + normalPdf(v, mu, m.stdDevs[h]!), 0)),
        ),
    },
    {
      id: "mean",
      key: "logL.mean",
      label: "mean, not sum",
      answer: (x, m) => logLikelihood(x, m) / x.length,
    },
    {
      id: "log10",
      key: "logL.log10",
      label: "log₁₀",
      answer: (x, m) => logLikelihood(x, m) / Math.LN10,
    },
    { id: "product", key: "logL.product", label: "the product L (0)", answer: () => 0 },
    {
      id: "sigmaAsVariance",
      key: "logL.sigmaAsVariance",
      label: "σ for σ²",
      answer: (x, m) =>
        sumOver(x, (v) =>
          Math.log(
            m.means.reduce(
              (s, mu, h) => s + m.weights[h]! * pdfSigmaAsVariance(v, mu, m.stdDevs[h]!),
              0,
            ),
          )),
    },
  ],
});

/**
 * Exercise 01.3: log L of `start` on the data. Typical mistakes named
 * ({@linkcode LOG_LIKELIHOOD}): the log taken inside the sum over
 * components, λ left out, the mean instead of the sum, log₁₀, the product L
 * itself (0 in floating point), σ used as the variance.
 *
 * @param answer The student's number.
 * @param x The notebook's data.
 * @param start The mixture.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkLogLikelihood, logLikelihood, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.3, 0.7], [0, 2], [1, 1]);
 * assertEquals(checkLogLikelihood(logLikelihood([0, 1], m), [0, 1], m).status, "right");
 * ```
 */
export function checkLogLikelihood(answer: unknown, x: ArrayLike<number>, start: Mixture): Verdict {
  return LOG_LIKELIHOOD.check(answer, x, start);
}
