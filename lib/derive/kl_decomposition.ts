/**
 * EM as coordinate ascent: for any distribution q over the components of each
 * point,
 *
 *   log p(X | θ) = 𝓛(q, θ) + KL(q ‖ p(Z | X, θ)),
 *   𝓛(q, θ) = Σᵢ Σₕ qᵢₕ log(λₕ N(xᵢ | μₕ, σₕ) / qᵢₕ),
 *   KL(q ‖ p(Z | X, θ)) = Σᵢ Σₕ qᵢₕ log(qᵢₕ / p(h | xᵢ, θ)).
 *
 * The E-step maximises 𝓛 over q (it sets q to the posterior, so KL = 0 and
 * the bound touches log L); the M-step maximises 𝓛 over θ with q held fixed.
 *
 * @module
 */
import {
  checkData,
  checkInteger,
  checkOptions,
  checkResponsibilities,
  optionKeys,
} from "../core/_validate.ts";
import { eStepUnchecked } from "../core/em/e_step.ts";
import { defaultVarianceFloor } from "../core/em/variance_floor.ts";
import { mStepUnchecked } from "../core/em/m_step.ts";
import { type Mixture, validateMixture } from "../core/model/mixture.ts";
import { logNormalPdf } from "../core/math/normal.ts";
import { logSumExp } from "../core/math/log_sum_exp.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { seededSource } from "../core/random.ts";

/** The two terms of log p(X | θ) for one q and one θ, each computed on its own. */
export interface KlDecomposition {
  /** log p(X | θ) = Σᵢ log Σₕ λₕ N(xᵢ | μₕ, σₕ). */
  readonly logLikelihood: number;
  /** 𝓛(q, θ) = Σᵢ Σₕ qᵢₕ [log λₕ + log N(xᵢ | μₕ, σₕ) − log qᵢₕ] (0 log 0 = 0). */
  readonly lowerBound: number;
  /** KL(q ‖ p(Z | X, θ)) = Σᵢ Σₕ qᵢₕ [log qᵢₕ − log p(h | xᵢ, θ)] ≥ 0, summed directly. */
  readonly kl: number;
  /** logLikelihood − (lowerBound + kl): zero up to rounding. */
  readonly residual: number;
}

function checkQ(data: ArrayLike<number>, q: unknown, k: number): void {
  checkResponsibilities(q, data.length, {
    parameter: "q",
    k,
    sumTolerance: 1e-9,
    hint: "q is one distribution over the k components per point, e.g. eStep()'s responsibilities.",
  });
}

/** {@linkcode klDecomposition} without argument checks. */
export function klDecompositionUnchecked(
  data: ArrayLike<number>,
  q: readonly (readonly number[])[],
  mixture: Mixture,
): KlDecomposition {
  const { weights, means, stdDevs } = mixture;
  const k = weights.length;
  const logJoint = new Array<number>(k);
  let logLikelihood = 0, lowerBound = 0, kl = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    for (let h = 0; h < k; h++) {
      logJoint[h] = Math.log(weights[h]!) + logNormalPdf(x, means[h]!, stdDevs[h]!);
    }
    const logPx = logSumExp(logJoint);
    logLikelihood += logPx;
    const row = q[i]!;
    for (let h = 0; h < k; h++) {
      const qh = row[h]!;
      if (qh === 0) continue; // 0 · log 0 = 0
      const logQ = Math.log(qh);
      lowerBound += qh * (logJoint[h]! - logQ);
      // log posterior = log joint − log p(x); a zero-weight component has posterior 0,
      // and q > 0 there gives KL = ∞ (and 𝓛 = −∞), as the definitions say.
      kl += qh * (logQ - (logJoint[h]! - logPx));
    }
  }
  return { logLikelihood, lowerBound, kl, residual: logLikelihood - (lowerBound + kl) };
}

/**
 * Split log p(X | θ) into the lower bound 𝓛(q, θ) and KL(q ‖ p(Z | X, θ)),
 * each computed from its own definition (Bishop, PRML eq. 9.70–9.72), so the
 * identity log p = 𝓛 + KL can be checked rather than assumed.
 *
 * @param data The observations x₁ … x_N.
 * @param q Any distribution over the k components for each point: N rows of k
 *   numbers in [0, 1], each row summing to 1 (for example responsibilities).
 * @param mixture θ = λ, μ, σ.
 * @returns log L, 𝓛, KL and the residual log L − 𝓛 − KL.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example After an E-step the KL term is 0 and the bound touches log L
 * ```ts
 * import { eStep, klDecomposition, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const x = [-1, -0.5, 0.2, 1.5, 2];
 * const theta = mixture([0.5, 0.5], [-1, 1], [1, 1]);
 * const posterior = eStep(x, theta).responsibilities;
 * const atPosterior = klDecomposition(x, posterior, theta);
 * assertAlmostEquals(atPosterior.kl, 0, 1e-12);
 * assertAlmostEquals(atPosterior.lowerBound, atPosterior.logLikelihood, 1e-12);
 * const other = klDecomposition(x, x.map(() => [0.9, 0.1]), theta);
 * assertAlmostEquals(other.lowerBound + other.kl, other.logLikelihood, 1e-12);
 * ```
 */
export function klDecomposition(
  data: ArrayLike<number>,
  q: readonly (readonly number[])[],
  mixture: Mixture,
): KlDecomposition {
  checkData(data);
  const k = validateMixture(mixture);
  checkQ(data, q, k);
  return klDecompositionUnchecked(data, q, mixture);
}

/** One EM iteration seen as two coordinate-ascent moves on 𝓛(q, θ). */
export interface CoordinateAscentStep {
  /** 1, 2, … */
  readonly iteration: number;
  /** log L(θ_old). */
  readonly logLikelihoodBefore: number;
  /** 𝓛(q_old, θ_old) before the E-step (q_old: the previous iteration's q; for iteration 1, `q0`). */
  readonly boundBefore: number;
  /** 𝓛(q_new, θ_old) after the E-step; equals log L(θ_old) (KL = 0). */
  readonly boundAfterE: number;
  /** KL(q_new ‖ p(Z | X, θ_old)) after the E-step: 0 up to rounding. */
  readonly klAfterE: number;
  /** 𝓛(q_new, θ_new) after the M-step. */
  readonly boundAfterM: number;
  /** log L(θ_new) = 𝓛(q_new, θ_new) + KL(q_new ‖ p(Z | X, θ_new)). */
  readonly logLikelihoodAfter: number;
  /** KL(q_new ‖ p(Z | X, θ_new)): the gap that the next E-step closes. */
  readonly klAfterM: number;
  /** θ_new. */
  readonly mixture: Mixture;
}

/** Options for {@linkcode coordinateAscent}. */
export interface CoordinateAscentOptions {
  /** Number of EM iterations. @default 10 */
  iterations?: number;
  /**
   * The q before the first E-step. @default uniform, 1/k for every point and component
   */
  q0?: readonly (readonly number[])[];
  /** Variance floor of the M-step. @default 1e-6 × the data's variance */
  varianceFloor?: number;
}

/**
 * Run EM from `start` and record 𝓛 and KL around every E-step and M-step:
 * the E-step raises 𝓛 to log L(θ_old) (KL → 0), the M-step raises 𝓛 further,
 * and log L(θ_new) lies above 𝓛 by the new KL.
 *
 * @param data The observations.
 * @param start θ₀.
 * @param options Number of iterations, the initial q, the variance floor.
 * @returns One record per iteration.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Neither step lowers 𝓛
 * ```ts
 * import { coordinateAscent, mixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const x = [-1.2, -1, -0.7, 0.8, 1.1, 1.3, 2];
 * const steps = coordinateAscent(x, mixture([0.5, 0.5], [-0.1, 0.1], [1, 1]), { iterations: 5 });
 * for (const s of steps) {
 *   assert(s.boundAfterE >= s.boundBefore - 1e-12);
 *   assert(s.boundAfterM >= s.boundAfterE - 1e-12);
 *   assert(s.logLikelihoodAfter >= s.boundAfterM - 1e-12);
 * }
 * ```
 */
export function coordinateAscent(
  data: ArrayLike<number>,
  start: Mixture,
  options: CoordinateAscentOptions = {},
): CoordinateAscentStep[] {
  checkData(data);
  const k = validateMixture(start, "start");
  checkOptions(
    options,
    optionKeys<CoordinateAscentOptions>({ iterations: 1, q0: 1, varianceFloor: 1 }),
    "coordinateAscent",
  );
  const { iterations = 10, q0, varianceFloor = defaultVarianceFloor(data) } = options;
  checkInteger(iterations, "options.iterations", 1, Infinity, "Run at least one iteration.");
  if (!(typeof varianceFloor === "number" && varianceFloor > 0 && Number.isFinite(varianceFloor))) {
    throw new ParameterRangeError(
      "options.varianceFloor",
      "a finite number > 0",
      describeValue(varianceFloor),
      "Use a small positive σ² such as 1e-6.",
    );
  }
  let q: readonly (readonly number[])[];
  if (q0 === undefined) {
    q = Array.from({ length: data.length }, () => new Array<number>(k).fill(1 / k));
  } else {
    checkQ(data, q0, k);
    q = q0;
  }
  let theta = start;
  const out: CoordinateAscentStep[] = [];
  for (let t = 1; t <= iterations; t++) {
    const before = klDecompositionUnchecked(data, q, theta);
    const qNew = eStepUnchecked(data, theta).responsibilities;
    const afterE = klDecompositionUnchecked(data, qNew, theta);
    const m = mStepUnchecked(data, qNew, varianceFloor, theta).mixture;
    const afterM = klDecompositionUnchecked(data, qNew, m);
    out.push({
      iteration: t,
      logLikelihoodBefore: before.logLikelihood,
      boundBefore: before.lowerBound,
      boundAfterE: afterE.lowerBound,
      klAfterE: afterE.kl,
      boundAfterM: afterM.lowerBound,
      logLikelihoodAfter: afterM.logLikelihood,
      klAfterM: afterM.kl,
      mixture: m,
    });
    q = qNew;
    theta = m;
  }
  return out;
}

/** Options for {@linkcode randomDistributions}. */
export interface RandomDistributionsOptions {
  /** Seed of the draw. @default 0 */
  seed?: number;
}

/**
 * n seeded random distributions over k components (uniform on the simplex:
 * normalised exponential draws) — an arbitrary q to try in the decomposition.
 *
 * @param n Number of rows (points).
 * @param k Number of components.
 * @param options The seed.
 * @returns n rows of k numbers in [0, 1], each summing to 1.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { randomDistributions } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * for (const row of randomDistributions(5, 3, { seed: 1 })) {
 *   assertAlmostEquals(row[0]! + row[1]! + row[2]!, 1, 1e-12);
 * }
 * ```
 */
export function randomDistributions(
  n: number,
  k: number,
  options: RandomDistributionsOptions = {},
): number[][] {
  checkInteger(n, "n", 1, Infinity, "Ask for at least one row.");
  checkInteger(k, "k", 1, Infinity, "Ask for at least one component.");
  checkOptions(options, optionKeys<RandomDistributionsOptions>({ seed: 1 }), "randomDistributions");
  const { seed = 0 } = options;
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new ParameterTypeError("options.seed", "a finite number", describeValue(seed));
  }
  const u = seededSource(seed);
  return Array.from({ length: n }, () => {
    const row = Array.from({ length: k }, () => -Math.log(1 - u()));
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / s);
  });
}
