// The loop behind selectK and selectKMv: one restarted fit per k, a row per
// fit, the best k by the criterion among the proper fits.
import { checkInteger, checkIsArray, checkOneOf, checkOptions } from "../_validate.ts";
import {
  DegenerateFitError,
  describeValue,
  ParameterRangeError,
  ParameterTypeError,
  SingularCovarianceError,
} from "../errors.ts";
import type { FitResult } from "./fit.ts";
import type { KChoice, KChoiceRow } from "../_types.ts";

/** What a row needs from a fit (FitResult and MvFitResult both have it). */
export type FitLike = Pick<
  FitResult,
  | "k"
  | "logLikelihood"
  | "bic"
  | "aic"
  | "converged"
  | "bestRun"
  | "runs"
  | "degenerate"
  | "degenerateComponents"
>;

/** Check `ks` (integers in [1, n]) and the selection options shared by both. */
/** selectK and selectKMv fit every k from seeded restarts: a `start` has no place. */
export function checkNoStart(options: unknown): void {
  if ((options as { start?: unknown } | undefined)?.start !== undefined) {
    throw new ParameterRangeError(
      "options.start",
      "undefined (each k is fitted from seeded restarts)",
      "a mixture",
      "Use fit or fitMv to start from given parameters.",
    );
  }
}

export function checkSelection(
  ks: unknown,
  n: number,
  options: unknown,
  keys: readonly string[],
  fn: string,
): asserts ks is readonly number[] {
  checkIsArray(
    ks,
    "ks",
    "an array of component counts",
    "Pass the k to compare, e.g. [1, 2, 3, 4, 5].",
  );
  if (ks.length === 0) {
    throw new ParameterRangeError(
      "ks",
      "a non-empty array of component counts",
      "an empty array",
      "Pass the k to compare, e.g. [1, 2, 3, 4, 5].",
    );
  }
  ks.forEach((k, i) =>
    checkInteger(k, `ks[${i}]`, 1, n, "Each k must be at least 1 and at most the number of points.")
  );
  checkNoStart(options);
  checkOptions(options, keys, fn);
  const { criterion = "bic" } = options as { criterion?: unknown; start?: unknown };
  if (criterion !== "bic" && criterion !== "aic") {
    throw new ParameterRangeError(
      "options.criterion",
      '"bic" or "aic"',
      describeValue(criterion),
      "Leave it out for BIC.",
    );
  }
}

/** Check a list of model families against the known names; the default when absent. */
export function checkFamilies(
  families: unknown,
  parameter: string,
  known: readonly string[],
  fallback: string | readonly string[],
): readonly string[] {
  if (families === undefined) return typeof fallback === "string" ? [fallback] : fallback;
  if (!Array.isArray(families) || families.length === 0) {
    throw new ParameterTypeError(
      parameter,
      `a non-empty array of family names (${known.map((f) => JSON.stringify(f)).join(", ")})`,
      describeValue(families),
      `Pass e.g. [${known.map((f) => JSON.stringify(f)).join(", ")}].`,
    );
  }
  families.forEach((f, i) => {
    checkOneOf(
      f,
      known,
      `${parameter}[${i}]`,
      "Leave the option out to compare the default family only.",
    );
  });
  return families;
}

/**
 * Fit every k, build the rows, pick the best proper k. A cell whose every
 * run collapsed (only with the floor or ridge off) is marked `collapsed`
 * (mclust's NA: log L, BIC and AIC NaN, its fit null) rather than thrown.
 */
export function selectWith<F extends FitLike>(
  ks: readonly number[],
  criterion: "bic" | "aic",
  families: readonly string[],
  fitOne: (k: number, family: string) => F,
  parameterCount: (k: number, family: string) => number,
  nInit = 1,
): KChoice<F> {
  const cells = families.flatMap((family) => ks.map((k) => ({ k, family })));
  const fits = cells.map(({ k, family }) => {
    try {
      return fitOne(k, family);
    } catch (e) {
      if (e instanceof SingularCovarianceError || e instanceof DegenerateFitError) return e;
      throw e;
    }
  });
  const rows = fits.map((f, i): KChoiceRow =>
    f instanceof Error
      ? Object.freeze({
        k: cells[i]!.k,
        model: cells[i]!.family,
        parameters: parameterCount(cells[i]!.k, cells[i]!.family),
        logLikelihood: NaN,
        bic: NaN,
        aic: NaN,
        converged: false,
        degenerate: true,
        collapsed: true,
        reason: f.message,
        degenerateComponents: Object.freeze([]),
        seed: NaN,
        runs: nInit,
        degenerateRuns: nInit,
      })
      : Object.freeze({
        k: f.k,
        model: cells[i]!.family,
        parameters: parameterCount(f.k, cells[i]!.family),
        logLikelihood: f.logLikelihood,
        bic: f.bic,
        aic: f.aic,
        converged: f.converged,
        degenerate: f.degenerate,
        collapsed: false,
        reason: f.degenerateComponents.map((c) => c.description).join("; "),
        degenerateComponents: f.degenerateComponents,
        seed: f.runs[f.bestRun]!.seed,
        runs: f.runs.length,
        degenerateRuns: f.runs.filter((r) => r.degenerate).length,
      })
  );
  let best: number | null = null, bestModel: string | null = null, bestValue = Infinity;
  for (const row of rows) {
    if (row.degenerate) continue;
    const value = row[criterion];
    if (value < bestValue) [best, bestModel, bestValue] = [row.k, row.model, value];
  }
  return Object.freeze({
    rows: Object.freeze(rows),
    best,
    bestModel,
    criterion,
    models: Object.freeze([...families]),
    ks: Object.freeze([...ks]),
    fits: Object.freeze(fits.map((f) => (f instanceof Error ? null : f))),
  });
}
