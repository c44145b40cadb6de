/**
 * Checks of notebook 06's exercises: KL(q ‖ p(Z | X, θ)) written as a
 * function, the bound 𝓛(q, θ) for a uniform q, and the k-means assignment
 * step written as a function.
 *
 * @module
 */
import { eStep } from "../core/em/e_step.ts";
import { klDecomposition } from "../derive/kl_decomposition.ts";
import { kMeans } from "../core/init/kmeans.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { logNormalPdf } from "../core/math/normal.ts";
import { describeValue } from "../core/errors.ts";
import { callAnswer, formatPair, Verdict } from "./verdict.ts";
import { type Exercise, functionExercise, numberExercise } from "./exercise.ts";

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

const NOTEBOOK = "06-em-as-coordinate-ascent";

/** log p(xᵢ, h | θ) for every h (λ left out when `weighted` is false). */
const logJoint = (v: number, m: Mixture, weighted = true) =>
  m.weights.map((w, h) =>
    (weighted ? Math.log(w) : 0) + logNormalPdf(v, m.means[h]!, m.stdDevs[h]!)
  );

const logSum = (a: readonly number[]) => {
  const top = Math.max(...a);
  return top + Math.log(a.reduce((s, v) => s + Math.exp(v - top), 0));
};

/** Σᵢ Σₕ of a term built from qᵢₕ and the point's log joint. */
function klLike(
  x: ArrayLike<number>,
  q: readonly (readonly number[])[],
  m: Mixture,
  term: (qh: number, logPost: number, logJ: number) => number,
  weighted = true,
): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const lj = logJoint(x[i]!, m, weighted);
    const lp = logSum(lj);
    q[i]!.forEach((qh, h) => (s += term(qh, lj[h]! - lp, lj[h]!)));
  }
  return s;
}

const kl = (x: ArrayLike<number>, q: readonly (readonly number[])[], m: Mixture) =>
  klLike(x, q, m, (qh, lp) => (qh > 0 ? qh * (Math.log(qh) - lp) : 0));

/** Exercise 06.1 in the catalogue: `check(answer, x, mixture)`. */
export const KL: Exercise<[ArrayLike<number>, Mixture]> = functionExercise<
  [ArrayLike<number>, Mixture]
>({
  id: "06.kl",
  number: "06.1",
  notebook: NOTEBOOK,
  solution: () => kl as KlFunction,
  otherForm: () => ((x, q, m) => klDecomposition(x, q, m).kl) as KlFunction,
  mistakes: [
    {
      id: "reversed",
      key: "kl.reversed",
      label: "KL(p ‖ q)",
      answer: () =>
        ((x, q, m) =>
          klLike(x, q, m, (qh, lp) => Math.exp(lp) * (lp - Math.log(qh)))) as KlFunction,
    },
    {
      id: "sign",
      key: "kl.sign",
      label: "the sign",
      answer: () => ((x, q, m) => -kl(x, q, m)) as KlFunction,
    },
    {
      id: "noWeights",
      key: "kl.noWeights",
      label: "λ left out of the posterior",
      answer: () =>
        ((x, q, m) =>
          klLike(
            x,
            q,
            m,
            (qh, lp) => (qh > 0 ? qh * (Math.log(qh) - lp) : 0),
            false,
          )) as KlFunction,
    },
    {
      id: "unnormalised",
      key: "kl.unnormalised",
      label: "log p(x, h), not log p(h ∣ x)",
      answer: () =>
        ((x, q, m) =>
          klLike(x, q, m, (qh, _lp, lj) => (qh > 0 ? qh * (Math.log(qh) - lj) : 0))) as KlFunction,
    },
  ],
  outputs: (f, x, m) => {
    const posterior = eStep(x, m).responsibilities;
    const k = m.weights.length;
    const klf = f as unknown as KlFunction;
    return [klf(x, posterior, m), klf(x, uniform(x.length, k), m)];
  },
  agree: (a, b, i) => (i === 0 ? Math.abs(a - b) <= 1e-7 : Math.abs(a - b) <= 1e-9 * Math.abs(b)),
  wrongKey: (i) => (i === 0 ? "kl.notZero" : "kl.wrong"),
  quote: (i, yours, expected) => {
    const [y, e] = formatPair(yours[i]!, expected[i]!);
    return { yours: y, expected: e };
  },
  rightKey: "rightValue",
  rightParams: (e) => ({ yours: formatPair(e[1]!, e[1]!)[0] }),
});

/**
 * Exercise 06.1: KL(q ‖ p(Z | X, θ)) as a function, checked twice on the
 * notebook's data: with q the E-step's posterior (KL = 0: the bound touches)
 * and with q uniform (the value `klDecomposition` gives). Typical mistakes
 * named ({@linkcode KL}): KL(p ‖ q) (the reversed direction), the sign
 * flipped, λ left out of the posterior, the joint instead of the posterior.
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
  return KL.check(answer, x, mixture);
}

/** Σᵢ Σₕ qᵢₕ log p(xᵢ, h | θ) for q uniform. */
function expectedJoint(x: ArrayLike<number>, m: Mixture, weighted = true): number {
  const k = m.weights.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += logJoint(x[i]!, m, weighted).reduce((a, b) => a + b, 0) / k;
  }
  return s;
}

/** Exercise 06.2 in the catalogue: `check(answer, x, mixture)`. */
export const BOUND: Exercise<[ArrayLike<number>, Mixture]> = numberExercise<
  [ArrayLike<number>, Mixture]
>({
  id: "06.bound",
  number: "06.2",
  notebook: NOTEBOOK,
  solution: (x, m) => klDecomposition(x, uniform(x.length, m.weights.length), m).lowerBound,
  mistakes: [
    {
      id: "noEntropy",
      key: "bound.noEntropy",
      label: "entropy left out",
      answer: (x, m) => expectedJoint(x, m),
    },
    {
      id: "entropySign",
      key: "bound.entropySign",
      label: "entropy subtracted",
      answer: (x, m) => expectedJoint(x, m) - x.length * Math.log(m.weights.length),
    },
    {
      id: "logL",
      key: "bound.logL",
      label: "log L(θ)",
      answer: (x, m) => klDecomposition(x, uniform(x.length, m.weights.length), m).logLikelihood,
    },
    {
      id: "noWeights",
      key: "bound.noWeights",
      label: "λ left out",
      answer: (x, m) => expectedJoint(x, m, false) + x.length * Math.log(m.weights.length),
    },
  ],
});

/**
 * Exercise 06.2: the bound 𝓛(q, θ) for q uniform over the k components.
 * Typical mistakes named ({@linkcode BOUND}): the entropy term −Σ q log q
 * left out (that is Σᵢ Σₕ qᵢₕ log λₕ N(xᵢ | μₕ, σₕ²) alone), the entropy's
 * sign flipped, log L(θ) itself, λ left out.
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
  return BOUND.check(answer, x, mixture);
}

/** Each point's centre by a rule: the index (from 0) that `better(distance, best)` prefers. */
const assignBy =
  (better: (v: number, c: number, best: number) => boolean): AssignFunction => (x, centres) =>
    Array.from(
      x,
      (v) => centres.reduce((best, c, j) => (better(v, c, centres[best]!) ? j : best), 0),
    );

const nearest = assignBy((v, c, b) => Math.abs(v - c) < Math.abs(v - b));

/** Exercise 06.3 in the catalogue: `check(answer, x, centres)`. */
export const ASSIGNMENT: Exercise<[ArrayLike<number>, readonly number[]]> = {
  id: "06.assign",
  number: "06.3",
  notebook: NOTEBOOK,
  kind: "integers",
  solution: () => nearest,
  otherForm: () =>
    ((x, centres) =>
      Array.from(x, (v) => {
        const d = centres.map((c) => (v - c) ** 2);
        return d.indexOf(Math.min(...d));
      })) as AssignFunction,
  outputs: (f, x, centres) => (f as AssignFunction)(x, centres),
  mistakes: [
    {
      id: "farthest",
      key: "assign.farthest",
      label: "the farthest centre",
      answer: () => assignBy((v, c, b) => Math.abs(v - c) > Math.abs(v - b)),
    },
    {
      id: "oneBased",
      key: "assign.oneBased",
      label: "counted from 1",
      answer: () => ((x, c) => nearest(x, c).map((l) => l + 1)) as AssignFunction,
    },
    {
      id: "signed",
      key: "assign.signed",
      label: "v − c, no absolute value",
      answer: () => assignBy((v, c, b) => v - c < v - b),
    },
    {
      id: "firstCentre",
      key: "assign.firstCentre",
      label: "every point to centre 0",
      answer: () => ((x) => Array.from(x, () => 0)) as AssignFunction,
    },
    {
      id: "sortedIndex",
      key: "assign.sortedIndex",
      label: "index among the sorted centres",
      answer: () =>
        ((x, c) => {
          const sorted = c.toSorted((a, b) => a - b);
          return nearest(x, c).map((l) => sorted.indexOf(c[l]!));
        }) as AssignFunction,
    },
  ],
  check: (answer, x, centres) => checkAssignmentLabels(answer, x, centres),
};

function checkAssignmentLabels(
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
  for (const m of ASSIGNMENT.mistakes) {
    const theirs = (m.answer(x, centres) as AssignFunction)(x, centres);
    if (theirs.every((v, i) => v === yours[i])) return Verdict.wrong(id, m.key, quoted);
  }
  return Verdict.wrong(id, "assign.wrong", quoted);
}

/**
 * Exercise 06.3: the k-means assignment step as a function
 * `(x, centres) => labels`, checked against the first snapshot of `kMeans`
 * from the same centres. Typical mistakes named ({@linkcode ASSIGNMENT}):
 * the farthest centre, labels counted from 1, the signed difference v − c
 * (every point to the largest centre), every point to centre 0, the index
 * among the sorted centres.
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
  return ASSIGNMENT.check(answer, x, centres);
}
