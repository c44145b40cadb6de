/**
 * Checks of notebook 01's exercises: one responsibility by hand, the M-step
 * weight, the log-likelihood of the start. Each compares with the library's
 * own computation on the notebook's data.
 *
 * @module
 */
import { eStep } from "../core/e_step.ts";
import { mStep } from "../core/m_step.ts";
import { logLikelihood } from "../core/log_likelihood.ts";
import type { Mixture } from "../core/mixture.ts";
import { normalPdf } from "../core/normal.ts";
import { judgeNumber, type Verdict } from "./verdict.ts";

/**
 * Exercise 01.1: p̄(1 | x₁), the responsibility of component 1 for the first
 * point under `start`. Typical mistakes named: λ left out, the numerator
 * λ₁ N(x₁ | μ₁, σ₁²) not divided by the sum, component 2's value.
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
  const x1 = x[0]!;
  const r = eStep([x1], start).responsibilities[0]!;
  const dens = start.means.map((m, h) => normalPdf(x1, m, start.stdDevs[h]!));
  const total = dens.reduce((a, b) => a + b, 0);
  return judgeNumber("01.responsibility", answer, r[0]!, [
    { value: dens[0]! / total, key: "responsibility.unweighted" },
    { value: start.weights[0]! * dens[0]!, key: "responsibility.numerator" },
    { value: r[1]!, key: "responsibility.otherComponent" },
  ]);
}

/**
 * Exercise 01.2: λ₁ after one M-step from `start`. Typical mistakes named:
 * N₁ = Σᵢ p̄(1 | xᵢ) not divided by N, the share of points whose larger
 * responsibility is component 1's, the start's λ₁, component 2's weight.
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
  const { responsibilities } = eStep(x, start);
  const expected = mStep(x, responsibilities).mixture.weights[0]!;
  const n1 = responsibilities.reduce((s, r) => s + r[0]!, 0);
  const hard = responsibilities.filter((r) => r[0]! > r[1]!).length / x.length;
  return judgeNumber("01.weight", answer, expected, [
    { value: n1, key: "weight.notDivided" },
    { value: hard, key: "weight.hard" },
    { value: start.weights[0]!, key: "weight.oldWeight" },
    { value: 1 - expected, key: "weight.otherComponent" },
  ]);
}

/**
 * Exercise 01.3: log L of `start` on the data. Typical mistakes named: the
 * log taken inside the sum over components, λ left out, the mean instead of
 * the sum, log₁₀, the product L itself (0 in floating point).
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
  const expected = logLikelihood(x, start);
  let inside = 0, noWeights = 0;
  for (let i = 0; i < x.length; i++) {
    let s = 0;
    start.means.forEach((m, h) => {
      const p = normalPdf(x[i]!, m, start.stdDevs[h]!);
      inside += Math.log(start.weights[h]! * p);
      s += p;
    });
    noWeights += Math.log(s);
  }
  return judgeNumber("01.logLikelihood", answer, expected, [
    { value: inside, key: "logL.logInside" },
    { value: noWeights, key: "logL.noWeights" },
    { value: expected / x.length, key: "logL.mean" },
    { value: expected / Math.LN10, key: "logL.log10" },
    { value: 0, key: "logL.product" },
  ]);
}
