/**
 * Where a fitted mixture changes its mind: the points at which the most
 * responsible component changes, and bootstrap samples to see how sure those
 * points are.
 *
 * @module
 */
import { checkGrid } from "./_grid.ts";
import { checkData, checkSeed } from "../_validate.ts";
import type { Mixture } from "./mixture.ts";
import { logNormalPdf } from "../math/normal.ts";
import { randomInt } from "d3-random";
import { seededSource } from "../random.ts";

/** One decision boundary of a 1-D mixture. */
export interface DecisionBoundary {
  /** Where the two components are equally responsible: λₗ N(x | μₗ, σₗ) = λᵣ N(x | μᵣ, σᵣ). */
  readonly x: number;
  /** Index (0-based, as in `mixture.means`) of the most responsible component left of `x`. */
  readonly left: number;
  /** Index (0-based) of the most responsible component right of `x`. */
  readonly right: number;
}

/** Options for {@linkcode decisionBoundaries}. */
export interface DecisionBoundaryOptions {
  /** Left end of the search. @default min over h of μₕ − 4σₕ */
  from?: number;
  /** Right end of the search. @default max over h of μₕ + 4σₕ */
  to?: number;
  /** Grid points scanned before each crossing is refined by bisection. @default 2000 */
  points?: number;
}

/**
 * The points in [from, to] where the most responsible component changes:
 * left of a boundary one component has the largest responsibility p̄(h | x),
 * right of it another. Each crossing found on a grid is refined by bisection
 * on log λₗ + log N(x | μₗ, σₗ) − log λᵣ − log N(x | μᵣ, σᵣ) to machine
 * precision.
 *
 * Two components with unequal σ cross twice: the wider one also wins far
 * out in the narrow one's tail. Pass `from`/`to` (the data's range) to keep
 * only the boundaries the data reach.
 *
 * @param mixture λ, μ, σ.
 * @param options Search range and grid size.
 * @returns The boundaries, left to right.
 * @throws {ParameterTypeError} When the mixture is not valid.
 * @throws {ParameterRangeError} When from ≥ to or points < 2, or an unknown option key.
 *
 * @example Two equal components cross halfway between their means
 * ```ts
 * import { decisionBoundaries, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const [b] = decisionBoundaries(mixture([0.5, 0.5], [0, 2], [1, 1]));
 * assertAlmostEquals(b!.x, 1, 1e-12);
 * assertEquals([b!.left, b!.right], [0, 1]);
 * ```
 */
export function decisionBoundaries(
  mixture: Mixture,
  options: DecisionBoundaryOptions = {},
): DecisionBoundary[] {
  const { k, from, to, points } = checkGrid(mixture, options, 2000, "decisionBoundaries");
  const { weights, means, stdDevs } = mixture;
  const score = (x: number, h: number) =>
    Math.log(weights[h]!) + logNormalPdf(x, means[h]!, stdDevs[h]!);
  const top = (x: number) => {
    let best = 0;
    for (let h = 1; h < k; h++) if (score(x, h) > score(x, best)) best = h;
    return best;
  };
  const out: DecisionBoundary[] = [];
  let x0 = from, h0 = top(from);
  for (let j = 1; j < points; j++) {
    const x1 = j === points - 1 ? to : from + ((to - from) * j) / (points - 1);
    const h1 = top(x1);
    if (h1 !== h0) {
      // Bisect on the two components' difference; a third component taking over inside
      // the cell is left to a finer grid.
      let a = x0, b = x1;
      const sign = score(a, h0) - score(a, h1) > 0;
      for (let it = 0; it < 200 && b - a > 0; it++) {
        const mid = a + (b - a) / 2;
        if (mid === a || mid === b) break;
        if ((score(mid, h0) - score(mid, h1) > 0) === sign) a = mid;
        else b = mid;
      }
      out.push({ x: a + (b - a) / 2, left: h0, right: h1 });
    }
    x0 = x1;
    h0 = h1;
  }
  return out;
}

/**
 * A bootstrap sample: n draws with replacement from the data, seeded. Fitting
 * the same model to many of them shows how much a fitted quantity (a mean, a
 * decision boundary) depends on the particular sample.
 *
 * @param data The observations.
 * @param seed Seed of the draws.
 * @returns A new Float64Array of the same length.
 * @throws {ParameterTypeError} When data is not an array of numbers or seed not a number.
 * @throws {ParameterRangeError} When data is empty or holds a non-finite value, or seed is not finite.
 *
 * @example Same size, values from the data
 * ```ts
 * import { bootstrapSample } from "@emlab/emlab";
 * import { assert, assertEquals } from "@std/assert";
 * const data = [1, 2, 3, 4, 5];
 * const b = bootstrapSample(data, 7);
 * assertEquals(b.length, 5);
 * assert(b.every((v) => data.includes(v)));
 * assertEquals(bootstrapSample(data, 7), b);
 * ```
 */
export function bootstrapSample(data: ArrayLike<number>, seed: number): Float64Array {
  checkData(data);
  checkSeed(seed);
  const n = data.length;
  const int = randomInt.source(seededSource(seed))(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = data[int()]!;
  return out;
}
