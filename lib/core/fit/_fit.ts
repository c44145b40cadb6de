// fit() after its data and EM options were checked and prepared: the
// remaining checks (k, init, nInit, seed, start), the restarts and the result.
// selectK calls it once per k and family with the data prepared once.
import {
  checkComponentCount,
  checkInteger,
  checkOneOf,
  checkSeed,
  checkStartForRuns,
} from "../_validate.ts";
import { fitResult, runRestarts } from "../em/_em_core.ts";
import { familyOf, type PreparedData } from "../em/_families.ts";
import { initializeUnchecked } from "../init/_init_starts.ts";
import type { FitOptions, FitResult, ResolvedEmOptions } from "../_types.ts";
import { eStepUnchecked } from "../em/e_step.ts";
import { INIT_METHODS } from "../_types.ts";
import { validateMixture } from "../model/mixture.ts";
import { randomSeed } from "../random.ts";

export function fitPrepared(
  prepared: PreparedData,
  resolved: ResolvedEmOptions,
  k: number,
  options: FitOptions,
): FitResult {
  checkComponentCount(k, prepared.n);
  const { init = "kmeans++", nInit = 1, seed = randomSeed(), start } = options;
  checkOneOf(init, INIT_METHODS, "options.init", "Leave it out for the default, k-means++.");
  checkInteger(nInit, "options.nInit", 1, Infinity, "Use at least one run.");
  checkSeed(seed, "options.seed");
  if (start !== undefined) {
    const startK = validateMixture(start, "options.start");
    checkStartForRuns(startK, k, nInit, "weight, mean and σ");
  }
  const family = resolved.family ?? "V";
  const outcome = runRestarts(familyOf(family), prepared, k, {
    nInit,
    seed,
    startFor: (runSeed) =>
      start ?? initializeUnchecked(prepared.x, k, init, runSeed, prepared.variance),
    regulariser: "varianceFloor",
  }, resolved);
  return fitResult(outcome, { family }, (m) => eStepUnchecked(prepared.x, m).responsibilities);
}
