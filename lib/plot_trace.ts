/**
 * The log-likelihood trace of an EM run: one point per iteration, with the
 * iterations where |Δ log-likelihood| fell below the tolerance marked.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import {
  addBackground,
  checkSize,
  drawAxisLabel,
  drawLegend,
  drawTitle,
  FONT,
  formatNumber,
  type LegendEntry,
  legendLayout,
  overlay,
  resolveDocument,
} from "./_plot_overlay.ts";
import { checkNumber, checkOptions } from "./_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "./errors.ts";
import type { ChartDocument, ChartElement } from "./plot_document.ts";
import { componentColor } from "./plot_colors.ts";

/** One point of the trace; an {@linkcode EmSnapshot} fits as it is. */
export interface TracePoint {
  /** The iteration (0 = the start). */
  readonly iteration: number;
  /** The log-likelihood after it. */
  readonly logLikelihood: number;
  /** Change from the previous point; computed when missing. */
  readonly delta?: number | null;
}

/** Options for {@linkcode logLikelihoodTrace}. */
export interface LogLikelihoodTraceOptions {
  /** Mark the iterations where |Δ| < tol (use the tol of the run). @default 1e-3 */
  tol?: number;
  /** Title; `false` for none. @default "log-likelihood per iteration" */
  title?: string | false;
  /** Width in pixels. @default 640 */
  width?: number;
  /** Height in pixels. @default 320 */
  height?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

/** Default options of {@linkcode logLikelihoodTrace}. */
export const logLikelihoodTraceDefaults: Readonly<
  { tol: number; title: string; width: number; height: number; background: string }
> = Object.freeze({
  tol: 1e-3,
  title: "log-likelihood per iteration",
  width: 640,
  height: 320,
  background: "white",
});

/** Integer tick values first … last with a 1-2-5 step, at most ~10 ticks. */
function integerTicks(first: number, last: number): number[] {
  const span = Math.max(1, last - first);
  const raw = span / 10;
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const ticks: number[] = [];
  for (let t = Math.ceil(first / step) * step; t <= last; t += step) ticks.push(t);
  return ticks;
}

function formatTol(tol: number): string {
  if (tol === 0) return "0";
  const [m, e] = tol.toExponential().split("e");
  const exp = Number(e);
  if (exp >= -2 && exp <= 3) return String(tol);
  const mant = m === "1" ? "" : `${m}×`;
  return `${mant}1e${exp < 0 ? "−" : ""}${Math.abs(exp)}`;
}

/**
 * Plot log-likelihood against iteration for one EM run, and ring the
 * iterations where |Δ log-likelihood| < tol (where EM stops).
 *
 * @param history The snapshots of a run (`[...em(…)]` or `fit(…).history`).
 * @param options tol, title, size, document.
 * @returns An `<svg>` element.
 *
 * @example
 * ```ts
 * import { fit, logLikelihoodTrace, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });
 * const { history } = fit(x, 2, { seed: 42, tol: 1e-3 });
 * const chart = logLikelihoodTrace(history, { tol: 1e-3 });
 * assertStringIncludes(chart.outerHTML, "|Δ| &lt; tol");
 * ```
 */
export function logLikelihoodTrace(
  history: readonly TracePoint[],
  options: LogLikelihoodTraceOptions = {},
): ChartElement {
  if (!Array.isArray(history) || history.length === 0) {
    throw new ParameterTypeError(
      "history",
      "a non-empty array of snapshots ({ iteration, logLikelihood })",
      describeValue(history),
      "Pass [...em(x, start)] or fit(x, k).history.",
    );
  }
  checkOptions(options);
  const o = { ...logLikelihoodTraceDefaults, ...options };
  const document = resolveDocument(options.document);
  checkNumber(o.tol, "options.tol", 0, { hint: "Use the tol of the run, e.g. 1e-3." });
  checkSize(o.width, "options.width", 200);
  checkSize(o.height, "options.height", 150);
  const points = history.map((p, i) => {
    if (!Number.isFinite(p?.logLikelihood) || !Number.isInteger(p?.iteration)) {
      throw new ParameterRangeError(
        `history[${i}]`,
        "a snapshot with an integer iteration and a finite logLikelihood",
        describeValue(p),
        "Pass the snapshots of one EM run.",
      );
    }
    const previous = history[i - 1];
    const delta = p.delta ?? (previous ? p.logLikelihood - previous.logLikelihood : null);
    return { iteration: p.iteration, logLikelihood: p.logLikelihood, delta };
  });
  const below = points.filter((p) => p.delta !== null && Math.abs(p.delta) < o.tol);
  const first = points[0]!.iteration, last = points.at(-1)!.iteration;
  const title = o.title === false ? "" : o.title;

  const color = componentColor(0);
  const entries: LegendEntry[] = [
    { label: "log-likelihood", color, symbol: "line", strokeWidth: 2 },
    { label: `|Δ| < tol = ${formatTol(o.tol)}`, color: "#d62728", symbol: "ring" },
  ];
  const titleBase = title ? 22 : 0;
  const legendBase = titleBase + 22;
  const legendWidth = o.width - 24;
  const { rows } = legendLayout(entries, legendWidth);
  const marginTop = legendBase + (rows - 1) * 18 + 34;
  const lastPoint = points.at(-1)!;

  const svg = Plot.plot({
    document: document as never,
    width: o.width,
    height: o.height,
    marginTop,
    marginLeft: 64,
    marginRight: 24,
    marginBottom: 44,
    style: { fontSize: `${FONT.axis}px` },
    x: {
      domain: [first, Math.max(last, first + 1)],
      ticks: integerTicks(first, Math.max(last, first + 1)),
      tickFormat: "d",
      label: "iteration",
      labelAnchor: "center",
      labelOffset: 36,
      inset: 8,
    },
    y: { label: null, grid: true, nice: true, inset: 10 },
    marks: [
      Plot.line(points, { x: "iteration", y: "logLikelihood", stroke: color, strokeWidth: 2 }),
      Plot.dot(points, { x: "iteration", y: "logLikelihood", fill: color, r: 2.5 }),
      Plot.dot(below, {
        x: "iteration",
        y: "logLikelihood",
        stroke: "#d62728",
        strokeWidth: 2,
        r: 6,
      }),
      Plot.text([lastPoint], {
        x: "iteration",
        y: "logLikelihood",
        text: (p: { logLikelihood: number }) => formatNumber(p.logLikelihood, 2),
        textAnchor: "end",
        dx: -10,
        dy: 14,
        fontSize: FONT.axis,
      }),
      overlay((_d, doc) => {
        const g = doc.createElementNS("http://www.w3.org/2000/svg", "g");
        if (title) g.appendChild(drawTitle(doc, title, 12, titleBase));
        g.appendChild(drawLegend(doc, entries, 12, legendBase, legendWidth));
        g.appendChild(drawAxisLabel(doc, "↑ log-likelihood", 12, marginTop - 12));
        return g;
      }),
    ],
  }) as unknown as ChartElement;
  addBackground(svg, document, o.background);
  return svg;
}
