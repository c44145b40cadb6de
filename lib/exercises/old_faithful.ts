/**
 * Checks of notebook 03's exercises: the BIC of a fit by hand, the k that
 * BIC picks, and the probability that an eruption belongs to the long group.
 *
 * @module
 */
import { aic, bic } from "../core/criteria.ts";
import type { Mixture } from "../core/mixture.ts";
import { parameterCount } from "../core/mixture.ts";
import { normalPdf } from "../core/normal.ts";
import { predictProba } from "../core/predict.ts";
import { judgeNumber, type Verdict } from "./verdict.ts";

/**
 * Exercise 03.1: BIC = −2 log L + p log N of a fitted mixture. Typical
 * mistakes named: p = 3k (the weights' constraint forgotten), +2 log L,
 * log₁₀ N, the AIC, no factor 2.
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
export function checkBic(
  answer: unknown,
  data: ArrayLike<number>,
  fitted: { readonly mixture: Mixture; readonly logLikelihood: number },
): Verdict {
  const k = fitted.mixture.weights.length, n = data.length, ll = fitted.logLikelihood;
  const p = parameterCount(k);
  return judgeNumber("03.bic", answer, bic(ll, k, n), [
    { value: -2 * ll + 3 * k * Math.log(n), key: "bic.threeK" },
    { value: 2 * ll + p * Math.log(n), key: "bic.sign" },
    { value: -2 * ll + p * Math.log10(n), key: "bic.log10" },
    { value: aic(ll, k), key: "bic.aic" },
    { value: -ll + (p / 2) * Math.log(n), key: "bic.noTwo" },
  ], { p });
}

/**
 * Exercise 03.2: the number of components BIC chooses from a
 * `selectK` table (the lowest BIC among proper fits). Typical mistakes
 * named: the highest log-likelihood, the highest BIC, the lowest AIC.
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
export function checkPickK(
  answer: unknown,
  choice: {
    readonly best: number | null;
    readonly rows: readonly {
      readonly k: number;
      readonly logLikelihood: number;
      readonly bic: number;
      readonly aic: number;
      readonly degenerate: boolean;
    }[];
  },
): Verdict {
  const proper = choice.rows.filter((r) => !r.degenerate);
  const by = (f: (r: (typeof proper)[number]) => number) =>
    proper.reduce((a, b) => (f(b) > f(a) ? b : a)).k;
  return judgeNumber("03.pickK", answer, choice.best ?? NaN, [
    { value: by((r) => r.logLikelihood), key: "pickK.highestLogL" },
    { value: by((r) => r.bic), key: "pickK.highestBic" },
    { value: by((r) => -r.aic), key: "pickK.aic" },
  ]);
}

/**
 * Exercise 03.3: P(long | duration), the probability that an eruption of
 * this duration belongs to the component with the larger mean. Typical
 * mistakes named: P(short), the weights left out, a hard 0 or 1.
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
  const long = fitted.means.indexOf(Math.max(...fitted.means));
  const p = predictProba(fitted, [duration])[0]!;
  const dens = fitted.means.map((m, h) => normalPdf(duration, m, fitted.stdDevs[h]!));
  const total = dens.reduce((a, b) => a + b, 0);
  const expected = p[long]!;
  return judgeNumber("03.predict", answer, expected, [
    { value: 1 - expected, key: "predict.short" },
    { value: dens[long]! / total, key: "predict.unweighted" },
    { value: expected > 0.5 ? 1 : 0, key: "predict.hard" },
  ], { duration });
}
