/**
 * Information criteria for full-covariance mixtures in d dimensions.
 *
 * @module
 */
import { checkInteger, checkNumber } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import {
  type CovarianceType,
  modelParameterCount,
  MV_MODELS as ALL_MODELS,
  type MvModelName,
  mvModelName,
} from "./models/table.ts";

/**
 * mclust's 14 covariance models in d dimensions, by name, in mclust's order:
 * Σₕ = λₕ Dₕ Aₕ Dₕᵀ with volume λ, shape A and orientation D each Equal
 * across components, Variable, or the Identity.
 *
 * @example
 * ```ts
 * import { MV_MODELS } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MV_MODELS.length, 14);
 * assertEquals(MV_MODELS.includes("EEE"), true);
 * ```
 */
export const MV_MODELS: readonly MvModelName[] = ALL_MODELS;

/** Options of {@linkcode bicMv} and {@linkcode aicMv}. */
export interface MvCriterionOptions {
  /**
   * The covariance model fitted, by mclust's or scikit-learn's name (see
   * `MvEmOptions.covariance`); its parameters are counted.
   * @default "full"
   */
  covariance?: CovarianceType | MvModelName;
}

function modelFrom(options: MvCriterionOptions | undefined): MvModelName {
  const model = mvModelName(options?.covariance ?? "full");
  if (model === undefined) {
    throw new ParameterRangeError(
      "options.covariance",
      `"full", "tied", "diag", "spherical" or one of ${ALL_MODELS.join(", ")}`,
      describeValue(options?.covariance),
      "Pass the model that was fitted, e.g. fit.model.",
    );
  }
  return model;
}

/**
 * Free parameters of a k-component mixture of a covariance model in d
 * dimensions, as mclust's `nMclustParams`: (k − 1) weights, k·d means and
 * the covariances' (kd(d + 1)/2 for VVV, d(d + 1)/2 for EEE, kd for VVI,
 * k for VII, 1 for EII, …).
 *
 * @param covariance The model, by mclust's or scikit-learn's name.
 * @param k Number of components.
 * @param d Dimension.
 * @returns The number of free parameters.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unknown model or an unusable value.
 *
 * @example
 * ```ts
 * import { mvModelParameterCount } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mvModelParameterCount("VVV", 3, 2), 17);
 * assertEquals(mvModelParameterCount("tied", 3, 2), 11);
 * assertEquals(mvModelParameterCount("EII", 3, 2), 9);
 * ```
 */
export function mvModelParameterCount(
  covariance: CovarianceType | MvModelName,
  k: number,
  d: number,
): number {
  const model = modelFrom({ covariance });
  checkInteger(k, "k", 1);
  checkInteger(d, "d", 1);
  return modelParameterCount(model, k, d);
}

/**
 * BIC = −2 log L + p log N with p the free parameters of the covariance
 * model fitted ({@linkcode mvModelParameterCount}; for "full",
 * (k − 1) + k·d + k·d(d+1)/2). Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param d Dimension.
 * @param n Number of points.
 * @param options The model fitted (default "full").
 * @returns The BIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { bicMv } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(bicMv(-100, 2, 2, 50), 200 + 11 * Math.log(50), 1e-12);
 * assertAlmostEquals(bicMv(-100, 2, 2, 50, { covariance: "EEE" }), 200 + 8 * Math.log(50), 1e-12);
 * ```
 */
export function bicMv(
  logLikelihood: number,
  k: number,
  d: number,
  n: number,
  options?: MvCriterionOptions,
): number {
  checkNumber(logLikelihood, "logLikelihood");
  checkInteger(k, "k", 1);
  checkInteger(d, "d", 1);
  checkInteger(n, "n", 1);
  return -2 * logLikelihood + modelParameterCount(modelFrom(options), k, d) * Math.log(n);
}

/**
 * AIC = −2 log L + 2p with p the free parameters of the covariance model
 * fitted ({@linkcode mvModelParameterCount}). Lower is better.
 *
 * @param logLikelihood log L of the fitted mixture.
 * @param k Number of components.
 * @param d Dimension.
 * @param options The model fitted (default "full").
 * @returns The AIC.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { aicMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(aicMv(-100, 2, 2), 222);
 * assertEquals(aicMv(-100, 2, 2, { covariance: "spherical" }), 214);
 * ```
 */
export function aicMv(
  logLikelihood: number,
  k: number,
  d: number,
  options?: MvCriterionOptions,
): number {
  checkNumber(logLikelihood, "logLikelihood");
  checkInteger(k, "k", 1);
  checkInteger(d, "d", 1);
  return -2 * logLikelihood + 2 * modelParameterCount(modelFrom(options), k, d);
}
