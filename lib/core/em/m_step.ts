/**
 * The M-step: closed-form updates of λ, μ, σ from the responsibilities.
 *
 * @module
 */
import {
  checkData,
  checkNumber,
  checkOptions,
  checkResponsibilities,
  optionKeys,
} from "../_validate.ts";
import { mean, variance } from "../math/_stats.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { freezeMixture, type Mixture } from "../model/mixture.ts";
import { defaultVarianceFloor } from "./variance_floor.ts";

/** Options for {@linkcode mStep}. */
export interface MStepOptions {
  /**
   * Smallest allowed σ², in squared data units; σₕ² = max(update, floor).
   * @default 1e-6 × the data's variance (see `defaultVarianceFloor`)
   */
  varianceFloor?: number;
  /**
   * The mixture before this step. A component whose responsibilities all
   * underflow to 0 keeps its previous μ and σ (with weight 0); without
   * `previous` it gets the data's mean and standard deviation.
   * @default undefined
   */
  previous?: Mixture;
}

/** What the M-step returns. */
export interface MStepResult {
  /** The updated mixture. */
  readonly mixture: Mixture;
  /** Components whose σ² was raised to the variance floor. */
  readonly flooredComponents: number[];
  /**
   * Components that had no responsibility left (Σᵢ p̄ = 0, or so little that
   * λ = Σᵢ p̄ / N underflows to 0): weight 0, previous μ and σ kept.
   */
  readonly emptyComponents: number[];
  /**
   * Components whose σ came out as 0 (only possible with `varianceFloor: 0`):
   * the component sits on a single point and the likelihood is unbounded.
   * `mStep` throws in that case; the EM loop stops with a `DegenerateFitError`.
   */
  readonly collapsedComponents: number[];
}

/**
 * The M-step. With Nₕ = Σᵢ p̄(h | xᵢ):
 *
 *   λₕ = Nₕ / N
 *   μₕ = Σᵢ p̄(h | xᵢ) xᵢ / Nₕ
 *   σₕ² = max(Σᵢ p̄(h | xᵢ) (xᵢ − μₕ)² / Nₕ, varianceFloor)
 *
 * A pure function of the data and the responsibilities.
 *
 * @param data The observations x₁ … x_N.
 * @param responsibilities N rows of k responsibilities, each row summing to 1.
 * @param options Variance floor and previous mixture.
 * @returns The new mixture, and which components were floored or empty.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, an unknown option key, or a component that collapses with `varianceFloor: 0`.
 *
 * @example Hand-checkable: two points per component, all certain
 * ```ts
 * import { mStep } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { mixture } = mStep([0, 2, 10, 14], [[1, 0], [1, 0], [0, 1], [0, 1]]);
 * assertEquals(mixture.weights, [0.5, 0.5]);
 * assertEquals(mixture.means, [1, 12]);
 * assertEquals(mixture.stdDevs, [1, 2]);
 * ```
 */
export function mStep(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  options: MStepOptions = {},
): MStepResult {
  checkData(data);
  checkOptions(options, optionKeys<MStepOptions>({ varianceFloor: 1, previous: 1 }), "mStep");
  checkResponsibilities(responsibilities, data.length);
  const floor = options.varianceFloor ?? defaultVarianceFloor(data);
  checkNumber(floor, "options.varianceFloor", 0, {
    hint: "Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  });
  const result = mStepUnchecked(data, responsibilities, floor, options.previous);
  if (result.collapsedComponents.length > 0) {
    throw new ParameterRangeError(
      "options.varianceFloor",
      "a floor > 0 when a component sits on a single point",
      describeValue(floor),
      `Component ${result.collapsedComponents[0]! + 1} collapsed onto one point (σ = 0). ` +
        "Use a positive variance floor.",
    );
  }
  return result;
}

/** {@linkcode mStep} without argument checks, for loops that checked once. */
export function mStepUnchecked(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  varianceFloor: number,
  previous?: Mixture,
): MStepResult {
  const n = data.length;
  const k = responsibilities[0]!.length;
  const weights: number[] = [], means: number[] = [], stdDevs: number[] = [];
  const flooredComponents: number[] = [], emptyComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    // Sums are taken around a reference point c (the previous μ, else the
    // first observation) and corrected in the second pass, so that a large
    // common offset in the data does not drown the spread in rounding error.
    const c = previous !== undefined && Number.isFinite(previous.means[h])
      ? previous.means[h]!
      : data[0]!;
    let nh = 0, sx = 0;
    for (let i = 0; i < n; i++) {
      const r = responsibilities[i]![h]!;
      nh += r;
      sx += r * (data[i]! - c);
    }
    // Empty also when Nₕ is so small (denormal) that λₕ = Nₕ/N underflows to 0.
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push(previous?.means[h] ?? mean(data));
      stdDevs.push(previous?.stdDevs[h] ?? Math.sqrt(Math.max(variance(data), varianceFloor)));
      continue;
    }
    let mu = c + sx / nh;
    let ss = 0, se = 0;
    for (let i = 0; i < n; i++) {
      const d = data[i]! - mu;
      const r = responsibilities[i]![h]!;
      ss += r * d * d;
      se += r * d;
    }
    mu += se / nh;
    let v = Math.max(0, (ss - (se * se) / nh) / nh);
    if (!(v >= varianceFloor)) {
      flooredComponents.push(h);
      v = varianceFloor;
    }
    weights.push(nh / n);
    means.push(mu);
    stdDevs.push(Math.sqrt(v));
  }
  // Rows sum to 1 only up to rounding; renormalise so Σλ = 1 exactly enough.
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  const collapsedComponents = stdDevs.flatMap((s, h) => (s > 0 && Number.isFinite(s) ? [] : [h]));
  return {
    mixture: freezeMixture({ weights, means, stdDevs }),
    flooredComponents,
    emptyComponents,
    collapsedComponents,
  };
}
