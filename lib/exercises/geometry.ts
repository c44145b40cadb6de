/**
 * Checks of notebook 05's exercises on the geometry of the covariance
 * models, Σₕ = λₕ Dₕ Aₕ Dₕᵀ (mclust's volume λ, shape A and orientation
 * D): the free parameters of a model such as VVE, the volume of a fitted
 * covariance and the smaller entry of its shape.
 *
 * @module
 */
import { realEigenvalues } from "../core/math/_eigen.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { cholesky, eigenSymmetric2 } from "../core/nd/_linalg.ts";
import { MV_MODELS, mvModelParameterCount } from "../core/nd/criteria.ts";
import type { MvModelName } from "../core/nd/em.ts";
import type { Verdict } from "./verdict.ts";
import { type Exercise, numberExercise } from "./exercise.ts";

const NOTEBOOK = "05-old-faithful-2d";

/** A symmetric matrix given as rows. */
type Matrix = readonly (readonly number[])[];

/** The covariance parameters of each letter of a model's name: volume, shape, orientation. */
function covarianceParts(model: MvModelName, k: number, d: number) {
  const times = (letter: string) => (letter === "V" ? k : letter === "E" ? 1 : 0);
  const r = (d * (d - 1)) / 2;
  return {
    volume: times(model[0]!),
    shape: times(model[1]!) * (d - 1),
    orientation: times(model[2]!) * r,
    /** What an orientation costs per component, and how many times the model counts it. */
    r,
    orientations: times(model[2]!),
    shapes: times(model[1]!),
  };
}

function checkModel(model: unknown): MvModelName {
  if (typeof model !== "string" || !(MV_MODELS as readonly string[]).includes(model)) {
    throw new ParameterRangeError(
      "model",
      `one of mclust's models, ${MV_MODELS.join(", ")}`,
      describeValue(model),
    );
  }
  return model as MvModelName;
}

/** Exercise 05.4 in the catalogue: `check(answer, model, k, d)`. */
export const MODEL_PARAMETER_COUNT: Exercise<[MvModelName, number, number]> = numberExercise<
  [MvModelName, number, number]
>({
  id: "05.modelParameters",
  number: "05.4",
  notebook: NOTEBOOK,
  solution: (model, k, d) => mvModelParameterCount(checkModel(model), k, d),
  otherForm: (model, k, d) => {
    const p = covarianceParts(checkModel(model), k, d);
    return k - 1 + k * d + p.volume + p.shape + p.orientation;
  },
  params: (model, k, d) => ({ model, k, d }),
  mistakes: [
    {
      id: "orientationPerComponent",
      key: "params.orientationPerComponent",
      label: "an orientation per component",
      answer: (model, k, d) => {
        const p = covarianceParts(model, k, d);
        return mvModelParameterCount(model, k, d) + (k - p.orientations) * p.r;
      },
    },
    {
      id: "shapeAllFree",
      key: "params.shapeAllFree",
      label: "d free shape entries, not d − 1",
      answer: (model, k, d) =>
        mvModelParameterCount(model, k, d) + covarianceParts(model, k, d).shapes,
    },
    {
      id: "covarianceOnly",
      key: "params.covarianceOnly",
      label: "the covariances' parameters only",
      answer: (model, k, d) => mvModelParameterCount(model, k, d) - (k - 1) - k * d,
    },
    {
      id: "weightsFree",
      key: "params.weightsFree",
      label: "k free weights",
      answer: (model, k, d) => mvModelParameterCount(model, k, d) + 1,
    },
    {
      id: "noWeights",
      key: "params.noWeights",
      label: "weights left out",
      answer: (model, k, d) => mvModelParameterCount(model, k, d) - (k - 1),
    },
    {
      id: "noMeans",
      key: "params.noMeans",
      label: "means left out",
      answer: (model, k, d) => mvModelParameterCount(model, k, d) - k * d,
    },
  ],
});

/**
 * Exercise 05.4: the free parameters of a k-component mixture of one of
 * mclust's models in d dimensions: (k − 1) weights, k·d means, and for the
 * covariances one volume, d − 1 shape entries (|A| = 1) and d(d − 1)/2
 * orientation angles, each counted once when the model's letter is E, k
 * times when it is V, never when it is I. Typical mistakes named
 * ({@linkcode MODEL_PARAMETER_COUNT}): an orientation per component for a
 * shared one, d free shape entries, the covariances' parameters alone, k
 * free weights, the weights or the means left out.
 *
 * @param answer The student's count.
 * @param model The model, by mclust's name ("VVE", "EEI", …).
 * @param k Components.
 * @param d Dimensions.
 * @returns The verdict.
 * @throws {ParameterRangeError} When the model is not one of mclust's or k or d is unusable (never for the answer).
 * @throws {ParameterTypeError} When k or d is not a number (never for the answer).
 *
 * @example
 * ```ts
 * import { checkModelParameterCount } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkModelParameterCount(15, "VVE", 3, 2).status, "right");
 * assertEquals(checkModelParameterCount(17, "VVE", 3, 2).key, "params.orientationPerComponent");
 * ```
 */
export function checkModelParameterCount(
  answer: unknown,
  model: MvModelName,
  k: number,
  d: number,
): Verdict {
  return MODEL_PARAMETER_COUNT.check(answer, model, k, d);
}

/** The matrix, checked to be a symmetric positive-definite d × d covariance. */
function checkCovariance(covariance: unknown): Matrix {
  const expected = "a symmetric positive-definite d × d matrix, as rows";
  if (
    !Array.isArray(covariance) || covariance.length === 0 ||
    !covariance.every((row) =>
      Array.isArray(row) && row.length === covariance.length &&
      row.every((v) => typeof v === "number")
    )
  ) {
    throw new ParameterTypeError("covariance", expected, describeValue(covariance));
  }
  const m = covariance as number[][];
  const symmetric = m.every((row, a) =>
    row.every((v, b) => Math.abs(v - m[b]![a]!) <= 1e-9 * Math.max(1, Math.abs(v)))
  );
  if (!symmetric || cholesky(m) === null) {
    throw new ParameterRangeError("covariance", expected, describeValue(covariance));
  }
  return m;
}

/** |Σ| from its Cholesky factor. */
const determinant = (m: Matrix) => cholesky(m)!.reduce((p, row, i) => p * row[i]! ** 2, 1);

/** Eigenvalues of a symmetric positive-definite matrix, largest first. */
function eigenvalues(m: Matrix): number[] {
  if (m.length === 2) return [...eigenSymmetric2(m[0]![0]!, m[0]![1]!, m[1]![1]!).values];
  return realEigenvalues(m).sort((a, b) => b - a);
}

/** The volume of the d-dimensional unit ball (π in 2-D). */
function unitBall(d: number): number {
  return d === 0 ? 1 : d === 1 ? 2 : (2 * Math.PI / d) * unitBall(d - 2);
}

/** mclust's volume λ = |Σ|^{1/d}. */
const volumeOf = (m: Matrix) => determinant(checkCovariance(m)) ** (1 / m.length);

/** Exercise 05.5 in the catalogue: `check(answer, covariance)`. */
export const VOLUME: Exercise<[Matrix]> = numberExercise<[Matrix]>({
  id: "05.volume",
  number: "05.5",
  notebook: NOTEBOOK,
  solution: (m) => volumeOf(m),
  otherForm: (m) => {
    // the geometric mean of the eigenvalues
    const e = eigenvalues(checkCovariance(m));
    return Math.exp(e.reduce((s, v) => s + Math.log(v), 0) / e.length);
  },
  mistakes: [
    {
      id: "determinant",
      key: "volume.determinant",
      label: "det Σ without the d-th root",
      answer: (m) => determinant(m),
    },
    {
      id: "meanVariance",
      key: "volume.meanVariance",
      label: "tr Σ / d",
      answer: (m) => m.reduce((s, row, i) => s + row[i]!, 0) / m.length,
    },
    {
      id: "diagonalOnly",
      key: "volume.diagonalOnly",
      label: "the diagonal's product, covariances left out",
      answer: (m) => m.reduce((p, row, i) => p * row[i]!, 1) ** (1 / m.length),
    },
    {
      id: "ellipseArea",
      key: "volume.ellipseArea",
      label: "the 1σ ellipse's area, π √det Σ",
      answer: (m) => unitBall(m.length) * Math.sqrt(determinant(m)),
    },
    {
      id: "squareRoot",
      key: "volume.squareRoot",
      label: "√λ, (det Σ)^(1/2d)",
      answer: (m) => Math.sqrt(volumeOf(m)),
    },
  ],
});

/**
 * Exercise 05.5: mclust's volume λ = |Σ|^{1/d} of a covariance matrix, the
 * geometric mean of its eigenvalues. Typical mistakes named
 * ({@linkcode VOLUME}): |Σ| without the d-th root, the mean variance
 * tr Σ / d, the product of the diagonal (the covariances left out), the
 * area of the 1σ ellipse (π √|Σ| in 2-D), √λ.
 *
 * @param answer The student's number.
 * @param covariance The covariance matrix, as rows.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the covariance is not a square matrix of numbers (never for the answer).
 * @throws {ParameterRangeError} When the covariance is not symmetric positive-definite (never for the answer).
 *
 * @example
 * ```ts
 * import { checkVolume } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const sigma = [[4, 1], [1, 2]]; // |Σ| = 7
 * assertEquals(checkVolume(Math.sqrt(7), sigma).status, "right");
 * assertEquals(checkVolume(7, sigma).key, "volume.determinant");
 * ```
 */
export function checkVolume(answer: unknown, covariance: Matrix): Verdict {
  return VOLUME.check(answer, covariance);
}

/** The shape's entries, the eigenvalues divided by the volume, largest first. */
const shapeOf = (m: Matrix) => eigenvalues(checkCovariance(m)).map((e) => e / volumeOf(m));

/** Exercise 05.6 in the catalogue: `check(answer, covariance)`. */
export const SHAPE: Exercise<[Matrix]> = numberExercise<[Matrix]>({
  id: "05.shape",
  number: "05.6",
  notebook: NOTEBOOK,
  solution: (m) => shapeOf(m).at(-1)!,
  otherForm: (m) => {
    // the smallest eigenvalue over the geometric mean of all of them (in 2-D, √(e₂ / e₁))
    const e = eigenvalues(checkCovariance(m));
    return e.at(-1)! / Math.exp(e.reduce((s, v) => s + Math.log(v), 0) / e.length);
  },
  mistakes: [
    {
      id: "larger",
      key: "shape.larger",
      label: "the larger entry",
      answer: (m) => shapeOf(m)[0]!,
    },
    {
      id: "notNormalised",
      key: "shape.notNormalised",
      label: "the eigenvalue itself",
      answer: (m) => eigenvalues(m).at(-1)!,
    },
    // ÷ tr Σ gives e₂ / (e₁ + e₂), within a few parts in a thousand of e₂ / e₁
    // when e₂ ≪ e₁ (0.002115 and 0.002120 for EEE's Σ): at 3 digits the two
    // are one answer, so both take the message that names both
    {
      id: "byLargest",
      key: "shape.byTraceOrLargest",
      label: "÷ the largest eigenvalue",
      answer: (m) => eigenvalues(m).at(-1)! / eigenvalues(m)[0]!,
    },
    {
      id: "byTrace",
      key: "shape.byTraceOrLargest",
      label: "÷ tr Σ, the eigenvalues summing to 1",
      answer: (m) => {
        const e = eigenvalues(m);
        return e.at(-1)! / e.reduce((s, v) => s + v, 0);
      },
    },
    {
      id: "byDeterminant",
      key: "shape.byDeterminant",
      label: "÷ det Σ, not ÷ (det Σ)^(1/d)",
      answer: (m) => eigenvalues(m).at(-1)! / determinant(m),
    },
    {
      id: "sigmaDiagonal",
      key: "shape.sigmaDiagonal",
      label: "Σ's diagonal ÷ λ, the tilt forgotten",
      answer: (m) => Math.min(...m.map((row, i) => row[i]!)) / volumeOf(m),
    },
  ],
});

/**
 * Exercise 05.6: the smaller diagonal entry of mclust's shape A of a
 * covariance matrix: its smallest eigenvalue divided by the volume
 * |Σ|^{1/d}, so that |A| = 1 (in 2-D, √(e₂ / e₁), the ratio of the 1σ
 * ellipse's short semi-axis to its long one). Typical mistakes named
 * ({@linkcode SHAPE}): the larger entry, the eigenvalue itself, divided by
 * tr Σ or by the largest eigenvalue, divided by |Σ|, Σ's own diagonal entry
 * divided by the volume (the tilt forgotten).
 *
 * @param answer The student's number.
 * @param covariance The covariance matrix, as rows.
 * @returns The verdict.
 * @throws {ParameterTypeError} When the covariance is not a square matrix of numbers (never for the answer).
 * @throws {ParameterRangeError} When the covariance is not symmetric positive-definite (never for the answer).
 *
 * @example
 * ```ts
 * import { checkShape } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const sigma = [[18, 0], [0, 2]]; // eigenvalues 18 and 2, volume 6: A = diag(3, 1/3)
 * assertEquals(checkShape(1 / 3, sigma).status, "right");
 * assertEquals(checkShape(2, sigma).key, "shape.notNormalised");
 * ```
 */
export function checkShape(answer: unknown, covariance: Matrix): Verdict {
  return SHAPE.check(answer, covariance);
}
