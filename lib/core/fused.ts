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
 * time, computing the same per-point numbers (lib/core/fused/_kernel_1d.wat);
 * elsewhere the TypeScript loop runs. Either way the log-likelihood and the
 * new λ, μ, σ agree with `mStep(eStep(…))` to rounding (tests/fused_test.ts
 * checks 1e-12 relative on thousands of seeded cases, with far outliers and
 * near-collapsed components).
 *
 * @module
 */
import { checkData, checkNumber, checkOptions, optionKeys } from "./_validate.ts";
import { describeValue, ParameterRangeError } from "./errors.ts";
import { freezeMixture, type Mixture, validateMixture } from "./mixture.ts";
import type { MStepResult } from "./m_step.ts";
import { accumulate } from "./fused/_pass.ts";
import { defaultVarianceFloor } from "./variance_floor.ts";
import type { PassRunner } from "./fused/_parallel.ts";

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
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
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

/** {@linkcode sufficientStatistics} without argument checks. */
export function sufficientStatisticsUnchecked(
  x: Float64Array,
  mixture: Mixture,
  runner?: PassRunner,
): SufficientStatistics {
  const centres = Float64Array.from(mixture.means);
  return { ...accumulate(x, mixture, centres, runner), centres };
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
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, an unknown option key, or a component that collapses with `varianceFloor: 0`.
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
  checkOptions(options, optionKeys<FusedStepOptions>({ varianceFloor: 1 }), "fusedStep");
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
  runner?: PassRunner,
): FusedStepResult {
  const stats = sufficientStatisticsUnchecked(x, mixture, runner);
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
    const second = accumulate(x, mixture, newMeans, runner);
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
