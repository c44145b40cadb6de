// The sufficient statistics of a Gaussian mixture's M-step, per component:
// Nₕ = Σᵢ rᵢₕ, the mean μₕ = Σᵢ rᵢₕ xᵢ / Nₕ and the scatter
// Wₕ = Σᵢ rᵢₕ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ. Every covariance model's M-step is a
// function of these alone, so a fused pass that accumulates Σr, Σr x and
// Σr xxᵀ feeds the same M-step as the readable E-step (statsFromMoments).
// Imports nothing.

/** The sufficient statistics of one M-step. */
export interface ComponentStats {
  /** Number of points. */
  readonly n: number;
  /** Dimension. */
  readonly d: number;
  /** Nₕ = Σᵢ rᵢₕ per component (0 for an empty one). */
  readonly counts: readonly number[];
  /** μₕ per component (the previous mean for an empty one). */
  readonly means: readonly (readonly number[])[];
  /** Wₕ = Σᵢ rᵢₕ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ per component (zeros for an empty one). */
  readonly scatters: readonly (readonly (readonly number[])[])[];
  /** Components with no responsibility left. */
  readonly emptyComponents: readonly number[];
}

/**
 * The statistics from the points and the responsibilities (row-major
 * N × k), the scatter summed around each component's mean.
 */
export function statsFromResponsibilities(
  points: readonly (readonly number[])[],
  r: Float64Array,
  k: number,
  previousMeans: readonly (readonly number[])[],
): ComponentStats {
  const n = points.length, d = points[0]!.length;
  const counts: number[] = [], means: number[][] = [], scatters: number[][][] = [];
  const emptyComponents: number[] = [];
  const dev = new Array<number>(d);
  for (let h = 0; h < k; h++) {
    let nh = 0;
    const s = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      const rh = r[i * k + h]!;
      nh += rh;
      const x = points[i]!;
      for (let a = 0; a < d; a++) s[a]! += rh * x[a]!;
    }
    const w = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      counts.push(0);
      means.push([...previousMeans[h]!]);
      scatters.push(w);
      continue;
    }
    const mu = s.map((v) => v / nh);
    for (let i = 0; i < n; i++) {
      const rh = r[i * k + h]!;
      if (rh === 0) continue;
      const x = points[i]!;
      for (let a = 0; a < d; a++) dev[a] = x[a]! - mu[a]!;
      for (let a = 0; a < d; a++) {
        const ra = rh * dev[a]!;
        for (let b = 0; b <= a; b++) w[a]![b]! += ra * dev[b]!;
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) w[b]![a] = w[a]![b]!;
    counts.push(nh);
    means.push(mu);
    scatters.push(w);
  }
  return { n, d, counts, means, scatters, emptyComponents };
}

/**
 * The statistics from the raw moments a fused pass accumulates: `sumR[h]`
 * = Σᵢ rᵢₕ, `sumX[h·d + a]` = Σᵢ rᵢₕ xᵢₐ and `sumXX[h·d² + a·d + b]` =
 * Σᵢ rᵢₕ xᵢₐ xᵢ_b, with Wₕ = Σr xxᵀ − Nₕ μₕ μₕᵀ.
 */
export function statsFromMoments(
  n: number,
  d: number,
  sumR: ArrayLike<number>,
  sumX: ArrayLike<number>,
  sumXX: ArrayLike<number>,
  previousMeans: readonly (readonly number[])[],
): ComponentStats {
  const k = sumR.length;
  const counts: number[] = [], means: number[][] = [], scatters: number[][][] = [];
  const emptyComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = sumR[h]!;
    const w = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      counts.push(0);
      means.push([...previousMeans[h]!]);
      scatters.push(w);
      continue;
    }
    const mu = Array.from({ length: d }, (_, a) => sumX[h * d + a]! / nh);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) w[a]![b] = sumXX[h * d * d + a * d + b]! - nh * mu[a]! * mu[b]!;
    }
    counts.push(nh);
    means.push(mu);
    scatters.push(w);
  }
  return { n, d, counts, means, scatters, emptyComponents };
}

/**
 * The scatters with the ridge: W̃ₕ = Wₕ + Nₕ · diag(ridge), so that a model
 * that divides W̃ₕ by Nₕ adds the ridge to the diagonal (exactly so for
 * VVV, EEE and VVI) and every model keeps its own geometry.
 */
export function withRidge(stats: ComponentStats, ridge: readonly number[]): ComponentStats {
  if (ridge.every((v) => v === 0)) return stats;
  return {
    ...stats,
    scatters: stats.scatters.map((w, h) =>
      w.map((row, a) => row.map((v, b) => (a === b ? v + stats.counts[h]! * ridge[a]! : v)))
    ),
  };
}

/** The inner iterations of the models without a closed-form M-step. */
export interface InnerControl {
  /** Stop when the relative change of the inner criterion is below this. @default 1e-12 */
  readonly tol: number;
  /** Most inner iterations per M-step. @default 1000 */
  readonly maxIter: number;
}

/** The default inner control (tighter than mclust's √ε, so fits agree to rounding). */
export const INNER: InnerControl = Object.freeze({ tol: 1e-12, maxIter: 1000 });

/** The covariances of a mixture, one d × d matrix per component. */
export type Covariances = readonly (readonly (readonly number[])[])[];

/** A covariance model's M-step for the covariances: one d × d matrix per component. */
export type CovarianceStep = (
  stats: ComponentStats,
  previous: readonly (readonly (readonly number[])[])[],
  inner?: InnerControl,
) => number[][][];

/** The components with points, in order. */
export function occupied(stats: ComponentStats): number[] {
  return stats.counts.flatMap((c, h) => (c > 0 ? [h] : []));
}

/** Per-component matrices, the previous covariance kept for an empty component. */
export function perComponent(
  stats: ComponentStats,
  previous: readonly (readonly (readonly number[])[])[],
  f: (h: number) => number[][],
): number[][][] {
  return stats.counts.map((c, h) => (c > 0 ? f(h) : previous[h]!.map((row) => [...row])));
}

/** d-th root of a product of positive numbers, by logs. */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}

/** The diagonal of a square matrix. */
export function diagonal(m: readonly (readonly number[])[]): number[] {
  return m.map((row, a) => row[a]!);
}

/** The diagonal matrix with `v` on its diagonal. */
export function diagonalMatrix(v: readonly number[]): number[][] {
  return v.map((x, a) => v.map((_, b) => (a === b ? x : 0)));
}
