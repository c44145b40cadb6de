/**
 * The log-likelihood trace of an EM run: one point per iteration, with the
 * first iteration where |Δ log-likelihood| fell below the tolerance (where EM
 * stops) marked. A second view, `"gap"`, draws the distance to the final
 * log-likelihood on a log scale, so the slow climb after the first big jumps
 * stays visible.
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import {
  CANVAS_KEYS,
  FONT,
  formatNumber,
  type LegendEntry,
  resolveChartOptions,
} from "./_overlay.ts";
import { chartTitle, LAYOUT, layoutChart } from "./_layout.ts";
import { checkNonEmptyArray, checkNumber, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError } from "../core/errors.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { componentColor } from "./colors.ts";

/** One point of the trace; an {@linkcode EmSnapshot} fits as it is. */
export interface TracePoint {
  /** The iteration (0 = the start). */
  readonly iteration: number;
  /** The log-likelihood after it. */
  readonly logLikelihood: number;
  /** Change from the previous point; computed when missing. */
  readonly delta?: number | null;
}

/**
 * What the trace's y axis shows: `"value"` the log-likelihood itself,
 * `"gap"` the distance ℓ_final − ℓ_t to the run's final log-likelihood on a
 * log scale (the last iteration, where the gap is 0, is left out).
 */
export type TraceView = "value" | "gap";

/** Options for {@linkcode logLikelihoodTrace}. */
export interface LogLikelihoodTraceOptions {
  /**
   * Mark the first iteration where |Δ| < tol — where EM with this tol stops
   * (use the tol of the run). Iterations after it are drawn lighter.
   * @default 1e-3
   */
  tol?: number;
  /** `"value"`: log-likelihood; `"gap"`: distance to the final log-likelihood, log scale. @default "value" */
  view?: TraceView;
  /**
   * For view `"gap"`: the log-likelihood the gap is measured to. A run stopped
   * by its tol has not reached the maximum; pass the log-likelihood of a run
   * with a much smaller tol to see how far from it the stop was.
   * @default the last snapshot's log-likelihood
   */
  final?: number;
  /**
   * Title; `false` for none.
   * @default "log-likelihood per iteration" ("gap to the final log-likelihood per iteration" for view "gap")
   */
  title?: string | false;
  /**
   * Mark this iteration with a vertical line and a filled ring, and name it
   * in the legend: the frame a player is showing. @default none
   */
  current?: number;
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
  { tol: number; view: TraceView; title: string; width: number; height: number; background: string }
> = Object.freeze({
  tol: 1e-3,
  view: "value",
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

const STOP_COLOR = "#d62728";
/** The iteration a player shows. */
const NOW_COLOR = "#222222";
/** The line colour, lighter: iterations a run with this tol would not have made. */
const PAST_COLOR = "#a7bcd3";

/**
 * Plot log-likelihood against iteration for one EM run, and mark the first
 * iteration where |Δ log-likelihood| < tol: where EM with that tolerance
 * stops. Iterations after it (a run with a smaller tol) are drawn lighter, so
 * the mark stays one ring however long the run goes on.
 *
 * With `view: "gap"` the y axis is the distance to the run's final
 * log-likelihood, ℓ_final − ℓ_t, on a log scale: the first big jumps no
 * longer squash the slow climb into a flat line, and a linear rate of
 * convergence shows as a straight line.
 *
 * @param history The snapshots of a run (`[...em(…)]` or `fit(…).history`).
 * @param options tol, view, title, size, document.
 * @returns An `<svg>` element.
 * @throws {ParameterTypeError} When `history` is not a non-empty array.
 * @throws {ParameterRangeError} When a snapshot has no finite log-likelihood, or an option is
 * out of range.
 *
 * @example The log-likelihood, and the gap to its final value
 * ```ts
 * import { fit, logLikelihoodTrace, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });
 * const { history } = fit(x, 2, { seed: 42, tol: 1e-3 });
 * const chart = logLikelihoodTrace(history, { tol: 1e-3 });
 * assertStringIncludes(chart.outerHTML, "EM stops here");
 * const gap = logLikelihoodTrace(history, { view: "gap" });
 * assertStringIncludes(gap.outerHTML, "log scale");
 * ```
 */
export function logLikelihoodTrace(
  history: readonly TracePoint[],
  options: LogLikelihoodTraceOptions = {},
): ChartElement {
  checkNonEmptyArray(
    history,
    "history",
    "a non-empty array of snapshots ({ iteration, logLikelihood })",
    "Pass [...em(x, start)] or fit(x, k).history.",
  );
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<LogLikelihoodTraceOptions>({
      current: 1,
      tol: 1,
      view: 1,
      final: 1,
      title: 1,
      ...CANVAS_KEYS,
    }),
    logLikelihoodTraceDefaults,
    "logLikelihoodTrace",
  );
  checkNumber(o.tol, "options.tol", 0, { hint: "Use the tol of the run, e.g. 1e-3." });
  if (o.view !== "value" && o.view !== "gap") {
    throw new ParameterRangeError(
      "options.view",
      '"value" or "gap"',
      describeValue(o.view),
      'Use "gap" to see the slow part of the climb on a log scale.',
    );
  }
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
  const gapView = o.view === "gap";
  const final = o.final ?? points.at(-1)!.logLikelihood;
  checkNumber(final, "options.final", -Infinity, {
    hint: "Pass the log-likelihood of the maximum, e.g. from a run with a smaller tol.",
  });
  // Gaps below a few units in the last place of ℓ are rounding, not progress.
  const noise = 64 * Number.EPSILON * Math.abs(final);
  const shown = points.map((p) => ({
    ...p,
    y: gapView ? final - p.logLikelihood : p.logLikelihood,
  }))
    // On a log scale only positive gaps can be drawn (the last point's is 0).
    .filter((p) => !gapView || p.y > noise);
  if (shown.length === 0) {
    throw new ParameterRangeError(
      "history",
      'a run whose log-likelihood changes, for view "gap"',
      `${points.length} snapshot(s) all at the final log-likelihood`,
      'Use view "value" for a run that starts where it ends.',
    );
  }
  const stopIndex = points.findIndex((p) => p.delta !== null && Math.abs(p.delta) < o.tol);
  const stop = stopIndex >= 0 ? points[stopIndex]! : undefined;
  const before = stop ? shown.filter((p) => p.iteration <= stop.iteration) : shown;
  const after = stop ? shown.filter((p) => p.iteration >= stop.iteration) : [];
  const stopShown = stop ? shown.find((p) => p.iteration === stop.iteration) : undefined;
  const first = points[0]!.iteration, last = points.at(-1)!.iteration;
  const t = messages();
  const title = chartTitle(options.title, gapView ? t.traceGapTitle : t.traceTitle);
  const valueAxis = gapView ? undefined : valueTicks(shown.map((p) => p.y));

  const color = componentColor(0);
  const entries: LegendEntry[] = [
    {
      label: gapView ? "ℓ_final − ℓ_t" : t.logLikelihood,
      color,
      symbol: "line",
      strokeWidth: 2,
    },
    {
      label: t.traceStop(formatTol(o.tol), stop?.iteration),
      color: STOP_COLOR,
      // In the gap view the stop is often the last iteration, whose gap (0) has no place on
      // a log scale: a vertical rule marks it instead of a ring.
      symbol: gapView ? "line" : "ring",
    },
  ];
  if (after.length > 1) {
    entries.push({ label: t.pastTheStop, color: PAST_COLOR, symbol: "line", strokeWidth: 1.5 });
  }
  if (options.current !== undefined) {
    checkNumber(options.current, "options.current", -Infinity, {
      hint: "Pass the iteration of the frame shown, e.g. snapshot.iteration.",
    });
    entries.push({ label: t.nowIteration(options.current), color: NOW_COLOR, symbol: "line" });
  }
  const currentShown = options.current === undefined
    ? []
    : shown.filter((p) => p.iteration === options.current);
  const lastPoint = shown.at(-1)!;
  // Dots only where they can be told apart; past ~150 iterations the line says it all.
  const dot = (data: typeof shown, opacity: number) =>
    Plot.dot(data.length <= 150 ? data : [], {
      x: "iteration",
      y: "y",
      fill: color,
      fillOpacity: opacity,
      r: 2.5,
    });

  return layoutChart({
    ...canvas,
    height: o.height,
    title,
    legend: entries,
    yLabel: gapView ? t.gapUp(formatNumber(final, 2)) : t.logLikelihoodUp,
    marginLeft: Math.max(LAYOUT.marginLeftWide, valueAxis?.marginLeft ?? 0),
    x: {
      domain: [first, Math.max(last, first + 1)],
      ticks: integerTicks(first, Math.max(last, first + 1)),
      tickFormat: "d",
      label: t.iterationAxis,
      inset: 8,
    },
    y: gapView
      ? {
        type: "log",
        grid: true,
        inset: 10,
        ticks: gapTicks(shown),
        tickFormat: formatGapTick,
      }
      : {
        grid: true,
        inset: 10,
        domain: valueAxis!.domain,
        ticks: valueAxis!.ticks,
        tickFormat: valueAxis!.format,
      },
    marks: [
      Plot.line(before, { x: "iteration", y: "y", stroke: color, strokeWidth: 2 }),
      Plot.line(after, {
        x: "iteration",
        y: "y",
        stroke: PAST_COLOR,
        strokeWidth: 1.5,
      }),
      dot(before, 1),
      dot(after.slice(1), 0.35),
      Plot.ruleX(gapView && stop ? [stop.iteration] : [], {
        stroke: STOP_COLOR,
        strokeWidth: 1.5,
        strokeDasharray: "4,3",
      }),
      Plot.ruleX(options.current === undefined ? [] : [options.current], {
        stroke: NOW_COLOR,
        strokeWidth: 1.5,
      }),
      Plot.dot(currentShown, {
        x: "iteration",
        y: "y",
        fill: NOW_COLOR,
        stroke: "white",
        strokeWidth: 1.5,
        r: 5,
      }),
      Plot.dot(!gapView && stopShown ? [stopShown] : [], {
        x: "iteration",
        y: "y",
        stroke: STOP_COLOR,
        strokeWidth: 2,
        r: 6,
      }),
      Plot.text(gapView ? [] : [lastPoint], {
        x: "iteration",
        y: "y",
        text: (p: { logLikelihood: number }) => formatNumber(p.logLikelihood, 2),
        textAnchor: "end",
        dx: -10,
        dy: 14,
        fontSize: FONT.axis,
      }),
    ],
  });
}

/** Powers of ten spanning the gaps (at most ~8, thinned); Plot's own ticks when fewer than 3. */
function gapTicks(points: readonly { y: number }[]): number[] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.y);
    hi = Math.max(hi, p.y);
  }
  const a = Math.ceil(Math.log10(lo) - 1e-9), b = Math.floor(Math.log10(hi) + 1e-9);
  if (b - a < 2) return undefined;
  const step = Math.ceil((b - a + 1) / 8);
  const ticks: number[] = [];
  for (let e = b; e >= a; e -= step) ticks.unshift(10 ** e);
  return ticks;
}

/**
 * The value axis: 1-2-5 ticks over at least 0.01 (a flat stretch of a
 * converged run stays flat instead of showing six decimals), labels with as
 * many decimals as the step needs and a true minus, and the left margin the
 * longest label needs.
 */
function valueTicks(ys: readonly number[]): {
  domain: [number, number];
  ticks: number[];
  format: (v: number) => string;
  marginLeft: number;
} {
  let lo = Math.min(...ys), hi = Math.max(...ys);
  const MIN_SPAN = 0.01;
  if (hi - lo < MIN_SPAN) {
    const mid = (lo + hi) / 2;
    [lo, hi] = [mid - MIN_SPAN / 2, mid + MIN_SPAN / 2];
  }
  const raw = (hi - lo) / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * pow;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  // A nice domain: from tick to tick, as Plot's nice option makes it.
  const first = Math.floor(lo / step + 1e-9), last = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  // Grouped thousands as Plot writes them ("−1,400"), a true minus.
  const format = (v: number) =>
    v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
      .replace("-", "−");
  const longest = Math.max(...ticks.map((v) => format(v).length));
  return {
    domain: [ticks[0]!, ticks.at(-1)!],
    ticks,
    format,
    // ~0.62 em per character of the axis font, plus the tick and a gap.
    marginLeft: Math.ceil(longest * FONT.axis * 0.62) + 14,
  };
}

/** Tick labels of the gap axis: powers of ten as 10⁻³, others plainly. */
function formatGapTick(value: number): string {
  const e = Math.log10(value);
  if (Math.abs(e - Math.round(e)) < 1e-9) {
    const n = Math.round(e);
    if (n >= 0 && n <= 3) return String(10 ** n);
    const sup = String(Math.abs(n)).split("").map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("");
    return `10${n < 0 ? "⁻" : ""}${sup}`;
  }
  return value >= 0.01 && value < 1e4
    ? String(Number(value.toPrecision(2)))
    : value.toExponential(1);
}
