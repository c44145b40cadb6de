/**
 * A prior instead of a floor: maximum a posteriori (MAP) EM with the
 * conjugate normal-inverse-gamma prior on each component's (μₕ, σₕ²), as in
 * mclust's `priorControl()` (Fraley & Raftery, "Bayesian regularization for
 * normal mixture estimation and model-based clustering", 2007).
 *
 * The prior, per component, with hyperparameters κ (shrinkage), m (mean),
 * ν (degrees of freedom) and ς (scale):
 *
 *   σₕ² ~ InvGamma(ν/2, ς/2):  log p(σ²) = (ν/2) log(ς/2) − log Γ(ν/2) − (ν/2 + 1) log σ² − ς / (2σ²)
 *   μₕ | σₕ² ~ N(m, σₕ²/κ)   (left out when κ = 0: a flat prior on μ)
 *
 * The weights keep their maximum-likelihood update. Maximising
 * Q(θ | θ_old) + Σₕ log p(μₕ, σₕ²) over μₕ and σₕ² gives, with
 * Nₕ = Σᵢ rᵢₕ and x̄ₕ = Σᵢ rᵢₕ xᵢ / Nₕ:
 *
 *   μₕ  = (Nₕ x̄ₕ + κ m) / (Nₕ + κ)
 *   σₕ² = (Σᵢ rᵢₕ (xᵢ − μₕ)² + κ (μₕ − m)² + ς) / (Nₕ + ν + 3)   (κ > 0)
 *   σₕ² = (Σᵢ rᵢₕ (xᵢ − x̄ₕ)² + ς) / (Nₕ + ν + 2)                (κ = 0)
 *
 * In the α, β of InvGamma(α, β) (α = ν/2, β = ς/2) and κ = 0:
 * σₕ² = (Σᵢ rᵢₕ (xᵢ − μₕ)² + 2β) / (Nₕ + 2α + 2). Every σₕ² is at least
 * ς / (N + ν + 3) > 0, so no component can collapse, and the MAP objective
 * log L(θ) + log p(θ) never decreases along the iterations.
 *
 * @module
 */
import {
  checkData,
  checkInteger,
  checkNumber,
  checkOptions,
  checkResponsibilities,
  optionKeys,
} from "../_validate.ts";
import { mean } from "../math/_stats.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../errors.ts";
import { eStepUnchecked } from "./e_step.ts";
import { freezeMixture, type Mixture, validateMixture } from "../model/mixture.ts";

/** Hyperparameters of the normal-inverse-gamma prior on each (μₕ, σₕ²). */
export interface ConjugatePrior {
  /** κ ≥ 0: how many pseudo-observations pull μₕ towards `mean` (0: flat prior on μ). */
  readonly shrinkage: number;
  /** m: the prior mean of every μₕ (unused when shrinkage = 0). */
  readonly mean: number;
  /** ν > 0: degrees of freedom of the inverse-gamma prior on σ² (α = ν/2). */
  readonly dof: number;
  /** ς > 0: scale of the inverse-gamma prior on σ² (β = ς/2). */
  readonly scale: number;
}

function checkPrior(prior: unknown): asserts prior is ConjugatePrior {
  if (prior === null || typeof prior !== "object" || Array.isArray(prior)) {
    throw new ParameterTypeError(
      "prior",
      "an object { shrinkage, mean, dof, scale }",
      describeValue(prior),
      "Build one with defaultPrior(data, k) or inverseGammaPrior(alpha, beta).",
    );
  }
  const p = prior as Record<string, unknown>;
  checkNumber(p.shrinkage, "prior.shrinkage", 0, { hint: "Use 0 for a flat prior on μ." });
  checkNumber(p.mean, "prior.mean");
  checkNumber(p.dof, "prior.dof", 0, { strict: true, hint: "mclust's default is 3." });
  checkNumber(p.scale, "prior.scale", 0, {
    strict: true,
    hint: "mclust's default is the data's variance / k².",
  });
}

/**
 * mclust's default prior for a 1-D mixture of k components with unequal
 * variances (`defaultPrior(data, G = k, modelName = "V")`): shrinkage 0.01,
 * mean = the data's mean, dof = 3, scale = var(data) / k², with var the
 * sample variance (N − 1 in the denominator, as R's `var`).
 *
 * @param data The observations (at least two).
 * @param k Number of components.
 * @returns The prior's hyperparameters.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { defaultPrior } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(defaultPrior([0, 2], 2), { shrinkage: 0.01, mean: 1, dof: 3, scale: 0.5 });
 * ```
 */
export function defaultPrior(data: ArrayLike<number>, k: number): ConjugatePrior {
  checkData(data);
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  if (data.length < 2) {
    throw new ParameterRangeError(
      "data",
      "at least two observations",
      "one observation",
      "The default scale is the sample variance, which needs two points.",
    );
  }
  const m = mean(data);
  let ss = 0;
  for (let i = 0; i < data.length; i++) ss += (data[i]! - m) ** 2;
  const scale = ss / (data.length - 1) / (k * k);
  if (!(scale > 0)) {
    throw new ParameterRangeError(
      "data",
      "values with a positive spread",
      "identical values",
      "Give the prior's scale yourself, or add data.",
    );
  }
  return Object.freeze({ shrinkage: 0.01, mean: m, dof: 3, scale });
}

/**
 * The prior σₕ² ~ InvGamma(α, β) on every variance and a flat prior on the
 * means: the conjugate prior of the brief form σ² = (Σ r (x − μ)² + 2β) / (Nₕ + 2α + 2).
 *
 * @param alpha Shape α > 0.
 * @param beta Scale β > 0 (in squared data units).
 * @returns The prior as { shrinkage: 0, mean: 0, dof: 2α, scale: 2β }.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { inverseGammaPrior } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(inverseGammaPrior(1, 0.01).dof, 2);
 * ```
 */
export function inverseGammaPrior(alpha: number, beta: number): ConjugatePrior {
  checkNumber(alpha, "alpha", 0, { strict: true, hint: "Use a shape such as 1." });
  checkNumber(beta, "beta", 0, { strict: true, hint: "Use a small positive σ² scale." });
  return Object.freeze({ shrinkage: 0, mean: 0, dof: 2 * alpha, scale: 2 * beta });
}

/** log Γ(z) for z > 0 (Lanczos, g = 7, 9 terms; about 15 significant digits). */
function logGamma(z: number): number {
  const c = [
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  z -= 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function logPriorUnchecked(m: Mixture, prior: ConjugatePrior): number {
  const { shrinkage: kappa, mean: m0, dof: nu, scale } = prior;
  const constant = (nu / 2) * Math.log(scale / 2) - logGamma(nu / 2);
  let total = 0;
  for (let h = 0; h < m.weights.length; h++) {
    const v = m.stdDevs[h]! ** 2;
    total += constant - (nu / 2 + 1) * Math.log(v) - scale / (2 * v);
    if (kappa > 0) {
      const d = m.means[h]! - m0;
      total += -0.5 * Math.log((2 * Math.PI * v) / kappa) - (kappa * d * d) / (2 * v);
    }
  }
  return total;
}

/**
 * log p(θ) = Σₕ [log InvGamma(σₕ²; ν/2, ς/2) + log N(μₕ; m, σₕ²/κ)] (the
 * second term only when κ > 0), a density in (μₕ, σₕ²).
 *
 * @param mixture θ.
 * @param prior The hyperparameters.
 * @returns The log prior density.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example The inverse-gamma density at its mode β/(α + 1)
 * ```ts
 * import { inverseGammaPrior, logPrior, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * // α = 1, β = 2: mode σ² = 1, density β e^(−β) = 2e^(−2).
 * const value = logPrior(mixture([1], [0], [1]), inverseGammaPrior(1, 2));
 * assertAlmostEquals(value, Math.log(2) - 2, 1e-12);
 * ```
 */
export function logPrior(mixture: Mixture, prior: ConjugatePrior): number {
  validateMixture(mixture);
  checkPrior(prior);
  return logPriorUnchecked(mixture, prior);
}

/**
 * The MAP objective log L(θ) + log p(θ), which MAP EM never lowers.
 *
 * @param data The observations.
 * @param mixture θ.
 * @param prior The hyperparameters.
 * @returns log L(θ) + log p(θ).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { defaultPrior, logLikelihood, logPrior, mapObjective, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [0, 0.5, 3, 3.2];
 * const m = mixture([0.5, 0.5], [0.2, 3.1], [0.3, 0.2]);
 * const prior = defaultPrior(x, 2);
 * assertAlmostEquals(mapObjective(x, m, prior), logLikelihood(x, m) + logPrior(m, prior), 1e-12);
 * ```
 */
export function mapObjective(
  data: ArrayLike<number>,
  mixture: Mixture,
  prior: ConjugatePrior,
): number {
  checkData(data);
  validateMixture(mixture);
  checkPrior(prior);
  return eStepUnchecked(data, mixture).logLikelihood + logPriorUnchecked(mixture, prior);
}

function mapMStepUnchecked(
  data: ArrayLike<number>,
  r: readonly (readonly number[])[],
  prior: ConjugatePrior,
  previous?: Mixture,
): Mixture {
  const n = data.length, k = r[0]!.length;
  const { shrinkage: kappa, mean: m0, dof: nu, scale } = prior;
  const weights: number[] = [], means: number[] = [], stdDevs: number[] = [];
  for (let h = 0; h < k; h++) {
    let nh = 0, sx = 0;
    for (let i = 0; i < n; i++) {
      nh += r[i]![h]!;
      sx += r[i]![h]! * data[i]!;
    }
    // With no responsibility at all, x̄ₕ is undefined: use the previous mean (or the prior's).
    const xbar = nh > 0 ? sx / nh : (previous?.means[h] ?? (kappa > 0 ? m0 : mean(data)));
    const mu = (nh * xbar + kappa * m0) / (nh + kappa);
    let ss = 0;
    for (let i = 0; i < n; i++) ss += r[i]![h]! * (data[i]! - mu) ** 2;
    const v = kappa > 0
      ? (ss + kappa * (mu - m0) ** 2 + scale) / (nh + nu + 3)
      : (ss + scale) / (nh + nu + 2);
    weights.push(nh / n);
    means.push(mu);
    stdDevs.push(Math.sqrt(v));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return freezeMixture({ weights: weights.map((w) => w / total), means, stdDevs });
}

/**
 * The MAP M-step: the maximum-likelihood weights, and μₕ, σₕ² maximising
 * Q(θ | θ_old) + log p(θ) (the formulas in the module documentation).
 * Unlike the variance floor, it needs no threshold: the prior's scale keeps
 * every σₕ² above ς / (N + ν + 3).
 *
 * @param data The observations.
 * @param responsibilities p̄(h | xᵢ) under θ_old, N rows of k.
 * @param prior The hyperparameters.
 * @param previous θ_old, whose means are kept for a component with no responsibility at all.
 * @returns The updated mixture.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A component on a single point keeps a positive σ
 * ```ts
 * import { inverseGammaPrior, mapMStep } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const m = mapMStep([1, 1, 5, 6], [[1, 0], [1, 0], [0, 1], [0, 1]], inverseGammaPrior(1, 0.01));
 * // σ₁² = (0 + 2β) / (N₁ + 2α + 2) = 0.02 / 6
 * assertAlmostEquals(m.stdDevs[0]!, Math.sqrt(0.02 / 6), 1e-15);
 * ```
 */
export function mapMStep(
  data: ArrayLike<number>,
  responsibilities: readonly (readonly number[])[],
  prior: ConjugatePrior,
  previous?: Mixture,
): Mixture {
  checkData(data);
  checkPrior(prior);
  checkResponsibilities(responsibilities, data.length);
  if (previous !== undefined) validateMixture(previous, "previous");
  return mapMStepUnchecked(data, responsibilities, prior, previous);
}

/** Options for {@linkcode mapEm}. */
export interface MapEmOptions {
  /** Stop when the MAP objective changes by less than tol. 0 runs until maxIter. @default 1e-3 */
  tol?: number;
  /** Most iterations after the start. @default 1000 */
  maxIter?: number;
}

/** The state of MAP EM after one iteration. Frozen. */
export interface MapEmSnapshot {
  /** 0 for the start, then 1, 2, …. */
  readonly iteration: number;
  /** λ, μ, σ after this iteration. */
  readonly mixture: Mixture;
  /** log L(θ). */
  readonly logLikelihood: number;
  /** log L(θ) + log p(θ), which never decreases. */
  readonly objective: number;
  /** objective minus the previous snapshot's; null at iteration 0. */
  readonly delta: number | null;
  /** True when |delta| < tol: the last snapshot. */
  readonly converged: boolean;
}

/**
 * MAP EM: the E-step as usual, then {@linkcode mapMStep}. Yields the start
 * and every iteration, like `em`.
 *
 * @param data The observations.
 * @param start θ₀.
 * @param prior The hyperparameters, e.g. `defaultPrior(data, k)`.
 * @param options Tolerance and most iterations.
 * @returns A generator of frozen snapshots.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example The MAP objective never decreases
 * ```ts
 * import { defaultPrior, mapEm, mixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const x = [0.1, 0.3, 0.2, 2.9, 3.1, 3.4, 3.0];
 * const run = [...mapEm(x, mixture([0.5, 0.5], [0, 1], [1, 1]), defaultPrior(x, 2))];
 * for (let t = 1; t < run.length; t++) assert(run[t]!.objective >= run[t - 1]!.objective - 1e-12);
 * ```
 */
export function* mapEm(
  data: ArrayLike<number>,
  start: Mixture,
  prior: ConjugatePrior,
  options: MapEmOptions = {},
): Generator<MapEmSnapshot, void, undefined> {
  checkData(data);
  validateMixture(start, "start");
  checkPrior(prior);
  checkOptions(options, optionKeys<MapEmOptions>({ tol: 1, maxIter: 1 }), "mapEm");
  const { tol = 1e-3, maxIter = 1000 } = options;
  checkNumber(tol, "options.tol", 0, { hint: "Use a small tolerance such as 1e-3, or 0." });
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  let m = start;
  let e = eStepUnchecked(data, m);
  let objective = e.logLikelihood + logPriorUnchecked(m, prior);
  yield Object.freeze({
    iteration: 0,
    mixture: m,
    logLikelihood: e.logLikelihood,
    objective,
    delta: null,
    converged: false,
  });
  for (let t = 1; t <= maxIter; t++) {
    m = mapMStepUnchecked(data, e.responsibilities, prior, m);
    e = eStepUnchecked(data, m);
    const next = e.logLikelihood + logPriorUnchecked(m, prior);
    const delta = next - objective;
    objective = next;
    const converged = Math.abs(delta) < tol;
    yield Object.freeze({
      iteration: t,
      mixture: m,
      logLikelihood: e.logLikelihood,
      objective,
      delta,
      converged,
    });
    if (converged) return;
  }
}
