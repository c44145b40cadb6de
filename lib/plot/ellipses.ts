/**
 * One frame of the 2-D EM animation: the points coloured by their
 * responsibilities, each component's 1σ and 2σ ellipses (from the
 * eigen-decomposition of its covariance) and its mean, titled with the
 * iteration and the log-likelihood.
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import {
  CANVAS_KEYS,
  checkFrameDomain,
  checkSize,
  formatParameter,
  haloCrosses,
  type LegendEntry,
  paddedExtent,
  resolveChartOptions,
  resolveSnapshot,
  type StateKind,
  subscript,
} from "./_overlay.ts";
import { chartTitle, layoutChart } from "./_layout.ts";
import { checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError } from "../core/errors.ts";
import { checkPoints, type Points } from "../core/nd/_validate.ts";
import { eStepMvUnchecked } from "../core/nd/e_step.ts";
import { type FlatPoints, flattenPoints, sufficientStatisticsMvFlat } from "../core/nd/fused.ts";
import { passParameters } from "../core/nd/_fused_pass.ts";
import { ellipseOutline } from "../core/nd/ellipse.ts";
import { type MvMixture, validateMvMixture } from "../core/nd/mixture.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { blendComponentColors, componentColor, MIXTURE_COLOR } from "./colors.ts";
import { type FrameDomain, type FrameState, frameTitle } from "./mixture_frame.ts";

/**
 * What an ellipse frame draws: a 2-D mixture, and optionally the iteration
 * and log-likelihood for the title. An `MvEmSnapshot` fits as it is.
 */
export type EllipseFrameState = FrameState<MvMixture>;

/** Axis domains of an ellipse frame: x the first coordinate, y the second. */
export type EllipseDomain = FrameDomain;

/** Options for {@linkcode ellipseFrame}. */
export interface EllipseFrameOptions {
  /** Fixed axis domains (see {@linkcode ellipseDomain}). @default the points' range plus 8 % */
  domain?: Partial<EllipseDomain>;
  /** Title; `false` for none. @default "iteration 7 · log-likelihood = −1130.26" from the state */
  title?: string | false;
  /** Label of the horizontal axis. @default "x₁" */
  xLabel?: string;
  /** Label of the vertical axis. @default "x₂" */
  yLabel?: string;
  /** Mahalanobis radii of the drawn ellipses: solid for the first, dashed for the rest. @default [1, 2] */
  scales?: readonly number[];
  /** Show the legend (each component with its λ and μ). @default true */
  legend?: boolean;
  /** Dot radius in pixels. @default 3 */
  r?: number;
  /** Points on each ellipse outline. @default 96 */
  points?: number;
  /**
   * Most data points drawn. Above it every s-th point is drawn, s = ⌈N / maxDots⌉,
   * and the x label says so: overlapping dots add nothing to see, and a frame
   * of 10 000 points stays quick to draw and to show. The ellipses, the
   * title's log-likelihood and the default domain use every point.
   * @default 2000
   */
  maxDots?: number;
  /** Width in pixels. @default 640 */
  width?: number;
  /** Height in pixels. @default 480 */
  height?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

/** Default options of {@linkcode ellipseFrame}. */
export const ellipseFrameDefaults = Object.freeze({
  xLabel: "x₁",
  yLabel: "x₂",
  scales: Object.freeze([1, 2]) as readonly number[],
  legend: true,
  r: 3,
  points: 96,
  maxDots: 2000,
  width: 640,
  height: 480,
  background: "white",
});

/** Check 2-D points (rows [x, y]). */
export function checkPoints2(points: unknown, parameter: string): Points {
  checkTwoDimensions(checkPoints(points, parameter).d, parameter);
  return points as Points;
}

/** Check that checked points have 2 coordinates (an ellipse frame draws only those). */
export function checkTwoDimensions(d: number, parameter: string): void {
  if (d !== 2) {
    throw new ParameterRangeError(
      parameter,
      "points in 2 dimensions (rows [x, y])",
      `points with ${d} coordinates`,
      "Plot two columns at a time, e.g. data.map((p) => [p[0], p[2]]).",
    );
  }
}

/** A 2-D mixture, as {@linkcode resolveSnapshot} reads it: an MvMixture with d = 2. */
const MIXTURE_2D_STATE: StateKind = {
  name: "an MvMixture",
  hint: "Pass an element of emMv(…) or fitMv(…).history, or an mvMixture(…).",
  validate: (mixture, parameter) => {
    const { d } = validateMvMixture(mixture, parameter);
    if (d !== 2) {
      throw new ParameterRangeError(parameter, "a mixture in 2 dimensions", `d = ${d}`);
    }
  },
};

/** Read an EM snapshot or a bare 2-D mixture (checked). */
function resolveState(state: unknown, parameter: string): EllipseFrameState {
  return resolveSnapshot<MvMixture>(state, parameter, MIXTURE_2D_STATE);
}

/**
 * Axis domains for every frame of a run: the points' range on each axis,
 * plus padding. Ellipses that reach further are clipped at the frame, so the
 * axes stay still while EM moves them.
 *
 * @param points The points, as rows [x, y].
 * @param options Padding as a fraction of each range (default 0.08).
 * @returns `{ x: [min, max], y: [min, max] }`.
 *
 * @example
 * ```ts
 * import { ellipseDomain } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(ellipseDomain([[0, 10], [10, 30]], { padding: 0.1 }), { x: [-1, 11], y: [8, 32] });
 * ```
 */
export function ellipseDomain(
  points: Points,
  options: { padding?: number } = {},
): EllipseDomain {
  const p = checkPoints2(points, "points");
  checkOptions(options, optionKeys<{ padding?: number }>({ padding: 1 }), "ellipseDomain");
  const { padding = 0.08 } = options;
  if (typeof padding !== "number" || !(padding >= 0) || !Number.isFinite(padding)) {
    throw new ParameterRangeError(
      "options.padding",
      "a finite number ≥ 0",
      describeValue(padding),
      "Use e.g. 0.08 for 8 % of each range on each side.",
    );
  }
  return ellipseDomainUnchecked(p, padding);
}

/** {@linkcode ellipseDomain} of checked 2-D points: each coordinate's range plus `padding`. */
export function ellipseDomainUnchecked(p: Points, padding: number): EllipseDomain {
  return {
    x: paddedExtent(p.map((q) => q[0]!), padding),
    y: paddedExtent(p.map((q) => q[1]!), padding),
  };
}

/** Legend entries of an ellipse chart: one per component, then the ellipse key. */
function ellipseLegend(mixture: MvMixture, scales: readonly number[]): LegendEntry[] {
  const entries: LegendEntry[] = mixture.weights.map((w, h) => {
    const n = subscript(h + 1);
    const mu = mixture.means[h]!;
    return {
      label: `λ${n}=${formatParameter(w)}, μ${n}=(${formatParameter(mu[0]!)}, ${
        formatParameter(mu[1]!)
      })`,
      color: componentColor(h),
      symbol: "line",
      strokeWidth: 2,
      chars: 36,
    };
  });
  entries.push({
    label: messages().ellipsesLegend(scales),
    color: MIXTURE_COLOR,
    symbol: "line",
    strokeWidth: 1.5,
    newRow: true,
  });
  return entries;
}

/**
 * Draw 2-D points coloured by their responsibilities under a mixture (a point
 * owned 70/30 by components 1 and 2 is a 70/30 mix of their colours), each
 * component's ellipses at Mahalanobis radius 1 and 2 — the axes are the
 * eigenvectors of Σₕ, the semi-axes √λ₁, √λ₂ times the radius — and each
 * mean as a ×. Colours are the stable component colours of every chart.
 *
 * @param points The points, as rows [x, y].
 * @param state An EM snapshot (from `emMv` or `fitMv(…).history`) or an MvMixture.
 * @param options Domain, labels, ellipse scales, legend, size, document.
 * @returns An `<svg>` element.
 *
 * @example The fitted mixture over the points
 * ```ts
 * import { ellipseFrame, fitMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [4, 1]], [[[1, 0.6], [0.6, 1]], [[0.5, 0], [0, 2]]]);
 * const { x } = sampleMvMixture(truth, 300, { seed: 1 });
 * const result = fitMv(x, 2, { seed: 1 });
 * const chart = ellipseFrame(x, result.history.at(-1)!);
 * assertStringIncludes(chart.outerHTML, "log-likelihood = ");
 * assertEquals(chart.querySelectorAll("circle").length >= 300, true);
 * ```
 */
export function ellipseFrame(
  points: Points,
  state: EllipseFrameState | MvMixture,
  options: EllipseFrameOptions = {},
): ChartElement {
  const p = checkPoints2(points, "points");
  const s = resolveState(state, "state");
  checkTwoDimensions(s.mixture.means[0]!.length, "state");
  return ellipseDrawer(p, options)(s);
}

/**
 * Draw many ellipse frames of one set of points: the options are checked,
 * the points thinned and the axes fitted once; each call then draws one
 * state, which is trusted (an animation's own EM snapshots). `p` must have
 * been checked (2-D points).
 */
export function ellipseDrawer(
  p: Points,
  options: EllipseFrameOptions = {},
): (state: EllipseFrameState) => ChartElement {
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<EllipseFrameOptions>({
      domain: 1,
      title: 1,
      xLabel: 1,
      yLabel: 1,
      scales: 1,
      legend: 1,
      r: 1,
      points: 1,
      maxDots: 1,
      ...CANVAS_KEYS,
    }),
    ellipseFrameDefaults,
    "ellipseFrame",
  );
  checkSize(o.points, "options.points", 8);
  checkSize(o.maxDots, "options.maxDots", 1);
  if (typeof o.r !== "number" || !(o.r > 0) || !Number.isFinite(o.r)) {
    throw new ParameterRangeError("options.r", "a finite number > 0", describeValue(o.r));
  }
  if (
    !Array.isArray(o.scales) || o.scales.length === 0 ||
    !o.scales.every((v) => typeof v === "number" && v > 0 && Number.isFinite(v))
  ) {
    throw new ParameterRangeError(
      "options.scales",
      "a non-empty array of numbers > 0",
      describeValue(o.scales),
      "Use e.g. [1, 2] for the 1σ and 2σ ellipses.",
    );
  }
  checkFrameDomain(options.domain);

  // Draw every stride-th point when there are more than maxDots.
  const stride = Math.ceil(p.length / o.maxDots);
  const drawn = stride > 1 ? p.filter((_, i) => i % stride === 0) : p;
  const fallback = ellipseDomainUnchecked(p, 0.08);
  const xDomain = options.domain?.x ?? fallback.x;
  const yDomain = options.domain?.y ?? fallback.y;
  let flat: FlatPoints | undefined;
  return (s) => {
    const { mixture } = s;
    const k = mixture.weights.length;
    const { responsibilities, logLikelihood } = eStepMvUnchecked(drawn, mixture);
    const ll = s.logLikelihood ??
      (stride > 1
        ? sufficientStatisticsMvFlat(flat ??= flattenPoints(p), passParameters(mixture))
          .logLikelihood
        : logLikelihood);
    const title = chartTitle(o.title, frameTitle({ iteration: s.iteration, logLikelihood: ll }));

    const dots = drawn.map((q, i) => ({
      x: q[0]!,
      y: q[1]!,
      fill: blendComponentColors(responsibilities[i]!),
    }));
    const outlines = Array.from(
      { length: k },
      (_, h) =>
        o.scales.map((scale) =>
          ellipseOutline(mixture.means[h]!, mixture.covariances[h]!, scale, o.points)
            .map(([x, y]) => ({ x, y }))
        ),
    );
    const means = mixture.means.map((m, h) => ({ x: m[0]!, y: m[1]!, stroke: componentColor(h) }));

    return layoutChart({
      ...canvas,
      height: o.height,
      title,
      legend: o.legend ? ellipseLegend(mixture, o.scales) : [],
      yLabel: `↑ ${o.yLabel}`,
      x: {
        domain: xDomain as [number, number],
        label: stride > 1
          ? messages().thinned(o.xLabel, stride, p.length.toLocaleString("en-US"))
          : o.xLabel,
      },
      y: { domain: yDomain as [number, number], grid: true },
      marks: [
        Plot.frame({ stroke: "#ddd" }),
        Plot.dot(dots, { x: "x", y: "y", r: o.r, fill: "fill", fillOpacity: 0.8 }),
        ...outlines.flatMap((rings, h) =>
          rings.map((ring, j) =>
            Plot.line(ring, {
              x: "x",
              y: "y",
              stroke: componentColor(h),
              strokeWidth: j === 0 ? 2.5 : 1.5,
              strokeDasharray: j === 0 ? undefined : "6,4",
              clip: true,
            })
          )
        ),
        ...haloCrosses(means, { r: 7, stroke: "stroke", strokeWidth: 2.5, clip: true }, {
          stroke: "white",
          strokeWidth: 5,
        }),
      ],
    });
  };
}
