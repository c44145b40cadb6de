// The 1-D model families for the shared EM loop (lib/core/em/_em_core.ts), named as
// mclust names them: "V" (each component its own variance, the original
// model; scikit-learn's "full", "diag" and "spherical" all reduce to it in
// 1-D) and "E" (one variance shared by every component; scikit-learn's
// "tied" in 1-D).
import { degenerateRecord } from "./_degeneracy.ts";
import type { Family, FusedPath, MStepOutcome, PreparedBase, Snapshot } from "./_em_core.ts";
import { DEGENERATE_VARIANCE_FACTOR } from "./degeneracy.ts";
import type { DegenerateComponent } from "../_types.ts";
import { degenerateComponentsUnchecked } from "./degeneracy.ts";
import { DegenerateFitError } from "../errors.ts";
import type { EmSnapshot, FamilyName } from "../_types.ts";
import { fusedStepUnchecked } from "./fused.ts";
import { mStepUnchecked } from "./m_step.ts";
import { freezeMixture, type Mixture, parameterCount } from "../model/mixture.ts";
import { logNormalPdf } from "../math/normal.ts";
import { openPool } from "../fused/_workers.ts";
import { fusedStepEqualUnchecked } from "../fused/_equal.ts";
import { messages } from "../i18n.ts";

export type { FamilyName } from "../_types.ts";

/** 1-D data checked once: the values as a Float64Array, n, their variance and the floor. */
export interface PreparedData extends PreparedBase {
  /** The observations. */
  readonly x: Float64Array;
  /** Their (population) variance. */
  readonly variance: number;
  /** The variance floor in use. */
  readonly varianceFloor: number;
}

/** The names of the 1-D families (mclust's). */
export const FAMILIES: readonly FamilyName[] = ["V", "E"];

function logDensities(data: PreparedData, mixture: Mixture): Float64Array {
  const { x, n } = data;
  const { weights, means, stdDevs } = mixture;
  const k = weights.length;
  const logWeights = weights.map(Math.log);
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < k; h++) {
      out[i * k + h] = logWeights[h]! + logNormalPdf(x[i]!, means[h]!, stdDevs[h]!);
    }
  }
  return out;
}

function collapse(
  h: number,
  iteration: number,
  last: number,
  history: readonly Snapshot<Mixture>[],
): Error {
  return new DegenerateFitError(
    messages().collapsedAt(h + 1, iteration, last.toPrecision(8)),
    h,
    history as readonly EmSnapshot[],
  );
}

function rows(r: Float64Array, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(r.subarray(i * k, i * k + k)));
}

/** The fused path of the 1-D families: the pool is the same, the M-step theirs. */
function fusedPath(
  step: FusedPath<PreparedData, Mixture>["step"],
): FusedPath<PreparedData, Mixture> {
  return {
    open(data, k, workers) {
      const pool = openPool(data.x, data.n, 1 + 3 * k, 4 * k, workers);
      return pool === undefined ? undefined : {
        data: { ...data, x: pool.x },
        runner: pool,
        close: () => pool.close(),
      };
    },
    step,
  };
}

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

/**
 * The M-step of "E": weights and means as in "V"; one variance, the
 * responsibility-weighted squared deviations from each point's component
 * means pooled over all components, σ² = Σₕ Σᵢ rᵢₕ (xᵢ − μₕ)² / N.
 */
function mStepEqual(
  data: PreparedData,
  r: Float64Array,
  previous: Mixture,
): MStepOutcome<Mixture> {
  const { x, n, varianceFloor } = data;
  const k = previous.weights.length;
  const weights: number[] = [], means: number[] = [];
  const emptyComponents: number[] = [];
  let scatter = 0;
  for (let h = 0; h < k; h++) {
    // Around the previous mean, then corrected (as mStep): a large common
    // offset in the data does not drown the spread in rounding error.
    const c = previous.means[h]!;
    let nh = 0, sx = 0;
    for (let i = 0; i < n; i++) {
      const rh = r[i * k + h]!;
      nh += rh;
      sx += rh * (x[i]! - c);
    }
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push(c);
      continue;
    }
    let mu = c + sx / nh;
    let ss = 0, se = 0;
    for (let i = 0; i < n; i++) {
      const dev = x[i]! - mu;
      const rh = r[i * k + h]!;
      ss += rh * dev * dev;
      se += rh * dev;
    }
    mu += se / nh;
    scatter += Math.max(0, ss - (se * se) / nh);
    weights.push(nh / n);
    means.push(mu);
  }
  let v = scatter / n;
  const flooredComponents: number[] = [];
  if (!(v >= varianceFloor)) {
    v = varianceFloor;
    for (let h = 0; h < k; h++) flooredComponents.push(h);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  const sd = Math.sqrt(v);
  const stdDevs = new Array<number>(k).fill(sd);
  const collapsedComponents = sd > 0 && Number.isFinite(sd) ? [] : [0];
  return {
    mixture: freezeMixture({ weights, means, stdDevs }),
    flooredComponents,
    emptyComponents,
    collapsedComponents,
  };
}

/**
 * Degeneracy of "E": a component holding less than one effective point (its
 * mean rests on nothing), or the shared σ² within a factor 2 of the floor
 * (then every component is held up by it).
 */
function degenerateEqual(mixture: Mixture, data: PreparedData): DegenerateComponent[] {
  const out: DegenerateComponent[] = [];
  const v = mixture.stdDevs[0]! ** 2;
  const floored = data.varianceFloor > 0 && v <= DEGENERATE_VARIANCE_FACTOR * data.varianceFloor;
  mixture.weights.forEach((w, h) => {
    const count = data.n * w;
    if (count < 1) {
      out.push(degenerateRecord(h, "few-points", count, "fewer than 1 effective point"));
    } else if (floored) {
      out.push(
        degenerateRecord(
          h,
          "variance-floor",
          count,
          `shared σ² = ${v.toExponential(2)} at the variance floor (${
            data.varianceFloor.toExponential(2)
          })`,
        ),
      );
    }
  });
  return out;
}

/** "E": a weight and mean per component, one shared variance (2k parameters). */
export const familyE: Family<PreparedData, Mixture> = {
  model: "E",
  logDensities,
  mStep: mStepEqual,
  parameterCount: (k) => 2 * k,
  degenerate: degenerateEqual,
  collapse,
  fused: fusedPath((data, mixture, runner) =>
    fusedStepEqualUnchecked(data.x, mixture, data.varianceFloor, runner)
  ),
};

/** The family of a name. */
export function familyOf(name: FamilyName): Family<PreparedData, Mixture> {
  return name === "E" ? familyE : familyV;
}
