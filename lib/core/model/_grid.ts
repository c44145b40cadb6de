// The grid options that densityGrid and decisionBoundaries share, checked
// in one place: from and to default to the span of every component ± 4σ.
import { checkInteger, checkNumber, checkOptions, optionKeys } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { type Mixture, validateMixture } from "./mixture.ts";

/** A range [from, to] and a number of evenly spaced points in it. */
export interface GridOptions {
  from?: number;
  to?: number;
  points?: number;
}

const GRID_OPTION_KEYS = optionKeys<GridOptions>({ from: 1, to: 1, points: 1 });

/**
 * Validate `mixture` and the grid options of `fn`; returns k and the grid,
 * with `points` defaulting to `defaultPoints`.
 */
export function checkGrid(
  mixture: Mixture,
  options: GridOptions,
  defaultPoints: number,
  fn: string,
): { k: number; from: number; to: number; points: number } {
  const k = validateMixture(mixture);
  checkOptions(options, GRID_OPTION_KEYS, fn);
  const { means, stdDevs } = mixture;
  const {
    from = Math.min(...means.map((m, h) => m - 4 * stdDevs[h]!)),
    to = Math.max(...means.map((m, h) => m + 4 * stdDevs[h]!)),
    points = defaultPoints,
  } = options;
  checkNumber(from, "options.from", -Infinity, { hint: "Give the grid finite ends." });
  checkNumber(to, "options.to", -Infinity, { hint: "Give the grid finite ends." });
  checkInteger(points, "options.points", 2, Infinity, "A grid needs at least two points.");
  if (!(to > from) || !Number.isFinite(to - from)) {
    throw new ParameterRangeError(
      "options.to",
      `a number > options.from (${from})`,
      describeValue(to),
      "Swap from and to, or leave them out to cover every component ± 4σ.",
    );
  }
  return { k, from, to, points };
}
