/**
 * Degenerate components in d dimensions: a covariance held up only by the
 * ridge (in some direction the component has no spread of its own — it sits
 * on a point, a line, or tied values in one column), or too few effective
 * points to estimate a full covariance.
 *
 * @module
 */
import { messages } from "../i18n.ts";
import { checkInteger } from "../_validate.ts";
import { ParameterTypeError } from "../errors.ts";
import { degenerateRecord } from "../em/_degeneracy.ts";
import { DEGENERATE_VARIANCE_FACTOR, type DegenerateComponent } from "../em/degeneracy.ts";
import { cholesky } from "./_linalg.ts";
import { validateMvMixture } from "./mixture.ts";
import type { MvMixture } from "./mixture.ts";
import { resolveRidge } from "./ridge.ts";

/**
 * The components of a fitted full-covariance mixture that are degenerate:
 *
 * - `"ridge"`: Σₕ − 2·diag(ridge) is not positive definite, i.e. some
 *   direction v has vᵀΣₕv ≤ 2·vᵀ diag(ridge) v. The M-step returns
 *   Σₕ = Sₕ + diag(ridge), so in that direction the component's own scatter
 *   Sₕ is no larger than the ridge: without the ridge the covariance would be
 *   (nearly) singular and the likelihood unbounded (a component squeezed onto
 *   tied values of one column is the common case).
 * - `"few-points"`: Nₕ = N · λₕ < d + 1, fewer points than a full d × d
 *   covariance needs to be nonsingular.
 *
 * mclust reports such fits as singular (BIC `NA`); scikit-learn's
 * `reg_covar` keeps them finite and ranks them by likelihood like any other.
 *
 * @param mixture The fitted mixture.
 * @param n The number of points it was fitted to.
 * @param ridge The ridge the fit used: a number, or one value per dimension.
 * @returns The degenerate components, in order; empty for a proper fit.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A component with no spread in the second column is held up by the ridge
 * ```ts
 * import { degenerateComponentsMv, mvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mvMixture([0.9, 0.1], [[0, 0], [1, 83]], [
 *   [[1, 0.5], [0.5, 40]],
 *   [[0.2, 0], [0, 1e-4]],
 * ]);
 * const found = degenerateComponentsMv(m, 272, [1e-6, 1e-4]);
 * assertEquals(found.map((c) => [c.component, c.reason]), [[2, "ridge"]]);
 * ```
 */
export function degenerateComponentsMv(
  mixture: MvMixture,
  n: number,
  ridge: number | readonly number[],
): DegenerateComponent[] {
  const d = validateMvMixture(mixture).d;
  checkInteger(n, "n", 1, Infinity, "Pass the number of points that were fitted.");
  if (ridge === undefined) {
    throw new ParameterTypeError(
      "ridge",
      `a number ≥ 0 or an array of ${d} numbers ≥ 0`,
      "undefined",
      "Pass the ridge the fit used, e.g. fitMv(data, k).ridge.",
    );
  }
  const r = resolveRidge(ridge, [new Array<number>(d).fill(0)], "ridge");
  return degenerateComponentsMvUnchecked(mixture, n, r);
}

/** {@linkcode degenerateComponentsMv} without argument checks (ridge per dimension). */
export function degenerateComponentsMvUnchecked(
  mixture: MvMixture,
  n: number,
  ridge: readonly number[],
): DegenerateComponent[] {
  const out: DegenerateComponent[] = [];
  mixture.covariances.forEach((cov, h) => {
    const d = cov.length;
    const count = n * mixture.weights[h]!;
    const shifted = cov.map((row, a) =>
      row.map((v, b) => (a === b ? v - DEGENERATE_VARIANCE_FACTOR * ridge[a]! : v))
    );
    if (count < d + 1) {
      out.push(degenerateRecord(h, "few-points", count, messages().fewPoints(d + 1)));
    } else if (ridge.some((v) => v > 0) && cholesky(shifted) === null) {
      out.push(
        degenerateRecord(
          h,
          "ridge",
          count,
          messages().atRidge,
        ),
      );
    }
  });
  return out;
}
