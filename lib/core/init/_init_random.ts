/**
 * The random initialiser, kept apart from `init.ts` so that the start
 * machinery in `_init_starts.ts` can use it without an import cycle. It is
 * public through `init.ts`.
 *
 * @module
 */
// @ts-types="npm:@types/d3-random@3.0.4"
import { randomGamma, randomUniform } from "d3-random";
import { checkInteger, checkOptions, optionKeys } from "../_validate.ts";
import { freezeMixture, type Mixture } from "../model/mixture.ts";
import { randomSeed, seededSource } from "../random.ts";

/** The option keys of the seeded initialisers. */
export const SEED_KEYS = optionKeys<InitOptions>({ seed: 1 });

/** Options shared by the seeded initialisers. */
export interface InitOptions {
  /** Seed of the random source. @default a fresh random seed */
  seed?: number;
}

/**
 * The original write-up's random start, independent of the data:
 * λₕ = 1/k, μₕ ~ Uniform[−1, 1], σₕ = √v with v ~ InvGamma(shape 1, scale 1).
 *
 * @param k Number of components (integer ≥ 1).
 * @param options The seed.
 * @returns A mixture to start EM from.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { initRandom } from "@emlab/emlab";
 * import { assert, assertEquals } from "@std/assert";
 * const start = initRandom(2, { seed: 3 });
 * assertEquals(start.weights, [0.5, 0.5]);
 * assert(start.means.every((m) => m >= -1 && m <= 1));
 * assertEquals(initRandom(2, { seed: 3 }), start);
 * ```
 */
export function initRandom(k: number, options: InitOptions = {}): Mixture {
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  checkOptions(options, SEED_KEYS, "initRandom");
  const source = seededSource(options.seed ?? randomSeed());
  const uniform = randomUniform.source(source)(-1, 1);
  const gamma = randomGamma.source(source)(1, 1);
  const means: number[] = [];
  const stdDevs: number[] = [];
  for (let h = 0; h < k; h++) means.push(uniform());
  for (let h = 0; h < k; h++) {
    // 1/Gamma(1, 1) is InvGamma(1, 1); guard the (probability ~0) draw of 0.
    const g = Math.max(gamma(), Number.MIN_VALUE);
    stdDevs.push(Math.sqrt(1 / g));
  }
  return freezeMixture({ weights: new Array(k).fill(1 / k), means, stdDevs });
}
