// mclust's "V" in 1-D: each component its own variance, the original model
// (scikit-learn's "full", "diag" and "spherical" all reduce to it in 1-D).
import type { Family } from "../_em_core.ts";
import { degenerateComponentsUnchecked } from "../degeneracy.ts";
import { fusedStepUnchecked } from "../fused.ts";
import { mStepUnchecked } from "../m_step.ts";
import { type Mixture, parameterCount } from "../../model/mixture.ts";
import { collapse, fusedPath, logDensities, type PreparedData, rows } from "./_base.ts";

/** "V": a weight, mean and variance per component (3k − 1 parameters). */
export const familyV: Family<PreparedData, Mixture> = {
  model: "V",
  logDensities,
  mStep: (data, r, previous) =>
    mStepUnchecked(data.x, rows(r, data.n, previous.weights.length), data.varianceFloor, previous),
  parameterCount: (k) => parameterCount(k),
  degenerate: (mixture, data) => degenerateComponentsUnchecked(mixture, data.n, data.varianceFloor),
  collapse,
  fused: fusedPath((data, mixture, runner) =>
    fusedStepUnchecked(data.x, mixture, data.varianceFloor, runner)
  ),
};
