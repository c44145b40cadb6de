/**
 * Model choice over the number of components: one restarted fit per k, a
 * table of log-likelihood, BIC and AIC, with degenerate fits marked (and
 * left out of the choice) rather than ranked.
 *
 * @module
 */
import { checkFamilies, checkNoStart, checkSelection, selectWith } from "./_select_k.ts";
import { fitPrepared } from "./_fit.ts";
import { prepareData } from "../em/_prepare.ts";
import { FAMILIES, type FamilyName, familyOf } from "../em/_families.ts";
import type { FitOptions, FitResult } from "./fit.ts";
import { optionKeys } from "../_validate.ts";
import { randomSeed } from "../random.ts";
import type { KChoice } from "../_types.ts";

export type { KChoice, KChoiceRow } from "../_types.ts";

/** Options for {@linkcode selectK}: those of `fit` (without `start`), and the criterion. */
export interface SelectKOptions extends Omit<FitOptions, "start"> {
  /** The criterion that picks `best` (lower is better). @default "bic" */
  criterion?: "bic" | "aic";
  /**
   * Model families to compare (mclust's names, see `EmOptions.family`):
   * every k is fitted in every family, one row each, as mclust's
   * `mclustBIC` tabulates k × model.
   * @default [options.family ?? "V"]
   */
  families?: readonly FamilyName[];
}

// The option names selectK accepts (checked by the compiler against SelectKOptions).
const SELECT_K_OPTION_KEYS = optionKeys<SelectKOptions>({
  criterion: 1,
  families: 1,
  init: 1,
  nInit: 1,
  seed: 1,
  tol: 1,
  maxIter: 1,
  varianceFloor: 1,
  workers: 1,
  family: 1,
});

/**
 * Fit a 1-D mixture for every k in `ks` and every family in `families`
 * (default: `family`, else "V"), each with `nInit` seeded restarts from the
 * same `seed`, ranked by {@linkcode fit} (proper maxima before degenerate
 * runs), and tabulate log L, BIC and AIC, one row per family × k. A cell
 * whose every run was degenerate is marked `degenerate` with the reason and
 * is not chosen; one whose every run collapsed (`varianceFloor: 0`) is
 * marked `collapsed` (mclust's NA) rather than thrown.
 *
 * @param data The observations.
 * @param ks The numbers of components to compare (each 1 ≤ k ≤ N).
 * @param options Those of `fit` (init, nInit, seed, tol, maxIter, varianceFloor, family), `criterion`
 *   and `families`.
 * @returns The rows, the best k, and the fits.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Two well-separated groups: BIC picks k = 2
 * ```ts
 * import { mixture, sampleMixture, selectK } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.4, 0.6], [-2, 2], [0.5, 0.7]), 500, { seed: 3 });
 * const choice = selectK(x, [1, 2, 3], { nInit: 5, seed: 1 });
 * assertEquals(choice.best, 2);
 * assertEquals(choice.rows.map((r) => r.k), [1, 2, 3]);
 * assertEquals(choice.rows.some((r) => r.degenerate), false);
 * ```
 *
 * @example k × family, as mclust's mclustBIC
 * ```ts
 * import { mixture, sampleMixture, selectK } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.4, 0.6], [-2, 2], [0.5, 0.5]), 500, { seed: 3 });
 * const choice = selectK(x, [1, 2], { families: ["V", "E"], nInit: 3, seed: 1 });
 * assertEquals(choice.rows.map((r) => `${r.model}, k = ${r.k}: p = ${r.parameters}`), [
 *   "V, k = 1: p = 2",
 *   "V, k = 2: p = 5",
 *   "E, k = 1: p = 2",
 *   "E, k = 2: p = 4",
 * ]);
 * assertEquals(choice.best, 2);
 * ```
 */
export function selectK(
  data: ArrayLike<number>,
  ks: readonly number[],
  options: SelectKOptions = {},
): KChoice<FitResult> {
  // The data are checked and prepared once, for every k and family.
  checkNoStart(options);
  const { prepared, resolved } = prepareData(data, options, SELECT_K_OPTION_KEYS, "selectK");
  checkSelection(ks, prepared.n, options, SELECT_K_OPTION_KEYS, "selectK");
  const { criterion = "bic", seed = randomSeed(), families, ...rest } = options;
  const names = checkFamilies(families, "options.families", FAMILIES, rest.family ?? "V");
  return selectWith(
    ks,
    criterion,
    names,
    (k, family) =>
      fitPrepared(prepared, { ...resolved, family: family as FamilyName }, k, {
        ...rest,
        family: family as FamilyName,
        seed,
      }),
    (k, family) => familyOf(family as FamilyName).parameterCount(k, 1),
    rest.nInit ?? 1,
  );
}
