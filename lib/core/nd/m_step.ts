/**
 * The M-step for d-dimensional mixtures: weighted means and full covariances,
 * with a ridge on the diagonal.
 *
 * @module
 */
import { checkOptions, checkResponsibilities, optionKeys } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { cholesky } from "./_linalg.ts";
import { checkPoints, columnMeans, covarianceMatrix, type Points } from "./_validate.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";
import { resolveRidge } from "./ridge.ts";

/** Options for {@linkcode mStepMv}. */
export interface MvMStepOptions {
  /**
   * Added to the diagonal of every covariance: Σₕ = Sₕ + diag(ridge). A number
   * applies to every dimension; an array gives one value per dimension.
   * @default 1e-6 × each column's variance (see `defaultRidge`)
   */
  ridge?: number | readonly number[];
  /**
   * The mixture before this step. A component whose responsibilities all
   * underflow to 0 keeps its previous μ and Σ (with weight 0); without
   * `previous` it gets the data's mean and covariance.
   * @default undefined
   */
  previous?: MvMixture;
}

/** What {@linkcode mStepMv} returns. */
export interface MvMStepResult {
  /** The updated mixture. */
  readonly mixture: MvMixture;
  /** Components that had no responsibility left (Σᵢ p̄ = 0): weight 0. */
  readonly emptyComponents: number[];
  /**
   * Components whose covariance came out singular (only possible with a zero
   * ridge): the component sits on a point or a line and the likelihood is
   * unbounded. `mStepMv` throws in that case; the EM loop stops with a
   * `SingularCovarianceError`.
   */
  readonly collapsedComponents: number[];
}

/**
 * The M-step for full covariances. With Nₕ = Σᵢ p̄(h | xᵢ):
 *
 *   λₕ = Nₕ / N
 *   μₕ = Σᵢ p̄(h | xᵢ) xᵢ / Nₕ
 *   Σₕ = Σᵢ p̄(h | xᵢ) (xᵢ − μₕ)(xᵢ − μₕ)ᵀ / Nₕ + diag(ridge)
 *
 * Each diagonal entry of Σₕ is the 1-D σ² update of that coordinate; the
 * off-diagonal entries are the weighted covariances between coordinates.
 * Unlike the 1-D variance floor (σ² = max(update, floor)) the ridge is always
 * added, the convention of scikit-learn's `reg_covar`.
 *
 * @param data The points, as rows.
 * @param responsibilities N rows of k responsibilities, each row summing to 1.
 * @param options Ridge and previous mixture.
 * @returns The new mixture, and which components were empty or collapsed.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, an unknown option key, or a covariance that becomes singular with `ridge: 0`.
 *
 * @example Hand-checkable: the corners of a square, and a second component far away
 * ```ts
 * import { mStepMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const data = [[0, 0], [2, 0], [0, 2], [2, 2], [10, 10], [12, 10], [10, 12], [12, 12]];
 * const r = data.map((_, i) => (i < 4 ? [1, 0] : [0, 1]));
 * const { mixture } = mStepMv(data, r, { ridge: 0 });
 * assertEquals(mixture.weights, [0.5, 0.5]);
 * assertEquals(mixture.means, [[1, 1], [11, 11]]);
 * assertEquals(mixture.covariances[0], [[1, 0], [0, 1]]);
 * ```
 */
export function mStepMv(
  data: Points,
  responsibilities: readonly (readonly number[])[],
  options: MvMStepOptions = {},
): MvMStepResult {
  checkPoints(data);
  checkOptions(options, optionKeys<MvMStepOptions>({ ridge: 1, previous: 1 }), "mStepMv");
  checkResponsibilities(responsibilities, data.length, { producer: "eStepMv()" });
  const ridge = resolveRidge(options.ridge, data);
  const result = mStepMvUnchecked(data, responsibilities, ridge, options.previous);
  if (result.collapsedComponents.length > 0) {
    throw new ParameterRangeError(
      "options.ridge",
      "a ridge > 0 when a component sits on a point or a line",
      describeValue(options.ridge),
      `Component ${result.collapsedComponents[0]! + 1} has a singular covariance. ` +
        "Use a positive ridge (the default is 1e-6 × each column's variance).",
    );
  }
  return result;
}

/**
 * {@linkcode mStepMv} without argument checks, for loops that checked once.
 * Does not throw on collapsed components; it reports them.
 */
export function mStepMvUnchecked(
  data: Points,
  responsibilities: readonly (readonly number[])[],
  ridge: readonly number[],
  previous?: MvMixture,
): MvMStepResult {
  const n = data.length;
  const d = data[0]!.length;
  const k = responsibilities[0]!.length;
  const weights: number[] = [], means: number[][] = [], covariances: number[][][] = [];
  const emptyComponents: number[] = [], collapsedComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    let nh = 0;
    const mu = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      const r = responsibilities[i]![h]!;
      const x = data[i]!;
      nh += r;
      for (let a = 0; a < d; a++) mu[a]! += r * x[a]!;
    }
    if (!(nh > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push(previous ? [...previous.means[h]!] : columnMeans(data));
      covariances.push(
        previous
          ? previous.covariances[h]!.map((row) => [...row])
          : addRidge(covarianceMatrix(data), ridge),
      );
      continue;
    }
    for (let a = 0; a < d; a++) mu[a] = mu[a]! / nh;
    const s = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const diff = new Array<number>(d);
    for (let i = 0; i < n; i++) {
      const r = responsibilities[i]![h]!;
      const x = data[i]!;
      for (let a = 0; a < d; a++) diff[a] = x[a]! - mu[a]!;
      for (let a = 0; a < d; a++) {
        const ra = r * diff[a]!;
        const sa = s[a]!;
        for (let b = 0; b <= a; b++) sa[b]! += ra * diff[b]!;
      }
    }
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        s[a]![b] = s[a]![b]! / nh;
        s[b]![a] = s[a]![b]!;
      }
    }
    const cov = addRidge(s, ridge);
    if (cholesky(cov) === null) collapsedComponents.push(h);
    weights.push(nh / n);
    means.push(mu);
    covariances.push(cov);
  }
  // Rows sum to 1 only up to rounding; renormalise so Σλ = 1.
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  if (collapsedComponents.length > 0) {
    // Return the raw result; callers decide how to report the collapse.
    return {
      mixture: Object.freeze({ weights, means, covariances }),
      emptyComponents,
      collapsedComponents,
    };
  }
  return {
    mixture: freezeMvMixture({ weights, means, covariances }),
    emptyComponents,
    collapsedComponents,
  };
}

function addRidge(s: number[][], ridge: readonly number[]): number[][] {
  for (let a = 0; a < s.length; a++) s[a]![a] = s[a]![a]! + ridge[a]!;
  return s;
}
