/**
 * Densities of a mixture and its weighted components, on a grid for plotting.
 *
 * @module
 */
import { checkGrid } from "./_grid.ts";
import { checkNumber } from "../_validate.ts";
import { type Mixture, validateMixture } from "./mixture.ts";
import { normalPdf } from "../math/normal.ts";

/**
 * The mixture density p(x) = Σₕ λₕ N(x | μₕ, σₕ).
 *
 * @param mixture λ, μ, σ.
 * @param x The point.
 * @returns p(x).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { mixture, mixturePdf } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(mixturePdf(mixture([1], [0], [1]), 0), 1 / Math.sqrt(2 * Math.PI), 1e-15);
 * ```
 */
export function mixturePdf(mixture: Mixture, x: number): number {
  validateMixture(mixture);
  checkNumber(x, "x", -Infinity, { hint: "Evaluate the density at a finite point." });
  let p = 0;
  for (let h = 0; h < mixture.weights.length; h++) {
    p += mixture.weights[h]! * normalPdf(x, mixture.means[h]!, mixture.stdDevs[h]!);
  }
  return p;
}

/** Options for {@linkcode densityGrid}. */
export interface DensityGridOptions {
  /** Left end of the grid. @default min over h of μₕ − 4σₕ */
  from?: number;
  /** Right end of the grid. @default max over h of μₕ + 4σₕ */
  to?: number;
  /** Number of grid points (≥ 2). @default 200 */
  points?: number;
}

/** Densities on an evenly spaced grid. */
export interface DensityGrid {
  /** The grid. */
  readonly x: number[];
  /** components[h][j] = λₕ N(x_j | μₕ, σₕ), the weighted component h. */
  readonly components: number[][];
  /** mixture[j] = Σₕ components[h][j]. */
  readonly mixture: number[];
}

/**
 * Each weighted component λₕ N(x | μₕ, σₕ) and the mixture density on an
 * evenly spaced grid — what the plots draw over the histogram.
 *
 * @param mixture λ, μ, σ.
 * @param options Grid range and size.
 * @returns The grid, the weighted components and their sum.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example The components add up to the mixture
 * ```ts
 * import { densityGrid, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const g = densityGrid(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), { from: -1, to: 1.5, points: 11 });
 * assertAlmostEquals(g.components[0]![3]! + g.components[1]![3]!, g.mixture[3]!, 1e-15);
 * ```
 */
export function densityGrid(mixture: Mixture, options: DensityGridOptions = {}): DensityGrid {
  const { k, from, to, points } = checkGrid(mixture, options, 200, "densityGrid");
  const { means, stdDevs, weights } = mixture;
  const x = Array.from({ length: points }, (_, j) => from + ((to - from) * j) / (points - 1));
  const components = Array.from(
    { length: k },
    (_, h) => x.map((xj) => weights[h]! * normalPdf(xj, means[h]!, stdDevs[h]!)),
  );
  const total = x.map((_, j) => components.reduce((s, c) => s + c[j]!, 0));
  return { x, components, mixture: total };
}
