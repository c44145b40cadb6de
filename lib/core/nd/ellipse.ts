/**
 * Ellipses of constant density of a 2-D Gaussian, from the eigen-decomposition
 * of its covariance — what the 2-D plots draw for each component.
 *
 * @module
 */
import { checkInteger, checkNumber, checkOptions, optionKeys } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { eigenSymmetric2 } from "./_linalg.ts";
import { validateMvMixture } from "./mixture.ts";

/** The axes of a 2-D covariance: Σ = R diag(λ₁, λ₂) Rᵀ, R a rotation by `angle`. */
export interface CovarianceAxes {
  /** Eigenvalues λ₁ ≥ λ₂ (variances along the principal axes). */
  readonly variances: readonly [number, number];
  /** Standard deviations √λ₁ ≥ √λ₂: the 1σ semi-axes. */
  readonly radii: readonly [number, number];
  /** Angle of the major axis from the x axis, in radians, in (−π/2, π/2]. */
  readonly angle: number;
}

function checkCovariance2(covariance: unknown): readonly (readonly number[])[] {
  validateMvMixture({ weights: [1], means: [[0, 0]], covariances: [covariance] }, "covariance");
  return covariance as readonly (readonly number[])[];
}

/**
 * The principal axes of a 2 × 2 covariance matrix [[a, b], [b, c]]: the
 * eigenvalues (a + c)/2 ± √(((a − c)/2)² + b²) and the angle ½·atan2(2b, a − c)
 * of the major axis.
 *
 * @param covariance A symmetric positive-definite 2 × 2 matrix.
 * @returns The variances, radii and angle of the axes.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example An axis-aligned and a tilted covariance
 * ```ts
 * import { covarianceAxes } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * assertEquals(covarianceAxes([[4, 0], [0, 1]]).radii, [2, 1]);
 * const t = covarianceAxes([[2, 1], [1, 2]]);
 * assertAlmostEquals(t.variances[0], 3, 1e-12);
 * assertAlmostEquals(t.angle, Math.PI / 4, 1e-12);
 * ```
 */
export function covarianceAxes(covariance: readonly (readonly number[])[]): CovarianceAxes {
  const c = checkCovariance2(covariance);
  const { values, angle } = eigenSymmetric2(c[0]![0]!, c[0]![1]!, c[1]![1]!);
  const v: [number, number] = [values[0], Math.max(values[1], 0)];
  return { variances: v, radii: [Math.sqrt(v[0]), Math.sqrt(v[1])], angle };
}

/** Options for {@linkcode covarianceEllipse}. */
export interface EllipseOptions {
  /** Mahalanobis radius: 1 for the 1σ ellipse, 2 for 2σ. @default 1 */
  scale?: number;
  /** Number of points on the closed outline (the first is repeated at the end). @default 64 */
  points?: number;
}

/**
 * The outline {x : (x − μ)ᵀ Σ⁻¹ (x − μ) = scale²} of a 2-D Gaussian: the unit
 * circle stretched by the radii √λ₁, √λ₂ and turned by the eigenvectors' angle.
 *
 * @param mean μ (length 2).
 * @param covariance Σ (2 × 2, symmetric positive definite).
 * @param options Scale (1σ, 2σ …) and number of points.
 * @returns `points + 1` [x, y] pairs, the last equal to the first.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Every outline point is at Mahalanobis distance `scale`
 * ```ts
 * import { covarianceEllipse } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const cov = [[2, 0.8], [0.8, 1]];
 * const det = 2 * 1 - 0.8 * 0.8;
 * for (const [x, y] of covarianceEllipse([1, -1], cov, { scale: 2, points: 16 })) {
 *   const dx = x - 1, dy = y + 1;
 *   const q = (1 * dx * dx - 2 * 0.8 * dx * dy + 2 * dy * dy) / det;
 *   assertAlmostEquals(q, 4, 1e-9);
 * }
 * ```
 */
export function covarianceEllipse(
  mean: readonly number[],
  covariance: readonly (readonly number[])[],
  options: EllipseOptions = {},
): [number, number][] {
  checkOptions(options, optionKeys<EllipseOptions>({ scale: 1, points: 1 }), "covarianceEllipse");
  const { scale = 1, points = 64 } = options;
  checkNumber(scale, "options.scale", 0, { strict: true, hint: "Use 1 for 1σ, 2 for 2σ." });
  checkInteger(points, "options.points", 3);
  if (!Array.isArray(mean) || mean.length !== 2) {
    throw new ParameterRangeError("mean", "a vector of 2 numbers", describeValue(mean));
  }
  mean.forEach((v, j) => checkNumber(v, `mean[${j}]`));
  return ellipseOutline(mean, checkCovariance2(covariance), scale, points);
}

/**
 * {@linkcode covarianceEllipse} of a checked component (a mixture's own μ
 * and Σ): `points + 1` outline points at Mahalanobis radius `scale`.
 */
export function ellipseOutline(
  mean: readonly number[],
  covariance: readonly (readonly number[])[],
  scale: number,
  points: number,
): [number, number][] {
  const c = covariance;
  const { values, angle } = eigenSymmetric2(c[0]![0]!, c[0]![1]!, c[1]![1]!);
  const radii = [Math.sqrt(values[0]), Math.sqrt(Math.max(values[1], 0))];
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const out: [number, number][] = [];
  for (let j = 0; j <= points; j++) {
    const t = (2 * Math.PI * (j % points)) / points;
    const u = scale * radii[0]! * Math.cos(t), v = scale * radii[1]! * Math.sin(t);
    out.push([mean[0]! + cos * u - sin * v, mean[1]! + sin * u + cos * v]);
  }
  return out;
}
