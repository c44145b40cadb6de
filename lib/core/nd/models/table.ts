/**
 * mclust's 14 covariance models in d dimensions, Σₕ = λₕ Dₕ Aₕ Dₕᵀ (volume
 * λ, shape A, orientation D; each Equal, Variable or the Identity), with
 * scikit-learn's four names as aliases, their parameter counts (mclust's
 * `nVarParams`) and their M-steps from sufficient statistics.
 *
 * @module
 */
import { type CovarianceStep, INNER, type InnerControl } from "./_stats.ts";
import { mStepEII, mStepVII } from "./spherical.ts";
import { mStepEEI, mStepEVI, mStepVEI, mStepVVI } from "./diagonal.ts";
import {
  mStepEEE,
  mStepEEV,
  mStepEVE,
  mStepEVV,
  mStepVEE,
  mStepVEV,
  mStepVVE,
  mStepVVV,
} from "./ellipsoidal.ts";

/** mclust's d-dimensional model names, in mclust's order. */
export const MV_MODELS = [
  "EII",
  "VII",
  "EEI",
  "VEI",
  "EVI",
  "VVI",
  "EEE",
  "VEE",
  "EVE",
  "VVE",
  "EEV",
  "VEV",
  "EVV",
  "VVV",
] as const;

/** A d-dimensional covariance model by mclust's name. */
export type MvModelName = typeof MV_MODELS[number];

/** scikit-learn's `covariance_type` names. */
export type CovarianceType = "full" | "tied" | "diag" | "spherical";

/** scikit-learn's names of the four models it fits. */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "tied", "diag", "spherical"];

/** mclust's name of each of scikit-learn's covariance types. */
export const MCLUST_MODELS: Readonly<Record<CovarianceType, MvModelName>> = Object.freeze({
  full: "VVV",
  tied: "EEE",
  diag: "VVI",
  spherical: "VII",
});

/** The model for a scikit-learn or mclust name, or undefined when unknown. */
export function mvModelName(name: unknown): MvModelName | undefined {
  if (MV_MODELS.includes(name as MvModelName)) return name as MvModelName;
  return MCLUST_MODELS[name as CovarianceType];
}

/** scikit-learn's name of a model when it has one, else mclust's. */
export function sklearnName(model: MvModelName): CovarianceType | MvModelName {
  const entry = Object.entries(MCLUST_MODELS).find(([, m]) => m === model);
  return (entry?.[0] as CovarianceType | undefined) ?? model;
}

/**
 * Free parameters of the covariances of a model (mclust's `nVarParams`):
 * with r = d(d − 1)/2 and s = d(d + 1)/2, EII 1, VII k, EEI d, VEI k + d − 1,
 * EVI 1 + k(d − 1), VVI kd, EEE s, VEE k + d − 1 + r, EVE 1 + k(d − 1) + r,
 * VVE kd + r, EEV d + kr, VEV k + d − 1 + kr, EVV 1 + k(s − 1), VVV ks.
 */
export function covarianceParameterCount(model: MvModelName, k: number, d: number): number {
  const r = (d * (d - 1)) / 2, s = (d * (d + 1)) / 2;
  switch (model) {
    case "EII":
      return 1;
    case "VII":
      return k;
    case "EEI":
      return d;
    case "VEI":
      return k + d - 1;
    case "EVI":
      return 1 + k * (d - 1);
    case "VVI":
      return k * d;
    case "EEE":
      return s;
    case "VEE":
      return k + d - 1 + r;
    case "EVE":
      return 1 + k * (d - 1) + r;
    case "VVE":
      return k * d + r;
    case "EEV":
      return d + k * r;
    case "VEV":
      return k + d - 1 + k * r;
    case "EVV":
      return 1 + k * (s - 1);
    case "VVV":
      return k * s;
  }
}

/**
 * Free parameters of a k-component mixture of a model in d dimensions:
 * (k − 1) weights, k·d means and the covariances' (mclust's `nMclustParams`).
 */
export function modelParameterCount(model: MvModelName, k: number, d: number): number {
  return k - 1 + k * d + covarianceParameterCount(model, k, d);
}

/** Each model's M-step for the covariances from the sufficient statistics. */
export const COVARIANCE_STEPS: Readonly<Record<MvModelName, CovarianceStep>> = Object.freeze({
  EII: mStepEII,
  VII: mStepVII,
  EEI: mStepEEI,
  VEI: mStepVEI,
  EVI: mStepEVI,
  VVI: mStepVVI,
  EEE: mStepEEE,
  VEE: mStepVEE,
  EVE: mStepEVE,
  VVE: mStepVVE,
  EEV: mStepEEV,
  VEV: mStepVEV,
  EVV: mStepEVV,
  VVV: mStepVVV,
});

/**
 * The model a k = 1 fit reduces to (with one component, "equal" and
 * "variable" coincide): EII for the spherical models, EEI for the diagonal
 * ones, EEE for the rest. Its closed form is the maximum the iterative
 * M-steps would reach.
 */
export function singleComponentModel(model: MvModelName): MvModelName {
  if (model[1] === "I") return "EII";
  if (model[2] === "I") return "EEI";
  return "EEE";
}

/**
 * Effective points a component needs for its parameters to rest on its own
 * data: 1 (its mean) when its covariance is shared (EII, EEI, EEE); d + 1
 * when its covariance's determinant is its own (VVV, EVV); 2 otherwise (a
 * volume, shape or orientation of its own).
 */
export function minimumPoints(model: MvModelName, d: number): number {
  if (model === "EII" || model === "EEI" || model === "EEE") return 1;
  if (model === "VVV" || model === "EVV") return d + 1;
  return 2;
}

/** The covariance step for k components (the k = 1 reduction applied). */
export function covarianceStep(
  model: MvModelName,
  k: number,
): (...args: Parameters<CovarianceStep>) => number[][][] {
  const step = COVARIANCE_STEPS[k === 1 ? singleComponentModel(model) : model];
  return (stats, previous, inner: InnerControl = INNER) => step(stats, previous, inner);
}
