/**
 * Fit a mixture by EM with seeded restarts and keep the best run.
 *
 * @module
 */
import { messages } from "./i18n.ts";
import { checkComponentCount, checkInteger, checkOptions, checkSeed } from "./_validate.ts";
import { aic, bic } from "./criteria.ts";
import { allDegenerateWarning, isBetterRun } from "./_degeneracy.ts";
import { type DegenerateComponent, degenerateComponentsUnchecked } from "./degeneracy.ts";
import { describeValue, ParameterRangeError } from "./errors.ts";
import { type EmOptions, type EmSnapshot, emUnchecked, resolveEmOptions } from "./em.ts";
import { eStepUnchecked } from "./e_step.ts";
import { INIT_METHODS, initialize, type InitMethod } from "./init.ts";
import { toFloat64Array } from "./fused.ts";
import { type Mixture, validateMixture } from "./mixture.ts";
import { randomSeed } from "./random.ts";

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
   * fewer than d + 1 effective points (see `degenerateComponentsMv`).
   */
  readonly degenerate: boolean;
  /** The run's degenerate components, counted from 1; empty for a proper run. */
  readonly degenerateComponents: readonly DegenerateComponent[];
}

/** The result of {@linkcode fit}: the best run, with its history. */
export interface FitResult {
  /** Fitted λ, μ, σ. */
  readonly mixture: Mixture;
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
  /** Whether the best run met the tolerance before maxIter. */
  readonly converged: boolean;
  /** Iterations of the best run. */
  readonly iterations: number;
  /** Every snapshot of the best run, from the start (iteration 0). */
  readonly history: readonly EmSnapshot[];
  /**
   * responsibilities[i][h] under the fitted mixture (a final E-step, run on
   * first access: a caller that never reads it never holds the N × k matrix).
   */
  readonly responsibilities: number[][];
  /** BIC of the fit (lower is better). */
  readonly bic: number;
  /** AIC of the fit (lower is better). */
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
   * True when the kept run is degenerate, which `fit` allows only when every
   * run was (then `warnings` says so, names the components and what to do).
   */
  readonly degenerate: boolean;
  /** The kept run's degenerate components, counted from 1; empty for a proper fit. */
  readonly degenerateComponents: readonly DegenerateComponent[];
  /** Warnings of the best run's last iteration, and of `fit` itself. */
  readonly warnings: readonly string[];
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
 * @param options Initialisation, restarts, seed, tol, maxIter, varianceFloor.
 * @returns The best fit, its history and the summary of every run.
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
 */
export function fit(data: ArrayLike<number>, k: number, options: FitOptions = {}): FitResult {
  checkOptions(options);
  const resolved = resolveEmOptions(data, options);
  checkComponentCount(k, data.length);
  const { init = "kmeans++", nInit = 1, seed = randomSeed(), start } = options;
  if (!INIT_METHODS.includes(init)) {
    throw new ParameterRangeError(
      "options.init",
      `one of ${INIT_METHODS.map((m) => JSON.stringify(m)).join(", ")}`,
      describeValue(init),
      "Leave it out for the default, k-means++.",
    );
  }
  checkInteger(nInit, "options.nInit", 1, Infinity, "Use at least one run.");
  checkSeed(seed, "options.seed");
  if (start !== undefined) {
    const startK = validateMixture(start, "options.start");
    if (startK !== k) {
      throw new ParameterRangeError(
        "options.start",
        `a mixture with k = ${k} components`,
        `k = ${startK}`,
        "Give the start one weight, mean and σ per component, or change k.",
      );
    }
    if (nInit !== 1) {
      throw new ParameterRangeError(
        "options.nInit",
        "1 when options.start is given",
        describeValue(nInit),
        "Drop options.start to use restarts.",
      );
    }
  }
  const x = toFloat64Array(data);
  const runs: RunSummary[] = [];
  let best: EmSnapshot[] | undefined;
  let bestRun = 0;
  for (let r = 0; r < nInit; r++) {
    const runSeed = seed + r;
    const first = start ?? initialize(data, k, init, { seed: runSeed });
    const history = [...emUnchecked(x, first, resolved)];
    const last = history.at(-1)!;
    const degenerate = degenerateComponentsUnchecked(
      last.mixture,
      data.length,
      resolved.varianceFloor,
    );
    runs.push(Object.freeze({
      seed: runSeed,
      logLikelihood: last.logLikelihood,
      converged: last.converged,
      iterations: last.iteration,
      degenerate: degenerate.length > 0,
      degenerateComponents: Object.freeze(degenerate),
    }));
    if (best === undefined || isBetterRun(runs[r]!, runs[bestRun]!)) {
      best = history;
      bestRun = r;
    }
  }
  const last = best!.at(-1)!;
  const kept = runs[bestRun]!;
  let responsibilities: number[][] | undefined;
  const warnings = [...last.warnings];
  if (kept.degenerate) {
    warnings.push(allDegenerateWarning(nInit, kept.degenerateComponents, "varianceFloor"));
  }
  if (!last.converged) {
    warnings.push(
      messages().notConverged(resolved.maxIter, String(Math.abs(last.delta ?? NaN))),
    );
  }
  return {
    mixture: last.mixture,
    logLikelihood: last.logLikelihood,
    converged: last.converged,
    iterations: last.iteration,
    history: best!,
    // Computed on first access, so a fit whose caller never reads them
    // holds no N × k matrix.
    get responsibilities(): number[][] {
      responsibilities ??= eStepUnchecked(data, last.mixture).responsibilities;
      return responsibilities;
    },
    bic: bic(last.logLikelihood, k, data.length),
    aic: aic(last.logLikelihood, k),
    k,
    n: data.length,
    seed,
    bestRun,
    runs,
    degenerate: kept.degenerate,
    degenerateComponents: kept.degenerateComponents,
    warnings,
  };
}
