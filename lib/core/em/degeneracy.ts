/**
 * Degenerate components: a component held up only by the variance floor, or
 * one that has (almost) no points left. Such a fit is not a maximum of the
 * likelihood but an artefact of the floor — without the floor its
 * log-likelihood would be unbounded, and with it the log-likelihood is set by
 * the floor (on Old Faithful's eruptions, k = 4, a component on the six
 * durations recorded as exactly 4.8 min scores −239.7, −212.1 or −184.4 for a
 * floor σ of 1e-4, 1e-6 or 1e-8). `fit` never prefers such a run over a
 * proper one.
 *
 * @module
 */
import { messages } from "../i18n.ts";
import { checkInteger, checkNumber } from "../_validate.ts";
import { degenerateRecord as record } from "./_degeneracy.ts";
import { type Mixture, validateMixture } from "../model/mixture.ts";
import type { DegenerateComponent } from "../_types.ts";

export type { DegeneracyReason, DegenerateComponent } from "../_types.ts";

/**
 * A component counts as held up by the regulariser when its fitted variance
 * is within this factor of it: σ² ≤ 2 × varianceFloor in 1-D; in d
 * dimensions, some direction v with vᵀΣv ≤ 2 × vᵀ diag(ridge) v (the
 * component's own spread there is no larger than the ridge).
 */
export const DEGENERATE_VARIANCE_FACTOR = 2;

/**
 * The components of a fitted 1-D mixture that are degenerate: σ² within
 * {@linkcode DEGENERATE_VARIANCE_FACTOR} of the variance floor (a component on
 * one value), or fewer than 2 effective points (Nₕ = N · λₕ < 2).
 *
 * This is the 1-D counterpart of mclust reporting a singular fit (BIC `NA`,
 * "sigma-squared falls below threshold"); scikit-learn's `reg_covar` keeps
 * such a fit finite and ranks it like any other.
 *
 * @param mixture The fitted mixture.
 * @param n The number of observations it was fitted to.
 * @param varianceFloor The floor the fit used (0: no floor check).
 * @returns The degenerate components, in order; empty for a proper fit.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A component at the floor on tied values is degenerate
 * ```ts
 * import { degenerateComponents, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mixture([0.5, 0.48, 0.02], [0, 5, 4.8], [1, 1, 1e-3]);
 * const found = degenerateComponents(m, 300, 1e-6);
 * assertEquals(found.map((c) => [c.component, c.reason]), [[3, "variance-floor"]]);
 * ```
 */
export function degenerateComponents(
  mixture: Mixture,
  n: number,
  varianceFloor: number,
): DegenerateComponent[] {
  validateMixture(mixture);
  checkInteger(n, "n", 1, Infinity, "Pass the number of observations that were fitted.");
  checkNumber(varianceFloor, "varianceFloor", 0, {
    hint: "Pass the floor the fit used, e.g. defaultVarianceFloor(data).",
  });
  return degenerateComponentsUnchecked(mixture, n, varianceFloor);
}

/** {@linkcode degenerateComponents} without argument checks. */
export function degenerateComponentsUnchecked(
  mixture: Mixture,
  n: number,
  varianceFloor: number,
): DegenerateComponent[] {
  const out: DegenerateComponent[] = [];
  mixture.stdDevs.forEach((sd, h) => {
    const v = sd * sd;
    const count = n * mixture.weights[h]!;
    if (count < 2) {
      out.push(record(h, "few-points", count, messages().fewPoints(2)));
    } else if (varianceFloor > 0 && v <= DEGENERATE_VARIANCE_FACTOR * varianceFloor) {
      out.push(
        record(
          h,
          "variance-floor",
          count,
          messages().atFloor(v.toExponential(2), varianceFloor.toExponential(2)),
        ),
      );
    }
  });
  return out;
}
