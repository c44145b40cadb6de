/**
 * The quantities of the EM derivation: the complete-data log-likelihood, the
 * expected complete-data log-likelihood Q(θ | θ_old) and its parts, the
 * lower bound Q + H that EM climbs, and numerical checks that the M-step
 * maximises Q.
 *
 * Responsibilities p̄(h | xᵢ) are those of θ_old (from `eStep`);
 * the mixture argument is θ, the point where Q is evaluated.
 *
 * @module
 */
import {
  checkData,
  checkNonEmptyArray,
  checkNumber,
  checkOptions,
  checkResponsibilities,
  optionKeys,
} from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { type Mixture, validateMixture } from "../core/model/mixture.ts";
import { logNormalPdf } from "../core/math/normal.ts";
import { numericGradient } from "./numeric_gradient.ts";

/** Q(θ | θ_old) split into the part that depends on λ and one part per component. */
export interface QTerms {
  /** Σₕ Σᵢ p̄(h | xᵢ) log λₕ — the only part that depends on λ. */
  readonly weightTerm: number;
  /** componentTerms[h] = Σᵢ p̄(h | xᵢ) log N(xᵢ | μₕ, σₕ) — depends only on μₕ, σₕ. */
  readonly componentTerms: number[];
  /** Q = weightTerm + Σₕ componentTerms[h]. */
  readonly total: number;
}

/** The partial derivatives of Q at a point, by central differences. */
export interface QGradient {
  /**
   * ∂Q/∂λₕ with the other weights held fixed (leaving Σλ = 1). At the M-step
   * update every entry equals N, the Lagrange multiplier.
   */
  readonly weights: number[];
  /**
   * The weight gradient projected onto directions that keep Σλ = 1
   * (each entry minus their mean). ≈ 0 at the M-step update.
   */
  readonly weightsOnSimplex: number[];
  /** ∂Q/∂μₕ. ≈ 0 at the M-step update. */
  readonly means: number[];
  /** ∂Q/∂σₕ. ≈ 0 at the M-step update. */
  readonly stdDevs: number[];
}

/** Options for {@linkcode qGradient}. */
export interface QGradientOptions {
  /** Relative finite-difference step (see `numericGradient`). @default 1e-5 */
  step?: number;
}

/** Q at one parameter moved away from the point where it was evaluated. */
export interface QPerturbation {
  /** Which parameter moved. */
  readonly parameter: "weights" | "means" | "stdDevs";
  /** The component whose parameter moved (for weights: h gains, h + 1 mod k loses). */
  readonly component: number;
  /** The signed change applied. */
  readonly change: number;
  /** Q at the moved parameters. */
  readonly q: number;
  /** Q at the point minus Q at the moved parameters: > 0 when the point is higher. */
  readonly drop: number;
}

/** Options for {@linkcode qPerturbations}. */
export interface QPerturbationOptions {
  /**
   * How far to move each parameter: means by ±delta·σₕ, standard deviations
   * by a factor e^(±delta), weights by ±delta·min(λₕ, λₕ₊₁).
   * @default 0.05
   */
  delta?: number;
}

function checkArgs(data: unknown, responsibilities: unknown, mixture: unknown): number {
  checkData(data);
  const k = validateMixture(mixture);
  // Q is defined for any weights in [0, 1], so the rows' sums are left unchecked.
  checkResponsibilities(responsibilities, (data as ArrayLike<number>).length, {
    k,
    producer: "eStep(data, θ_old)",
    sumTolerance: Infinity,
  });
  return k;
}

/** Q's parts from raw arrays; weights need not sum to 1 (for partial derivatives). */
function terms(
  data: ArrayLike<number>,
  r: readonly (readonly number[])[],
  weights: readonly number[],
  means: readonly number[],
  stdDevs: readonly number[],
): QTerms {
  const k = weights.length;
  let weightTerm = 0;
  const componentTerms = new Array<number>(k).fill(0);
  for (let h = 0; h < k; h++) {
    const logW = Math.log(weights[h]!);
    let nh = 0, c = 0;
    for (let i = 0; i < data.length; i++) {
      const rih = r[i]![h]!;
      if (rih === 0) continue; // 0 · log 0 = 0: a component nobody belongs to adds nothing.
      nh += rih;
      c += rih * logNormalPdf(data[i]!, means[h]!, stdDevs[h]!);
    }
    if (nh > 0) weightTerm += nh * logW;
    componentTerms[h] = c;
  }
  const total = weightTerm + componentTerms.reduce((a, b) => a + b, 0);
  return { weightTerm, componentTerms, total };
}

/**
 * The complete-data log-likelihood: if we knew which component zᵢ produced
 * each point, log L_c(θ) = Σᵢ [log λ_{zᵢ} + log N(xᵢ | μ_{zᵢ}, σ_{zᵢ})].
 *
 * @param data The observations x₁ … x_N.
 * @param labels The component zᵢ ∈ {0, …, k−1} of each point.
 * @param mixture θ = λ, μ, σ.
 * @returns log L_c(θ).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example Two points, one from each of two standard normals with equal weights
 * ```ts
 * import { completeDataLogLikelihood, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const m = mixture([0.5, 0.5], [0, 10], [1, 1]);
 * const expected = 2 * (Math.log(0.5) - 0.5 * Math.log(2 * Math.PI));
 * assertAlmostEquals(completeDataLogLikelihood([0, 10], [0, 1], m), expected, 1e-12);
 * ```
 */
export function completeDataLogLikelihood(
  data: ArrayLike<number>,
  labels: ArrayLike<number>,
  mixture: Mixture,
): number {
  checkData(data);
  const k = validateMixture(mixture);
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw new ParameterTypeError(
      "labels",
      "an array of component indices",
      describeValue(labels),
      "Pass the labels returned by sampleMixture().",
    );
  }
  if (labels.length !== data.length) {
    throw new ParameterRangeError(
      "labels",
      `one label per data point (${data.length})`,
      `${labels.length} labels`,
    );
  }
  let total = 0;
  for (let i = 0; i < data.length; i++) {
    const z = labels[i];
    if (typeof z !== "number" || !Number.isInteger(z) || z < 0 || z >= k) {
      throw new ParameterRangeError(
        `labels[${i}]`,
        `an integer in [0, ${k - 1}]`,
        describeValue(z),
        "Labels are 0-based positions: 0 for component 1, …, k − 1 for component k.",
      );
    }
    total += Math.log(mixture.weights[z]!) +
      logNormalPdf(data[i]!, mixture.means[z]!, mixture.stdDevs[z]!);
  }
  return total;
}

/**
 * Q(θ | θ_old) and its parts. With p̄(h | xᵢ) the responsibilities of θ_old:
 *
 *   Q = Σᵢ Σₕ p̄(h | xᵢ) [log λₕ + log N(xᵢ | μₕ, σₕ)]
 *     = Σₕ Nₕ log λₕ + Σₕ Σᵢ p̄(h | xᵢ) log N(xᵢ | μₕ, σₕ),   Nₕ = Σᵢ p̄(h | xᵢ).
 *
 * The split shows why the M-step can maximise λ, and each (μₕ, σₕ),
 * separately.
 *
 * @param data The observations.
 * @param responsibilities p̄(h | xᵢ) under θ_old, N rows of k.
 * @param mixture θ, where Q is evaluated.
 * @returns The λ part, the part of each component, and their sum.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example The parts add up to Q
 * ```ts
 * import { eStep, mixture, qFunction, qTerms } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [-1, -0.5, 0.2, 1.5, 2];
 * const old = mixture([0.5, 0.5], [-1, 1], [1, 1]);
 * const { responsibilities } = eStep(x, old);
 * const t = qTerms(x, responsibilities, old);
 * assertAlmostEquals(t.weightTerm + t.componentTerms[0]! + t.componentTerms[1]!, t.total, 1e-12);
 * assertAlmostEquals(qFunction(x, responsibilities, old), t.total, 1e-12);
 * ```
 */
export function qTerms(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  mixture: Mixture,
): QTerms {
  checkArgs(data, responsibilities, mixture);
  return terms(data, responsibilities, mixture.weights, mixture.means, mixture.stdDevs);
}

/**
 * Q(θ | θ_old) = Σᵢ Σₕ p̄(h | xᵢ) [log λₕ + log N(xᵢ | μₕ, σₕ)], the
 * expected complete-data log-likelihood that the M-step maximises.
 *
 * @param data The observations.
 * @param responsibilities p̄(h | xᵢ) under θ_old, N rows of k.
 * @param mixture θ, where Q is evaluated.
 * @returns Q(θ | θ_old).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example The M-step's result scores higher than the old parameters
 * ```ts
 * import { eStep, mixture, mStep, qFunction } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const x = [-1, -0.8, -0.5, 0.9, 1.2, 1.4];
 * const old = mixture([0.5, 0.5], [-0.2, 0.3], [1, 1]);
 * const { responsibilities } = eStep(x, old);
 * const next = mStep(x, responsibilities).mixture;
 * assert(qFunction(x, responsibilities, next) > qFunction(x, responsibilities, old));
 * ```
 */
export function qFunction(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  mixture: Mixture,
): number {
  return qTerms(data, responsibilities, mixture).total;
}

/**
 * The entropy of the responsibilities, H = −Σᵢ Σₕ p̄(h | xᵢ) log p̄(h | xᵢ)
 * (with 0 log 0 = 0). It does not depend on θ, so maximising Q + H over θ is
 * maximising Q.
 *
 * @param responsibilities N rows of k probabilities.
 * @returns H ≥ 0; 0 when every point belongs to one component for sure.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example Certain assignments have entropy 0, a fair coin log 2
 * ```ts
 * import { responsibilityEntropy } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * assertEquals(responsibilityEntropy([[1, 0], [0, 1]]), 0);
 * assertAlmostEquals(responsibilityEntropy([[0.5, 0.5]]), Math.log(2), 1e-15);
 * ```
 */
export function responsibilityEntropy(responsibilities: readonly (readonly number[])[]): number {
  checkNonEmptyArray(
    responsibilities,
    "responsibilities",
    "a non-empty array of rows of probabilities",
    "Pass the responsibilities returned by eStep().",
  );
  const first: unknown = responsibilities[0];
  const k = Array.isArray(first) ? first.length : 0;
  checkResponsibilities(responsibilities, responsibilities.length, {
    k: Math.max(k, 1),
    sumTolerance: Infinity,
  });
  let h = 0;
  for (const row of responsibilities) {
    for (const p of row) if (p > 0) h -= p * Math.log(p);
  }
  return h;
}

/**
 * The lower bound that EM climbs: B(θ | θ_old) = Q(θ | θ_old) + H(θ_old).
 * By Jensen's inequality B(θ | θ_old) ≤ log L(θ) for every θ, with equality
 * at θ = θ_old. So the M-step, which raises B, raises log L at least as much.
 *
 * @param data The observations.
 * @param responsibilities p̄(h | xᵢ) under θ_old.
 * @param mixture θ.
 * @returns B(θ | θ_old).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example The bound touches log L at θ_old and stays below it elsewhere
 * ```ts
 * import { eStep, logLikelihood, lowerBound, mixture } from "@emlab/emlab";
 * import { assert, assertAlmostEquals } from "@std/assert";
 * const x = [-1, -0.5, 0.2, 1.5, 2];
 * const old = mixture([0.5, 0.5], [-1, 1], [1, 1]);
 * const { responsibilities } = eStep(x, old);
 * assertAlmostEquals(lowerBound(x, responsibilities, old), logLikelihood(x, old), 1e-12);
 * const other = mixture([0.3, 0.7], [0, 2], [0.5, 2]);
 * assert(lowerBound(x, responsibilities, other) <= logLikelihood(x, other));
 * ```
 */
export function lowerBound(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  mixture: Mixture,
): number {
  return qFunction(data, responsibilities, mixture) + responsibilityEntropy(responsibilities);
}

/**
 * The gradient of Q(θ | θ_old) with respect to λ, μ and σ, measured by
 * central finite differences (not from the formulas, so it can check them).
 * At the M-step update, ∂Q/∂μₕ ≈ 0, ∂Q/∂σₕ ≈ 0, and every ∂Q/∂λₕ ≈ N
 * (equal partials: no direction that keeps Σλ = 1 goes uphill).
 *
 * @param data The observations.
 * @param responsibilities p̄(h | xᵢ) under θ_old.
 * @param mixture θ, where the gradient is taken.
 * @param options The relative step.
 * @returns The partial derivatives, grouped by parameter.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example The M-step update is a stationary point of Q
 * ```ts
 * import { eStep, mixture, mStep, qGradient } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [-1, -0.8, -0.5, 0.9, 1.2, 1.4];
 * const { responsibilities } = eStep(x, mixture([0.5, 0.5], [-0.2, 0.3], [1, 1]));
 * const g = qGradient(x, responsibilities, mStep(x, responsibilities).mixture);
 * for (const v of [...g.means, ...g.stdDevs, ...g.weightsOnSimplex]) assertAlmostEquals(v, 0, 1e-6);
 * assertAlmostEquals(g.weights[0]!, x.length, 1e-6);
 * ```
 */
export function qGradient(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  mixture: Mixture,
  options: QGradientOptions = {},
): QGradient {
  const k = checkArgs(data, responsibilities, mixture);
  checkOptions(options, optionKeys<QGradientOptions>({ step: 1 }), "qGradient");
  const { step = 1e-5 } = options;
  const { weights, means, stdDevs } = mixture;
  const r = responsibilities;
  const gw = numericGradient((w) => terms(data, r, w, means, stdDevs).total, weights, { step });
  const gm = numericGradient((m) => terms(data, r, weights, m, stdDevs).total, means, { step });
  const gs = numericGradient((s) => terms(data, r, weights, means, s).total, stdDevs, { step });
  const meanGw = gw.reduce((a, b) => a + b, 0) / k;
  return {
    weights: gw,
    weightsOnSimplex: gw.map((g) => g - meanGw),
    means: gm,
    stdDevs: gs,
  };
}

/**
 * Q(θ | θ_old) with one parameter of θ moved at a time, up and down. At the
 * M-step update every `drop` is positive: the update is a maximum of Q, not
 * just a stationary point. Weights move in pairs (component h gains what
 * h + 1 mod k loses), so Σλ = 1 holds.
 *
 * @param data The observations.
 * @param responsibilities p̄(h | xᵢ) under θ_old.
 * @param mixture θ, the point to move away from.
 * @param options How far to move.
 * @returns One row per parameter and direction (for k = 1, no weight rows).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Every move away from the M-step update lowers Q
 * ```ts
 * import { eStep, mixture, mStep, qPerturbations } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const x = [-1, -0.8, -0.5, 0.9, 1.2, 1.4];
 * const { responsibilities } = eStep(x, mixture([0.5, 0.5], [-0.2, 0.3], [1, 1]));
 * const rows = qPerturbations(x, responsibilities, mStep(x, responsibilities).mixture);
 * assert(rows.length === 12 && rows.every((row) => row.drop > 0));
 * ```
 */
export function qPerturbations(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  mixture: Mixture,
  options: QPerturbationOptions = {},
): QPerturbation[] {
  const k = checkArgs(data, responsibilities, mixture);
  checkOptions(options, optionKeys<QPerturbationOptions>({ delta: 1 }), "qPerturbations");
  const { delta = 0.05 } = options;
  checkNumber(delta, "options.delta", 0, {
    strict: true,
    hint: "Use a small positive size such as 0.05.",
  });
  const r = responsibilities;
  const at = terms(data, r, mixture.weights, mixture.means, mixture.stdDevs).total;
  const rows: QPerturbation[] = [];
  const { weights, means, stdDevs } = mixture;
  const add = (
    parameter: QPerturbation["parameter"],
    component: number,
    change: number,
    moved: { weights?: number[]; means?: number[]; stdDevs?: number[] },
  ) => {
    const q = terms(
      data,
      r,
      moved.weights ?? weights,
      moved.means ?? means,
      moved.stdDevs ?? stdDevs,
    ).total;
    rows.push({ parameter, component, change, q, drop: at - q });
  };
  for (let h = 0; h < k; h++) {
    for (const sign of [1, -1]) {
      if (k > 1) {
        const j = (h + 1) % k;
        const w = weights.slice();
        const change = sign * delta * Math.min(w[h]!, w[j]!);
        w[h] = w[h]! + change;
        w[j] = w[j]! - change;
        add("weights", h, change, { weights: w });
      }
      const m = means.slice();
      const dm = sign * delta * stdDevs[h]!;
      m[h] = m[h]! + dm;
      add("means", h, dm, { means: m });
      const s = stdDevs.slice();
      const ds = s[h]! * (Math.exp(sign * delta) - 1);
      s[h] = s[h]! + ds;
      add("stdDevs", h, ds, { stdDevs: s });
    }
  }
  return rows;
}
