// The fused EM iteration of the 1-D family "E" (one variance shared by every
// component): the pass is the one of "V" (lib/core/fused/_pass.ts), whose
// log-densities read each component's σ, here all equal; only the M-step
// differs: σ² = Σₕ Wₕ / N, the scatter Wₕ = Σᵢ rᵢₕ (xᵢ − μₕ)² pooled over the
// components, from the same sufficient statistics Nₕ, Σr(x − c), Σr(x − c)².
// As in lib/core/em/fused.ts, a second pass sums around the new means when a
// mean moves by more than a standard deviation.
import type { MStepOutcome } from "../em/_em_core.ts";
import { freezeMixture, type Mixture } from "../model/mixture.ts";
import { accumulate } from "./_pass.ts";
import type { PassRunner } from "./_parallel.ts";

/**
 * One fused iteration of "E": log L of `mixture` and the M-step of its
 * responsibilities (equal to the readable "E" M-step up to rounding).
 */
export function fusedStepEqualUnchecked(
  x: Float64Array,
  mixture: Mixture,
  varianceFloor: number,
  runner?: PassRunner,
): { logLikelihood: number; mStep: MStepOutcome<Mixture> } {
  const centres = Float64Array.from(mixture.means);
  const stats = accumulate(x, mixture, centres, runner);
  const { counts, sums, squares } = stats;
  const n = x.length, k = counts.length;
  const newMeans = new Float64Array(k), scatter = new Float64Array(k);
  let recentre = false;
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh / n > 0)) continue;
    const shift = sums[h]! / nh;
    newMeans[h] = centres[h]! + shift;
    scatter[h] = squares[h]! - sums[h]! * shift;
    // Σr(x − c)² = Wₕ + Nₕ shift²: when shift² > Wₕ/Nₕ the leading digits cancel.
    if (!(shift * shift * nh <= scatter[h]!)) recentre = true;
  }
  if (recentre) {
    const second = accumulate(x, mixture, newMeans, runner);
    for (let h = 0; h < k; h++) {
      const nh = counts[h]!;
      if (!(nh / n > 0)) continue;
      const se = second.sums[h]!;
      newMeans[h]! += se / nh;
      scatter[h] = second.squares[h]! - (se * se) / nh;
    }
  }
  const weights: number[] = [], means: number[] = [], emptyComponents: number[] = [];
  let pooled = 0;
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push(mixture.means[h]!);
      continue;
    }
    pooled += Math.max(0, scatter[h]!);
    weights.push(nh / n);
    means.push(newMeans[h]!);
  }
  let v = pooled / n;
  const flooredComponents: number[] = [];
  if (!(v >= varianceFloor)) {
    v = varianceFloor;
    for (let h = 0; h < k; h++) flooredComponents.push(h);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  const sd = Math.sqrt(v);
  return {
    logLikelihood: stats.logLikelihood,
    mStep: {
      mixture: freezeMixture({ weights, means, stdDevs: new Array<number>(k).fill(sd) }),
      flooredComponents,
      emptyComponents,
      collapsedComponents: sd > 0 && Number.isFinite(sd) ? [] : [0],
    },
  };
}
