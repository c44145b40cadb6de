// fitMv() after its points and EM options were checked and prepared: the
// remaining checks (k, nInit, seed, start), the restarts and the result.
// selectKMv calls it once per k and family with the points prepared once.
import { checkComponentCount, checkInteger, checkSeed, checkStartForRuns } from "../_validate.ts";
import { fitResult, runRestarts } from "../em/_em_core.ts";
import { checkStartDimension, covarianceMatrix } from "./_validate.ts";
import { covarianceFamily, type PreparedPoints, sklearnName } from "./_families.ts";

import { checkStartInModel, initKMeansPlusPlusMvUnchecked, startInModel } from "./_init_starts.ts";
import { eStepMvUnchecked } from "./e_step.ts";
import type { MvFitOptions, MvFitResult, ResolvedMvEmOptions } from "./_types.ts";
import type { MvMixture } from "./mixture.ts";
import { randomSeed } from "../random.ts";
import { defaultRidge } from "./ridge.ts";

export function fitMvPrepared(
  prepared: PreparedPoints,
  resolved: ResolvedMvEmOptions,
  k: number,
  options: MvFitOptions,
): MvFitResult {
  const data = prepared.points;
  checkComponentCount(k, prepared.n);
  const { nInit = 1, seed = randomSeed(), start } = options;
  checkInteger(nInit, "options.nInit", 1, Infinity, "Use at least one run.");
  checkSeed(seed, "options.seed");
  if (start !== undefined) {
    const startK = checkStartDimension(data, start, "options.start");
    checkStartForRuns(startK, k, nInit, "weight, mean and covariance");
  }
  const model = resolved.covariance ?? "VVV";
  if (start !== undefined) checkStartInModel(model, start, "options.start");
  // What every k-means++ start needs from the whole data, computed once.
  let overall: number[][] | undefined, ridge0: readonly number[] | undefined;
  const startFor = (runSeed: number): MvMixture => {
    if (start !== undefined) return start;
    overall ??= covarianceMatrix(data);
    ridge0 ??= options.ridge === undefined ? resolved.ridge : defaultRidge(data);
    return startInModel(
      model,
      initKMeansPlusPlusMvUnchecked(data, k, runSeed, overall, ridge0),
      prepared.n,
    );
  };
  const outcome = runRestarts(covarianceFamily(model), prepared, k, {
    nInit,
    seed,
    startFor,
    regulariser: "ridge",
  }, resolved);
  return fitResult(
    outcome,
    { d: prepared.d, ridge: resolved.ridge, covariance: sklearnName(model), model },
    (m) => eStepMvUnchecked(data, m).responsibilities,
  );
}
