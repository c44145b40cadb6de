/**
 * Types shared by the d-dimensional modules and the typed errors, kept in a
 * leaf module so that no import cycle runs through them. They are public
 * through `mixture.ts` and `em.ts` of this folder.
 *
 * @module
 */
import type { MixtureFit } from "../_types.ts";
import type { CovarianceType, MvModelName } from "./models/table.ts";

/**
 * A d-dimensional Gaussian mixture p(x) = Σₕ λₕ N(x | μₕ, Σₕ) with full
 * covariance matrices. Each array has one entry per component h = 0 … k−1.
 */
export interface MvMixture {
  /** λ: mixing weights, each ≥ 0, summing to 1. */
  readonly weights: readonly number[];
  /** μ: one mean vector of length d per component. */
  readonly means: readonly (readonly number[])[];
  /** Σ: one symmetric positive-definite d × d matrix (as rows) per component. */
  readonly covariances: readonly (readonly (readonly number[])[])[];
}

/** The state of d-dimensional EM after one iteration. Frozen. */
export interface MvEmSnapshot {
  /** 0 for the start, then 1, 2, … (one M-step and one E-step each). */
  readonly iteration: number;
  /** λ, μ, Σ after this iteration. */
  readonly mixture: MvMixture;
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
  /** logLikelihood minus the previous snapshot's; `null` at iteration 0. */
  readonly delta: number | null;
  /** True when |delta| < tol: this is the last snapshot. */
  readonly converged: boolean;
  /** Anything worth telling, such as components that lost all their points. */
  readonly warnings: readonly string[];
}

/** Options of the d-dimensional EM loop. */
export interface MvEmOptions {
  /**
   * Stop when |Δ log-likelihood| < tol between two iterations. 0 runs until
   * `maxIter`.
   * @default 1e-3
   */
  tol?: number;
  /** Most iterations to run after the start. @default 1000 */
  maxIter?: number;
  /**
   * Added to the diagonal of every covariance the M-step returns. A number
   * applies to every dimension; an array gives one value per dimension. 0
   * switches it off.
   * @default 1e-6 × each column's variance (see `defaultRidge`)
   */
  ridge?: number | readonly number[];
  /**
   * Threads that share each pass over the data, counting this one: 1 runs
   * everything here; more start workers (shared memory, one reduction of the
   * statistics per pass; the result is the same whatever the number). Used
   * only where the runtime allows it (Deno); elsewhere the pass runs here.
   * @default the number of cores (at most 8) when the data are large enough
   *   to pay for it (from about 200 000 points in 1-D with k = 5), else 1
   */
  workers?: number;
  /**
   * The covariance model, by R mclust's name — Σₕ = λₕ Dₕ Aₕ Dₕᵀ with
   * volume λ, shape A and orientation D each Equal across components,
   * Variable, or the Identity: "EII", "VII", "EEI", "VEI", "EVI", "VVI",
   * "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV" — or by
   * scikit-learn's `covariance_type` name: `"full"` (VVV: a covariance
   * matrix per component), `"tied"` (EEE: one matrix shared by all),
   * `"diag"` (VVI: a diagonal covariance per component) or `"spherical"`
   * (VII: a variance per component). "full" runs the fused pass (and
   * `workers`); the others run the readable E- and M-steps on this thread.
   * @default "full"
   */
  covariance?: CovarianceType | MvModelName;
}

/** Validated d-dimensional EM options with their defaults filled in. */
export interface ResolvedMvEmOptions {
  /** See {@linkcode MvEmOptions.tol}. */
  readonly tol: number;
  /** See {@linkcode MvEmOptions.maxIter}. */
  readonly maxIter: number;
  /** One ridge value per dimension. */
  readonly ridge: readonly number[];
  /** See {@linkcode MvEmOptions.workers}; 0 or absent for the default. */
  readonly workers?: number;
  /** See {@linkcode MvEmOptions.covariance}, by mclust's name; absent for "VVV". */
  readonly covariance?: MvModelName;
}

/** Options for {@linkcode fitMv}. */
export interface MvFitOptions extends MvEmOptions {
  /**
   * Number of runs from different k-means++ starts. The run with the highest
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
  /** Start from these parameters instead of k-means++ (then nInit must be 1). */
  start?: MvMixture;
}

/**
 * The result of {@linkcode fitMv}: the best run, with its history. BIC
 * and AIC count the model's parameters, (k − 1) + kd plus its covariances'
 * (`mvModelParameterCount`: kd(d + 1)/2 for "full", d(d + 1)/2 for "tied",
 * kd for "diag", k for "spherical", …). A degenerate run has a covariance
 * held up by the ridge, or a component on fewer effective points than the
 * model needs: d + 1 for VVV and EVV (a determinant of its own), 1 for
 * EII, EEI and EEE (only its mean is its own), 2 for the others.
 */
export interface MvFitResult extends MixtureFit<MvMixture, MvEmSnapshot> {
  /** Dimension. */
  readonly d: number;
  /** The ridge used, one value per dimension. */
  readonly ridge: readonly number[];
  /**
   * The covariance model fitted, by scikit-learn's name when it has one
   * ("full", "tied", "diag", "spherical"), else by mclust's (see
   * {@linkcode MvEmOptions.covariance}).
   */
  readonly covariance: CovarianceType | MvModelName;
  /** The same model by mclust's name ("VVV", "EEE", "VVI", "VII", "EVE", …). */
  readonly model: MvModelName;
}
