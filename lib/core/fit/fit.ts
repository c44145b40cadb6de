/**
 * Fit a mixture by EM with seeded restarts and keep the best run.
 *
 * @module
 */
import { optionKeys } from "../_validate.ts";
import { fitPrepared } from "./_fit.ts";
import { prepareData } from "../em/_prepare.ts";
import type { FitOptions, FitResult } from "../_types.ts";

export type { FitOptions, FitResult, MixtureFit, RunSummary } from "../_types.ts";

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
