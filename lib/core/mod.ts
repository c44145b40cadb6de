/**
 * emlab's core: Gaussian mixtures and EM in one and d dimensions, with no chart,
 * Jupyter or export code — sampling, starts, the E- and M-steps, the fused pass,
 * EM and restarts over the covariance families, degeneracy, model choice by
 * BIC/AIC, prediction, k-means and the MAP M-step. Importing it loads none of
 * Observable Plot, linkedom, resvg or gifenc (tests/entry_points_test.ts).
 *
 * @example
 * ```ts
 * import { fit, mixture, sampleMixture } from "@emlab/emlab/core";
 * import { assert } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 1 });
 * const result = fit(x, 2, { seed: 1 });
 * assert(result.history.length > 1);
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./i18n.ts";
export * from "./model/mixture.ts";
export * from "./random.ts";
export * from "./model/sample.ts";
export * from "./init/init.ts";
export * from "./math/normal.ts";
export * from "./math/log_sum_exp.ts";
export * from "./em/variance_floor.ts";
export { eStep, type EStepResult } from "./em/e_step.ts";
export { mStep, type MStepOptions, type MStepResult } from "./em/m_step.ts";
export {
  fusedStep,
  type FusedStepOptions,
  type FusedStepResult,
  type SufficientStatistics,
  sufficientStatistics,
  toFloat64Array,
} from "./em/fused.ts";
export * from "./em/log_likelihood.ts";
export {
  DegenerateFitError,
  em,
  type EmOptions,
  type EmSnapshot,
  emStep,
  type FamilyName,
  type ResolvedEmOptions,
} from "./em/em.ts";
export * from "./fit/fit.ts";
export {
  type DegeneracyReason,
  DEGENERATE_VARIANCE_FACTOR,
  type DegenerateComponent,
  degenerateComponents,
} from "./em/degeneracy.ts";
export * from "./fit/select_k.ts";
export * from "./fit/maxima.ts";
export * from "./model/density.ts";
export * from "./fit/criteria.ts";
export * from "./model/predict.ts";
export * from "./fit/compare.ts";
export * from "./fit/separation.ts";
export * from "./model/boundary.ts";
export * from "./csv.ts";
export * from "./em/em_stepper.ts";
export {
  aicMv,
  bicMv,
  type CovarianceAxes,
  covarianceAxes,
  covarianceEllipse,
  type CovarianceType,
  defaultRidge,
  degenerateComponentsMv,
  type EllipseOptions,
  emMv,
  emStepMv,
  eStepMv,
  fitMv,
  type FlatPoints,
  flattenPoints,
  freezeMvMixture,
  fusedStepMv,
  initKMeansPlusPlusMv,
  logMvNormalPdf,
  mStepMv,
  MV_MODELS,
  type MvCriterionOptions,
  type MvEmOptions,
  type MvEmSnapshot,
  type MvEStepResult,
  type MvFitOptions,
  type MvFitResult,
  type MvFusedStepResult,
  mvLogLikelihood,
  type MvMixture,
  mvMixture,
  type MvModelName,
  mvModelParameterCount,
  type MvMStepOptions,
  type MvMStepResult,
  mvParameterCount,
  type MvSample,
  type MvSampleOptions,
  type MvSufficientStatistics,
  predictMv,
  predictProbaMv,
  type ResolvedMvEmOptions,
  resolveRidge,
  sampleMvMixture,
  selectKMv,
  type SelectKMvOptions,
  SingularCovarianceError,
  sufficientStatisticsMv,
  sufficientStatisticsMvFlat,
  SYMMETRY_TOLERANCE,
  validateMvMixture,
} from "./nd/mod.ts";
export * from "./init/kmeans.ts";
export * from "./em/map_prior.ts";
export * from "./model/permute_components.ts";
