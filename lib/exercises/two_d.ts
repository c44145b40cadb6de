/**
 * Checks of notebook 05's exercises: the 2-D covariance update written as a
 * function, a Mahalanobis distance, and the number of free parameters of a
 * full-covariance mixture.
 *
 * @module
 */
import type { Points } from "../core/nd/_validate.ts";
import { cholesky, mahalanobis2 } from "../core/nd/_linalg.ts";
import { eStepMv } from "../core/nd/e_step.ts";
import { mStepMv } from "../core/nd/m_step.ts";
import { type MvMixture, mvParameterCount } from "../core/nd/mixture.ts";
import { callAnswer, close, formatNumber, judgeNumber, Verdict } from "./verdict.ts";

/** A student's covariance update: Σₕ from the points and the responsibilities (h from 0). */
export type CovarianceUpdate = (
  points: Points,
  responsibilities: readonly (readonly number[])[],
  h: number,
) => number[][];

function scatter(points: Points, r: readonly (readonly number[])[], h: number, centre?: number[]) {
  const d = points[0]!.length;
  let nh = 0;
  const sum = new Array<number>(d).fill(0);
  points.forEach((p, i) => {
    nh += r[i]![h]!;
    p.forEach((v, j) => (sum[j]! += r[i]![h]! * v));
  });
  const mean = sum.map((s) => s / nh);
  const c = centre ?? mean;
  const s = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const raw = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  points.forEach((p, i) => {
    const w = r[i]![h]!;
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        s[a]![b]! += w * (p[a]! - c[a]!) * (p[b]! - c[b]!);
        raw[a]![b]! += w * p[a]! * p[b]!;
      }
    }
  });
  return { nh, s, raw };
}

const matrixText = (m: readonly (readonly number[])[]) =>
  `[${m.map((row) => `[${row.map(formatNumber).join(", ")}]`).join(", ")}]`;

function sameMatrix(a: unknown, b: readonly (readonly number[])[]): boolean {
  return Array.isArray(a) && a.length === b.length &&
    b.every((row, i) => {
      const ai: unknown = a[i];
      return Array.isArray(ai) && ai.length === row.length &&
        row.every((v, j) => typeof ai[j] === "number" && close(ai[j] as number, v));
    });
}

/**
 * Exercise 05.1: Σₕ as a function `(points, responsibilities, h) => Σₕ`,
 * checked for every component against `mStepMv` without the ridge, with the
 * responsibilities of `mixture` on the notebook's points. Typical mistakes
 * named: dividing by N instead of Nₕ, deviations from the old mean, the
 * off-diagonal terms left at 0, the uncentred second moment.
 *
 * @param answer The student's function.
 * @param points The notebook's points.
 * @param mixture The mixture whose E-step gives the responsibilities.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the notebook's data or mixture is not valid (never for the answer).
 * @throws {ParameterRangeError} When the notebook's data or mixture is not valid (never for the answer).
 *
 * @example
 * ```ts
 * import { checkCovarianceUpdate, mvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const points = [[0, 0], [1, 2], [2, 1], [5, 5], [6, 7], [7, 6]];
 * const m = mvMixture([0.5, 0.5], [[1, 1], [6, 6]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * assertEquals(checkCovarianceUpdate(undefined, points, m).status, "unanswered");
 * assertEquals(checkCovarianceUpdate(() => [[1, 0], [0, 1]], points, m).status, "wrong");
 * ```
 */
export function checkCovarianceUpdate(
  answer: unknown,
  points: Points,
  mixture: MvMixture,
): Verdict {
  const id = "05.covariance";
  const r = eStepMv(points, mixture).responsibilities;
  const expected = mStepMv(points, r, { ridge: 0 }).mixture.covariances;
  const called = callAnswer(
    id,
    answer,
    (f) => expected.map((_, h) => (f as unknown as CovarianceUpdate)(points, r, h)),
  );
  if (called instanceof Verdict) return called;
  for (let h = 0; h < expected.length; h++) {
    const yours: unknown = called.value[h];
    const want = expected[h]!;
    if (sameMatrix(yours, want)) continue;
    const quoted = {
      component: h + 1,
      yours: Array.isArray(yours) ? matrixText(yours as number[][]) : String(yours),
      expected: matrixText(want),
    };
    if (yours === undefined) return Verdict.wrong(id, "returnedNothing");
    const own = scatter(points, r, h);
    const old = scatter(points, r, h, [...mixture.means[h]!]);
    const n = points.length;
    const mistakes: [number[][], Parameters<typeof Verdict.wrong>[1]][] = [
      [own.s.map((row) => row.map((v) => v / n)), "cov.divideByN"],
      [old.s.map((row) => row.map((v) => v / old.nh)), "cov.oldMean"],
      [want.map((row, a) => row.map((v, b) => (a === b ? v : 0))), "cov.diagonal"],
      [own.raw.map((row) => row.map((v) => v / own.nh)), "cov.uncentred"],
    ];
    for (const [m, key] of mistakes) {
      if (!sameMatrix(want, m) && sameMatrix(yours, m)) return Verdict.wrong(id, key, quoted);
    }
    return Verdict.wrong(id, "cov.wrong", quoted);
  }
  return Verdict.right(id, "rightFunction", { components: expected.length });
}

/**
 * Exercise 05.2: the Mahalanobis distance √((x − μₕ)ᵀ Σₕ⁻¹ (x − μₕ)) of a
 * point from component h (counted from 0). Typical mistakes named: the
 * squared distance, the Euclidean distance, Σ used where Σ⁻¹ belongs.
 *
 * @param answer The student's number.
 * @param point The point.
 * @param mixture The mixture.
 * @param h The component (from 0). @default 0
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkMahalanobis, mvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mvMixture([1], [[0, 0]], [[[4, 0], [0, 1]]]);
 * assertEquals(checkMahalanobis(Math.sqrt(2), [2, 1], m).status, "right");
 * assertEquals(checkMahalanobis(Math.sqrt(5), [2, 1], m).key, "mahal.euclidean");
 * ```
 */
export function checkMahalanobis(
  answer: unknown,
  point: readonly number[],
  mixture: MvMixture,
  h = 0,
): Verdict {
  const mean = mixture.means[h]!, cov = mixture.covariances[h]!;
  const d2 = mahalanobis2([...point], mean, cholesky(cov)!);
  const diff = point.map((v, j) => v - mean[j]!);
  const euclid = Math.hypot(...diff);
  const notInverse = Math.sqrt(
    diff.reduce((s, a, i) => s + diff.reduce((t, b, j) => t + a * cov[i]![j]! * b, 0), 0),
  );
  return judgeNumber("05.mahalanobis", answer, Math.sqrt(d2), [
    { value: d2, key: "mahal.squared" },
    { value: euclid, key: "mahal.euclidean" },
    { value: notInverse, key: "mahal.notInverse" },
  ], { component: h + 1 });
}

/**
 * Exercise 05.3: the free parameters of a k-component full-covariance
 * mixture in d dimensions, k·d + k·d(d+1)/2 + k − 1. Typical mistakes named:
 * all d² covariance entries counted, k free weights, the weights left out,
 * diagonal covariances.
 *
 * @param answer The student's count.
 * @param k Components.
 * @param d Dimensions.
 * @returns The verdict.
 *
 * @example
 * ```ts
 * import { checkParameterCount } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkParameterCount(17, 3, 2).status, "right");
 * assertEquals(checkParameterCount(20, 3, 2).key, "params.fullMatrix");
 * ```
 */
export function checkParameterCount(answer: unknown, k: number, d: number): Verdict {
  const expected = mvParameterCount(k, d);
  return judgeNumber("05.parameters", answer, expected, [
    { value: k * d + k * d * d + k - 1, key: "params.fullMatrix" },
    { value: expected + 1, key: "params.weightsFree" },
    { value: expected - (k - 1), key: "params.noWeights" },
    { value: 2 * k * d + k - 1, key: "params.diagonal" },
  ], { k, d });
}
