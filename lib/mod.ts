/**
 * emlab — the EM algorithm for 1-D Gaussian mixtures, written to be read.
 *
 * Each step mirrors its formula: {@linkcode eStep} computes the
 * responsibilities p̄(h | xᵢ) in log space, {@linkcode mStep} applies the
 * closed-form updates of λ, μ, σ, and {@linkcode em} yields the state after
 * every iteration so a notebook can draw each one. {@linkcode fit} adds seeded
 * restarts.
 *
 * @example Fit the original write-up's mixture
 * ```ts
 * import { fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * const { x } = sampleMixture(truth, 1000, { seed: 42 });
 * const result = fit(x, 2, { init: "random", nInit: 5, seed: 42 });
 * assert(result.history.length > 1);
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./i18n.ts";
export * from "./mixture.ts";
export * from "./random.ts";
export * from "./sample.ts";
export * from "./init.ts";
export * from "./normal.ts";
export * from "./log_sum_exp.ts";
export * from "./variance_floor.ts";
export * from "./e_step.ts";
export * from "./m_step.ts";
export * from "./fused.ts";
export * from "./log_likelihood.ts";
export * from "./em.ts";
export * from "./fit.ts";
export * from "./degeneracy.ts";
export * from "./select_k.ts";
export * from "./maxima.ts";
export * from "./density.ts";
export * from "./criteria.ts";
export * from "./predict.ts";
export * from "./numeric_gradient.ts";
export * from "./q_function.ts";
export * from "./compare.ts";
export * from "./boundary.ts";
export * from "./csv.ts";
export * from "./em_stepper.ts";
export * from "./nd/mod.ts";
export * from "./plot_document.ts";
export * from "./plot_colors.ts";
export * from "./plot_mixture_frame.ts";
export * from "./plot_trace.ts";
export * from "./plot_criterion.ts";
export * from "./plot_responsibilities.ts";
export * from "./plot_filmstrip.ts";
export * from "./jupyter.ts";
export * from "./table.ts";
export type { FlushOptions } from "./_iopub.ts";
export * from "./plot_ellipses.ts";
export * from "./animate_ellipses.ts";
export * from "./export/raster.ts";
export * from "./export/gif.ts";
export * from "./export/animation.ts";
export * from "./kl_decomposition.ts";
export * from "./kmeans.ts";
export * from "./convergence_rate.ts";
export * from "./exercises/mod.ts";
export * from "./map_prior.ts";
export * from "./permute_components.ts";
export * from "./plot_theory.ts";
