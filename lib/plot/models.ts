/**
 * Charts of the covariance models: the criterion over models and k, one
 * line per model (as mclust's BIC plot), and every model's fitted ellipses
 * side by side.
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
import type { KChoiceRow } from "../core/fit/select_k.ts";
import { covarianceEllipse } from "../core/nd/ellipse.ts";
import type { MvMixture } from "../core/nd/mixture.ts";

/** What {@linkcode modelCriterionChart} reads: a `selectKMv` result (or its rows). */
export interface ModelChoice {
  /** One row per model and k. */
  readonly rows: readonly KChoiceRow[];
  /** The criterion that chose the best cell. */
  readonly criterion: "bic" | "aic";
}

/** Options for {@linkcode modelCriterionChart} and {@linkcode modelEllipsesChart}. */
export interface ModelChartOptions {
  /** Title; `false` for none. @default the chart's own title */
  title?: string | false;
  /** Width in pixels. @default 720 (ellipses: 760) */
  width?: number;
  /** Height in pixels. @default 420 (ellipses: 640) */
  height?: number;
  /** Background colour, or `null` for transparent. @default "white" */
  background?: string | null;
  /** DOM document to draw into. @default the shared linkedom document */
  document?: ChartDocument;
}

const KEYS = optionKeys<ModelChartOptions>({ title: 1, ...CANVAS_KEYS });
/** Fourteen distinguishable colours: the spherical, diagonal and ellipsoidal models in three hues. */
const MODEL_COLORS: Readonly<Record<string, string>> = Object.freeze({
  EII: "#9ecae1",
  VII: "#3182bd",
  EEI: "#a1d99b",
  VEI: "#74c476",
  EVI: "#31a354",
  VVI: "#006d2c",
  EEE: "#d62728",
  VEE: "#fd8d3c",
  EVE: "#e6550d",
  VVE: "#a63603",
  EEV: "#bcbddc",
  VEV: "#9e9ac8",
  EVV: "#756bb1",
  VVV: "#54278f",
});
const DELTA_TICKS = [0, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000];

function modelColor(model: string): string {
  return MODEL_COLORS[model] ?? "#555555";
}

function checkChoice(choice: unknown): asserts choice is ModelChoice {
  const c = choice as ModelChoice | null;
  if (c === null || typeof c !== "object" || !Array.isArray(c.rows) || c.rows.length === 0) {
    throw new ParameterTypeError(
      "choice",
      "a selectKMv result with at least one row",
      describeValue(choice),
      "Pass selectKMv(points, [1, 2, 3, 4, 5], { nInit, seed }).",
    );
  }
}

/**
 * Draw the criterion of every model and k, as mclust's BIC plot: one line
 * per model over k, the criterion minus the lowest proper value on a
 * symmetric-log axis (so 0, the chosen cell, has a place and the close
 * runners-up are apart), each line labelled with its model at its right
 * end, the chosen cell ringed. Degenerate and collapsed cells are left out.
 *
 * @param choice What `selectKMv` returned.
 * @param options Title, size, background, document.
 * @returns An `<svg>` element.
 * @throws {ParameterTypeError} When `choice` has no rows.
 * @throws {ParameterRangeError} When every row is degenerate, or an option is out of range.
 *
 * @example BIC over two models and k = 1 … 3
 * ```ts
 * import { modelCriterionChart, mvMixture, sampleMvMixture, selectKMv } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [6, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 300, { seed: 1 });
 * const choice = selectKMv(x, [1, 2, 3], { covariances: ["EII", "VVV"], nInit: 3, seed: 1 });
 * assertStringIncludes(modelCriterionChart(choice).outerHTML, "lowest BIC: EII, k = 2");
 * ```
 */
export function modelCriterionChart(
  choice: ModelChoice,
  options: ModelChartOptions = {},
): ChartElement {
  checkChoice(choice);
  const { o, canvas } = resolveChartOptions(
    options,
    KEYS,
    { width: 720, height: 420, background: "white" },
    "modelCriterionChart",
    { width: 320, height: 220 },
  );
  const criterion = choice.criterion === "aic" ? "aic" : "bic";
  const name = criterion.toUpperCase();
  const proper = choice.rows.filter((r) => !r.degenerate && Number.isFinite(r[criterion]));
  if (proper.length === 0) {
    throw new ParameterRangeError(
      "choice.rows",
      "at least one proper (non-degenerate) fit",
      `${choice.rows.length} degenerate row(s)`,
      "Every fit was degenerate: use more starts (nInit) or fewer components.",
    );
  }
  const lowest = proper.reduce((a, b) => (b[criterion] < a[criterion] ? b : a));
  const points = proper.map((r) => ({
    model: r.model,
    k: r.k,
    delta: r[criterion] - lowest[criterion],
  }));
  const models = [...new Set(choice.rows.map((r) => r.model))];
  const ks = [...new Set(choice.rows.map((r) => r.k))].sort((a, b) => a - b);
  const top = Math.max(...points.map((p) => p.delta), 1);
  const ticks = DELTA_TICKS.filter((t) => t <= top * 1.2);
  const lastK = Math.max(...ks);
  const ends = models.flatMap((m) => {
    const mine = points.filter((p) => p.model === m);
    const end = mine.find((p) => p.k === lastK) ?? mine.at(-1);
    return end === undefined ? [] : [end];
  });
  const leftOut = choice.rows.length - proper.length;
  const entries: LegendEntry[] = [
    {
      label: messages().modelCriterionLowest(name, lowest.model, lowest.k),
      color: modelColor(lowest.model),
      symbol: "ring",
    },
  ];
  if (leftOut > 0) {
    entries.push({
      label: messages().modelCriterionLeftOut(leftOut),
      color: "#888888",
      symbol: "line",
    });
  }
  return layoutChart({
    ...canvas,
    height: o.height,
    title: chartTitle(options.title, messages().modelCriterionTitle(name)),
    legend: entries,
    yLabel: messages().criterionAxis(name),
    marginLeft: LAYOUT.marginLeftWide,
    marginRight: 56,
    x: {
      domain: [Math.min(...ks), lastK],
      ticks: ks,
      tickFormat: "d",
      label: messages().numberOfComponents,
      inset: 16,
    },
    y: { type: "symlog", domain: [0, top], ticks, grid: true, inset: 10 },
    marks: [
      ...models.map((m) =>
        Plot.line(points.filter((p) => p.model === m), {
          x: "k",
          y: "delta",
          stroke: modelColor(m),
          strokeWidth: m === lowest.model ? 2.5 : 1.5,
        })
      ),
      Plot.dot(points, {
        x: "k",
        y: "delta",
        fill: (p: { model: string }) => modelColor(p.model),
        r: 3,
      }),
      Plot.dot([{ k: lowest.k, delta: 0 }], {
        x: "k",
        y: "delta",
        stroke: modelColor(lowest.model),
        strokeWidth: 2,
        r: 8,
      }),
      Plot.text(ends, {
        x: "k",
        y: "delta",
        text: "model",
        dx: 8,
        textAnchor: "start",
        fill: (p: { model: string }) => modelColor(p.model),
        fontSize: FONT.axis,
      }),
    ],
  });
}

/** One panel of {@linkcode modelEllipsesChart}: a model's fit. */
export interface ModelFit {
  /** mclust's model name. */
  readonly model: string;
  /** Number of components. */
  readonly k: number;
  /** The BIC of the fit. */
  readonly bic: number;
  /** The fitted mixture (2-D). */
  readonly mixture: MvMixture;
}

/**
 * Draw every model's fit side by side: the points in grey and each
 * component's 2σ ellipse, one panel per model (four to a row), labelled
 * with the model, k and BIC, so volume (size), shape (elongation) and
 * orientation (tilt) can be compared across the models.
 *
 * @param points The 2-D points, as rows.
 * @param fits One fit per panel (e.g. each model's best k from `selectKMv`).
 * @param options Title, size, background, document.
 * @returns An `<svg>` element.
 * @throws {ParameterTypeError} When `fits` is not a non-empty array.
 * @throws {ParameterRangeError} When a fit is not 2-D, or an option is out of range.
 *
 * @example Two models' fits
 * ```ts
 * import { fitMv, modelEllipsesChart, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [6, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 200, { seed: 1 });
 * const fits = ["EII", "VVV"].map((model) => fitMv(x, 2, { covariance: model as "EII", seed: 1 }));
 * assertStringIncludes(modelEllipsesChart(x, fits).outerHTML, "EII, k = 2");
 * ```
 */
export function modelEllipsesChart(
  points: readonly (readonly number[])[],
  fits: readonly ModelFit[],
  options: ModelChartOptions = {},
): ChartElement {
  if (!Array.isArray(fits) || fits.length === 0) {
    throw new ParameterTypeError(
      "fits",
      "a non-empty array of fits (model, k, bic, mixture)",
      describeValue(fits),
      "Pass e.g. the fits of selectKMv(points, ks).fits at each model's best k.",
    );
  }
  fits.forEach((f, i) => {
    if (f?.mixture?.means?.[0]?.length !== 2) {
      throw new ParameterRangeError(
        `fits[${i}]`,
        "a 2-D fit",
        describeValue(f?.mixture?.means?.[0]?.length),
        "Draw 2-D fits only.",
      );
    }
  });
  const columns = 4;
  const rows = Math.ceil(fits.length / columns);
  const { o, canvas } = resolveChartOptions(
    options,
    KEYS,
    { width: 760, height: 170 * rows + 90, background: "white" },
    "modelEllipsesChart",
    { width: 320, height: 220 },
  );
  const panel = (i: number) => ({ fx: i % columns, fy: Math.floor(i / columns) });
  const dots = fits.flatMap((_, i) => points.map((p) => ({ x: p[0]!, y: p[1]!, ...panel(i) })));
  const outlines = fits.flatMap((f, i) =>
    f.mixture.means.flatMap((mu: readonly number[], h: number) =>
      covarianceEllipse(mu, f.mixture.covariances[h]!, { scale: 2, points: 48 }).map(([x, y]) => ({
        x,
        y,
        ellipse: `${i}-${h}`,
        model: f.model,
        ...panel(i),
      }))
    )
  );
  const labels = fits.map((f, i) => ({
    text: messages().modelPanel(f.model, f.k, formatNumber(f.bic, 1)),
    model: f.model,
    ...panel(i),
  }));
  return layoutChart({
    ...canvas,
    height: o.height,
    title: chartTitle(options.title, messages().modelEllipsesTitle),
    legend: [],
    yLabel: "",
    x: { label: null, ticks: 3 },
    y: { ticks: 3 },
    fx: { axis: null, padding: 0.08 },
    fy: { axis: null, padding: 0.12 },
    marks: [
      Plot.frame({ stroke: "#dddddd" }),
      Plot.dot(dots, { x: "x", y: "y", fx: "fx", fy: "fy", r: 1, fill: "#b0b0b0" }),
      Plot.line(outlines, {
        x: "x",
        y: "y",
        z: "ellipse",
        fx: "fx",
        fy: "fy",
        stroke: (p: { model: string }) => modelColor(p.model),
        strokeWidth: 1.5,
      }),
      Plot.text(labels, {
        fx: "fx",
        fy: "fy",
        frameAnchor: "top-left",
        text: "text",
        dx: 4,
        dy: 4,
        fontSize: FONT.axis,
        fill: "#333333",
      }),
    ],
  });
}
