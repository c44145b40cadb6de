/**
 * Checks of notebook 06's exercises: KL(q ‖ p(Z | X, θ)) written as a
 * function, the bound 𝓛(q, θ) for a uniform q, and the k-means assignment
 * step written as a function.
 *
 * @module
 */
import { eStep } from "../core/e_step.ts";
import { klDecomposition } from "../derive/kl_decomposition.ts";
import { kMeans } from "../core/kmeans.ts";
import type { Mixture } from "../core/mixture.ts";
import { logNormalPdf } from "../core/normal.ts";
import { describeValue } from "../core/errors.ts";
import { callAnswer, judgeNumber, Verdict } from "./verdict.ts";

/** A student's KL: `(x, q, mixture) => KL(q ‖ p(Z | X, θ))`. */
export type KlFunction = (
  x: ArrayLike<number>,
  q: readonly (readonly number[])[],
  mixture: Mixture,
) => number;

/** A student's k-means assignment: the index (from 0) of each point's nearest centre. */
export type AssignFunction = (x: ArrayLike<number>, centres: readonly number[]) => number[];

const uniform = (n: number, k: number) =>
  Array.from({ length: n }, () => new Array<number>(k).fill(1 / k));

/**
 * Exercise 06.1: KL(q ‖ p(Z | X, θ)) as a function, checked twice on the
 * notebook's data: with q the E-step's posterior (KL = 0: the bound touches)
 * and with q uniform (the value `klDecomposition` gives). Typical mistakes
 * named: KL(p ‖ q) (the reversed direction), the sign flipped.
 *
 * @param answer The student's function.
 * @param x The notebook's data.
 * @param mixture θ.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkKl, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.5, 0.5], [0, 2], [1, 1]);
 * assertEquals(checkKl(() => 0, [0, 1, 2], m).status, "wrong");
 * ```
 */
export function checkKl(answer: unknown, x: ArrayLike<number>, mixture: Mixture): Verdict {
  const id = "06.kl";
  const k = mixture.weights.length;
  const posterior = eStep(x, mixture).responsibilities;
  const q = uniform(x.length, k);
  const called = callAnswer(id, answer, (f) => {
    const kl = f as unknown as KlFunction;
    return [kl(x, posterior, mixture), kl(x, q, mixture)] as const;
  });
  if (called instanceof Verdict) return called;
  const [atPosterior, atUniform] = called.value;
  const scale = Math.abs(klDecomposition(x, posterior, mixture).logLikelihood);
  if (typeof atPosterior !== "number" || !(Math.abs(atPosterior) <= 1e-9 * scale)) {
    return Verdict.wrong(id, "kl.notZero", { yours: describeValue(atPosterior) });
  }
  let reversed = 0;
  posterior.forEach((p, i) =>
    p.forEach((ph, h) => {
      if (ph > 0) reversed += ph * Math.log(ph / q[i]![h]!);
    })
  );
  const expected = klDecomposition(x, q, mixture).kl;
  return judgeNumber(id, atUniform, expected, [
    { value: reversed, key: "kl.reversed" },
    { value: -expected, key: "kl.sign" },
  ]);
}

/**
 * Exercise 06.2: the bound 𝓛(q, θ) for q uniform over the k components.
 * Typical mistakes named: the entropy term −Σ q log q left out (that is
 * Σᵢ Σₕ qᵢₕ log λₕ N(xᵢ | μₕ, σₕ²) alone), the entropy's sign flipped,
 * log L(θ) itself.
 *
 * @param answer The student's number.
 * @param x The notebook's data.
 * @param mixture θ.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkBound, klDecomposition, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.5, 0.5], [0, 2], [1, 1]), x = [0, 1, 2];
 * const q = x.map(() => [0.5, 0.5]);
 * assertEquals(checkBound(klDecomposition(x, q, m).lowerBound, x, m).status, "right");
 * ```
 */
export function checkBound(answer: unknown, x: ArrayLike<number>, mixture: Mixture): Verdict {
  const k = mixture.weights.length;
  const q = uniform(x.length, k);
  const { lowerBound, logLikelihood } = klDecomposition(x, q, mixture);
  let joint = 0;
  for (let i = 0; i < x.length; i++) {
    for (let h = 0; h < k; h++) {
      joint += (1 / k) *
        (Math.log(mixture.weights[h]!) +
          logNormalPdf(x[i]!, mixture.means[h]!, mixture.stdDevs[h]!));
    }
  }
  const entropy = x.length * Math.log(k);
  return judgeNumber("06.bound", answer, lowerBound, [
    { value: joint, key: "bound.noEntropy" },
    { value: joint - entropy, key: "bound.entropySign" },
    { value: logLikelihood, key: "bound.logL" },
  ]);
}

/**
 * Exercise 06.3: the k-means assignment step as a function
 * `(x, centres) => labels`, checked against the first snapshot of `kMeans`
 * from the same centres. Typical mistakes named: the farthest centre,
 * labels counted from 1.
 *
 * @param answer The student's function.
 * @param x The notebook's data.
 * @param centres The centres.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkAssignment } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const nearest = (x: ArrayLike<number>, c: readonly number[]) =>
 *   Array.from(x, (v) => (Math.abs(v - c[0]!) <= Math.abs(v - c[1]!) ? 0 : 1));
 * assertEquals(checkAssignment(nearest, [0, 1, 5, 6], [0, 6]).status, "right");
 * ```
 */
export function checkAssignment(
  answer: unknown,
  x: ArrayLike<number>,
  centres: readonly number[],
): Verdict {
  const id = "06.assign";
  const expected = kMeans(x, centres).next().value!.assignments;
  const called = callAnswer(
    id,
    answer,
    (f) => (f as unknown as AssignFunction)(x, centres) as unknown,
  );
  if (called instanceof Verdict) return called;
  const yours = called.value;
  if (!Array.isArray(yours) || yours.length !== expected.length) {
    return Verdict.wrong(id, "assign.shape", {
      yours: describeValue(yours),
      n: expected.length,
    });
  }
  const differ = (labels: readonly unknown[]) => expected.filter((e, i) => labels[i] !== e).length;
  const wrong = differ(yours);
  if (wrong === 0) return Verdict.right(id, "assign.right", { n: expected.length });
  const quoted = { wrong, n: expected.length };
  if (differ(yours.map((v) => (typeof v === "number" ? v - 1 : v))) === 0) {
    return Verdict.wrong(id, "assign.oneBased", quoted);
  }
  const far = Array.from(x, (v) => {
    let best = 0;
    centres.forEach((c, j) => {
      if (Math.abs(v - c) > Math.abs(v - centres[best]!)) best = j;
    });
    return best;
  });
  if (yours.every((v, i) => v === far[i])) {
    return Verdict.wrong(id, "assign.farthest", quoted);
  }
  return Verdict.wrong(id, "assign.wrong", quoted);
}
