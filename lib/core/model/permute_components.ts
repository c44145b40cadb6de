/**
 * Identifiability: a mixture's components can be numbered in k! ways, all
 * describing the same density, so the likelihood has k! equivalent maxima.
 * Which numbering EM lands on depends only on the start (label switching);
 * `matchComponents` undoes it.
 *
 * @module
 */
import { describeValue, ParameterRangeError, ParameterTypeError } from "../errors.ts";
import { MAX_MATCH_COMPONENTS } from "../fit/compare.ts";
import { freezeMixture, type Mixture, validateMixture } from "./mixture.ts";

/**
 * The same mixture with its components renumbered: component h of the result
 * is component order[h] of the input.
 *
 * @param mixture The mixture.
 * @param order A permutation of 0 … k−1.
 * @returns The renumbered mixture (the same density).
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example Swap two components
 * ```ts
 * import { mixture, permuteComponents } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const m = permuteComponents(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), [1, 0]);
 * assertEquals(m.means, [0.5, -0.3]);
 * ```
 */
export function permuteComponents(mixture: Mixture, order: readonly number[]): Mixture {
  const k = validateMixture(mixture);
  if (!Array.isArray(order)) {
    throw new ParameterTypeError(
      "order",
      `a permutation of 0 … ${k - 1}`,
      describeValue(order),
      "Pass an array such as [1, 0].",
    );
  }
  const seen = new Set<number>();
  for (const h of order) if (Number.isInteger(h) && h >= 0 && h < k) seen.add(h);
  if (order.length !== k || seen.size !== k) {
    throw new ParameterRangeError(
      "order",
      `a permutation of 0 … ${k - 1} (each index once)`,
      describeValue(order),
      "List every component index exactly once.",
    );
  }
  return freezeMixture({
    weights: order.map((h) => mixture.weights[h]!),
    means: order.map((h) => mixture.means[h]!),
    stdDevs: order.map((h) => mixture.stdDevs[h]!),
  });
}

/**
 * Every permutation of 0 … k−1 (k! of them), in a fixed order, the identity first.
 *
 * @param k Number of components, 1 ≤ k ≤ 8.
 * @returns The k! permutations.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example
 * ```ts
 * import { allPermutations } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(allPermutations(3).length, 6);
 * assertEquals(allPermutations(2), [[0, 1], [1, 0]]);
 * ```
 */
export function allPermutations(k: number): number[][] {
  if (typeof k !== "number") {
    throw new ParameterTypeError("k", "an integer in [1, 8]", describeValue(k));
  }
  if (!Number.isInteger(k) || k < 1 || k > MAX_MATCH_COMPONENTS) {
    throw new ParameterRangeError(
      "k",
      `an integer in [1, ${MAX_MATCH_COMPONENTS}]`,
      describeValue(k),
      "k! grows fast: beyond 8 components list permutations yourself.",
    );
  }
  const out: number[][] = [];
  const walk = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) out.push(prefix);
    for (let i = 0; i < rest.length; i++) {
      walk([...prefix, rest[i]!], [...rest.slice(0, i), ...rest.slice(i + 1)]);
    }
  };
  walk([], Array.from({ length: k }, (_, h) => h));
  return out;
}

/**
 * The k! relabellings of a mixture: k! points in parameter space with one
 * and the same likelihood.
 *
 * @param mixture The mixture (k ≤ 8).
 * @returns One mixture per permutation, the input first.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example All six numberings of a three-component fit have the same log-likelihood
 * ```ts
 * import { equivalentMixtures, logLikelihood, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const x = [-1, 0, 0.4, 2, 2.5, 5];
 * const copies = equivalentMixtures(mixture([0.2, 0.3, 0.5], [-1, 0.5, 3], [0.5, 1, 2]));
 * assertEquals(copies.length, 6);
 * const ll = logLikelihood(x, copies[0]!);
 * for (const m of copies) assertAlmostEquals(logLikelihood(x, m), ll, 1e-12);
 * ```
 */
export function equivalentMixtures(mixture: Mixture): Mixture[] {
  const k = validateMixture(mixture);
  return allPermutations(k).map((order) => permuteComponents(mixture, order));
}
