// Check 1-D data and EM options once, at the public entry points (em, fit,
// emStep, selectK): the data become a PreparedData value (a Float64Array,
// N, the variance and the floor) that the loop and the restarts trust.
import { checkData, checkInteger, checkNumber, checkOneOf, checkOptions } from "../_validate.ts";
import { distinctCount, variance } from "../math/_stats.ts";
import { FAMILIES, type PreparedData } from "./_families.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import type { EmOptions, ResolvedEmOptions } from "../_types.ts";
import { toFloat64Array } from "./fused.ts";
import { RELATIVE_VARIANCE_FLOOR } from "./variance_floor.ts";
import { messages } from "../i18n.ts";

/**
 * Check data and EM options once: the options with defaults, and the data
 * prepared for the loop (a Float64Array, N and the variance floor).
 * `parameter` names the data in errors (the caller's argument name).
 */
export function prepareData(
  data: unknown,
  options: EmOptions,
  keys: readonly string[],
  fn: string,
  parameter = "data",
): { prepared: PreparedData; resolved: ResolvedEmOptions } {
  checkData(data, parameter);
  checkOptions(options, keys, fn);
  const spread = variance(data);
  if (!(spread > 0) && distinctCount(data) < 2) {
    throw new ParameterRangeError(
      parameter,
      messages().twoDistinct,
      messages().copiesOf(data.length, describeValue(data[0])),
      messages().spreadHint,
    );
  }
  if (!(spread > 0) || !Number.isFinite(spread)) {
    throw new ParameterRangeError(
      parameter,
      "values whose variance is a positive finite double",
      `values with variance ${describeValue(spread)}`,
      "Rescale the data (subtract its mean, divide by its spread) and fit again.",
    );
  }
  const {
    tol = 1e-3,
    maxIter = 1000,
    varianceFloor = RELATIVE_VARIANCE_FLOOR * spread,
    family = "V",
  } = options;
  checkNumber(tol, "options.tol", 0, {
    hint: "Use a small positive tolerance such as 1e-3, or 0.",
  });
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  checkNumber(varianceFloor, "options.varianceFloor", 0, {
    hint: "Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  });
  const { workers = 0 } = options;
  if (options.workers !== undefined) {
    checkInteger(workers, "options.workers", 1, 64, "Use 1 for no workers, or up to the cores.");
  }
  checkOneOf(
    family,
    FAMILIES,
    "options.family",
    'Use "V" for a variance per component (the default) or "E" for one shared variance.',
  );
  const x = toFloat64Array(data);
  return {
    prepared: { x, n: x.length, d: 1, variance: spread, varianceFloor },
    resolved: { tol, maxIter, varianceFloor, workers, family },
  };
}
