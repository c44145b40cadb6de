/**
 * Gaussian mixtures in d dimensions with full covariance matrices: the same
 * E-step, M-step and EM loop as in 1-D, with vectors μₕ and matrices Σₕ.
 * Names end in `Mv` (multivariate) so they sit beside the 1-D API.
 *
 * @example Fit two clusters in the plane
 * ```ts
 * import { fitMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [6, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 200, { seed: 1 });
 * assertEquals(fitMv(x, 2, { seed: 1 }).d, 2);
 * ```
 *
 * @module
 */
export * from "./mixture.ts";
export * from "./normal.ts";
export * from "./ridge.ts";
export * from "./e_step.ts";
export * from "./m_step.ts";
export * from "./em.ts";
export * from "./fused.ts";
export * from "./init.ts";
export * from "./sample.ts";
export * from "./criteria.ts";
export * from "./fit.ts";
export * from "./degeneracy.ts";
export * from "./select_k.ts";
export * from "./predict.ts";
export * from "./ellipse.ts";
