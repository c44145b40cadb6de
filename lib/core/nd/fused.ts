/**
 * The fused EM iteration in d dimensions: one pass over the points, stored
 * once as a flat row-major `Float64Array`, that per point computes the k
 * log-densities through each component's Cholesky factor, their
 * log-sum-exp, the responsibilities and the log-likelihood, and adds the
 * responsibilities straight into the sufficient statistics
 *
 *   Nₕ = Σᵢ rᵢₕ,  Σᵢ rᵢₕ (xᵢ − cₕ),  Σᵢ rᵢₕ (xᵢ − cₕ)(xᵢ − cₕ)ᵀ
 *
 * around each component's current mean cₕ = μₕ — no N × k matrix and no
 * allocation per point. The M-step then follows in closed form:
 * μₕ = cₕ + Σr(x − c)/Nₕ and Σₕ = Σr(x − c)(x − c)ᵀ/Nₕ − δδᵀ + diag(ridge)
 * with δ = μₕ − cₕ; when a mean moves by more than a standard deviation in
 * some coordinate a second pass sums around the new means (as in 1-D).
 *
 * `eStepMv` and `mStepMv` stay the readable reference; this path agrees
 * with them to 1e-12 relative (tests/nd_fused_test.ts). For d = 2 … 8 the
 * pass runs as a WebAssembly SIMD kernel where available
 * (lib/core/nd/_fused_nd_wasm.ts); otherwise, and for any other d, as the
 * TypeScript loop below.
 *
 * @module
 */
import { ParameterRangeError } from "../errors.ts";
import { checkOptions, optionKeys } from "../_validate.ts";
import { cholesky } from "./_linalg.ts";
import { checkPoints, checkStartDimension, type Points } from "./_validate.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";
import type { MvMStepResult } from "./m_step.ts";
import { resolveRidge } from "./ridge.ts";
import { CHUNK_POINTS, type PassRunner, runChunks } from "../fused/_parallel.ts";
import {
  accumulateMvChunk,
  type MvPassParameters,
  mvSlotSize,
  passParameters,
} from "./_fused_pass.ts";
import { residentPoints } from "./_fused_nd_wasm.ts";

/** The points as one flat row-major array: x[i·d + j] is coordinate j of point i. */
export interface FlatPoints {
  /** N·d coordinates, row after row. */
  readonly x: Float64Array;
  /** Number of points. */
  readonly n: number;
  /** Dimension. */
  readonly d: number;
}

/**
 * Copy points given as rows into one flat row-major `Float64Array`, the
 * layout the fused pass reads. Done once per fit. For d = 2 … 8 and at least
 * 2048 points the array lies in the memory of WebAssembly kernels made for
 * these points, which read them in place instead of copying them in on every
 * pass; large data are in shared memory either way, where workers read them.
 *
 * @param data The points, as rows of equal length.
 * @returns The flat array with N and d.
 *
 * @example
 * ```ts
 * import { flattenPoints } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const flat = flattenPoints([[1, 2], [3, 4], [5, 6]]);
 * assertEquals([flat.n, flat.d], [3, 2]);
 * assertEquals([...flat.x], [1, 2, 3, 4, 5, 6]);
 * ```
 */
export function flattenPoints(data: Points): FlatPoints {
  const n = data.length, d = data[0]?.length ?? 0;
  // Where a WebAssembly kernel runs d, the points go into its own memory,
  // where its passes read them without copying; other large data go
  // straight into shared memory, where workers can read them.
  const x = residentPoints(n, d) ??
    (n > CHUNK_POINTS && typeof SharedArrayBuffer === "function"
      ? new Float64Array(new SharedArrayBuffer(8 * n * d))
      : new Float64Array(n * d));
  for (let i = 0, o = 0; i < n; i++) {
    const row = data[i]!;
    for (let j = 0; j < d; j++) x[o++] = row[j]!;
  }
  return { x, n, d };
}

/** What one d-dimensional fused pass adds up. */
export interface MvSufficientStatistics {
  /** log L of the data under the mixture the pass was run with. */
  readonly logLikelihood: number;
  /** Nₕ = Σᵢ p̄(h | xᵢ), k entries. */
  readonly counts: Float64Array;
  /** cₕ, the centres the sums are taken around (the mixture's μₕ), k·d entries. */
  readonly centres: Float64Array;
  /** Σᵢ p̄(h | xᵢ)(xᵢ − cₕ), k·d entries (component h at h·d). */
  readonly sums: Float64Array;
  /**
   * Σᵢ p̄(h | xᵢ)(xᵢ − cₕ)(xᵢ − cₕ)ᵀ, lower triangle row by row:
   * entry (a, b), b ≤ a, of component h at h·T + a(a + 1)/2 + b, T = d(d + 1)/2.
   */
  readonly squares: Float64Array;
}

/**
 * One pass over all points: log L and the sufficient statistics, summed
 * chunk by chunk in a fixed order (so the result does not depend on how
 * many workers share the chunks).
 */
export function sufficientStatisticsMvFlat(
  flat: FlatPoints,
  p: MvPassParameters,
  runner?: PassRunner,
): MvSufficientStatistics {
  const { k, d } = p;
  const total = runChunks(
    flat.n,
    mvSlotSize(k, d),
    (from, to, out, at) => accumulateMvChunk(flat.x, p, from, to, out, at),
    runner,
    { kind: 2, k, d, arrays: [p.means, p.factors, p.offsets, p.centres] },
  );
  const cAt = 1, sAt = cAt + k, qAt = sAt + k * d;
  return {
    logLikelihood: total[0]!,
    counts: total.slice(cAt, sAt),
    sums: total.slice(sAt, qAt),
    squares: total.slice(qAt),
    centres: p.centres,
  };
}

/**
 * One pass over the points: the log-likelihood of `mixture` and the
 * sufficient statistics of its responsibilities, without storing them.
 *
 * @param data The points, as rows.
 * @param mixture The current λ, μ, Σ.
 * @returns log L, Nₕ, Σr(x − cₕ) and Σr(x − cₕ)(x − cₕ)ᵀ around cₕ = μₕ.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example The counts are the column sums of the E-step's responsibilities
 * ```ts
 * import { eStepMv, mvMixture, sufficientStatisticsMv } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const m = mvMixture([0.5, 0.5], [[0, 0], [3, 3]], [[[1, 0], [0, 1]], [[1, 0.5], [0.5, 1]]]);
 * const x = [[0, 1], [2, 2], [5, 4], [-1, 0]];
 * const stats = sufficientStatisticsMv(x, m);
 * const { responsibilities, logLikelihood } = eStepMv(x, m);
 * assertAlmostEquals(stats.logLikelihood, logLikelihood, 1e-12);
 * assertAlmostEquals(stats.counts[1]!, responsibilities.reduce((s, r) => s + r[1]!, 0), 1e-12);
 * ```
 */
export function sufficientStatisticsMv(data: Points, mixture: MvMixture): MvSufficientStatistics {
  checkPoints(data);
  checkStartDimension(data, mixture, "mixture");
  return sufficientStatisticsMvFlat(flattenPoints(data), passParameters(mixture));
}

/** What {@linkcode fusedStepMv} returns. */
export interface MvFusedStepResult {
  /** log L of the data under the mixture the step started from. */
  readonly logLikelihood: number;
  /** The M-step that follows. */
  readonly mStep: MvMStepResult;
}

/**
 * One fused d-dimensional EM iteration: a single pass that scores `mixture`
 * and gathers what the M-step needs, then the closed-form updates of λ, μ, Σ.
 * Equal to `mStepMv(data, eStepMv(data, mixture).responsibilities)` up to
 * rounding, without the N × k matrix.
 *
 * @param data The points, as rows.
 * @param mixture The current λ, μ, Σ.
 * @param options The ridge (default 1e-6 × each column's variance).
 * @returns log L of `mixture` and the M-step result.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, an unknown option key, or a covariance that becomes singular with `ridge: 0`.
 *
 * @example The same update as the readable E- and M-steps
 * ```ts
 * import { eStepMv, fusedStepMv, mStepMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const truth = mvMixture([0.4, 0.6], [[0, 0], [4, 2]], [
 *   [[1, 0.6], [0.6, 1]],
 *   [[0.5, -0.2], [-0.2, 0.8]],
 * ]);
 * const { x } = sampleMvMixture(truth, 500, { seed: 1 });
 * const start = mvMixture([0.5, 0.5], [[1, 1], [2, 1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const fast = fusedStepMv(x, start, { ridge: 1e-6 }).mStep.mixture;
 * const r = eStepMv(x, start).responsibilities;
 * const slow = mStepMv(x, r, { ridge: 1e-6, previous: start }).mixture;
 * assertAlmostEquals(fast.means[1]![0]!, slow.means[1]![0]!, 1e-12);
 * assertAlmostEquals(fast.covariances[0]![0]![1]!, slow.covariances[0]![0]![1]!, 1e-12);
 * ```
 */
export function fusedStepMv(
  data: Points,
  mixture: MvMixture,
  options: { ridge?: number | readonly number[] } = {},
): MvFusedStepResult {
  checkOptions(
    options,
    optionKeys<{ ridge?: number | readonly number[] }>({ ridge: 1 }),
    "fusedStepMv",
  );
  checkPoints(data);
  checkStartDimension(data, mixture, "mixture");
  const ridge = resolveRidge(options.ridge, data);
  const result = fusedStepMvUnchecked(flattenPoints(data), mixture, ridge);
  if (result.mStep.collapsedComponents.length > 0) {
    throw new ParameterRangeError(
      "options.ridge",
      "a ridge > 0 when a component sits on a point or a line",
      JSON.stringify(options.ridge),
      `Component ${result.mStep.collapsedComponents[0]} has a singular covariance. ` +
        "Use a positive ridge (the default is 1e-6 × each column's variance).",
    );
  }
  return result;
}

/**
 * {@linkcode fusedStepMv} on flat points without argument checks; collapsed
 * components are reported, not thrown.
 */
export function fusedStepMvUnchecked(
  flat: FlatPoints,
  mixture: MvMixture,
  ridge: readonly number[],
  runner?: PassRunner,
): MvFusedStepResult {
  const p = passParameters(mixture);
  const stats = sufficientStatisticsMvFlat(flat, p, runner);
  const { counts, sums, squares } = stats;
  const { k, d } = p, n = flat.n, t = (d * (d + 1)) / 2;
  const newMeans = new Float64Array(k * d), cov = new Float64Array(k * t);
  let recentre = false;
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) continue;
    for (let a = 0; a < d; a++) newMeans[h * d + a] = p.centres[h * d + a]! + sums[h * d + a]! / nh;
    for (let a = 0; a < d; a++) {
      const sa = sums[h * d + a]! / nh;
      for (let b = 0; b <= a; b++) {
        const j = h * t + (a * (a + 1)) / 2 + b;
        cov[j] = squares[j]! / nh - sa * (sums[h * d + b]! / nh);
      }
      // Σr(x − c)²/N = σ² + δ²: when δ² > σ² more than half the digits cancel.
      if (!(sa * sa <= cov[h * t + (a * (a + 1)) / 2 + a]!)) recentre = true;
    }
  }
  if (recentre) {
    // Sum around the new means (the two-pass formula of mStepMv); the second
    // pass recomputes exactly the same responsibilities.
    const second = sufficientStatisticsMvFlat(flat, { ...p, centres: newMeans }, runner);
    for (let h = 0; h < k; h++) {
      const nh = counts[h]!;
      if (!(nh > 0)) continue;
      const s2 = second.sums;
      for (let a = 0; a < d; a++) {
        for (let b = 0; b <= a; b++) {
          const j = h * t + (a * (a + 1)) / 2 + b;
          cov[j] = (second.squares[j]! - (s2[h * d + a]! * s2[h * d + b]!) / nh) / nh;
        }
      }
      for (let a = 0; a < d; a++) newMeans[h * d + a]! += s2[h * d + a]! / nh;
    }
  }
  const weights: number[] = [], means: number[][] = [], covariances: number[][][] = [];
  const emptyComponents: number[] = [], collapsedComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push([...mixture.means[h]!]);
      covariances.push(mixture.covariances[h]!.map((row) => [...row]));
      continue;
    }
    const s = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) s[a]![b] = s[b]![a] = cov[h * t + (a * (a + 1)) / 2 + b]!;
    }
    for (let a = 0; a < d; a++) s[a]![a] = s[a]![a]! + ridge[a]!;
    if (cholesky(s) === null) collapsedComponents.push(h);
    weights.push(nh / n);
    means.push(Array.from(newMeans.subarray(h * d, h * d + d)));
    covariances.push(s);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  const mixtureOut = collapsedComponents.length > 0
    ? Object.freeze({ weights, means, covariances })
    : freezeMvMixture({ weights, means, covariances });
  return {
    logLikelihood: stats.logLikelihood,
    mStep: { mixture: mixtureOut, emptyComponents, collapsedComponents },
  };
}
