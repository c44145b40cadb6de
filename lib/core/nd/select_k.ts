/**
 * Model choice over the number of components in d dimensions, like
 * `selectK`.
 *
 * @module
 */
import { checkFamilies, checkNoStart, checkSelection, selectWith } from "../fit/_select_k.ts";
import { fitMvPrepared } from "./_fit.ts";
import { preparePoints } from "./_prepare.ts";
import { optionKeys } from "../_validate.ts";
import {
  COVARIANCE_TYPES,
  type CovarianceType,
  MV_MODELS,
  type MvModelName,
  mvModelName,
} from "./models/table.ts";
import { covarianceFamily } from "./_families.ts";
import { randomSeed } from "../random.ts";
import type { KChoice } from "../fit/select_k.ts";
import type { Points } from "./_validate.ts";
import type { MvFitOptions, MvFitResult } from "./fit.ts";

/** Options for {@linkcode selectKMv}: those of `fitMv` (without `start`), and the criterion. */
export interface SelectKMvOptions extends Omit<MvFitOptions, "start"> {
  /** The criterion that picks `best` (lower is better). @default "bic" */
  criterion?: "bic" | "aic";
  /**
   * Covariance models to compare (mclust's or scikit-learn's names, see
   * `MvEmOptions.covariance`): every k is fitted in every model, one row
   * each (its `model` is mclust's name), as mclust's `mclustBIC` tabulates
   * k × model.
   * @default all 14 of mclust's models, as mclust does ([options.covariance] when that is given)
   */
  covariances?: readonly (CovarianceType | MvModelName)[];
}

// The option names selectKMv accepts (checked by the compiler against SelectKMvOptions).
const SELECT_K_MV_OPTION_KEYS = optionKeys<SelectKMvOptions>({
  criterion: 1,
  covariances: 1,
  nInit: 1,
  seed: 1,
  tol: 1,
  maxIter: 1,
  ridge: 1,
  workers: 1,
  covariance: 1,
});

/**
 * Fit a mixture for every k in `ks` and every covariance model in
 * `covariances` — by default all 14 of mclust's models, as mclust's
 * `mclustBIC` does — each with `nInit` seeded k-means++ restarts from the
 * same `seed` (ranked by `fitMv`: proper maxima before degenerate runs),
 * and tabulate log L, BIC and AIC, one row per model × k; `models` and `ks`
 * say what was compared. A cell whose every run was degenerate (a
 * covariance held up by the ridge, or too few points for the model) is
 * marked `degenerate` with the reason and is not chosen; one whose every
 * run collapsed (`ridge: 0`) is marked `collapsed` (mclust's NA) rather
 * than thrown.
 *
 * @param data The points, as rows of length d.
 * @param ks The numbers of components to compare (each 1 ≤ k ≤ N).
 * @param options Those of `fitMv` (nInit, seed, tol, maxIter, ridge, covariance), `criterion`
 *   and `covariances`.
 * @returns The rows, the best k and model, what was compared, and the fits.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Two round clusters in the plane: BIC picks k = 2, over every model
 * ```ts
 * import { mvMixture, sampleMvMixture, selectKMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [6, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 400, { seed: 1 });
 * const choice = selectKMv(x, [1, 2, 3], { nInit: 3, seed: 1 });
 * assertEquals(choice.best, 2);
 * assertEquals(choice.models.length, 14);
 * assertEquals(choice.rows.length, 14 * 3);
 * ```
 *
 * @example Only full covariances
 * ```ts
 * import { mvMixture, sampleMvMixture, selectKMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [6, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 400, { seed: 1 });
 * const choice = selectKMv(x, [1, 2, 3], { nInit: 3, seed: 1, covariance: "full" });
 * assertEquals(choice.models, ["VVV"]);
 * assertEquals(choice.best, 2);
 * ```
 */
export function selectKMv(
  data: Points,
  ks: readonly number[],
  options: SelectKMvOptions = {},
): KChoice<MvFitResult> {
  // The points are checked and prepared once, for every k and family.
  checkNoStart(options);
  const { prepared, resolved } = preparePoints(data, options, SELECT_K_MV_OPTION_KEYS, "selectKMv");
  const { n, d } = prepared;
  checkSelection(ks, n, options, SELECT_K_MV_OPTION_KEYS, "selectKMv");
  const { criterion = "bic", seed = randomSeed(), covariances, ...rest } = options;
  const known: string[] = [...COVARIANCE_TYPES, ...MV_MODELS];
  const fallback = rest.covariance === undefined ? MV_MODELS : [rest.covariance];
  const names = [
    ...new Set(
      checkFamilies(covariances, "options.covariances", known, fallback).map((name) =>
        mvModelName(name)!
      ),
    ),
  ];
  return selectWith(
    ks,
    criterion,
    names,
    (k, model) =>
      fitMvPrepared(prepared, { ...resolved, covariance: model as MvModelName }, k, {
        ...rest,
        covariance: model as MvModelName,
        seed,
      }),
    (k, model) => covarianceFamily(model).parameterCount(k, d),
    rest.nInit ?? 1,
  );
}
