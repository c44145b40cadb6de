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
 * The same library is split by concern into entry points, each its own subpath
 * of the package: `@emlab/emlab/core` (mixtures and EM, no chart code),
 * `/derive` (the derivation's checks), `/plot` (the charts), `/notebook` (the
 * Jupyter glue and players), `/export` (PNG and GIF), `/exercises` (the
 * exercises' checks). This module re-exports them all, for the notebooks.
 *
 * @module
 */
export * from "./core/mod.ts";
export * from "./derive/mod.ts";
export * from "./plot/mod.ts";
export * from "./notebook/mod.ts";
export * from "./export/mod.ts";
export * from "./exercises/mod.ts";
