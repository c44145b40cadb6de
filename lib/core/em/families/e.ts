// mclust's "E" in 1-D: one variance shared by every component (scikit-learn's
// "tied" in 1-D).
import { degenerateRecord } from "../_degeneracy.ts";
import type { Family, MStepOutcome } from "../_em_core.ts";
import { DEGENERATE_VARIANCE_FACTOR } from "../degeneracy.ts";
import type { DegenerateComponent } from "../../_types.ts";
import { freezeMixture, type Mixture } from "../../model/mixture.ts";
import { fusedStepEqualUnchecked } from "../../fused/_equal.ts";
import { collapse, fusedPath, logDensities, type PreparedData } from "./_base.ts";

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
