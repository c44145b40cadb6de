/**
 * The charts, drawn with Observable Plot into a linkedom document: the
 * mixture frame (histogram, weighted components, density), the log-likelihood
 * trace, the ellipses of a 2-D mixture, responsibilities, filmstrips, the
 * criterion chart and the theory charts.
 *
 * @example
 * ```ts
 * import { logLikelihoodTrace } from "@emlab/emlab/plot";
 * import { assertStringIncludes } from "@std/assert";
 * const history = [-10, -5, -4.5].map((logLikelihood, iteration) => ({ iteration, logLikelihood }));
 * const svg = logLikelihoodTrace(history).outerHTML;
 * assertStringIncludes(svg, "<svg");
 * ```
 *
 * @module
 */
export * from "./plot_document.ts";
export * from "./plot_colors.ts";
export * from "./plot_mixture_frame.ts";
export * from "./plot_trace.ts";
export * from "./plot_criterion.ts";
export * from "./plot_responsibilities.ts";
export * from "./plot_filmstrip.ts";
export * from "./plot_ellipses.ts";
export * from "./plot_theory.ts";
