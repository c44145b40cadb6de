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
export * from "./mixture.ts";
export * from "./random.ts";
export * from "./sample.ts";
export * from "./init.ts";
export * from "./normal.ts";
export * from "./log_sum_exp.ts";
export * from "./variance_floor.ts";
export { eStep, type EStepResult } from "./e_step.ts";
export { mStep, type MStepOptions, type MStepResult } from "./m_step.ts";
export {
  fusedStep,
  type FusedStepOptions,
  type FusedStepResult,
  type SufficientStatistics,
  sufficientStatistics,
  toFloat64Array,
} from "./fused.ts";
export * from "./log_likelihood.ts";
export {
  DegenerateFitError,
  em,
  type EmOptions,
  type EmSnapshot,
  emStep,
  type FamilyName,
  type ResolvedEmOptions,
} from "./em.ts";
export * from "./fit.ts";
export {
  type DegeneracyReason,
  DEGENERATE_VARIANCE_FACTOR,
  type DegenerateComponent,
  degenerateComponents,
} from "./degeneracy.ts";
export * from "./select_k.ts";
export * from "./maxima.ts";
export * from "./density.ts";
export * from "./criteria.ts";
export * from "./predict.ts";
export * from "./compare.ts";
export * from "./separation.ts";
export * from "./boundary.ts";
export * from "./csv.ts";
export * from "./em_stepper.ts";
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
export * from "./kmeans.ts";
export * from "./map_prior.ts";
export * from "./permute_components.ts";
