// The diagonal models, Σₕ = λₕ Aₕ with Aₕ diagonal, |Aₕ| = 1: axis-aligned
// ellipses. EEI, EVI and VVI (scikit-learn's "diag") in closed form; VEI
// (variable volume, equal shape) by the fixed-point iteration of Celeux &
// Govaert (1995), as mclust's msvei.
import {
  type ComponentStats,
  type Covariances,
  type CovarianceStep,
  diagonal,
  diagonalMatrix,
  geometricMean,
  INNER,
  type InnerControl,
  occupied,
  perComponent,
} from "./_stats.ts";

/** EEI: Σ = diag(Σₕ Wₕ) / N, one axis-aligned ellipse for all. */
export const mStepEEI: CovarianceStep = (
  stats: ComponentStats,
  _previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] => {
  const { d } = stats;
  const s = new Array<number>(d).fill(0);
  let n = 0;
  for (const h of occupied(stats)) {
    n += stats.counts[h]!;
    for (let a = 0; a < d; a++) s[a]! += stats.scatters[h]![a]![a]!;
  }
  const shared = diagonalMatrix(s.map((v) => v / n));
  return stats.counts.map(() => shared.map((row) => [...row]));
};

/** VVI: Σₕ = diag(Wₕ) / Nₕ. */
export const mStepVVI: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] =>
  perComponent(
    stats,
    previous,
    (h) => diagonalMatrix(diagonal(stats.scatters[h]!).map((v) => v / stats.counts[h]!)),
  );

/** EVI: Aₕ = diag(Wₕ) / |diag(Wₕ)|^{1/d}, λ = Σₕ |diag(Wₕ)|^{1/d} / N. */
export const mStepEVI: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] => {
  const on = occupied(stats);
  let lambda = 0, n = 0;
  for (const h of on) {
    lambda += geometricMean(diagonal(stats.scatters[h]!));
    n += stats.counts[h]!;
  }
  lambda /= n;
  return perComponent(stats, previous, (h) => {
    const w = diagonal(stats.scatters[h]!);
    const g = geometricMean(w);
    return diagonalMatrix(w.map((v) => (lambda * v) / g));
  });
};

/**
 * VEI: alternate λₕ = Σⱼ wⱼₕ / aⱼ / (d Nₕ) and aⱼ ∝ Σₕ wⱼₕ / λₕ (|A| = 1),
 * wⱼₕ the diagonal of Wₕ, from A = I, until neither changes by more than
 * `tol` relative (mclust's msvei).
 */
export const mStepVEI: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  inner: InnerControl = INNER,
): number[][][] => {
  const { d } = stats;
  const on = occupied(stats);
  const w = stats.scatters.map(diagonal);
  let shape = new Array<number>(d).fill(1);
  const scale = new Array<number>(stats.counts.length).fill(1);
  for (let it = 0; it < inner.maxIter; it++) {
    let err = 0;
    for (const h of on) {
      let s = 0;
      for (let j = 0; j < d; j++) s += w[h]![j]! / shape[j]!;
      const next = s / (d * stats.counts[h]!);
      err = Math.max(err, Math.abs(next - scale[h]!) / (1 + next));
      scale[h] = next;
    }
    const raw = new Array<number>(d).fill(0);
    for (const h of on) for (let j = 0; j < d; j++) raw[j]! += w[h]![j]! / scale[h]!;
    const g = geometricMean(raw);
    const next = raw.map((v) => v / g);
    for (let j = 0; j < d; j++) {
      err = Math.max(err, Math.abs(next[j]! - shape[j]!) / (1 + next[j]!));
    }
    shape = next;
    if (!(err > inner.tol)) break;
  }
  return perComponent(stats, previous, (h) => diagonalMatrix(shape.map((a) => scale[h]! * a)));
};
