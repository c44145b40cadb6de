/**
 * Charts for the theory of EM: the lower bound ℒ touching log L at every
 * iteration, the ratio of successive steps settling on the Jacobian's rate,
 * and k-means beside shared-σ EM.
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import { formatNumber, haloCrosses, type LegendEntry, resolveChartOptions } from "./_overlay.ts";
import { chartTitle, LAYOUT, layoutChart } from "./_layout.ts";
import { checkNonEmptyArray, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import type { CoordinateAscentStep } from "../derive/kl_decomposition.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { blendComponentColors, componentColor } from "./colors.ts";

/** Options shared by the charts of this module. */
export interface TheoryChartOptions {
  /** Title; `false` for none. @default a title naming what is drawn */
  title?: string | false;
  /** Width in pixels. @default 640 */
  width?: number;
  /** Height in pixels. @default 340 */
  height?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

/** Default options of the charts of this module. */
export const theoryChartDefaults: Readonly<
  { width: number; height: number; background: string }
> = Object.freeze({ width: 640, height: 340, background: "white" });

const BOUND_COLOR = "#ff7f0e";
const LL_COLOR = "#1f77b4";

/** Check a theory chart's options once: size, background, document and the title to draw. */
function resolve(options: TheoryChartOptions, defaultTitle: string, fn: string) {
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<TheoryChartOptions>({ title: 1, width: 1, height: 1, background: 1, document: 1 }),
    theoryChartDefaults,
    fn,
  );
  return { canvas, height: o.height, title: chartTitle(options.title, defaultTitle) };
}

/**
 * The bound touching the log-likelihood: log L(θₜ) per iteration (blue dots)
 * and the lower bound ℒ (orange) as a saw-tooth — each M-step raises ℒ from
 * log L(θₜ₋₁) to ℒ(qₜ, θₜ) (a diagonal), each E-step lifts it the rest of
 * the way to log L(θₜ), closing the gap KL(qₜ ‖ p(Z | X, θₜ)) (a vertical).
 *
 * @param steps The records of {@linkcode coordinateAscent}.
 * @param options Title, size, document.
 * @returns An `<svg>` element.
 *
 * @example
 * ```ts
 * import { boundTrace, coordinateAscent, mixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const x = [-1.2, -1, -0.7, 0.8, 1.1, 1.3, 2];
 * const steps = coordinateAscent(x, mixture([0.5, 0.5], [-0.1, 0.1], [1, 1]), { iterations: 5 });
 * assertStringIncludes(boundTrace(steps).outerHTML, "lower bound");
 * assertStringIncludes(boundTrace(steps, { view: "gap" }).outerHTML, "log scale");
 * ```
 */
export function boundTrace(
  steps: readonly CoordinateAscentStep[],
  options: BoundTraceOptions = {},
): ChartElement {
  checkNonEmptyArray(
    steps,
    "steps",
    "a non-empty array of coordinateAscent() records",
    "Pass coordinateAscent(x, start).",
  );
  steps.forEach((s, i) => {
    for (const key of ["boundAfterM", "logLikelihoodAfter", "logLikelihoodBefore"] as const) {
      if (!Number.isFinite(s?.[key])) {
        throw new ParameterRangeError(
          `steps[${i}].${key}`,
          "a finite number",
          describeValue(s?.[key]),
          "Pass the records of coordinateAscent().",
        );
      }
    }
  });
  const { view = "value", ...rest } = options;
  if (view !== "value" && view !== "gap") {
    throw new ParameterRangeError("options.view", '"value" or "gap"', describeValue(view));
  }
  const { canvas, height, title } = resolve(rest, messages().boundTitle, "boundTrace");
  const final = steps.at(-1)!.logLikelihoodAfter;
  const gapView = view === "gap";
  const noise = 64 * Number.EPSILON * Math.abs(final);
  const shown = (p: { t: number; y: number }[]) =>
    gapView ? p.map((q) => ({ t: q.t, y: final - q.y })).filter((q) => q.y > noise) : p;
  const ll = [
    { t: 0, y: steps[0]!.logLikelihoodBefore },
    ...steps.map((s) => ({ t: s.iteration, y: s.logLikelihoodAfter })),
  ];
  const bound: { t: number; y: number }[] = [{ t: 0, y: steps[0]!.logLikelihoodBefore }];
  for (const s of steps) {
    bound.push({ t: s.iteration, y: s.boundAfterM }); // M-step: ℒ rises, q fixed
    bound.push({ t: s.iteration, y: s.logLikelihoodAfter }); // E-step: KL → 0, ℒ = log L
  }
  const mSteps = steps.map((s) => ({ t: s.iteration, y: s.boundAfterM }));
  const entries: LegendEntry[] = [
    { label: messages().boundLogL, color: LL_COLOR, symbol: "dot" },
    {
      label: messages().boundLower,
      color: BOUND_COLOR,
      symbol: "line",
      strokeWidth: 2,
    },
  ];
  return layoutChart({
    ...canvas,
    height,
    title,
    legend: entries,
    yLabel: gapView ? messages().boundGapAxis(formatNumber(final, 2)) : messages().boundAxis,
    marginLeft: LAYOUT.marginLeftWide,
    x: { label: messages().iterationAxis, inset: 8, tickFormat: "d" },
    y: gapView
      ? { type: "log", reverse: true, grid: true, inset: 10, tickFormat: powerOfTen }
      : { grid: true, nice: true, inset: 10 },
    marks: [
      Plot.line(shown(bound), { x: "t", y: "y", stroke: BOUND_COLOR, strokeWidth: 2 }),
      Plot.dot(shown(mSteps), { x: "t", y: "y", fill: BOUND_COLOR, r: 2.5 }),
      Plot.dot(shown(ll), { x: "t", y: "y", fill: LL_COLOR, r: 4 }),
    ],
  });
}

/** Options for {@linkcode boundTrace}. */
export interface BoundTraceOptions extends TheoryChartOptions {
  /**
   * `"value"`: log L and ℒ themselves; `"gap"`: their distance below the last
   * iteration's log L on a log scale (up is better), where the later, small
   * steps stay visible.
   * @default "value"
   */
  view?: "value" | "gap";
}

/** Tick labels of a log axis: powers of ten as 10⁻³, other ticks left blank. */
function powerOfTen(value: number): string {
  const e = Math.log10(value);
  if (Math.abs(e - Math.round(e)) > 1e-9) return "";
  const n = Math.round(e);
  if (n >= 0 && n <= 3) return String(10 ** n);
  const sup = String(Math.abs(n)).split("").map((d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)]).join("");
  return `10${n < 0 ? "⁻" : ""}${sup}`;
}

/** One run for {@linkcode rateTrace}. */
export interface RateSeries {
  /** Legend label, e.g. "separation 3σ". */
  readonly label: string;
  /** The ratios of successive steps (`changeRatios(…)`). */
  readonly ratios: readonly number[];
  /** The Jacobian's rate at the fixed point (`emRate(…).rate`), drawn as a dashed line. */
  readonly rate: number;
}

/**
 * The ratio of successive EM steps per iteration for one or more runs, each
 * with a dashed line at the rate its Jacobian predicts.
 *
 * @param series One entry per run.
 * @param options Title, size, document.
 * @returns An `<svg>` element.
 *
 * @example
 * ```ts
 * import { rateTrace } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const chart = rateTrace([{ label: "a run", ratios: [0.5, 0.8, 0.9, 0.9], rate: 0.9 }]);
 * assertStringIncludes(chart.outerHTML, "Jacobian");
 * ```
 */
export function rateTrace(
  series: readonly RateSeries[],
  options: TheoryChartOptions = {},
): ChartElement {
  checkNonEmptyArray(
    series,
    "series",
    "a non-empty array of { label, ratios, rate }",
    "Pass one entry per run.",
  );
  series.forEach((s, i) => {
    if (!Array.isArray(s?.ratios) || !Number.isFinite(s?.rate) || typeof s?.label !== "string") {
      throw new ParameterRangeError(
        `series[${i}]`,
        "{ label: string, ratios: number[], rate: number }",
        describeValue(s),
        "Use changeRatios(emFixedPoint(…).changes) and emRate(…).rate.",
      );
    }
  });
  const { canvas, height, title } = resolve(options, messages().rateTitle, "rateTrace");
  const points = series.flatMap((s, j) =>
    s.ratios.flatMap((r: number, t: number) =>
      Number.isFinite(r) && r > 0 ? [{ t: t + 2, r, j }] : []
    )
  );
  const entries: LegendEntry[] = series.flatMap((s, j) => [
    { label: messages().rateRatios(s.label), color: componentColor(j), symbol: "line" as const },
    {
      label: messages().rateJacobian(formatNumber(s.rate, 4)),
      color: componentColor(j),
      symbol: "line" as const,
      strokeWidth: 1,
    },
  ]);
  return layoutChart({
    ...canvas,
    height,
    title,
    legend: entries,
    yLabel: messages().ratioAxis,
    marginLeft: LAYOUT.marginLeftWide,
    x: { label: messages().iterationTAxis, inset: 8 },
    y: { grid: true, domain: [0, 1.05] },
    marks: [
      ...series.map((_s, j) =>
        Plot.line(points.filter((p) => p.j === j), {
          x: "t",
          y: "r",
          stroke: componentColor(j),
          strokeWidth: 2,
        })
      ),
      ...series.map((s, j) =>
        Plot.ruleY([s.rate], { stroke: componentColor(j), strokeDasharray: "5,4", strokeWidth: 1 })
      ),
    ],
  });
}

/** One side of {@linkcode kMeansFrame}. */
export interface KMeansPanel {
  /** Panel heading, e.g. "k-means" or "EM, σ = 0.1". */
  readonly label: string;
  /** Centres or means: numbers (1-D) or points (2-D). */
  readonly centres: readonly number[] | readonly (readonly number[])[];
  /** Per point: the hard assignment (a number) or the responsibilities (an array). */
  readonly membership: readonly (number | readonly number[])[];
}

/**
 * k-means and shared-σ EM side by side: one panel each, points coloured by
 * their cluster (k-means) or by a blend of their responsibilities (EM),
 * centres marked. 1-D data as strips, 2-D data as scatter plots.
 *
 * @param data The observations (numbers) or 2-D points (rows).
 * @param panels Usually two: k-means' snapshot and EM's.
 * @param options Title, size, document.
 * @returns An `<svg>` element.
 *
 * @example
 * ```ts
 * import { kMeans, kMeansFrame, sharedSigmaEm } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const x = [0, 0.5, 1, 4, 4.5, 5];
 * const km = [...kMeans(x, [0, 1])].at(-1)!;
 * const em = [...sharedSigmaEm(x, [0, 1], 0.5)].at(-1)!;
 * const chart = kMeansFrame(x, [
 *   { label: "k-means", centres: km.centres, membership: km.assignments },
 *   { label: "EM, σ = 0.5", centres: em.means, membership: em.responsibilities },
 * ]);
 * assertStringIncludes(chart.outerHTML, "k-means");
 * ```
 */
export function kMeansFrame(
  data: ArrayLike<number> | readonly (readonly number[])[],
  panels: readonly KMeansPanel[],
  options: TheoryChartOptions = {},
): ChartElement {
  const n = data.length;
  if (!(n > 0)) {
    throw new ParameterTypeError("data", "a non-empty array", describeValue(data));
  }
  const twoD = Array.isArray(data[0]);
  checkNonEmptyArray(
    panels,
    "panels",
    "a non-empty array of { label, centres, membership }",
    "Pass one panel for k-means and one for EM.",
  );
  panels.forEach((p, j) => {
    if (!Array.isArray(p?.membership) || p.membership.length !== n || !Array.isArray(p.centres)) {
      throw new ParameterRangeError(
        `panels[${j}]`,
        `{ label, centres, membership } with one membership per point (${n})`,
        describeValue(p),
        "Use a k-means snapshot's assignments or an EM snapshot's responsibilities.",
      );
    }
  });
  const { canvas, height, title } = resolve(options, messages().kmeansTitle, "kMeansFrame");
  const k = panels[0]!.centres.length;
  const color = (m: number | readonly number[]) =>
    typeof m === "number" ? componentColor(m) : blendComponentColors(m);
  const point = (i: number): [number, number] => {
    const v = data[i] as number | readonly number[];
    return typeof v === "number" ? [v, 0] : [v[0]!, v[1]!];
  };
  const dots = panels.flatMap((p, j) =>
    Array.from({ length: n }, (_, i) => {
      const [x, y] = point(i);
      // 1-D: a fixed jitter within each strip, so that piled-up points stay visible.
      const jitter = ((i * 0.6180339887) % 1 - 0.5) * 0.3;
      return { x, y: twoD ? y : j + jitter, panel: p.label, fill: color(p.membership[i]!) };
    })
  );
  const centres = panels.flatMap((p, j) =>
    (p.centres as readonly (number | readonly number[])[]).map((c, h) => {
      const [x, y] = typeof c === "number" ? [c, 0] : [c[0]!, c[1]!];
      return { x, y: twoD ? y : j, panel: p.label, stroke: componentColor(h) };
    })
  );
  const entries: LegendEntry[] = Array.from({ length: k }, (_, h) => ({
    label: messages().cluster(h + 1),
    color: componentColor(h),
    symbol: "dot" as const,
  }));
  // The centres are drawn as crosses (below): the legend shows a cross too.
  entries.push({ label: messages().centreOrMean, color: "#1a1a1a", symbol: "cross" });
  // Faceted 2-D panels carry their headings above the plot; 1-D strips name theirs on the y axis.
  const facet = twoD ? { fx: "panel" } : {};
  return layoutChart({
    ...canvas,
    height,
    title,
    legend: entries,
    facetLabels: twoD,
    marginLeft: twoD ? 48 : 110,
    ...(twoD ? { fx: { label: null, domain: panels.map((p) => p.label), padding: 0.08 } } : {}),
    x: { label: "x", inset: 8 },
    y: twoD ? { grid: true, inset: 8 } : {
      domain: [panels.length - 0.5, -0.5],
      ticks: panels.map((_, j) => j),
      tickFormat: (j: number) => panels[j]?.label ?? "",
    },
    marks: [
      Plot.dot(dots, {
        x: "x",
        y: "y",
        fill: "fill",
        r: 3,
        fillOpacity: 0.8,
        ...facet,
      }),
      // A dark cross under a coloured one, so a centre stands out from its own cluster.
      ...haloCrosses(centres, { r: 8, stroke: "stroke", strokeWidth: 3, ...facet }, {
        r: 9,
        stroke: "#1a1a1a",
        strokeWidth: 6,
      }),
    ],
  });
}
