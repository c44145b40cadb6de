/**
 * The fused EM iteration for large data: one pass over a `Float64Array`
 * that, per point, computes the k log-densities, their log-sum-exp, the
 * responsibilities and the log-likelihood, and adds the responsibilities
 * straight into the sufficient statistics Σr, Σr·(x − c), Σr·(x − c)² —
 * no N × k matrix and no allocation per point.
 *
 * The sums are taken around each component's current mean c = μₕ, so that
 * σ² = Σr(x − c)²/Nₕ − (Σr(x − c)/Nₕ)² only cancels when the mean moves by
 * more than a standard deviation in one step. When it does, a second pass
 * sums r·(x − μₕ)² around the new mean exactly as {@linkcode mStep} does.
 *
 * exp() is inlined (table-driven, within 3 ulp) and log() is taken once per
 * block of points, so the pass costs about k short polynomial evaluations
 * per point. Where WebAssembly SIMD is available (Deno, Node, current
 * browsers) the same loop runs as a small SIMD kernel, four points at a
 * time, computing the same per-point numbers (lib/_fused_kernel.wat);
 * elsewhere the TypeScript loop runs. Either way the log-likelihood and the
 * new λ, μ, σ agree with `mStep(eStep(…))` to rounding (tests/fused_test.ts
 * checks 1e-12 relative on thousands of seeded cases, with far outliers and
 * near-collapsed components).
 *
 * @module
 */
import { checkData, checkNumber, checkOptions } from "./_validate.ts";
import { describeValue, ParameterRangeError } from "./errors.ts";
import { freezeMixture, type Mixture, validateMixture } from "./mixture.ts";
import type { MStepResult } from "./m_step.ts";
import { LOG_SQRT_2PI } from "./normal.ts";
import {
  accumulateWithKernel,
  EXP_FRACTIONS,
  EXP_TABLE_SIZE,
  KERNEL_MAX_K,
  loadKernel,
  wasmKernel,
} from "./_fused_wasm.ts";
import { defaultVarianceFloor } from "./variance_floor.ts";

/** What one fused pass adds up. All arrays have one entry per component. */
export interface SufficientStatistics {
  /** log L of the data under the mixture the pass was run with. */
  readonly logLikelihood: number;
  /** Nₕ = Σᵢ p̄(h | xᵢ). */
  readonly counts: Float64Array;
  /** cₕ, the centre the sums are taken around (the mixture's μₕ). */
  readonly centres: Float64Array;
  /** Σᵢ p̄(h | xᵢ) (xᵢ − cₕ). */
  readonly sums: Float64Array;
  /** Σᵢ p̄(h | xᵢ) (xᵢ − cₕ)². */
  readonly squares: Float64Array;
}

/** What {@linkcode fusedStep} returns. */
export interface FusedStepResult {
  /** log L of the data under the mixture the step started from. */
  readonly logLikelihood: number;
  /** The M-step that follows: the next mixture and its warnings. */
  readonly mStep: MStepResult;
}

/** Options for {@linkcode fusedStep}. */
export interface FusedStepOptions {
  /**
   * Smallest allowed σ², in squared data units. 0 switches the floor off.
   * @default 1e-6 × the data's variance
   */
  varianceFloor?: number;
}

/**
 * The data as a `Float64Array`: the array itself when it already is one,
 * otherwise a copy. The fused pass reads only `Float64Array`s.
 *
 * @param data The observations.
 * @returns A `Float64Array` with the same values.
 *
 * @example
 * ```ts
 * import { toFloat64Array } from "@emlab/emlab";
 * import { assert, assertEquals } from "@std/assert";
 * const x = new Float64Array([1, 2]);
 * assert(toFloat64Array(x) === x);
 * assertEquals(toFloat64Array([1, 2]), x);
 * ```
 */
export function toFloat64Array(data: ArrayLike<number>): Float64Array {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/**
 * One pass over the data: the log-likelihood of `mixture` and the sufficient
 * statistics of the responsibilities, without storing them.
 *
 * @param data The observations.
 * @param mixture The current λ, μ, σ.
 * @returns log L and Nₕ, Σr(x − cₕ), Σr(x − cₕ)² around cₕ = μₕ.
 *
 * @example The counts are the column sums of the E-step's responsibilities
 * ```ts
 * import { eStep, mixture, sufficientStatistics } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [-1.2, -0.8, 0.1, 1.9, 2.2];
 * const m = mixture([0.4, 0.6], [-1, 2], [0.5, 0.5]);
 * const stats = sufficientStatistics(x, m);
 * const { responsibilities, logLikelihood } = eStep(x, m);
 * assertAlmostEquals(stats.logLikelihood, logLikelihood, 1e-12);
 * const n0 = responsibilities.reduce((s, row) => s + row[0]!, 0);
 * assertAlmostEquals(stats.counts[0]!, n0, 1e-12);
 * ```
 */
export function sufficientStatistics(
  data: ArrayLike<number>,
  mixture: Mixture,
): SufficientStatistics {
  checkData(data);
  validateMixture(mixture);
  return sufficientStatisticsUnchecked(toFloat64Array(data), mixture);
}

/** Log-densities are kept in units of ln 2 / 256: this many per natural unit. */
const UNITS = EXP_TABLE_SIZE / Math.LN2;
/** One unit, ln 2 / 256, in natural units. */
const UNIT = Math.LN2 / EXP_TABLE_SIZE;
const EXP_TABLE_BITS = 8;
/** exp(t) for t (in units) at or above this is inlined; below, Math.exp or 0. */
const FAST_EXP_MIN = -708 * UNITS;
/** Below this (−746 in natural units) exp() is 0. */
const EXP_UNDERFLOW = -746 * UNITS;
/** Taylor coefficients of 2^(r/256) = exp(r · UNIT), |r| ≤ 1/2. */
const C1 = UNIT, C2 = UNIT * UNIT / 2, C3 = UNIT * UNIT * UNIT / 6;
const C4 = UNIT * UNIT * UNIT * UNIT / 24;
/** Adding and subtracting 1.5 · 2^52 rounds a double to the nearest integer. */
const ROUND_SHIFT = 6755399441055744;
/** 2^(m − 1023), m = 0 … 1023 (exact). */
const EXP_POWERS = new Float64Array(1024);
EXP_POWERS[1023] = 1;
for (let m = 1022; m >= 0; m--) EXP_POWERS[m] = EXP_POWERS[m + 1]! / 2;

/**
 * The pass itself. Per point: log wₕ = log λₕ − log σₕ − log √(2π) − (x − μₕ)²/(2σₕ²),
 * m = maxₕ log wₕ, eₕ = exp(log wₕ − m), s = Σₕ eₕ, p̄(h | x) = eₕ / s,
 * log L += m + log s; then Nₕ += p̄, Σ += p̄ (x − cₕ), Σ² += p̄ (x − cₕ)².
 *
 * The log-densities are kept in units of ln 2 / 256, so that exp() is
 * table-driven as in libm without a multiply for its argument: for t in
 * those units, q = round(t), r = t − q (exact, |r| ≤ 1/2), and
 * exp = 2^(q >> 8) · 2^((q & 255)/256) · P(r), P the degree-4 Taylor
 * polynomial of 2^(r/256): within 3 ulp, and exactly Math.exp below −708
 * (natural units), where results turn subnormal. log s is taken once per
 * block of points, on the product of their s (each in [1, k], so the
 * product cannot overflow).
 */
function accumulate(
  x: Float64Array,
  mixture: Mixture,
  centres: Float64Array,
): { logLikelihood: number; counts: Float64Array; sums: Float64Array; squares: Float64Array } {
  const k = mixture.weights.length;
  const means = new Float64Array(k), halfPrecisions = new Float64Array(k);
  const offsets = new Float64Array(k);
  for (let h = 0; h < k; h++) {
    const sd = mixture.stdDevs[h]!;
    means[h] = mixture.means[h]!;
    halfPrecisions[h] = (0.5 / (sd * sd)) * UNITS;
    offsets[h] = (Math.log(mixture.weights[h]!) - Math.log(sd) - LOG_SQRT_2PI) * UNITS;
  }
  const counts = new Float64Array(k), sums = new Float64Array(k), squares = new Float64Array(k);
  const lw = new Float64Array(k), e = new Float64Array(k);
  const fractions = EXP_FRACTIONS, powers = EXP_POWERS;
  const n = x.length;
  const block = k <= 2 ? 64 : Math.max(1, Math.min(64, Math.floor(900 / Math.log2(k))));
  let sumMax = 0, sumLog = 0, from = 0;
  // The same loop in WebAssembly SIMD, four points at a time, where available.
  const kernel = wasmKernel.enabled && k <= KERNEL_MAX_K && n >= 64 ? loadKernel() : null;
  if (kernel !== null) {
    const done = accumulateWithKernel(
      kernel,
      x,
      means,
      halfPrecisions,
      offsets,
      centres,
      block,
      counts,
      sums,
      squares,
    );
    sumLog = done.logLikelihood;
    from = done.covered;
  }
  for (let start = from; start < n; start += block) {
    const end = Math.min(n, start + block);
    let product = 1;
    for (let i = start; i < end; i++) {
      const xi = x[i]!;
      let max = -Infinity;
      for (let h = 0; h < k; h++) {
        const d = xi - means[h]!;
        const v = offsets[h]! - d * d * halfPrecisions[h]!;
        lw[h] = v;
        if (v > max) max = v;
      }
      let s = 0;
      for (let h = 0; h < k; h++) {
        const t = lw[h]! - max;
        let y: number;
        if (t >= FAST_EXP_MIN) {
          const big = t + ROUND_SHIFT;
          const q = big - ROUND_SHIFT;
          const r = t - q;
          const p = 1 + r * (C1 + r * (C2 + r * (C3 + r * C4)));
          const qi = q | 0;
          y = fractions[qi & (EXP_TABLE_SIZE - 1)]! * p * powers[(qi >> EXP_TABLE_BITS) + 1023]!;
        } else {
          y = t >= EXP_UNDERFLOW ? Math.exp(t * UNIT) : 0;
        }
        e[h] = y;
        s += y;
      }
      sumMax += max;
      product *= s;
      const inv = 1 / s;
      for (let h = 0; h < k; h++) {
        const r = e[h]! * inv;
        const d = xi - centres[h]!;
        const rd = r * d;
        counts[h]! += r;
        sums[h]! += rd;
        squares[h]! += rd * d;
      }
    }
    sumLog += Math.log(product);
  }
  return { logLikelihood: sumMax * UNIT + sumLog, counts, sums, squares };
}

// Run the pass once on a tiny input that reaches every branch (both exp
// paths), so the optimising compiler has type feedback for all of it and
// does not throw its code away at the end of the first large pass.
// (V8 gives a function its feedback only after several calls.)
for (let i = 0; i < 16; i++) {
  accumulate(
    new Float64Array([0, 1, 38, 40]),
    { weights: [0.5, 0.5], means: [0, 40], stdDevs: [1, 1] },
    new Float64Array([0, 40]),
  );
}

/** {@linkcode sufficientStatistics} without argument checks. */
export function sufficientStatisticsUnchecked(
  x: Float64Array,
  mixture: Mixture,
): SufficientStatistics {
  const centres = Float64Array.from(mixture.means);
  return { ...accumulate(x, mixture, centres), centres };
}

/**
 * One fused EM iteration: a single pass that scores `mixture` (its
 * log-likelihood) and gathers what the M-step needs, then the closed-form
 * updates of λ, μ, σ. Equal to `mStep(data, eStep(data, mixture).responsibilities)`
 * up to rounding, at a fraction of the time and memory.
 *
 * @param data The observations.
 * @param mixture The current λ, μ, σ.
 * @param options The variance floor.
 * @returns log L of `mixture` and the M-step result (next mixture, floored,
 *   empty and collapsed components).
 *
 * @example The same update as the readable E- and M-steps
 * ```ts
 * import { eStep, fusedStep, mixture, mStep, sampleMixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const m = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * const { x } = sampleMixture(m, 500, { seed: 1 });
 * const start = mixture([0.5, 0.5], [-1, 1], [1, 1]);
 * const fast = fusedStep(x, start).mStep.mixture;
 * const slow = mStep(x, eStep(x, start).responsibilities, { previous: start }).mixture;
 * assertAlmostEquals(fast.means[0]!, slow.means[0]!, 1e-12);
 * assertAlmostEquals(fast.stdDevs[1]!, slow.stdDevs[1]!, 1e-12);
 * ```
 */
export function fusedStep(
  data: ArrayLike<number>,
  mixture: Mixture,
  options: FusedStepOptions = {},
): FusedStepResult {
  checkData(data);
  checkOptions(options);
  validateMixture(mixture);
  const floor = options.varianceFloor ?? defaultVarianceFloor(data);
  checkNumber(floor, "options.varianceFloor", 0, {
    hint: "Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  });
  const result = fusedStepUnchecked(toFloat64Array(data), mixture, floor);
  const collapsed = result.mStep.collapsedComponents;
  if (collapsed.length > 0) {
    throw new ParameterRangeError(
      "options.varianceFloor",
      "a floor > 0 when a component sits on a single point",
      describeValue(floor),
      `Component ${collapsed[0]! + 1} collapsed onto one point (σ = 0). ` +
        "Use a positive variance floor.",
    );
  }
  return result;
}

/**
 * {@linkcode fusedStep} without argument checks (and without throwing on a
 * collapsed component: it is reported in `mStep.collapsedComponents`).
 */
export function fusedStepUnchecked(
  x: Float64Array,
  mixture: Mixture,
  varianceFloor: number,
): FusedStepResult {
  const stats = sufficientStatisticsUnchecked(x, mixture);
  const { counts, centres, sums, squares } = stats;
  const n = x.length, k = counts.length;
  const newMeans = new Float64Array(k);
  const variances = new Float64Array(k);
  let recentre = false;
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) continue;
    const shift = sums[h]! / nh;
    newMeans[h] = centres[h]! + shift;
    const v = squares[h]! / nh - shift * shift;
    variances[h] = v;
    // Σr(x − c)²/N = σ² + shift²: when shift² > σ², more than half of the
    // leading digits cancel; sum around the new mean instead.
    if (!(shift * shift <= v)) recentre = true;
  }
  if (recentre) {
    // The corrected two-pass formula, as in mStep; the second pass
    // recomputes exactly the same responsibilities.
    const second = accumulate(x, mixture, newMeans);
    for (let h = 0; h < k; h++) {
      const nh = counts[h]!;
      if (!(nh > 0)) continue;
      const se = second.sums[h]!;
      newMeans[h]! += se / nh;
      variances[h] = Math.max(0, (second.squares[h]! - (se * se) / nh) / nh);
    }
  }
  const weights: number[] = [], means: number[] = [], stdDevs: number[] = [];
  const flooredComponents: number[] = [], emptyComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    // Empty also when Nₕ is so small (denormal) that λₕ = Nₕ/N underflows to 0.
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push(mixture.means[h]!);
      stdDevs.push(mixture.stdDevs[h]!);
      continue;
    }
    let v = variances[h]!;
    if (!(v >= varianceFloor)) {
      flooredComponents.push(h);
      v = varianceFloor;
    }
    weights.push(nh / n);
    means.push(newMeans[h]!);
    stdDevs.push(Math.sqrt(v));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  const collapsedComponents = stdDevs.flatMap((s, h) => (s > 0 && Number.isFinite(s) ? [] : [h]));
  return {
    logLikelihood: stats.logLikelihood,
    mStep: {
      mixture: freezeMixture({ weights, means, stdDevs }),
      flooredComponents,
      emptyComponents,
      collapsedComponents,
    },
  };
}
