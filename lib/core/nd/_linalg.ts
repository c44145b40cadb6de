// Internal dense linear algebra for small symmetric matrices (d of 2 to a
// few dozen): a Cholesky factorisation and what the Gaussian density needs
// from it. Written out because each routine is a few lines that mirror the
// textbook formula; a general-purpose package would hide the steps the
// notebooks explain.
import { LOG_SQRT_2PI } from "../math/normal.ts";

/** A dense matrix as rows. */
export type Matrix = number[][];

/**
 * Lower-triangular L with L Lᵀ = A (Cholesky–Banachiewicz), or `null` when A
 * is not (numerically) positive definite.
 */
export function cholesky(a: readonly (readonly number[])[]): Matrix | null {
  const d = a.length;
  const l: Matrix = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    const li = l[i]!;
    for (let j = 0; j <= i; j++) {
      const lj = l[j]!;
      let s = a[i]![j]!;
      for (let p = 0; p < j; p++) s -= li[p]! * lj[p]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        li[i] = Math.sqrt(s);
      } else {
        li[j] = s / lj[j]!;
      }
    }
  }
  return l;
}

/** log det A = 2 Σ log Lᵢᵢ from the Cholesky factor L of A. */
export function logDetFromCholesky(l: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i < l.length; i++) s += Math.log(l[i]![i]!);
  return 2 * s;
}

/**
 * The squared Mahalanobis distance (x − μ)ᵀ A⁻¹ (x − μ) = ‖z‖² where L z = x − μ
 * (forward substitution with the Cholesky factor L of A).
 */
export function mahalanobis2(
  x: readonly number[],
  mean: readonly number[],
  l: readonly (readonly number[])[],
  z: number[] = new Array<number>(x.length),
): number {
  const d = x.length;
  let q = 0;
  for (let i = 0; i < d; i++) {
    const li = l[i]!;
    let s = x[i]! - mean[i]!;
    for (let p = 0; p < i; p++) s -= li[p]! * z[p]!;
    const zi = s / li[i]!;
    z[i] = zi;
    q += zi * zi;
  }
  return q;
}

/** Eigen-decomposition of a symmetric 2×2 matrix [[a, b], [b, c]]. */
export interface Eigen2 {
  /** Eigenvalues, largest first. */
  readonly values: readonly [number, number];
  /** Angle (radians) of the first eigenvector from the x axis, in (−π/2, π/2]. */
  readonly angle: number;
}

/** Closed-form eigenvalues and principal angle of a symmetric 2×2 matrix. */
export function eigenSymmetric2(a: number, b: number, c: number): Eigen2 {
  const mid = (a + c) / 2;
  const half = (a - c) / 2;
  const r = Math.hypot(half, b);
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  return { values: [mid + r, mid - r], angle };
}

/** log N(x | μ, L Lᵀ) from a Cholesky factor (internal; no checks). */
export function logMvNormalPdfCholesky(
  x: readonly number[],
  mean: readonly number[],
  l: readonly (readonly number[])[],
  logDet = logDetFromCholesky(l),
  z?: number[],
): number {
  return -x.length * LOG_SQRT_2PI - 0.5 * logDet - 0.5 * mahalanobis2(x, mean, l, z);
}
