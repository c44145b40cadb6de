/**
 * Types shared by the 1-D modules and the typed errors, kept in a leaf module
 * so that no import cycle runs through them. They are public through
 * `mixture.ts` and `em.ts`.
 *
 * @module
 */

/**
 * A 1-D Gaussian mixture p(x) = Σₕ λₕ N(x | μₕ, σₕ).
 *
 * The three arrays have one entry per component h = 0 … k−1.
 */
export interface Mixture {
  /** λ: mixing weights, each ≥ 0, summing to 1. */
  readonly weights: readonly number[];
  /** μ: component means. */
  readonly means: readonly number[];
  /** σ: component standard deviations, each > 0. */
  readonly stdDevs: readonly number[];
}

/** The state of EM after one iteration. Frozen. */
export interface EmSnapshot {
  /** 0 for the start, then 1, 2, … (one E-step and one M-step each). */
  readonly iteration: number;
  /** λ, μ, σ after this iteration. */
  readonly mixture: Mixture;
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
  /** logLikelihood minus the previous snapshot's; `null` at iteration 0. */
  readonly delta: number | null;
  /** True when |delta| < tol: this is the last snapshot. */
  readonly converged: boolean;
  /** Anything worth telling: floored variances, empty components. */
  readonly warnings: readonly string[];
}

/** A 1-D family: "V" a variance per component, "E" one shared variance. */
export type FamilyName = "V" | "E";

/**
 * Why a component is degenerate.
 * - `"variance-floor"` (1-D): σ² ≤ {@linkcode DEGENERATE_VARIANCE_FACTOR} × the
 *   variance floor — the component sits on one value (often tied values).
 * - `"ridge"` (d-D): in some direction the covariance is no more than
 *   {@linkcode DEGENERATE_VARIANCE_FACTOR} × the ridge — the component is
 *   squeezed onto a point or a line (for example tied values in one column).
 * - `"few-points"`: the effective number of points Nₕ = Σᵢ p̄(h | xᵢ) is below
 *   d + 1 (2 in 1-D), too few to estimate a mean and a (co)variance; this
 *   includes components that lost all their points.
 */
export type DegeneracyReason = "variance-floor" | "ridge" | "few-points";

/** One degenerate component of a fitted mixture. */
export interface DegenerateComponent {
  /** The component, counted from 1 as in λ₁, μ₁, σ₁. */
  readonly component: number;
  /** Its position in the mixture's arrays (`component − 1`). */
  readonly index: number;
  /** Why it is degenerate (the first that applies: too few points, then the floor or ridge). */
  readonly reason: DegeneracyReason;
  /** Nₕ = N · λₕ, the effective number of points it holds. */
  readonly effectiveCount: number;
  /** One line for a person: which component, why, on how many points. */
  readonly description: string;
}

/** The names of the available initialisation methods. */
export type InitMethod = "random" | "kmeans++" | "random-points" | "quantiles";

/** Every {@linkcode InitMethod}, for validation and menus. */
export const INIT_METHODS: readonly InitMethod[] = Object.freeze([
  "random",
  "kmeans++",
  "random-points",
  "quantiles",
]);

/** Options of the EM loop. */
export interface EmOptions {
  /**
   * Stop when |Δ log-likelihood| < tol between two iterations (the original
   * rule). 0 runs until `maxIter`.
   * @default 1e-3
   */
  tol?: number;
  /** Most iterations to run after the start. @default 1000 */
  maxIter?: number;
  /**
   * Smallest allowed σ², in squared data units. 0 switches the floor off.
   * @default 1e-6 × the data's variance
   */
  varianceFloor?: number;
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
   * The model family, named as in R's mclust: `"V"`, a variance per
   * component (the original model; scikit-learn's "full", "diag" and
   * "spherical" reduce to it in 1-D), or `"E"`, one variance shared by every
   * component (scikit-learn's "tied" in 1-D). "V" runs the fused pass (and
   * `workers`); "E" runs the readable E- and M-steps on this thread.
   * @default "V"
   */
  family?: FamilyName;
}

/** Validated EM options with their defaults filled in. */
export interface ResolvedEmOptions {
  /** See {@linkcode EmOptions.tol}. */
  readonly tol: number;
  /** See {@linkcode EmOptions.maxIter}. */
  readonly maxIter: number;
  /** See {@linkcode EmOptions.varianceFloor}. */
  readonly varianceFloor: number;
  /** See {@linkcode EmOptions.workers}; 0 or absent for the default. */
  readonly workers?: number;
  /** See {@linkcode EmOptions.family}; absent for "V". */
  readonly family?: FamilyName;
}

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

/** One row of a {@linkcode KChoice}: the kept fit for one k (and one model family). */
export interface KChoiceRow {
  /** Number of components. */
  readonly k: number;
  /** The model family, by mclust's name ("V", "E"; in d-D "VVV", "EEE", "VVI"). */
  readonly model: string;
  /** Its number of free parameters (the p of BIC and AIC). */
  readonly parameters: number;
  /** log L of the kept fit (the best proper run, if any run was proper). */
  readonly logLikelihood: number;
  /** BIC of the kept fit (lower is better). */
  readonly bic: number;
  /** AIC of the kept fit (lower is better). */
  readonly aic: number;
  /** Whether the kept run met the tolerance. */
  readonly converged: boolean;
  /**
   * True when every run for this k was degenerate: its log-likelihood, BIC
   * and AIC are set by the variance floor or ridge, and `best` ignores the row
   * (mclust reports such a model's BIC as NA).
   */
  readonly degenerate: boolean;
  /**
   * True when every run of this cell collapsed (possible only with the
   * variance floor or ridge off): mclust's NA. log L, BIC and AIC are NaN,
   * `degenerate` is true, `reason` holds the error, and its fit is null.
   */
  readonly collapsed: boolean;
  /** Why, for a person ("component 3: σ² = … at the variance floor …, on 6.0 points"); "" when proper. */
  readonly reason: string;
  /** The kept run's degenerate components, counted from 1. */
  readonly degenerateComponents: readonly DegenerateComponent[];
  /** The seed of the kept run: `fit(data, k, { seed, nInit: 1 })` reproduces it. */
  readonly seed: number;
  /** Number of runs (nInit). */
  readonly runs: number;
  /** How many of them ended degenerate. */
  readonly degenerateRuns: number;
}

/** What {@linkcode selectK} and `selectKMv` return. */
export interface KChoice<F> {
  /** One row per model and k (models in the order compared, then k in the order given). */
  readonly rows: readonly KChoiceRow[];
  /** The k with the lowest criterion among the proper fits; `null` if every fit was degenerate. */
  readonly best: number | null;
  /** The model family of that fit (mclust's name); `null` if every fit was degenerate. */
  readonly bestModel: string | null;
  /** The criterion that chose `best`. */
  readonly criterion: "bic" | "aic";
  /** The model families compared (mclust's names), in the order of the rows. */
  readonly models: readonly string[];
  /** The numbers of components compared, in the order given. */
  readonly ks: readonly number[];
  /** The fits themselves, one per row; null for a collapsed cell. */
  readonly fits: readonly (F | null)[];
}
