// What the 1-D families (./v.ts, ./e.ts) share: the prepared data, the weighted
// log-densities (one formula for both), the error of a collapse, and the fused
// path on the worker pool with the family's own M-step.
import type { FusedPath, PreparedBase, Snapshot } from "../_em_core.ts";
import { DegenerateFitError } from "../../errors.ts";
import type { EmSnapshot } from "../../_types.ts";
import type { Mixture } from "../../model/mixture.ts";
import { logNormalPdf } from "../../math/normal.ts";
import { openPool } from "../../fused/_workers.ts";
import { messages } from "../../i18n.ts";

/** 1-D data checked once: the values as a Float64Array, n, their variance and the floor. */
export interface PreparedData extends PreparedBase {
  /** The observations. */
  readonly x: Float64Array;
  /** Their (population) variance. */
  readonly variance: number;
  /** The variance floor in use. */
  readonly varianceFloor: number;
}

/** Each point's k weighted log-densities, log λₕ + log N(xᵢ | μₕ, σₕ), point-major. */
export function logDensities(data: PreparedData, mixture: Mixture): Float64Array {
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

/** The error of a component whose σ collapsed at `iteration`. */
export function collapse(
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

/** The point-major responsibilities as one row per point. */
export function rows(r: Float64Array, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(r.subarray(i * k, i * k + k)));
}

/** The fused path of the 1-D families: the pool is the same, the M-step theirs. */
export function fusedPath(
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
