/**
 * Fit a mixture by EM with seeded restarts and keep the best run.
 *
 * @module
 */
import { optionKeys } from "./_validate.ts";
import { fitPrepared } from "./_fit.ts";
import type { FamilyName } from "./_families.ts";
import type { DegenerateComponent } from "./degeneracy.ts";
import type { EmOptions, EmSnapshot } from "./em.ts";
import { prepareData } from "./_prepare.ts";
import type { InitMethod } from "./init.ts";
import type { Mixture } from "./mixture.ts";

/** Options for {@linkcode fit}. */
export interface FitOptions extends EmOptions {
  /** How to start each run (ignored when `start` is given). @default "kmeans++" */
  init?: InitMethod;
  /**
   * Number of runs from different seeded starts. The run with the highest
   * log-likelihood among the proper (non-degenerate) runs wins; a degenerate
   * run wins only when every run is degenerate.
   * @default 1
   */
  nInit?: number;
  /**
   * Seed of the first run; run r uses seed + r. Recorded in the result.
   * @default a fresh random seed
   */
  seed?: number;
  /** Start from these parameters instead of an initialiser (then nInit must be 1). */
  start?: Mixture;
}

// The option names fit accepts (the compiler checks the list against FitOptions).
const FIT_OPTION_KEYS = optionKeys<FitOptions>({
  init: 1,
  nInit: 1,
  seed: 1,
  start: 1,
  tol: 1,
  maxIter: 1,
  varianceFloor: 1,
  workers: 1,
  family: 1,
});

/** Summary of one run of {@linkcode fit}. */
export interface RunSummary {
  /** The seed of this run's start. */
  readonly seed: number;
  /** Final log-likelihood. */
  readonly logLikelihood: number;
  /** Whether |Δ log-likelihood| fell below tol. */
  readonly converged: boolean;
  /** Iterations run. */
  readonly iterations: number;
  /**
   * Whether the run ended with a degenerate component: in 1-D σ² within a
   * factor 2 of the variance floor or fewer than 2 effective points (see
   * `degenerateComponents`); in d-D a covariance held up by the ridge or
   * fewer effective points than the model needs — d + 1 for VVV ("full")
   * and EVV, 1 for EEE ("tied"), EEI and EII, 2 for the others, "diag"
   * and "spherical" among them (see `MvFitResult`). A run that collapsed
   * (floor or ridge off) has log L NaN; it is kept only if every run did,
   * and then the fit throws.
   */
  readonly degenerate: boolean;
  /** The run's degenerate components, counted from 1; empty for a proper run. */
  readonly degenerateComponents: readonly DegenerateComponent[];
}

/**
 * What {@linkcode fit} and `fitMv` return, for a mixture type `M` (λ, μ, σ
 * in 1-D; λ, μ, Σ in d dimensions) and its EM snapshots `S`: the best run,
 * with its history.
 */
export interface MixtureFit<M, S> {
  /** The fitted mixture. */
  readonly mixture: M;
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
  /** Whether the best run met the tolerance before maxIter. */
  readonly converged: boolean;
  /** Iterations of the best run. */
  readonly iterations: number;
  /** Every snapshot of the best run, from the start (iteration 0). */
  readonly history: readonly S[];
  /**
   * responsibilities[i][h] under the fitted mixture (a final E-step, run on
   * first access: a caller that never reads it never holds the N × k matrix).
   */
  readonly responsibilities: number[][];
  /**
   * BIC of the fit, −2 log L + p log N with the family's parameter count p
   * (see the family options, {@linkcode EmOptions.family} and
   * `MvEmOptions.covariance`): scikit-learn's `bic()` convention, lower is
   * better. (mclust reports −1 × this, higher is better.)
   */
  readonly bic: number;
  /** AIC of the fit, −2 log L + 2p (lower is better). */
  readonly aic: number;
  /** Number of components. */
  readonly k: number;
  /** Number of observations. */
  readonly n: number;
  /** The seed of the first run; pass it back to reproduce this fit. */
  readonly seed: number;
  /** Index of the best run among `runs` (0-based: `runs[bestRun]`). */
  readonly bestRun: number;
  /** Every run, in order. */
  readonly runs: readonly RunSummary[];
  /**
   * True when the kept run is degenerate (see {@linkcode RunSummary.degenerate}),
   * which a fit allows only when every run was (then `warnings` says so,
   * names the components and what to do).
   */
  readonly degenerate: boolean;
  /** The kept run's degenerate components, counted from 1; empty for a proper fit. */
  readonly degenerateComponents: readonly DegenerateComponent[];
  /** Warnings of the best run's last iteration, and of the fit itself. */
  readonly warnings: readonly string[];
}

/**
 * The result of {@linkcode fit}: the best run, with its history; BIC counts
 * p = 3k − 1 parameters for "V", 2k for "E".
 */
export interface FitResult extends MixtureFit<Mixture, EmSnapshot> {
  /** The model family fitted ("V" or "E", mclust's names; see {@linkcode EmOptions.family}). */
  readonly family: FamilyName;
}

/**
 * Fit a k-component 1-D Gaussian mixture by EM. Runs `nInit` times from
 * seeded starts and returns the run with the highest log-likelihood among
 * the proper ones: a run with a degenerate component (σ² within a factor 2
 * of the variance floor — a component on one value, often tied values — or
 * fewer than 2 effective points) is never preferred over a proper run,
 * however high its log-likelihood (which the floor, not the data, sets).
 * When every run is degenerate the best of them is kept, with
 * `degenerate: true` and a warning.
 *
 * @param data The observations.
 * @param k Number of components (1 ≤ k ≤ N).
 * @param options Initialisation, restarts, seed, tol, maxIter, varianceFloor, family.
 * @returns The best fit, its history and the summary of every run.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 * @throws {DegenerateFitError} When a component collapses (only with `varianceFloor: 0`).
 *
 * @example Recover the original write-up's mixture
 * ```ts
 * import { fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assert, assertAlmostEquals } from "@std/assert";
 * const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * const { x } = sampleMixture(truth, 1000, { seed: 1 });
 * const result = fit(x, 2, { nInit: 3, seed: 1 });
 * assert(result.converged);
 * const order = result.mixture.means[0]! < result.mixture.means[1]! ? [0, 1] : [1, 0];
 * assertAlmostEquals(result.mixture.means[order[0]!]!, -0.3, 0.05);
 * assertAlmostEquals(result.mixture.weights[order[1]!]!, 0.65, 0.05);
 * ```
 *
 * @example One variance for both components (mclust's "E")
 * ```ts
 * import { fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.4, 0.6], [-1, 1], [0.3, 0.3]), 500, { seed: 2 });
 * const result = fit(x, 2, { family: "E", seed: 1 });
 * assertEquals(result.mixture.stdDevs[0], result.mixture.stdDevs[1]);
 * assertEquals(result.family, "E");
 * ```
 */
export function fit(data: ArrayLike<number>, k: number, options: FitOptions = {}): FitResult {
  const { prepared, resolved } = prepareData(data, options, FIT_OPTION_KEYS, "fit");
  return fitPrepared(prepared, resolved, k, options);
}
