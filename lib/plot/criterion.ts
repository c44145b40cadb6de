/**
 * The model-choice chart: BIC (or AIC) against the number of components, as
 * the difference from the lowest value among the proper fits, with
 * degenerate fits marked and left out of every difference.
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
import { optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import type { ChartDocument, ChartElement } from "./document.ts";
import { componentColor } from "./colors.ts";
import type { KChoiceRow } from "../core/fit/select_k.ts";
import { modelCriterionChart } from "./models.ts";

/** What {@linkcode criterionChart} reads: a `selectK` / `selectKMv` result (or its rows). */
export interface CriterionChoice {
  /** One row per k. */
  readonly rows: readonly KChoiceRow[];
  /** The criterion that chose the best k. */
  readonly criterion: "bic" | "aic";
}

/** Options for {@linkcode criterionChart}. */
export interface CriterionChartOptions {
  /** Title; `false` for none. @default "BIC by number of components" (AIC for an AIC choice) */
  title?: string | false;
  /** Width in pixels. @default 620 */
  width?: number;
  /** Height in pixels. @default 340 */
  height?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

const DEGENERATE_COLOR = "#d62728";
/** Ticks of the symlog axis (differences of the criterion). */
const DELTA_TICKS = [0, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/**
 * Draw a model choice: for each k, the criterion minus the lowest criterion
 * among the proper fits, on a symmetric-log axis (linear below 1, so 0 — the
 * chosen k — has a place, and differences of 2, 10 and 100 are all readable).
 * The chosen k is ringed. A degenerate row (every run of that k had a
 * component at the variance floor or held up by the ridge) is drawn as a red
 * × at the top of the chart, outside the line: its value is set by the floor,
 * so nothing is measured from it. A choice over several models (the rows
 * of `selectKMv`'s default, or `selectK` with `families`) is drawn one line
 * per model by {@linkcode modelCriterionChart}.
 *
 * @param choice What `selectK` or `selectKMv` returned.
 * @param options Title, size, background, document.
 * @returns An `<svg>` element.
 * @throws {ParameterTypeError} When `choice` has no rows.
 * @throws {ParameterRangeError} When every row is degenerate, or an option is out of range.
 *
 * @example BIC over k = 1 … 3 for two well-separated groups
 * ```ts
 * import { criterionChart, mixture, sampleMixture, selectK } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.4, 0.6], [-2, 2], [0.5, 0.7]), 300, { seed: 3 });
 * const chart = criterionChart(selectK(x, [1, 2, 3], { nInit: 3, seed: 1 }));
 * assertStringIncludes(chart.outerHTML, "lowest BIC: k = 2");
 * ```
 */
export function criterionChart(
  choice: CriterionChoice,
  options: CriterionChartOptions = {},
): ChartElement {
  if (
    choice === null || typeof choice !== "object" || !Array.isArray(choice.rows) ||
    choice.rows.length === 0
  ) {
    throw new ParameterTypeError(
      "choice",
      "a selectK or selectKMv result with at least one row",
      describeValue(choice),
      "Pass selectK(data, [1, 2, 3, 4, 5], { nInit, seed }).",
    );
  }
  if (new Set(choice.rows.map((r) => r.model)).size > 1) {
    return modelCriterionChart(choice, options);
  }
  const { o, canvas } = resolveChartOptions(
    options,
    optionKeys<CriterionChartOptions>({
      title: 1,
      ...CANVAS_KEYS,
    }),
    { width: 620, height: 340, background: "white" },
    "criterionChart",
    { width: 240, height: 180 },
  );
  const criterion = choice.criterion === "aic" ? "aic" : "bic";
  const name = criterion.toUpperCase();
  const proper = choice.rows.filter((r) => !r.degenerate);
  const degenerate = choice.rows.filter((r) => r.degenerate);
  if (proper.length === 0) {
    throw new ParameterRangeError(
      "choice.rows",
      "at least one proper (non-degenerate) fit",
      `${choice.rows.length} degenerate row(s)`,
      "Every fit was degenerate: use more starts (nInit), fewer components, or a larger " +
        "varianceFloor before comparing models.",
    );
  }
  const lowest = proper.reduce((a, b) => (b[criterion] < a[criterion] ? b : a));
  const points = proper.map((r) => ({ k: r.k, delta: r[criterion] - lowest[criterion] }));
  // The line breaks at a degenerate k (an undefined value), so no segment passes through it.
  const line = choice.rows.map((r) => ({
    k: r.k,
    delta: r.degenerate ? undefined : r[criterion] - lowest[criterion],
  }));
  const ks = choice.rows.map((r) => r.k);
  const top = Math.max(...points.map((p) => p.delta), 1);
  const ticks = DELTA_TICKS.filter((t) => t <= top * 1.2);
  const color = componentColor(0);

  const entries: LegendEntry[] = [
    { label: messages().criterionProper(name), color, symbol: "dot" },
    { label: messages().criterionLowest(name, lowest.k), color, symbol: "ring" },
  ];
  if (degenerate.length > 0) {
    entries.push({
      label: messages().criterionDegenerate(degenerate.map((r) => r.k).join(", ")),
      color: DEGENERATE_COLOR,
      symbol: "line",
    });
  }
  return layoutChart({
    ...canvas,
    height: o.height,
    title: chartTitle(options.title, messages().criterionTitle(name)),
    legend: entries,
    yLabel: messages().criterionAxis(name),
    marginLeft: LAYOUT.marginLeftWide,
    x: {
      domain: [Math.min(...ks), Math.max(...ks)],
      ticks: ks,
      tickFormat: "d",
      label: messages().numberOfComponents,
      inset: 16,
    },
    y: { type: "symlog", domain: [0, top], ticks, grid: true, inset: 10 },
    marks: [
      Plot.line(line, { x: "k", y: "delta", stroke: color, strokeWidth: 2 }),
      Plot.dot(points, { x: "k", y: "delta", fill: color, r: 4 }),
      Plot.dot([{ k: lowest.k, delta: 0 }], {
        x: "k",
        y: "delta",
        stroke: color,
        strokeWidth: 2,
        r: 8,
      }),
      Plot.text(points, {
        x: "k",
        y: "delta",
        text: (p: { delta: number }) => (p.delta === 0 ? "" : formatNumber(p.delta, 1)),
        dy: -12,
        fontSize: FONT.axis,
      }),
      Plot.text(degenerate, {
        x: "k",
        frameAnchor: "top",
        text: () => "×",
        dy: 6,
        fill: DEGENERATE_COLOR,
        fontSize: 20,
        fontWeight: "bold",
      }),
    ],
  });
}
