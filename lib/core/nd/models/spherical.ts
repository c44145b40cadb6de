// The spherical models, Σₕ = λₕ I: circles of one size (EII) or of a size
// each (VII, scikit-learn's "spherical"). Closed-form M-steps.
import {
  type ComponentStats,
  type Covariances,
  type CovarianceStep,
  diagonalMatrix,
  INNER,
  type InnerControl,
  occupied,
  perComponent,
} from "./_stats.ts";

function trace(m: readonly (readonly number[])[]): number {
  return m.reduce((s, row, a) => s + row[a]!, 0);
}

/** EII: λ = Σₕ tr Wₕ / (N d), one circle for all. */
export const mStepEII: CovarianceStep = (
  stats: ComponentStats,
  _previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] => {
  const { d } = stats;
  let t = 0, n = 0;
  for (const h of occupied(stats)) t += trace(stats.scatters[h]!), n += stats.counts[h]!;
  const lambda = t / (n * d);
  return stats.counts.map(() => diagonalMatrix(new Array<number>(d).fill(lambda)));
};

/** VII: λₕ = tr Wₕ / (Nₕ d), a circle per component. */
export const mStepVII: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] =>
  perComponent(stats, previous, (h) => {
    const lambda = trace(stats.scatters[h]!) / (stats.counts[h]! * stats.d);
    return diagonalMatrix(new Array<number>(stats.d).fill(lambda));
  });
