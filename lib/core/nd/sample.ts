/**
 * Seeded sampling from a d-dimensional Gaussian mixture.
 *
 * @module
 */
import { randomNormal } from "d3-random";
import { categorical } from "../math/_categorical.ts";
import { checkInteger, checkOptions, optionKeys } from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { randomSeed, seededSource } from "../random.ts";
import { stratifiedCounts } from "../model/sample.ts";
import { cholesky } from "./_linalg.ts";
import { type MvMixture, validateMvMixture } from "./mixture.ts";

/** Options for {@linkcode sampleMvMixture}. */
export interface MvSampleOptions {
  /** Seed of the random source. @default a fresh random seed (returned in the result) */
  seed?: number;
  /**
   * How many points come from each component: `"stratified"` takes exactly
   * round(n·λₕ) from component h, in component order; `"random"` lets each
   * point pick its component with probability λₕ.
   * @default "stratified"
   */
  assignment?: "stratified" | "random";
}

/** Points drawn from a d-dimensional mixture, with their components. */
export interface MvSample {
  /** The points, as rows of length d. */
  readonly x: number[][];
  /** The index of the component that generated each point. */
  readonly labels: number[];
  /** The seed that was used. */
  readonly seed: number;
}

/**
 * Draw n points from a full-covariance mixture with a seeded source: a point
 * of component h is μₕ + Lₕ z with Σₕ = Lₕ Lₕᵀ and z a vector of independent
 * standard normals.
 *
 * @param mixture The mixture to sample from.
 * @param n Number of points (integer ≥ 1).
 * @param options Seed and assignment scheme.
 * @returns The points, their component labels and the seed.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Reproducible draws
 * ```ts
 * import { mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = mvMixture([0.3, 0.7], [[0, 0], [5, 5]], [[[1, 0.9], [0.9, 1]], [[2, 0], [0, 1]]]);
 * const a = sampleMvMixture(m, 100, { seed: 3 });
 * assertEquals(a.labels.filter((l) => l === 0).length, 30);
 * assertEquals(sampleMvMixture(m, 100, { seed: 3 }).x, a.x);
 * ```
 */
export function sampleMvMixture(
  mixture: MvMixture,
  n: number,
  options: MvSampleOptions = {},
): MvSample {
  const { k, d } = validateMvMixture(mixture);
  checkInteger(n, "n", 1, Infinity, "Ask for at least one point.");
  checkOptions(options, optionKeys<MvSampleOptions>({ seed: 1, assignment: 1 }), "sampleMvMixture");
  const { seed = randomSeed(), assignment = "stratified" } = options;
  if (assignment !== "stratified" && assignment !== "random") {
    throw new ParameterRangeError(
      "options.assignment",
      `"stratified" or "random"`,
      describeValue(assignment),
    );
  }
  const source = seededSource(seed);
  const normal = randomNormal.source(source)(0, 1);
  const factors = mixture.covariances.map((c) => cholesky(c)!);
  const draw = (h: number): number[] => {
    const z = Array.from({ length: d }, () => normal());
    const l = factors[h]!, mu = mixture.means[h]!;
    return mu.map((m, a) => {
      let s = m;
      for (let b = 0; b <= a; b++) s += l[a]![b]! * z[b]!;
      return s;
    });
  };
  const x: number[][] = [];
  const labels: number[] = [];
  if (assignment === "stratified") {
    const counts = stratifiedCounts(mixture.weights, n);
    for (let h = 0; h < k; h++) {
      for (let i = 0; i < counts[h]!; i++) {
        x.push(draw(h));
        labels.push(h);
      }
    }
  } else {
    const pick = categorical(mixture.weights, source);
    for (let i = 0; i < n; i++) {
      const h = pick();
      x.push(draw(h));
      labels.push(h);
    }
  }
  return { x, labels, seed };
}
