/**
 * One frame of the EM animation: the data as a density histogram, every
 * weighted component λₕ·N(x | μₕ, σₕ) as its own coloured curve, and the
 * mixture density on top, titled with the iteration and the log-likelihood.
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import {
  CANVAS_KEYS,
  checkFrameDomain,
  checkSize,
  extent,
  formatNumber,
  histogramBars,
  mixtureLegend,
  paddedExtent,
  resolveChartOptions,
  resolveSnapshot,
  type StateKind,
} from "./_overlay.ts";
import { chartTitle, layoutChart } from "./_layout.ts";
import { checkData, checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterTypeError } from "../core/errors.ts";
import { logLikelihood } from "../core/em/log_likelihood.ts";
import { type Mixture, validateMixture } from "../core/model/mixture.ts";
import { normalPdf } from "../core/math/normal.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { componentColor, MIXTURE_COLOR } from "./colors.ts";

/**
 * What a frame draws: a mixture, and optionally the iteration and
 * log-likelihood for the title. An {@linkcode EmSnapshot} fits as it is.
 */
export interface FrameState<M = Mixture> {
  /** The mixture to draw: λ, μ, σ (or λ, μ, Σ in an ellipse frame). */
  readonly mixture: M;
  /** The iteration, shown in the title when given. */
  readonly iteration?: number;
  /** The log-likelihood, shown in the title (computed from the data when missing). */
  readonly logLikelihood?: number;
}

/**
 * Axis domains of a frame; fix them across a run so the animation does not
 * jump. x is the horizontal axis (the data, or the first coordinate), y the
 * vertical one (the density, min normally 0; or the second coordinate).
 */
export interface FrameDomain {
  /** [min, max] of the horizontal axis. */
  readonly x: readonly [number, number];
  /** [min, max] of the vertical axis. */
  readonly y: readonly [number, number];
}

/** One bar of a density histogram. */
export interface HistogramBin {
  /** Left edge. */
  readonly x1: number;
  /** Right edge. */
  readonly x2: number;
  /** Number of observations in [x1, x2) ([x1, x2] for the last bin). */
  readonly count: number;
  /** count / (n · width): the bar areas sum to 1, like a density. */
  readonly density: number;
}

/** Options for {@linkcode densityHistogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins over the data's range. @default 20 */
  bins?: number;
}

/**
 * A density-normalised histogram with equal-width bins spanning the data
 * (the bar areas sum to 1, so it is comparable with a density curve).
 *
 * @param x The observations.
 * @param options Number of bins.
 * @returns The bins, left to right.
 *
 * @example
 * ```ts
 * import { densityHistogram } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const bins = densityHistogram([0, 1, 1, 2, 3, 4], { bins: 4 });
 * assertEquals(bins.map((b) => b.count), [1, 2, 1, 2]);
 * assertAlmostEquals(bins.reduce((s, b) => s + b.density * (b.x2 - b.x1), 0), 1, 1e-12);
 * ```
 */
export function densityHistogram(
  x: ArrayLike<number>,
  options: HistogramOptions = {},
): HistogramBin[] {
  checkData(x, "x");
  checkOptions(options, optionKeys<HistogramOptions>({ bins: 1 }), "densityHistogram");
  const { bins = 20 } = options;
  checkSize(bins, "options.bins", 1);
  return histogramUnchecked(x, bins);
}

function histogramUnchecked(x: ArrayLike<number>, bins: number): HistogramBin[] {
  let [lo, hi] = extent(x);
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < x.length; i++) {
    const b = Math.min(bins - 1, Math.floor((x[i]! - lo) / width));
    counts[b]!++;
  }
  return counts.map((count, b) => ({
    x1: lo + b * width,
    x2: b === bins - 1 ? hi : lo + (b + 1) * width,
    count,
    density: count / (x.length * width),
  }));
}

/** Round up to a "nice" number with two significant digits (0.0437 → 0.044). */
function niceCeil(v: number): number {
  if (!(v > 0)) return 1;
  const step = 10 ** (Math.floor(Math.log10(v)) - 1);
  return Math.ceil(v / step - 1e-9) * step;
}

/** A curve grid: evenly spaced, plus extra points around each mean so narrow peaks stay sharp. */
function curveGrid(
  mixture: Mixture,
  [lo, hi]: readonly [number, number],
  points: number,
): number[] {
  const xs: number[] = [];
  for (let j = 0; j < points; j++) xs.push(lo + ((hi - lo) * j) / (points - 1));
  for (let h = 0; h < mixture.means.length; h++) {
    const mu = mixture.means[h]!, sd = mixture.stdDevs[h]!;
    if (4 * sd * points > 2 * (hi - lo)) continue; // the even grid already resolves it
    for (let j = -40; j <= 40; j++) {
      const v = mu + (j / 10) * sd;
      if (v > lo && v < hi) xs.push(v);
    }
  }
  return xs.sort((a, b) => a - b);
}

interface Curves {
  grid: number[];
  components: number[][];
  mixture: number[];
}

function curves(mixture: Mixture, domain: readonly [number, number], points: number): Curves {
  const grid = curveGrid(mixture, domain, points);
  const k = mixture.weights.length;
  const components = Array.from(
    { length: k },
    (_, h) =>
      grid.map((v) => mixture.weights[h]! * normalPdf(v, mixture.means[h]!, mixture.stdDevs[h]!)),
  );
  const total = grid.map((_, j) => components.reduce((s, c) => s + c[j]!, 0));
  return { grid, components, mixture: total };
}

/** A 1-D mixture, as {@linkcode resolveSnapshot} reads it. */
const MIXTURE_STATE: StateKind = {
  name: "a mixture",
  hint: "Pass an element of em(…) or fit(…).history, or a mixture(…).",
  validate: validateMixture,
};

/** Read an EM snapshot or a bare mixture (checked). */
function resolveState(state: unknown, parameter: string): FrameState {
  return resolveSnapshot<Mixture>(state, parameter, MIXTURE_STATE);
}

/** Options for {@linkcode frameDomain}. */
export interface FrameDomainOptions {
  /** Histogram bins (the histogram's top counts towards the y domain). @default 20 */
  bins?: number;
  /** Extra room on both sides of the data, as a fraction of its range. @default 0.05 */
  padding?: number;
}

/**
 * Axis domains that hold every frame of a run: x spans the data (plus
 * padding), y reaches the highest histogram bar or density curve over all
 * states. Pass the result as `domain` to every {@linkcode mixtureFrame}.
 *
 * @param x The observations.
 * @param states The snapshots of the run (or any mixtures).
 * @param options Bins and padding.
 * @returns `{ x: [min, max], y: [0, top] }`.
 *
 * @example Fix the axes across a run
 * ```ts
 * import { em, frameDomain, initRandom, mixture, mixtureFrame, sampleMixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 500, { seed: 1 });
 * const history = [...em(x, initRandom(2, { seed: 3 }))];
 * const domain = frameDomain(x, history);
 * const frames = history.map((s) => mixtureFrame(x, s, { domain }));
 * assert(frames.length === history.length && domain.y[1] > 0);
 * ```
 */
export function frameDomain(
  x: ArrayLike<number>,
  states: Iterable<FrameState | Mixture>,
  options: FrameDomainOptions = {},
): FrameDomain {
  checkData(x, "x");
  checkOptions(options, optionKeys<FrameDomainOptions>({ bins: 1, padding: 1 }), "frameDomain");
  const { bins = 20, padding = 0.05 } = options;
  checkSize(bins, "options.bins", 1);
  if (typeof padding !== "number" || !(padding >= 0) || !Number.isFinite(padding)) {
    throw new ParameterTypeError(
      "options.padding",
      "a finite number ≥ 0",
      describeValue(padding),
      "Use e.g. 0.05 for 5 % of the data range on each side.",
    );
  }
  const mixtures: Mixture[] = [];
  let i = 0;
  for (const s of states) mixtures.push(resolveState(s, `states[${i++}]`).mixture);
  return frameDomainUnchecked(x, mixtures, bins, padding);
}

/**
 * {@linkcode frameDomain} for data and mixtures already checked (an
 * animation's own run): the data's range plus `padding`, and the highest
 * histogram bar or mixture density.
 */
export function frameDomainUnchecked(
  x: ArrayLike<number>,
  mixtures: Iterable<Mixture>,
  bins = 20,
  padding = 0.05,
): FrameDomain {
  const xDomain = paddedExtent(x, padding);
  let top = Math.max(...histogramUnchecked(x, bins).map((b) => b.density));
  for (const mixture of mixtures) {
    const c = curves(mixture, xDomain, 120);
    for (const v of c.mixture) if (v > top) top = v;
  }
  return { x: xDomain, y: [0, niceCeil(top * 1.05)] };
}

/** Options for {@linkcode mixtureFrame}. */
export interface MixtureFrameOptions {
  /** Fixed axis domains (see {@linkcode frameDomain}); each side defaults to fit this frame. */
  domain?: Partial<FrameDomain>;
  /** Number of histogram bins over the data's range. @default 20 */
  bins?: number;
  /** Title; `false` for none. @default "iteration 7 · log-likelihood = −512.34" from the state */
  title?: string | false;
  /** Label of the x axis. @default "x" */
  xLabel?: string;
  /** Show the legend (data, mixture, each component with its λ, μ, σ). @default true */
  legend?: boolean;
  /** Show λ, μ, σ of each component in the legend. @default true */
  legendParameters?: boolean;
  /** Width in pixels. @default 640 */
  width?: number;
  /** Height in pixels. @default 400 */
  height?: number;
  /** Points per density curve (more are added around narrow components). @default 240 */
  points?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document ({@linkcode chartDocument}) */
  document?: ChartDocument;
}

/** Default options of {@linkcode mixtureFrame}. */
export const mixtureFrameDefaults: Readonly<
  {
    bins: number;
    xLabel: string;
    legend: boolean;
    legendParameters: boolean;
    width: number;
    height: number;
    points: number;
    background: string;
  }
> = Object.freeze({
  bins: 20,
  xLabel: "x",
  legend: true,
  legendParameters: true,
  width: 640,
  height: 400,
  points: 240,
  background: "white",
});

/**
 * The title of a frame: "iteration 7 · log-likelihood = −512.34" (either
 * part is left out when missing).
 *
 * @param state The iteration and log-likelihood.
 * @returns The title text.
 *
 * @example
 * ```ts
 * import { frameTitle } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(frameTitle({ iteration: 7, logLikelihood: -512.3449 }), "iteration 7 · log-likelihood = −512.34");
 * ```
 */
export function frameTitle(state: { iteration?: number; logLikelihood?: number }): string {
  const parts: string[] = [];
  const t = messages();
  if (state.iteration !== undefined) parts.push(t.iteration(state.iteration));
  if (state.logLikelihood !== undefined) {
    parts.push(t.logLikelihoodIs(formatNumber(state.logLikelihood, 2)));
  }
  return parts.join(" · ");
}

/**
 * Draw one EM frame: the data as a density histogram (outline bars), each
 * weighted component λₕ·N(x | μₕ, σₕ) in its own stable colour, the mixture
 * density as a thick dark curve on top, a legend, and the title
 * "iteration 7 · log-likelihood = −512.34".
 *
 * In a notebook cell the returned SVG element displays as a picture.
 *
 * @param x The observations.
 * @param state An {@linkcode EmSnapshot} (or any `{ mixture, iteration?, logLikelihood? }`), or a bare mixture.
 * @param options Domains, bins, title, labels, size, document.
 * @returns An `<svg>` element.
 *
 * @example Draw the fitted mixture over the data
 * ```ts
 * import { fit, mixture, mixtureFrame, sampleMixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });
 * const result = fit(x, 2, { seed: 42 });
 * const chart = mixtureFrame(x, result.history.at(-1)!);
 * assertStringIncludes(chart.outerHTML, "log-likelihood = ");
 * ```
 *
 * @example Keep the axes still across an animation
 * ```ts
 * import { em, frameDomain, initRandom, mixture, mixtureFrame, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 1]), 300, { seed: 2 });
 * const history = [...em(x, initRandom(2, { seed: 2 }))];
 * const domain = frameDomain(x, history);
 * const first = mixtureFrame(x, history[0]!, { domain, xLabel: "waiting time (min)" });
 * assertEquals(first.getAttribute("width"), "640");
 * ```
 */
export function mixtureFrame(
  x: ArrayLike<number>,
  state: FrameState | Mixture,
  options: MixtureFrameOptions = {},
): ChartElement {
  checkData(x, "x");
  const s = resolveState(state, "state");
  return frameDrawer(x, options)(s);
}

/**
 * Draw many frames of one data set: the options are checked and the
 * histogram binned once; each call then draws one state, which is trusted
 * (an animation's own EM snapshots), with the options' title or the one
 * given. `x` must have been checked.
 */
export function frameDrawer(
  x: ArrayLike<number>,
  options: MixtureFrameOptions = {},
): (state: FrameState, title?: string) => ChartElement {
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<MixtureFrameOptions>({
      domain: 1,
      bins: 1,
      title: 1,
      xLabel: 1,
      legend: 1,
      legendParameters: 1,
      points: 1,
      ...CANVAS_KEYS,
    }),
    mixtureFrameDefaults,
    "mixtureFrame",
  );
  checkSize(o.bins, "options.bins", 1);
  checkSize(o.points, "options.points", 2);
  checkFrameDomain(options.domain);

  const bins = histogramUnchecked(x, o.bins);
  const xDomain = options.domain?.x ?? paddedExtent(x, 0.05);
  const barTop = Math.max(...bins.map((b) => b.density));
  return (s, ownTitle) => {
    const { mixture } = s;
    const c = curves(mixture, xDomain, o.points);
    const yDomain = options.domain?.y ??
      [0, niceCeil(Math.max(barTop, ...c.mixture) * 1.05)];
    const ll = s.logLikelihood ?? logLikelihood(x, mixture);
    const title = chartTitle(
      ownTitle ?? o.title,
      frameTitle({ iteration: s.iteration, logLikelihood: ll }),
    );

    const points = (ys: number[]) => c.grid.map((v, j) => ({ x: v, y: ys[j]! }));
    return layoutChart({
      ...canvas,
      height: o.height,
      title,
      legend: o.legend ? mixtureLegend(mixture, o.legendParameters) : [],
      yLabel: messages().densityUp,
      x: { domain: xDomain as [number, number], label: o.xLabel },
      y: { domain: yDomain as [number, number], grid: true },
      marks: [
        histogramBars(bins, { strokeWidth: 1 }),
        Plot.ruleY([0], { stroke: "#444" }),
        ...c.components.map((ys, h) =>
          Plot.line(points(ys), {
            x: "x",
            y: "y",
            stroke: componentColor(h),
            strokeWidth: 2,
            clip: true,
          })
        ),
        Plot.line(points(c.mixture), {
          x: "x",
          y: "y",
          stroke: MIXTURE_COLOR,
          strokeWidth: 3,
          clip: true,
        }),
      ],
    });
  };
}
