/**
 * The derivation's helpers: the numerical gradient that checks each update,
 * the Q function, the decomposition log L = 𝓛(q, θ) + KL(q ‖ p(Z | X, θ)) and
 * the convergence rate of EM from its Jacobian. No chart code.
 *
 * @example
 * ```ts
 * import { numericGradient } from "@emlab/emlab/derive";
 * import { assertAlmostEquals } from "@std/assert";
 * const [g] = numericGradient((v) => v[0]! ** 2, [3]);
 * assertAlmostEquals(g!, 6, 1e-6);
 * ```
 *
 * @module
 */
export * from "./numeric_gradient.ts";
export * from "./q_function.ts";
export {
  coordinateAscent,
  type CoordinateAscentOptions,
  type CoordinateAscentStep,
  type KlDecomposition,
  klDecomposition,
  randomDistributions,
  type RandomDistributionsOptions,
} from "./kl_decomposition.ts";
export * from "./convergence_rate.ts";
