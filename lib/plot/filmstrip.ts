/**
 * A filmstrip: small multiples of selected iterations of one EM run (Plot
 * facets), on shared axes — a static summary of the animation, for slides
 * and print.
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import {
  checkSize,
  drawLabel,
  FONT,
  formatNumber,
  histogramBars,
  mixtureLegend,
  resolveChartOptions,
} from "./_overlay.ts";
import { chartTitle, LAYOUT, layoutChart } from "./_layout.ts";
import { checkData, checkNonEmptyArray, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError } from "../core/errors.ts";
import { normalPdf } from "../core/math/normal.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { componentColor, MIXTURE_COLOR } from "./colors.ts";
import {
  densityHistogram,
  type FrameDomain,
  frameDomain,
  type FrameState,
} from "./mixture_frame.ts";

/** Options for {@linkcode filmstrip}. */
export interface FilmstripOptions {
  /** Iteration numbers to show. @default `count` iterations evenly spread from first to last */
  iterations?: readonly number[];
  /** How many iterations to pick when `iterations` is not given. @default 6 */
  count?: number;
  /** Panels per row. @default 3 */
  columns?: number;
  /** Histogram bins. @default 20 */
  bins?: number;
  /** Shared axis domains. @default {@linkcode frameDomain} of the shown states */
  domain?: Partial<FrameDomain>;
  /** Title; `false` for none. @default "EM, iteration by iteration" */
  title?: string | false;
  /** Label of the x axis. @default "x" */
  xLabel?: string;
  /** Width in pixels. @default 720 */
  width?: number;
  /** Height of one row of panels in pixels. @default 170 */
  panelHeight?: number;
  /** Points per density curve. @default 160 */
  points?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

/** Default options of {@linkcode filmstrip}. */
export const filmstripDefaults: Readonly<
  {
    count: number;
    columns: number;
    bins: number;
    title: string;
    xLabel: string;
    width: number;
    panelHeight: number;
    points: number;
    background: string;
  }
> = Object.freeze({
  count: 6,
  columns: 3,
  bins: 20,
  title: "EM, iteration by iteration",
  xLabel: "x",
  width: 720,
  panelHeight: 170,
  points: 160,
  background: "white",
});

/**
 * Indices of `count` snapshots spread evenly over a run of length n,
 * always including the first and the last.
 *
 * @param n Length of the history.
 * @param count How many to pick.
 * @returns Increasing indices into the history.
 *
 * @example
 * ```ts
 * import { spreadIndices } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(spreadIndices(31, 4), [0, 10, 20, 30]);
 * assertEquals(spreadIndices(3, 6), [0, 1, 2]);
 * ```
 */
export function spreadIndices(n: number, count: number): number[] {
  checkSize(n, "n", 1);
  checkSize(count, "count", 1);
  if (count === 1) return [n - 1];
  const picked = new Set<number>();
  for (let j = 0; j < count; j++) picked.add(Math.round((j * (n - 1)) / (count - 1)));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Small multiples of an EM run: each panel is a mixture frame (histogram,
 * weighted components, mixture) of one iteration, labelled with the
 * iteration and its log-likelihood; panels share axes and colours.
 *
 * @param x The observations.
 * @param history The snapshots of the run (`[...em(…)]` or `fit(…).history`).
 * @param options Which iterations, layout, bins, domain, size, document.
 * @returns An `<svg>` element.
 *
 * @example Six evenly spread iterations
 * ```ts
 * import { filmstrip, fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });
 * const { history } = fit(x, 2, { seed: 42, init: "random" });
 * const chart = filmstrip(x, history);
 * assertStringIncludes(chart.outerHTML, "iteration 0");
 * ```
 *
 * @example Chosen iterations, two per row
 * ```ts
 * import { em, filmstrip, initRandom, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 1]), 300, { seed: 1 });
 * const history = [...em(x, initRandom(2, { seed: 1 }))];
 * const chart = filmstrip(x, history, { iterations: [0, 1, 2, 5], columns: 2 });
 * assertStringIncludes(chart.outerHTML, "iteration 5");
 * ```
 */
export function filmstrip(
  x: ArrayLike<number>,
  history: readonly FrameState[],
  options: FilmstripOptions = {},
): ChartElement {
  checkData(x, "x");
  checkNonEmptyArray(
    history,
    "history",
    "a non-empty array of EM snapshots",
    "Pass [...em(x, start)] or fit(x, k).history.",
  );
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<FilmstripOptions>({
      iterations: 1,
      count: 1,
      columns: 1,
      bins: 1,
      domain: 1,
      title: 1,
      xLabel: 1,
      width: 1,
      panelHeight: 1,
      points: 1,
      background: 1,
      document: 1,
    }),
    filmstripDefaults,
    "filmstrip",
  );
  const t = messages();
  checkSize(o.count, "options.count", 1);
  checkSize(o.columns, "options.columns", 1);
  checkSize(o.panelHeight, "options.panelHeight", 80);
  checkSize(o.points, "options.points", 2);

  let states: FrameState[];
  if (options.iterations !== undefined) {
    checkNonEmptyArray(
      options.iterations,
      "options.iterations",
      "a non-empty array of iteration numbers",
      "Use e.g. [0, 1, 5, 20], or omit it to pick evenly spread iterations.",
    );
    states = options.iterations.map((it) => {
      const s = history.find((h, i) => (h.iteration ?? i) === it);
      if (s === undefined) {
        throw new ParameterRangeError(
          "options.iterations",
          `iterations of this run (0 … ${history.at(-1)!.iteration ?? history.length - 1})`,
          describeValue(options.iterations),
          "Pick iterations the run reached.",
        );
      }
      return s;
    });
  } else {
    states = spreadIndices(history.length, o.count).map((i) => history[i]!);
  }

  const computed = frameDomain(x, states, { bins: o.bins });
  const xDomain = options.domain?.x ?? computed.x;
  const yDomain = options.domain?.y ?? computed.y;
  const bins = densityHistogram(x, { bins: o.bins });
  const columns = Math.min(o.columns, states.length);
  const rowsOfPanels = Math.ceil(states.length / columns);

  type Row = { fx: number; fy: number };
  const histogram: (Row & { x1: number; x2: number; density: number })[] = [];
  const lines: (Row & { x: number; y: number; curve: number })[] = [];
  const labels: (Row & { text: string })[] = [];
  states.forEach((s, p) => {
    const fx = p % columns, fy = Math.floor(p / columns);
    for (const b of bins) histogram.push({ fx, fy, x1: b.x1, x2: b.x2, density: b.density });
    const { weights, means, stdDevs } = s.mixture;
    for (let j = 0; j < o.points; j++) {
      const v = xDomain[0] + ((xDomain[1] - xDomain[0]) * j) / (o.points - 1);
      let total = 0;
      for (let h = 0; h < weights.length; h++) {
        const y = weights[h]! * normalPdf(v, means[h]!, stdDevs[h]!);
        total += y;
        lines.push({ fx, fy, x: v, y, curve: h });
      }
      lines.push({ fx, fy, x: v, y: total, curve: -1 });
    }
    const parts = [t.iteration(s.iteration ?? states.indexOf(s))];
    if (s.logLikelihood !== undefined) parts.push(t.ellIs(formatNumber(s.logLikelihood, 1)));
    labels.push({ fx, fy, text: parts.join(" · ") });
  });
  const k = states[0]!.mixture.weights.length;

  return layoutChart({
    ...canvas,
    height: (marginTop) => marginTop + LAYOUT.marginBottom + rowsOfPanels * o.panelHeight,
    title: chartTitle(options.title, t.filmstripTitle),
    legend: mixtureLegend(states[0]!.mixture, false).map((e) => ({ ...e, newRow: false })),
    facetLabels: true,
    // The y label runs down the left edge, beside the panels.
    extra: (doc, marginTop) => {
      const label = drawLabel(doc, "axis label", t.densityAlong, 0, 0);
      const middle = marginTop + (rowsOfPanels * o.panelHeight) / 2;
      label.setAttribute("transform", `translate(14,${middle}) rotate(-90)`);
      label.setAttribute("text-anchor", "middle");
      return label;
    },
    fx: { axis: null, padding: 0.08 },
    // Room above every panel for its label.
    fy: { axis: null, paddingInner: Math.min(0.4, 28 / o.panelHeight), paddingOuter: 0 },
    x: {
      domain: xDomain as [number, number],
      label: o.xLabel,
      ticks: 4,
    },
    y: { domain: yDomain as [number, number], ticks: 3, grid: true },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      histogramBars(histogram, { fx: "fx", fy: "fy", strokeWidth: 0.75 }),
      ...Array.from({ length: k }, (_, h) =>
        Plot.line(lines.filter((l) => l.curve === h), {
          fx: "fx",
          fy: "fy",
          x: "x",
          y: "y",
          stroke: componentColor(h),
          strokeWidth: 1.5,
          clip: true,
        })),
      Plot.line(lines.filter((l) => l.curve === -1), {
        fx: "fx",
        fy: "fy",
        x: "x",
        y: "y",
        stroke: MIXTURE_COLOR,
        strokeWidth: 2,
        clip: true,
      }),
      Plot.text(labels, {
        fx: "fx",
        fy: "fy",
        text: "text",
        frameAnchor: "top-left",
        lineAnchor: "bottom",
        textAnchor: "start",
        dy: -5,
        fontSize: FONT.facet,
        fontWeight: "bold",
        fill: "#222",
      }),
    ],
  });
}
