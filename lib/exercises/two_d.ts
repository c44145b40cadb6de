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
import { type MvMixture, mvParameterCount } from "../core/nd/mixture.ts";
import { formatNumber, type Verdict } from "./verdict.ts";
import { type Exercise, functionExercise, numberExercise } from "./exercise.ts";

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
  return { nh, s, raw, mean };
}

const NOTEBOOK = "05-old-faithful-2d";

const matrixText = (m: readonly (readonly number[])[]) =>
  `[${m.map((row) => `[${row.map(formatNumber).join(", ")}]`).join(", ")}]`;

type R = readonly (readonly number[])[];

/** A covariance update built from the scatter: centre and divisor chosen. */
function covarianceBy(
  pick: (own: ReturnType<typeof scatter>, n: number) => number[][],
  centre?: (h: number) => number[],
): CovarianceUpdate {
  return (pts, r, h) => pick(scatter(pts, r, h, centre?.(h)), pts.length);
}

const responsibilitiesOf = (points: Points, m: MvMixture) => eStepMv(points, m).responsibilities;

/** Exercise 05.1 in the catalogue: `check(answer, points, mixture)`. */
export const COVARIANCE_UPDATE: Exercise<[Points, MvMixture]> = functionExercise<
  [Points, MvMixture]
>({
  id: "05.covariance",
  number: "05.1",
  notebook: NOTEBOOK,
  solution: () => covarianceBy((o) => o.s.map((row) => row.map((v) => v / o.nh))),
  otherForm: () =>
    covarianceBy((o) => {
      // E[x xᵀ] − μ μᵀ, weighted
      const mean = o.mean;
      return o.raw.map((row, a) => row.map((v, b) => v / o.nh - mean[a]! * mean[b]!));
    }),
  mistakes: [
    {
      id: "divideByN",
      key: "cov.divideByN",
      label: "÷ N, not ÷ Nₕ",
      answer: () => covarianceBy((o, n) => o.s.map((row) => row.map((v) => v / n))),
    },
    {
      id: "nhMinusOne",
      key: "cov.nhMinusOne",
      label: "÷ (Nₕ − 1)",
      answer: () => covarianceBy((o) => o.s.map((row) => row.map((v) => v / (o.nh - 1)))),
    },
    {
      id: "oldMean",
      key: "cov.oldMean",
      label: "deviations from the old μ",
      answer: (_p, m) =>
        covarianceBy((o) => o.s.map((row) => row.map((v) => v / o.nh)), (h) => [...m.means[h]!]),
    },
    {
      id: "diagonal",
      key: "cov.diagonal",
      label: "off-diagonal left at 0",
      answer: () =>
        covarianceBy((o) => o.s.map((row, a) => row.map((v, b) => (a === b ? v / o.nh : 0)))),
    },
    {
      id: "uncentred",
      key: "cov.uncentred",
      label: "mean not subtracted",
      answer: () => covarianceBy((o) => o.raw.map((row) => row.map((v) => v / o.nh))),
    },
  ],
  outputs: (f, points, m) => {
    const r = responsibilitiesOf(points, m);
    return m.weights.flatMap((_, h) => {
      const c: unknown = (f as unknown as CovarianceUpdate)(points, r, h);
      if (!Array.isArray(c)) return [c];
      return c.flatMap((row: unknown) => (Array.isArray(row) ? row : [row]));
    });
  },
  wrongKey: "cov.wrong",
  quote: (i, yours, expected, points) => {
    const d = points[0]!.length, h = Math.floor(i / (d * d));
    const matrix = (v: readonly number[]) =>
      Array.from({ length: d }, (_, a) => v.slice(h * d * d + a * d, h * d * d + (a + 1) * d));
    return {
      component: h + 1,
      yours: matrixText(matrix(yours)),
      expected: matrixText(matrix(expected)),
    };
  },
  rightParams: (_e, _p, m) => ({ components: m.weights.length }),
});

/**
 * Exercise 05.1: Σₕ as a function `(points, responsibilities, h) => Σₕ`,
 * checked for every component against the M-step without the ridge, with
 * the responsibilities of `mixture` on the notebook's points. Typical
 * mistakes named ({@linkcode COVARIANCE_UPDATE}): dividing by N or by
 * Nₕ − 1 instead of Nₕ, deviations from the old mean, the off-diagonal
 * entries left at 0, the uncentred second moment.
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
  return COVARIANCE_UPDATE.check(answer, points, mixture);
}

/** √(dᵀ A d) for a symmetric matrix A given as rows. */
const quadratic = (diff: readonly number[], a: readonly (readonly number[])[]) =>
  Math.sqrt(diff.reduce((s, u, i) => s + diff.reduce((t, v, j) => t + u * a[i]![j]! * v, 0), 0));

const distanceTo = (point: readonly number[], m: MvMixture, h: number) =>
  Math.sqrt(mahalanobis2([...point], m.means[h]!, cholesky(m.covariances[h]!)!));

const diffOf = (point: readonly number[], m: MvMixture, h: number) =>
  point.map((v, j) => v - m.means[h]![j]!);

/** Exercise 05.2 in the catalogue: `check(answer, point, mixture, h = 0)`. */
export const MAHALANOBIS: Exercise<[readonly number[], MvMixture, number?]> = numberExercise<
  [readonly number[], MvMixture, number?]
>({
  id: "05.mahalanobis",
  number: "05.2",
  notebook: NOTEBOOK,
  solution: (p, m, h = 0) => distanceTo(p, m, h),
  params: (_p, _m, h = 0) => ({ component: h + 1 }),
  mistakes: [
    {
      id: "squared",
      key: "mahal.squared",
      label: "the square",
      answer: (p, m, h = 0) => distanceTo(p, m, h) ** 2,
    },
    {
      id: "euclidean",
      key: "mahal.euclidean",
      label: "Euclidean",
      answer: (p, m, h = 0) => Math.hypot(...diffOf(p, m, h)),
    },
    {
      id: "notInverse",
      key: "mahal.notInverse",
      label: "Σ for Σ⁻¹",
      answer: (p, m, h = 0) => quadratic(diffOf(p, m, h), m.covariances[h]!),
    },
    {
      id: "diagonalOnly",
      key: "mahal.diagonalOnly",
      label: "off-diagonal ignored",
      answer: (p, m, h = 0) => {
        const c = m.covariances[h]!;
        return Math.sqrt(diffOf(p, m, h).reduce((s, v, j) => s + (v * v) / c[j]![j]!, 0));
      },
    },
    {
      id: "otherComponent",
      key: "mahal.otherComponent",
      label: "component 2",
      answer: (p, m, h = 0) => distanceTo(p, m, (h + 1) % m.weights.length),
    },
  ],
});

/**
 * Exercise 05.2: the Mahalanobis distance √((x − μₕ)ᵀ Σₕ⁻¹ (x − μₕ)) of a
 * point from component h (counted from 0). Typical mistakes named
 * ({@linkcode MAHALANOBIS}): the squared distance, the Euclidean distance,
 * Σ used where Σ⁻¹ belongs, the off-diagonal entry ignored, the other
 * component.
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
  return MAHALANOBIS.check(answer, point, mixture, h);
}

/** Exercise 05.3 in the catalogue: `check(answer, k, d)`. */
export const PARAMETER_COUNT: Exercise<[number, number]> = numberExercise<[number, number]>({
  id: "05.parameters",
  number: "05.3",
  notebook: NOTEBOOK,
  solution: (k, d) => mvParameterCount(k, d),
  otherForm: (k, d) => k * (d + (d * (d + 1)) / 2 + 1) - 1,
  params: (k, d) => ({ k, d }),
  mistakes: [
    {
      id: "fullMatrix",
      key: "params.fullMatrix",
      label: "d² covariance entries",
      answer: (k, d) => k * d + k * d * d + k - 1,
    },
    {
      id: "weightsFree",
      key: "params.weightsFree",
      label: "k free weights",
      answer: (k, d) => mvParameterCount(k, d) + 1,
    },
    {
      id: "noWeights",
      key: "params.noWeights",
      label: "weights left out",
      answer: (k, d) => mvParameterCount(k, d) - (k - 1),
    },
    {
      id: "diagonal",
      key: "params.diagonal",
      label: "diagonal covariances",
      answer: (k, d) => 2 * k * d + k - 1,
    },
    {
      id: "noMeans",
      key: "params.noMeans",
      label: "means left out",
      answer: (k, d) => mvParameterCount(k, d) - k * d,
    },
  ],
});

/**
 * Exercise 05.3: the free parameters of a k-component full-covariance
 * mixture in d dimensions, k·d + k·d(d+1)/2 + k − 1. Typical mistakes named
 * ({@linkcode PARAMETER_COUNT}): all d² covariance entries counted, k free
 * weights, the weights left out, diagonal covariances, the means left out.
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
  return PARAMETER_COUNT.check(answer, k, d);
}
