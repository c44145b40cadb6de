// Check d-dimensional points and EM options once, at the public entry points
// (emMv, fitMv, emStepMv): the points become a PreparedPoints value (rows,
// one flat copy, N, d and the ridge) that the loop and the restarts trust.
import { checkInteger, checkNumber, checkOptions } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { checkPoints, type Points } from "./_validate.ts";
import { mvModelName, type PreparedPoints } from "./_families.ts";
import type { MvEmOptions, ResolvedMvEmOptions } from "./_types.ts";
import { flattenPoints } from "./fused.ts";
import { resolveRidge } from "./ridge.ts";
import { messages } from "../i18n.ts";

/**
 * Check points and EM options once: the options with defaults, and the
 * points prepared for the loop (as rows and flat, N, d and the ridge).
 */
export function preparePoints(
  data: unknown,
  options: MvEmOptions,
  keys: readonly string[],
  fn: string,
  parameter = "data",
): { prepared: PreparedPoints; resolved: ResolvedMvEmOptions } {
  const { n, d } = checkPoints(data, parameter);
  checkOptions(options, keys, fn);
  const points = data as Points;
  const first = points[0]!;
  if (points.every((row) => row.every((v, j) => v === first[j]))) {
    throw new ParameterRangeError(
      parameter,
      "at least two distinct points",
      `${points.length} copies of [${first.join(", ")}]`,
      messages().spreadHint,
    );
  }
  const { tol = 1e-3, maxIter = 1000 } = options;
  checkNumber(tol, "options.tol", 0, {
    hint: "Use a small positive tolerance such as 1e-3, or 0.",
  });
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  const ridge = Object.freeze(resolveRidge(options.ridge, points));
  const { workers = 0 } = options;
  if (options.workers !== undefined) {
    checkInteger(workers, "options.workers", 1, 64, "Use 1 for no workers, or up to the cores.");
  }
  const covariance = mvModelName(options.covariance ?? "full");
  if (covariance === undefined) {
    throw new ParameterRangeError(
      "options.covariance",
      '"full", "tied", "diag" or "spherical" (scikit-learn\'s names) or one of mclust\'s 14 models ' +
        '("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV")',
      describeValue(options.covariance),
      'Leave it out for "full", a covariance matrix per component.',
    );
  }
  return {
    prepared: { points, flat: flattenPoints(points), n, d, ridge },
    resolved: { tol, maxIter, ridge, workers, covariance },
  };
}
