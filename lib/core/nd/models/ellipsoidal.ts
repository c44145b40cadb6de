// The ellipsoidal models, Σₕ = λₕ Dₕ Aₕ Dₕᵀ with every orientation allowed:
// EEE (scikit-learn's "tied"), EEV, EVV and VVV ("full") in closed form;
// VEE, VEV (Celeux & Govaert 1995) and EVE, VVE (the MM algorithms of
// Browne & McNicholas 2014) iterate inside their M-step, as mclust's msvee,
// msvev, mseve and msvve do.
import {
  type ComponentStats,
  type Covariances,
  type CovarianceStep,
  geometricMean,
  INNER,
  type InnerControl,
  occupied,
  perComponent,
} from "./_stats.ts";
import {
  fromEigen,
  identity,
  inverseSym,
  type Mat,
  mul,
  polarFactor,
  symmetricEigen,
  transpose,
  zeros,
} from "./_matrix.ts";

function scaled(m: readonly (readonly number[])[], f: number): Mat {
  return m.map((row) => row.map((v) => v * f));
}

function addInto(acc: Mat, m: readonly (readonly number[])[], f = 1): void {
  for (let a = 0; a < acc.length; a++) {
    for (let b = 0; b < acc.length; b++) acc[a]![b]! += f * m[a]![b]!;
  }
}

function totalCount(stats: ComponentStats): number {
  return occupied(stats).reduce((s, h) => s + stats.counts[h]!, 0);
}

/** EEE: Σ = Σₕ Wₕ / N, one ellipse for all. */
export const mStepEEE: CovarianceStep = (
  stats: ComponentStats,
  _previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] => {
  const pooled = zeros(stats.d);
  for (const h of occupied(stats)) addInto(pooled, stats.scatters[h]!);
  const shared = scaled(pooled, 1 / totalCount(stats));
  return stats.counts.map(() => shared.map((row) => [...row]));
};

/** VVV: Σₕ = Wₕ / Nₕ. */
export const mStepVVV: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] =>
  perComponent(stats, previous, (h) => scaled(stats.scatters[h]!, 1 / stats.counts[h]!));

/** EVV: Σₕ = λ Wₕ / |Wₕ|^{1/d}, λ = Σₕ |Wₕ|^{1/d} / N. */
export const mStepEVV: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] => {
  const roots = stats.scatters.map((w, h) =>
    stats.counts[h]! > 0 ? geometricMean(symmetricEigen(w).values) : 0
  );
  const lambda = roots.reduce((s, v) => s + v, 0) / totalCount(stats);
  return perComponent(stats, previous, (h) => scaled(stats.scatters[h]!, lambda / roots[h]!));
};

/**
 * EEV: Wₕ = Lₕ Ωₕ Lₕᵀ (eigenvalues largest first); A = Σₕ Ωₕ / |Σₕ Ωₕ|^{1/d},
 * λ = |Σₕ Ωₕ|^{1/d} / N, Σₕ = λ Lₕ A Lₕᵀ.
 */
export const mStepEEV: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  _inner: InnerControl = INNER,
): number[][][] => {
  const eig = stats.scatters.map((w) => symmetricEigen(w));
  const s = new Array<number>(stats.d).fill(0);
  for (const h of occupied(stats)) eig[h]!.values.forEach((v, j) => (s[j]! += v));
  const g = geometricMean(s);
  const lambda = g / totalCount(stats);
  return perComponent(
    stats,
    previous,
    (h) => fromEigen(eig[h]!.vectors, s.map((v) => (lambda * v) / g)),
  );
};

/**
 * VEV: with Wₕ = Lₕ Ωₕ Lₕᵀ, alternate λₕ = Σⱼ ωⱼₕ / aⱼ / (d Nₕ) and
 * aⱼ ∝ Σₕ ωⱼₕ / λₕ (|A| = 1), from EEV's A (mclust's msvev).
 */
export const mStepVEV: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  inner: InnerControl = INNER,
): number[][][] => {
  const { d } = stats;
  const on = occupied(stats);
  const eig = stats.scatters.map((w) => symmetricEigen(w));
  const omega = eig.map((e) => e.values.map((v) => Math.max(v, 0)));
  const s = new Array<number>(d).fill(0);
  for (const h of on) omega[h]!.forEach((v, j) => (s[j]! += v));
  const g = geometricMean(s);
  let shape = s.map((v) => v / g);
  let scale = stats.counts.map((c) => g / c);
  for (let it = 0; it < inner.maxIter; it++) {
    const nextScale = stats.counts.map((c, h) => {
      if (!(c > 0)) return 1;
      let t = 0;
      for (let j = 0; j < d; j++) t += omega[h]![j]! / shape[j]!;
      return t / (c * d);
    });
    const raw = new Array<number>(d).fill(0);
    for (const h of on) for (let j = 0; j < d; j++) raw[j]! += omega[h]![j]! / nextScale[h]!;
    const gg = geometricMean(raw);
    const nextShape = raw.map((v) => v / gg);
    let err = 0;
    for (let j = 0; j < d; j++) {
      err = Math.max(err, Math.abs(shape[j]! - nextShape[j]!) / (1 + nextShape[j]!));
    }
    for (const h of on) {
      err = Math.max(err, Math.abs(nextScale[h]! - scale[h]!) / (1 + nextScale[h]!));
    }
    shape = nextShape;
    scale = nextScale;
    if (!(err >= inner.tol)) break;
  }
  return perComponent(
    stats,
    previous,
    (h) => fromEigen(eig[h]!.vectors, shape.map((a) => scale[h]! * a)),
  );
};

/**
 * VEE: alternate C = Σₕ Wₕ / λₕ normalised to |C| = 1 and
 * λₕ = tr(Wₕ C⁻¹) / (d Nₕ), from λ = 1 (mclust's msvee).
 */
export const mStepVEE: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  inner: InnerControl = INNER,
): number[][][] => {
  const { d } = stats;
  const on = occupied(stats);
  let scale = stats.counts.map(() => 1);
  let c: Mat = identity(d);
  let previousTarget = Infinity;
  for (let it = 0; it < inner.maxIter; it++) {
    const sum = zeros(d);
    for (const h of on) addInto(sum, stats.scatters[h]!, 1 / scale[h]!);
    c = scaled(sum, 1 / geometricMean(symmetricEigen(sum).values));
    const inv = inverseSym(c);
    scale = stats.counts.map((n, h) => {
      if (!(n > 0)) return 1;
      let t = 0;
      const w = stats.scatters[h]!;
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) t += w[a]![b]! * inv[b]![a]!;
      return t / (d * n);
    });
    let target = 0;
    for (const h of on) target += stats.counts[h]! * d * (1 + Math.log(scale[h]!));
    const err = Math.abs(target - previousTarget) / (1 + Math.abs(target));
    previousTarget = target;
    if (!(err > inner.tol)) break;
  }
  return perComponent(stats, previous, (h) => scaled(c, scale[h]!));
};

/**
 * The common orientation D and per-component shapes of the previous
 * covariances (the warm start of EVE's and VVE's MM iterations): D the
 * eigenvectors of Σₕ Σₕ / |Σₕ|^{1/d}, aⱼₕ = (Dᵀ Σₕ D)ⱼⱼ normalised to
 * |Aₕ| = 1. From identity covariances this is mclust's start, D = I, A = I.
 */
function commonOrientation(previous: readonly (readonly (readonly number[])[])[], d: number) {
  const sum = zeros(d);
  for (const s of previous) {
    const g = geometricMean(symmetricEigen(s).values);
    if (g > 0 && Number.isFinite(g)) addInto(sum, s, 1 / g);
  }
  const dd = symmetricEigen(sum).vectors;
  const shapes = previous.map((s) => {
    const m = mul(mul(transpose(dd), s), dd);
    const a = m.map((row, j) => Math.max(row[j]!, 1e-300));
    const g = geometricMean(a);
    return a.map((v) => v / g);
  });
  return { dd, shapes };
}

/**
 * The MM iterations of EVE and VVE for the common orientation D given the
 * scatters (mclust's mseve/msvve: MM 1 and MM 2 of Browne & McNicholas,
 * then the shapes), warm-started from the previous covariances.
 * `normalise` turns mⱼₕ = (Dᵀ Wₕ D)ⱼⱼ into the shapes aⱼₕ.
 */
function commonOrientationMM(
  stats: ComponentStats,
  previous: readonly (readonly (readonly number[])[])[],
  inner: { tol: number; maxIter: number },
  normalise: (m: number[], h: number) => number[],
) {
  const { d } = stats;
  const on = occupied(stats);
  const start = commonOrientation(previous, d);
  let dd = start.dd;
  const shapes = start.shapes.map((a) => [...a]);
  const omega = stats.scatters.map((w) => symmetricEigen(w).values[0]!);
  let previousTarget = Infinity, target = 0;
  for (let it = 0; it < inner.maxIter; it++) {
    // MM 1: F = Σₕ (Aₕ⁻¹ Dᵀ Wₕ − ωₕ Aₕ⁻¹ Dᵀ); Dᵀ ← P Rᵀ.
    const o = transpose(dd);
    const f1 = zeros(d);
    for (const h of on) {
      const ao = o.map((row, j) => row.map((v) => v / shapes[h]![j]!));
      addInto(f1, mul(ao, stats.scatters[h]!));
      addInto(f1, ao, -omega[h]!);
    }
    dd = transpose(polarFactor(f1));
    // MM 2: F = Σₕ (Wₕ D Aₕ⁻¹ − maxⱼ(1/aⱼₕ) Wₕ D); D ← P Rᵀ.
    const f2 = zeros(d);
    for (const h of on) {
      const wd = mul(stats.scatters[h]!, dd);
      const inv = shapes[h]!.map((a) => 1 / a);
      const top = Math.max(...inv);
      addInto(f2, wd.map((row) => row.map((v, j) => v * inv[j]!)));
      addInto(f2, wd, -top);
    }
    dd = polarFactor(f2);
    target = 0;
    for (const h of on) {
      const m = mul(mul(transpose(dd), stats.scatters[h]!), dd).map((row, j) => row[j]!);
      const a = normalise(m, h);
      shapes[h] = a;
      for (let j = 0; j < d; j++) target += m[j]! / a[j]!;
    }
    const err = Math.abs(target - previousTarget) / (1 + Math.abs(target));
    previousTarget = target;
    if (!(err > inner.tol)) break;
  }
  return { dd, shapes, target };
}

/** EVE: Σₕ = λ D Aₕ Dᵀ, D by MM (mclust's mseve), λ = Σₕ tr(Aₕ⁻¹ Dᵀ Wₕ D) / (N d). */
export const mStepEVE: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  inner: InnerControl = INNER,
): number[][][] => {
  const { dd, shapes, target } = commonOrientationMM(stats, previous, inner, (m) => {
    const g = geometricMean(m);
    return m.map((v) => v / g);
  });
  const lambda = target / (totalCount(stats) * stats.d);
  return perComponent(stats, previous, (h) => fromEigen(dd, shapes[h]!.map((a) => lambda * a)));
};

/** VVE: Σₕ = D Δₕ Dᵀ, D by MM (mclust's msvve), Δₕ = diag(Dᵀ Wₕ D) / Nₕ. */
export const mStepVVE: CovarianceStep = (
  stats: ComponentStats,
  previous: Covariances,
  inner: InnerControl = INNER,
): number[][][] => {
  const { dd } = commonOrientationMM(stats, previous, inner, (m, h) => {
    const s = m.map((v) => v / stats.counts[h]!);
    const g = geometricMean(s);
    return s.map((v) => v / g);
  });
  return perComponent(stats, previous, (h) => {
    const m = mul(mul(transpose(dd), stats.scatters[h]!), dd).map((row, j) =>
      row[j]! / stats.counts[h]!
    );
    return fromEigen(dd, m);
  });
};
