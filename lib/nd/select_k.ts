/**
 * Model choice over the number of components in d dimensions, like
 * `selectK`.
 *
 * @module
 */
import { checkSelection, selectWith } from "../_select_k.ts";
import { randomSeed } from "../random.ts";
import type { KChoice } from "../select_k.ts";
import { checkPoints, type Points } from "./_validate.ts";
import { fitMv, type MvFitOptions, type MvFitResult } from "./fit.ts";

/** Options for {@linkcode selectKMv}: those of `fitMv` (without `start`), and the criterion. */
export interface SelectKMvOptions extends Omit<MvFitOptions, "start"> {
  /** The criterion that picks `best` (lower is better). @default "bic" */
  criterion?: "bic" | "aic";
}

/**
 * Fit a full-covariance mixture for every k in `ks` (each with `nInit`
 * seeded k-means++ restarts from the same `seed`, ranked by `fitMv`: proper
 * maxima before degenerate runs) and tabulate log L, BIC and AIC. A k whose
 * every run was degenerate (a covariance held up by the ridge, or too few
 * points) is marked `degenerate` with the reason and is not chosen.
 *
 * @param data The points, as rows of length d.
 * @param ks The numbers of components to compare (each 1 ≤ k ≤ N).
 * @param options Those of `fitMv` (nInit, seed, tol, maxIter, ridge) and `criterion`.
 * @returns The rows, the best k, and the fits.
 *
 * @example Two clusters in the plane: BIC picks k = 2
 * ```ts
 * import { mvMixture, sampleMvMixture, selectKMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [6, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 400, { seed: 1 });
 * const choice = selectKMv(x, [1, 2, 3], { nInit: 3, seed: 1 });
 * assertEquals(choice.best, 2);
 * ```
 */
export function selectKMv(
  data: Points,
  ks: readonly number[],
  options: SelectKMvOptions = {},
): KChoice<MvFitResult> {
  const { n } = checkPoints(data);
  checkSelection(ks, n, options);
  const { criterion = "bic", seed = randomSeed(), ...rest } = options;
  return selectWith(ks, criterion, (k) => fitMv(data, k, { ...rest, seed }));
}
