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
export * from "./document.ts";
export * from "./colors.ts";
export {
  densityHistogram,
  type FrameDomain,
  frameDomain,
  type FrameDomainOptions,
  type FrameState,
  frameTitle,
  type HistogramBin,
  type HistogramOptions,
  mixtureFrame,
  type MixtureFrameOptions,
} from "./mixture_frame.ts";
export {
  logLikelihoodTrace,
  type LogLikelihoodTraceOptions,
  type TracePoint,
  type TraceView,
} from "./trace.ts";
export * from "./criterion.ts";
export * from "./models.ts";
export { responsibilityStrip, type ResponsibilityStripOptions } from "./responsibilities.ts";
export { filmstrip, type FilmstripOptions, spreadIndices } from "./filmstrip.ts";
export {
  type EllipseDomain,
  ellipseDomain,
  ellipseFrame,
  type EllipseFrameOptions,
  type EllipseFrameState,
} from "./ellipses.ts";
export {
  boundTrace,
  type BoundTraceOptions,
  kMeansFrame,
  type KMeansPanel,
  type RateSeries,
  rateTrace,
  type TheoryChartOptions,
} from "./theory.ts";
