/**
 * Model choice over the number of components: one restarted fit per k, a
 * table of log-likelihood, BIC and AIC, with degenerate fits marked (and
 * left out of the choice) rather than ranked.
 *
 * @module
 */
import { checkFamilies, checkNoStart, checkSelection, selectWith } from "./_select_k.ts";
import { fitPrepared } from "./_fit.ts";
import { prepareData } from "./_prepare.ts";
import { FAMILIES, type FamilyName, familyOf } from "./_families.ts";
import type { DegenerateComponent } from "./degeneracy.ts";
import type { FitOptions, FitResult } from "./fit.ts";
import { optionKeys } from "./_validate.ts";
import { randomSeed } from "./random.ts";

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
