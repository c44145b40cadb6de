/**
 * Fit a d-dimensional full-covariance mixture by EM with seeded restarts.
 *
 * @module
 */
import { optionKeys } from "../_validate.ts";
import type { Points } from "./_validate.ts";
import { fitMvPrepared } from "./_fit.ts";
import type { MvFitOptions, MvFitResult } from "./_types.ts";
import { preparePoints } from "./_prepare.ts";

export type { MvFitOptions, MvFitResult } from "./_types.ts";

// The option names fitMv accepts (checked by the compiler against MvFitOptions).
const FIT_MV_OPTION_KEYS = optionKeys<MvFitOptions>({
  nInit: 1,
  seed: 1,
  start: 1,
  tol: 1,
  maxIter: 1,
  ridge: 1,
  workers: 1,
  covariance: 1,
});

/**
 * Fit a k-component Gaussian mixture to d-dimensional points by EM, with a
 * covariance per component ("full", the default) or any of mclust's 14
 * models (`covariance`). Runs `nInit` times from seeded k-means++ starts,
 * turned into the model's geometry (or once from `start`, which must have
 * it), and returns the run with the highest log-likelihood among the
 * proper ones: a run with a degenerate component (a covariance held up only
 * by the ridge in some direction — e.g. a component squeezed onto tied
 * values of one column — or fewer effective points than the model needs;
 * see {@linkcode MvFitResult}) is never preferred over a proper run. When every
 * run is degenerate the best of them is kept, with `degenerate: true` and a
 * warning.
 *
 * @param data The points, as rows of length d.
 * @param k Number of components (1 ≤ k ≤ N).
 * @param options Restarts, seed, start, tol, maxIter, ridge, covariance.
 * @returns The best fit, its history and the summary of every run.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, an unknown option key, or a `start` outside the covariance model.
 * @throws {SingularCovarianceError} When a covariance becomes singular (only with `ridge: 0`).
 *
 * @example Recover two correlated clusters
 * ```ts
 * import { fitMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assert, assertAlmostEquals } from "@std/assert";
 * const truth = mvMixture([0.4, 0.6], [[0, 0], [5, 3]], [
 *   [[1, 0.8], [0.8, 1]],
 *   [[1, -0.5], [-0.5, 1]],
 * ]);
 * const { x } = sampleMvMixture(truth, 1000, { seed: 2 });
 * const result = fitMv(x, 2, { nInit: 3, seed: 1 });
 * assert(result.converged);
 * const h = result.mixture.means[0]![0]! < 2.5 ? 0 : 1;
 * assertAlmostEquals(result.mixture.weights[h]!, 0.4, 0.05);
 * assertAlmostEquals(result.mixture.covariances[h]![0]![1]!, 0.8, 0.15);
 * ```
 *
 * @example One covariance matrix shared by all components (scikit-learn's "tied", mclust's "EEE")
 * ```ts
 * import { fitMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const shared = [[1, 0.5], [0.5, 1]];
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [4, 0]], [shared, shared]);
 * const { x } = sampleMvMixture(truth, 500, { seed: 3 });
 * const result = fitMv(x, 2, { covariance: "tied", seed: 1 });
 * assertEquals(result.mixture.covariances[0], result.mixture.covariances[1]);
 * assertEquals([result.covariance, result.model], ["tied", "EEE"]);
 * ```
 */
export function fitMv(data: Points, k: number, options: MvFitOptions = {}): MvFitResult {
  const { prepared, resolved } = preparePoints(data, options, FIT_MV_OPTION_KEYS, "fitMv");
  return fitMvPrepared(prepared, resolved, k, options);
}
