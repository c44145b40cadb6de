/**
 * Seeded sampling of data from a 1-D Gaussian mixture.
 *
 * @module
 */
// @ts-types="npm:@types/d3-random@3.0.4"
import { randomInt, randomNormal } from "d3-random";
import { categorical } from "../math/_categorical.ts";
import { checkInteger, checkOptions, checkSeed, optionKeys } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { type Mixture, validateMixture } from "./mixture.ts";
import { randomSeed, seededSource } from "../random.ts";

/** Options for {@linkcode sampleMixture}. */
export interface SampleOptions {
  /** Seed of the random source. @default a fresh random seed (returned in the result) */
  seed?: number;
  /**
   * How many points come from each component.
   * - `"stratified"`: exactly round(n·λₕ) points from component h (largest
   *   remainders make the counts add up to n), concatenated in component
   *   order — the original write-up's way.
   * - `"random"`: each point picks its component with probability λₕ.
   * @default "stratified"
   */
  assignment?: "stratified" | "random";
}

/** Data drawn from a mixture, with the component each point came from. */
export interface Sample {
  /** The observations. */
  readonly x: number[];
  /** The index of the component that generated each observation. */
  readonly labels: number[];
  /** The seed that was used. */
  readonly seed: number;
}

/**
 * How many of n points each component gets under stratified sampling:
 * floor(n·λₕ), plus one for the largest remainders until the total is n.
 *
 * @param weights λ.
 * @param n Number of points.
 * @returns Counts that sum to n.
 *
 * @example
 * ```ts
 * import { stratifiedCounts } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(stratifiedCounts([0.35, 0.65], 1000), [350, 650]);
 * assertEquals(stratifiedCounts([1 / 3, 1 / 3, 1 / 3], 10), [4, 3, 3]);
 * ```
 */
export function stratifiedCounts(weights: readonly number[], n: number): number[] {
  const raw = weights.map((w) => w * n);
  const counts = raw.map(Math.floor);
  let missing = n - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, h) => [r - Math.floor(r), h] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; missing > 0; j = (j + 1) % order.length, missing--) {
    counts[order[j]![1]]! += 1;
  }
  return counts;
}

/**
 * Draw n points from a mixture with a seeded source.
 *
 * @param mixture The mixture to sample from.
 * @param n Number of points (integer ≥ 1).
 * @param options Seed and assignment scheme.
 * @returns The points, their component labels and the seed.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example The original case: 1000 points, 350 then 650
 * ```ts
 * import { mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * const { x, labels } = sampleMixture(truth, 1000, { seed: 1 });
 * assertEquals(x.length, 1000);
 * assertEquals(labels.filter((l) => l === 0).length, 350);
 * assertEquals(sampleMixture(truth, 1000, { seed: 1 }).x, x); // reproducible
 * ```
 */
export function sampleMixture(mixture: Mixture, n: number, options: SampleOptions = {}): Sample {
  const k = validateMixture(mixture);
  checkInteger(n, "n", 1, Infinity, "Ask for at least one point.");
  checkOptions(options, optionKeys<SampleOptions>({ seed: 1, assignment: 1 }), "sampleMixture");
  const { seed = randomSeed(), assignment = "stratified" } = options;
  checkSeed(seed, "options.seed");
  const source = seededSource(seed);
  const normal = randomNormal.source(source);
  const x: number[] = [];
  const labels: number[] = [];
  if (assignment === "stratified") {
    const counts = stratifiedCounts(mixture.weights, n);
    for (let h = 0; h < k; h++) {
      const draw = normal(mixture.means[h], mixture.stdDevs[h]);
      for (let i = 0; i < counts[h]!; i++) {
        x.push(draw());
        labels.push(h);
      }
    }
  } else if (assignment === "random") {
    const draws = mixture.means.map((m, h) => normal(m, mixture.stdDevs[h]));
    const pick = categorical(mixture.weights, source);
    for (let i = 0; i < n; i++) {
      const h = pick();
      x.push(draws[h]!());
      labels.push(h);
    }
  } else {
    throw new ParameterRangeError(
      "options.assignment",
      `"stratified" or "random"`,
      describeValue(assignment),
      'Leave it out for the default, "stratified".',
    );
  }
  return { x, labels, seed };
}

/**
 * Shuffle a copy of an array with a seeded source (Fisher–Yates).
 *
 * @param values The values to shuffle.
 * @param seed Seed of the random source.
 * @returns A shuffled copy.
 * @throws {ParameterTypeError} A seed that is not a number.
 * @throws {ParameterRangeError} A seed that is not finite.
 *
 * @example
 * ```ts
 * import { shuffled } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(shuffled([1, 2, 3, 4], 7).toSorted(), [1, 2, 3, 4]);
 * ```
 */
export function shuffled<T>(values: ArrayLike<T>, seed: number): T[] {
  const out = Array.from(values);
  const int = randomInt.source(seededSource(seed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(i + 1)();
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
