/**
 * How fast EM converges, and to what. EM is a map θ ↦ M(θ); near a fixed
 * point θ*, θ_{t+1} − θ* ≈ J (θ_t − θ*) with J the Jacobian of M at θ*. So
 * the error shrinks linearly, by the largest |eigenvalue| of J per iteration
 * (the rate), and the ratio of successive parameter changes tends to it.
 * Overlapping components push the rate towards 1. A fixed point where J has
 * an eigenvalue above 1 is unstable: a stationary point that is not a
 * maximum (a saddle), which EM leaves after the smallest push. A saddle can
 * also have a rate of exactly 1, when log L rises away from it only at higher
 * order: {@linkcode symmetricSaddle} works out both cases in closed form for
 * the fixed point where two components coincide.
 *
 * The parameterisation is θ = (λ₁ … λ_{k−1}, μ₁ … μ_k, σ₁ … σ_k): the k − 1
 * free weights (λ_k = 1 − Σ the others), the means and the standard
 * deviations, 3k − 1 numbers. The eigenvalues of J at a fixed point do not
 * depend on this choice (another smooth parameterisation gives a similar
 * matrix).
 *
 * @module
 */
import { realEigenvalues } from "../core/math/_eigen.ts";
import {
  checkData,
  checkInteger,
  checkIsArray,
  checkNumber,
  checkOptions,
  optionKeys,
} from "../core/_validate.ts";
import { ParameterRangeError } from "../core/errors.ts";
import { emStep } from "../core/em/em.ts";
import { logLikelihood } from "../core/em/log_likelihood.ts";
import { freezeMixture, type Mixture, validateMixture } from "../core/model/mixture.ts";
import { mean, variance } from "../core/math/_stats.ts";

/**
 * θ as a vector: (λ₁ … λ_{k−1}, μ₁ … μ_k, σ₁ … σ_k).
 *
 * @param mixture The mixture.
 * @returns 3k − 1 numbers.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mixture, parameterVector } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parameterVector(mixture([0.25, 0.75], [0, 1], [1, 2])), [0.25, 0, 1, 1, 2]);
 * ```
 */
export function parameterVector(mixture: Mixture): number[] {
  const k = validateMixture(mixture);
  return [...mixture.weights.slice(0, k - 1), ...mixture.means, ...mixture.stdDevs];
}

/**
 * The mixture of a vector (λ₁ … λ_{k−1}, μ₁ … μ_k, σ₁ … σ_k), the inverse
 * of {@linkcode parameterVector}.
 *
 * @param vector 3k − 1 numbers.
 * @returns The validated mixture.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mixtureFromVector } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mixtureFromVector([0.25, 0, 1, 1, 2]).weights, [0.25, 0.75]);
 * ```
 */
export function mixtureFromVector(vector: readonly number[]): Mixture {
  checkIsArray(
    vector,
    "vector",
    "an array of 3k − 1 numbers",
    "Build it with parameterVector(mixture).",
  );
  if ((vector.length + 1) % 3 !== 0) {
    throw new ParameterRangeError(
      "vector",
      "3k − 1 numbers (λ₁ … λ_{k−1}, μ₁ … μ_k, σ₁ … σ_k)",
      `${vector.length} numbers`,
      "Build it with parameterVector(mixture).",
    );
  }
  const k = (vector.length + 1) / 3;
  const free = vector.slice(0, k - 1);
  const weights = [...free, 1 - free.reduce((a, b) => a + b, 0)];
  const m = {
    weights,
    means: vector.slice(k - 1, 2 * k - 1),
    stdDevs: vector.slice(2 * k - 1),
  };
  validateMixture(m, "mixtureFromVector(vector)");
  return freezeMixture(m);
}

/** Options for {@linkcode emJacobian} and {@linkcode emRate}. */
export interface EmJacobianOptions {
  /**
   * Relative finite-difference step: parameter j moves by ±step × max(|θⱼ|, s),
   * s = 1 for weights and the data's standard deviation for μ and σ.
   * @default 1e-6
   */
  step?: number;
  /** Variance floor of the EM step. @default 1e-6 × the data's variance */
  varianceFloor?: number;
}

function checkJacobianOptions(data: ArrayLike<number>, options: EmJacobianOptions) {
  checkOptions(options, optionKeys<EmJacobianOptions>({ step: 1, varianceFloor: 1 }), "emJacobian");
  const { step = 1e-6, varianceFloor } = options;
  checkNumber(step, "options.step", 0, { strict: true, hint: "Use a small step such as 1e-6." });
  if (varianceFloor !== undefined) checkNumber(varianceFloor, "options.varianceFloor", 0);
  return { step, varianceFloor, scale: Math.sqrt(variance(data)) };
}

/**
 * The Jacobian of the EM map θ ↦ M(θ) (one E-step and one M-step) in the
 * parameterisation of {@linkcode parameterVector}, by central differences:
 * J[i][j] = ∂M(θ)ᵢ / ∂θⱼ.
 *
 * @param data The observations.
 * @param mixture θ, where the Jacobian is taken (usually a fixed point of EM).
 * @param options Finite-difference step, variance floor.
 * @returns A (3k − 1) × (3k − 1) matrix, as rows.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example One component: M maps everything to the data's mean and spread, so J = 0
 * ```ts
 * import { emJacobian, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const j = emJacobian([0, 1, 3, 4], mixture([1], [1], [2]));
 * for (const v of j.flat()) assertAlmostEquals(v, 0, 1e-6);
 * ```
 */
export function emJacobian(
  data: ArrayLike<number>,
  mixture: Mixture,
  options: EmJacobianOptions = {},
): number[][] {
  checkData(data);
  const k = validateMixture(mixture);
  const { step, varianceFloor, scale } = checkJacobianOptions(data, options);
  const theta = parameterVector(mixture);
  const map = (v: number[]) =>
    parameterVector(emStep(data, mixtureFromVector(v), { varianceFloor }));
  const p = theta.length;
  const jac = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    const h = step * Math.max(Math.abs(theta[j]!), j < k - 1 ? 1 : scale);
    const up = theta.slice(), down = theta.slice();
    up[j]! += h;
    down[j]! -= h;
    const mu = map(up), md = map(down);
    for (let i = 0; i < p; i++) jac[i]![j] = (mu[i]! - md[i]!) / (2 * h);
  }
  return jac;
}

/** EM's linear rate at a point. */
export interface EmRate {
  /** The Jacobian of the EM map ({@linkcode emJacobian}). */
  readonly jacobian: readonly (readonly number[])[];
  /** Its eigenvalues, largest |value| first (real for EM's Jacobian at a fixed point). */
  readonly eigenvalues: readonly number[];
  /** The largest |eigenvalue|: the factor by which the error shrinks per iteration (> 1: unstable). */
  readonly rate: number;
}

/**
 * The rate of EM at a fixed point: the Jacobian of the EM map, its
 * eigenvalues, and the spectral radius. Below 1 the fixed point attracts and
 * EM converges linearly at that rate; above 1 it repels (a saddle). At
 * exactly 1 the first-order picture cannot tell: an eigenvalue 1 belongs to a
 * line of fixed points or to a direction where log L is flat to second order
 * (see {@linkcode symmetricSaddle}).
 *
 * @param data The observations.
 * @param fixedPoint θ*, for example from {@linkcode emFixedPoint}.
 * @param options Finite-difference step, variance floor.
 * @returns Jacobian, eigenvalues and rate.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Well-separated groups converge fast
 * ```ts
 * import { emFixedPoint, emRate, mixture, sampleMixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.5, 0.5], [0, 10], [1, 1]), 400, { seed: 1 });
 * const { mixture: fixed } = emFixedPoint(x, mixture([0.5, 0.5], [1, 9], [1, 1]));
 * assert(emRate(x, fixed).rate < 0.05);
 * ```
 */
export function emRate(
  data: ArrayLike<number>,
  fixedPoint: Mixture,
  options: EmJacobianOptions = {},
): EmRate {
  const jacobian = emJacobian(data, fixedPoint, options);
  const eigenvalues = realEigenvalues(jacobian);
  return Object.freeze({
    jacobian: Object.freeze(jacobian.map((row) => Object.freeze(row))),
    eigenvalues: Object.freeze(eigenvalues),
    rate: Math.abs(eigenvalues[0] ?? 0),
  });
}

/** Options for {@linkcode emFixedPoint}. */
export interface EmFixedPointOptions {
  /** Stop when no parameter changes by more than tol × max(1, |θⱼ|). @default 1e-12 */
  tol?: number;
  /** Most EM iterations. @default 100000 */
  maxIter?: number;
  /** Variance floor of the EM step. @default 1e-6 × the data's variance */
  varianceFloor?: number;
}

/** Where EM stopped, and the path there. */
export interface EmFixedPointResult {
  /** The last iterate. */
  readonly mixture: Mixture;
  /** EM iterations run. */
  readonly iterations: number;
  /** True when the parameter change fell below tol. */
  readonly converged: boolean;
  /** log L at the last iterate. */
  readonly logLikelihood: number;
  /** ‖θ_t − θ_{t−1}‖ (Euclidean, in the parameterisation of `parameterVector`) for t = 1, 2, …. */
  readonly changes: readonly number[];
}

/**
 * Run EM until the parameters stop changing (not the log-likelihood: it
 * settles long before the parameters do), keeping the size of every step.
 *
 * @param data The observations.
 * @param start θ₀.
 * @param options Tolerance, most iterations, variance floor.
 * @returns The fixed point, the iterations, and the step sizes.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { emFixedPoint, emStep, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [-2, -1.5, -1, 1, 1.2, 2.5, 3];
 * const { mixture: m } = emFixedPoint(x, mixture([0.5, 0.5], [-1, 1], [1, 1]));
 * assertAlmostEquals(emStep(x, m).means[0]!, m.means[0]!, 1e-10);
 * ```
 */
export function emFixedPoint(
  data: ArrayLike<number>,
  start: Mixture,
  options: EmFixedPointOptions = {},
): EmFixedPointResult {
  checkData(data);
  validateMixture(start, "start");
  checkOptions(
    options,
    optionKeys<EmFixedPointOptions>({ tol: 1, maxIter: 1, varianceFloor: 1 }),
    "emFixedPoint",
  );
  const { tol = 1e-12, maxIter = 100000, varianceFloor } = options;
  checkNumber(tol, "options.tol", 0, { hint: "Use a small tolerance such as 1e-12." });
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  let m = start;
  let theta = parameterVector(m);
  const changes: number[] = [];
  let converged = false, t = 0;
  while (t < maxIter) {
    t++;
    const next = emStep(data, m, varianceFloor === undefined ? {} : { varianceFloor });
    const v = parameterVector(next);
    let sq = 0, big = false;
    for (let j = 0; j < v.length; j++) {
      const d = v[j]! - theta[j]!;
      sq += d * d;
      if (Math.abs(d) > tol * Math.max(1, Math.abs(v[j]!))) big = true;
    }
    changes.push(Math.sqrt(sq));
    m = next;
    theta = v;
    if (!big) {
      converged = true;
      break;
    }
  }
  return Object.freeze({
    mixture: m,
    iterations: t,
    converged,
    logLikelihood: logLikelihood(data, m),
    changes: Object.freeze(changes),
  });
}

/**
 * The ratios of successive step sizes, ‖θ_{t+1} − θ_t‖ / ‖θ_t − θ_{t−1}‖.
 * Along a linearly converging run they tend to the rate of
 * {@linkcode emRate}.
 *
 * @param changes Step sizes, e.g. `emFixedPoint(...).changes`.
 * @returns One ratio per consecutive pair (NaN-free: pairs with a zero step are skipped as 0).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A geometric sequence has a constant ratio
 * ```ts
 * import { changeRatios } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(changeRatios([1, 0.5, 0.25]), [0.5, 0.5]);
 * ```
 */
export function changeRatios(changes: readonly number[]): number[] {
  checkIsArray(changes, "changes", "an array of step sizes ≥ 0", "Pass emFixedPoint(...).changes.");
  changes.forEach((c, i) => checkNumber(c, `changes[${i}]`, 0));
  const out: number[] = [];
  for (let t = 1; t < changes.length; t++) {
    out.push(changes[t - 1]! > 0 ? changes[t]! / changes[t - 1]! : 0);
  }
  return out;
}

/** The fixed point of two-component EM where both components are the data's one Gaussian. */
export interface SymmetricSaddle {
  /** λ = (1/2, 1/2), both means the data's mean, both σ its standard deviation (÷N). */
  readonly mixture: Mixture;
  /** The data's skewness g = (1/N) Σ zᵢ³, zᵢ = (xᵢ − x̄)/s, s² the variance ÷N. */
  readonly skewness: number;
  /** The data's kurtosis κ = (1/N) Σ zᵢ⁴ (3 for a Gaussian, not the excess). */
  readonly kurtosis: number;
  /**
   * The eigenvalues of the EM map's Jacobian there, in closed form, largest
   * first: (1 + c ± √((1 − c)² + 2g²))/2 with c = (κ − 1)/2 (from the
   * differences μ₁ − μ₂, σ₁ − σ₂), 1 (the weight: a line of fixed points) and
   * 0 twice (the sums μ₁ + μ₂, σ₁ + σ₂).
   */
  readonly eigenvalues: readonly number[];
}

/**
 * The symmetric fixed point of two-component EM — both components equal to
 * the data's single Gaussian (λ = 1/2, μ = x̄, σ = s with s² = (1/N) Σ (xᵢ − x̄)²)
 * — and the eigenvalues of the EM map's Jacobian there, from the data's
 * skewness g and kurtosis κ alone. Every responsibility is 1/2 there; a push
 * (δλ₁, δμ, δσ) changes log(rᵢ₁/rᵢ₂) by 4δλ₁ + (u zᵢ + v (zᵢ² − 1))/s with
 * u = δμ₁ − δμ₂, v = δσ₁ − δσ₂, and the M-step averages that against 1, zᵢ and
 * zᵢ² − 1. So one EM step keeps δλ₁ (eigenvalue 1: with equal components
 * every λ is a fixed point), undoes the sums δμ₁ + δμ₂ and δσ₁ + δσ₂
 * (eigenvalues 0), and maps the differences by [[1, g], [g/2, (κ − 1)/2]].
 * For data with g = 0 (mirror-symmetric) the largest eigenvalue is exactly 1;
 * otherwise it is above 1, about 1 + g²/(2(1 − c)), c = (κ − 1)/2 < 1.
 * {@linkcode emRate} measures the same eigenvalues by finite differences.
 *
 * @param data The observations (at least two distinct values).
 * @returns The fixed point, the skewness and kurtosis, the eigenvalues.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} Data with fewer than two distinct values.
 *
 * @example Mirror-symmetric data: the largest eigenvalue is exactly 1
 * ```ts
 * import { emRate, symmetricSaddle } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [-3, -2.5, -2, 2, 2.5, 3];
 * const saddle = symmetricSaddle(x);
 * assertAlmostEquals(saddle.skewness, 0, 1e-15);
 * assertAlmostEquals(saddle.eigenvalues[0]!, 1, 1e-15);
 * const measured = emRate(x, saddle.mixture).eigenvalues;
 * saddle.eigenvalues.forEach((e, i) => assertAlmostEquals(measured[i]!, e, 1e-6));
 * ```
 */
export function symmetricSaddle(data: ArrayLike<number>): SymmetricSaddle {
  checkData(data);
  const n = data.length, m = mean(data), s = Math.sqrt(variance(data));
  if (!(s > 0)) {
    throw new ParameterRangeError(
      "data",
      "at least two distinct values",
      `${n} equal values`,
      "Pass data with some spread.",
    );
  }
  let g = 0, kappa = 0;
  for (let i = 0; i < n; i++) {
    const z = (data[i]! - m) / s;
    g += z * z * z;
    kappa += z * z * z * z;
  }
  g /= n;
  kappa /= n;
  const c = (kappa - 1) / 2;
  const root = Math.sqrt((1 - c) ** 2 + 2 * g * g);
  const eigenvalues = [(1 + c + root) / 2, 1, (1 + c - root) / 2, 0, 0]
    .sort((a, b) => Math.abs(b) - Math.abs(a));
  return Object.freeze({
    mixture: freezeMixture({ weights: [0.5, 0.5], means: [m, m], stdDevs: [s, s] }),
    skewness: g,
    kurtosis: kappa,
    eigenvalues: Object.freeze(eigenvalues),
  });
}
