// Shared drawing helpers of the chart modules: titles and legends drawn
// inside the SVG (so a chart is one self-contained picture), number
// formatting, and the white background.
import { messages } from "../core/i18n.ts";
import * as Plot from "@observablehq/plot";
import { type ChartDocument, chartDocument, type ChartElement, SVG_NS } from "./document.ts";
import { checkNumber, checkOptions } from "../core/_validate.ts";
import { scaleChart } from "./_scale.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { componentColor, DATA_COLOR, MIXTURE_COLOR } from "./colors.ts";

/** The frame geometry Plot passes to a mark's render function. */
export interface Dimensions {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
}

type Draw = (dimensions: Dimensions, document: ChartDocument) => ChartElement | null;

// Plot's Mark constructor takes (data, channels, options, defaults); its
// declaration file only lists the zero-argument form.
const MarkBase = Plot.Mark as unknown as new (
  data: undefined,
  channels: Record<string, never>,
  options: { facet: "super" },
  defaults: undefined,
) => object;

/** A mark drawn once over the whole chart (also when faceted), in pixels. */
class OverlayMark extends MarkBase {
  readonly #draw: Draw;
  constructor(draw: Draw) {
    super(undefined, {}, { facet: "super" }, undefined);
    this.#draw = draw;
  }
  // deno-lint-ignore no-explicit-any
  render(_i: any, _s: any, _v: any, dimensions: any, context: any): any {
    return this.#draw(dimensions as Dimensions, context.document as ChartDocument);
  }
}

/** A Plot mark that draws `draw(dimensions, document)` once, on top of the chart. */
export function overlay(draw: Draw): Plot.Markish {
  return new OverlayMark(draw) as unknown as Plot.Markish;
}

/** Create an SVG element with attributes (and text). */
export function svgElement(
  document: ChartDocument,
  name: string,
  attributes: Record<string, string | number>,
  text?: string,
): ChartElement {
  const e = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) e.setAttribute(key, String(value));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Font sizes shared by all charts. */
export const FONT = { title: 15, legend: 12, axis: 11, facet: 12 } as const;

/** Rough width of a label in pixels (for layout that must not depend on fonts). */
export function textWidth(chars: number, size: number = FONT.legend): number {
  return chars * size * 0.58;
}

/**
 * Characters of `text` in the units of {@linkcode textWidth}: a wide (CJK or
 * full-width) character counts as two, so Japanese labels get their room.
 */
export function textChars(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** Wide characters: Hangul Jamo, CJK and kana, Hangul syllables, full-width forms. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** One legend entry: a swatch and a label. */
export interface LegendEntry {
  label: string;
  color: string;
  /** `"cross"`: a × as {@linkcode haloCrosses} draws it (a coloured cross over a dark one). */
  symbol: "line" | "rect" | "dot" | "ring" | "cross";
  strokeWidth?: number;
  /** Characters reserved for the label (≥ label.length) so the layout is stable across frames. */
  chars?: number;
  /** Start a new legend row with this entry. */
  newRow?: boolean;
}

const SWATCH = 22;
const GAP = 16;
const ROW = 18;

/** Row and x offset of every entry when laid out left to right in maxWidth pixels. */
export function legendLayout(
  entries: readonly LegendEntry[],
  maxWidth: number,
): { positions: { row: number; x: number }[]; rows: number } {
  const positions: { row: number; x: number }[] = [];
  let row = 0, x = 0;
  for (const entry of entries) {
    const w = SWATCH + 6 + textWidth(Math.max(entry.chars ?? 0, textChars(entry.label)));
    if (x > 0 && (entry.newRow || x + w > maxWidth)) {
      row++;
      x = 0;
    }
    positions.push({ row, x });
    x += w + GAP;
  }
  return { positions, rows: entries.length === 0 ? 0 : row + 1 };
}

/** Pixel height of a legend with this many rows. */
export function legendHeight(rows: number): number {
  return rows * ROW;
}

/** Draw a legend whose first row's baseline is at (x, y). */
export function drawLegend(
  document: ChartDocument,
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  maxWidth: number,
): ChartElement {
  const g = svgElement(document, "g", {
    "aria-label": "legend",
    "font-size": FONT.legend,
    "text-anchor": "start",
  });
  const { positions } = legendLayout(entries, maxWidth);
  entries.forEach((entry, i) => {
    const p = positions[i]!;
    const left = x + p.x;
    const mid = y + p.row * ROW - 4;
    if (entry.symbol === "line") {
      g.appendChild(svgElement(document, "line", {
        x1: left,
        x2: left + SWATCH,
        y1: mid,
        y2: mid,
        stroke: entry.color,
        "stroke-width": entry.strokeWidth ?? 2,
      }));
    } else if (entry.symbol === "rect") {
      g.appendChild(svgElement(document, "rect", {
        x: left + 3,
        y: mid - 6,
        width: SWATCH - 6,
        height: 11,
        fill: "none",
        stroke: entry.color,
        "stroke-width": entry.strokeWidth ?? 1,
      }));
    } else if (entry.symbol === "cross") {
      const [cx, r] = [left + SWATCH / 2, 5];
      const d = `M${cx - r},${mid - r}L${cx + r},${mid + r}M${cx - r},${mid + r}L${cx + r},${
        mid - r
      }`;
      g.appendChild(svgElement(document, "path", {
        d,
        fill: "none",
        stroke: entry.color,
        "stroke-width": entry.strokeWidth ?? 2.5,
        "stroke-linecap": "round",
      }));
    } else if (entry.symbol === "ring") {
      g.appendChild(svgElement(document, "circle", {
        cx: left + SWATCH / 2,
        cy: mid,
        r: 5.5,
        fill: "none",
        stroke: entry.color,
        "stroke-width": entry.strokeWidth ?? 2,
      }));
    } else {
      g.appendChild(svgElement(document, "circle", {
        cx: left + SWATCH / 2,
        cy: mid,
        r: 4.5,
        fill: entry.color,
      }));
    }
    g.appendChild(
      svgElement(document, "text", { x: left + SWATCH + 6, y: y + p.row * ROW }, entry.label),
    );
  });
  return g;
}

/** How each kind of label is drawn: its size and weight. */
const LABEL_STYLE = {
  title: { "font-size": FONT.title, "font-weight": "bold" },
  "axis label": { "font-size": FONT.axis },
} as const;

/** Draw a label whose baseline starts at (x, y): a bold title, or an axis label ("↑ density"). */
export function drawLabel(
  document: ChartDocument,
  kind: keyof typeof LABEL_STYLE,
  text: string,
  x: number,
  y: number,
): ChartElement {
  return svgElement(document, "text", {
    x,
    y,
    ...LABEL_STYLE[kind],
    "text-anchor": "start",
    "aria-label": kind,
  }, text);
}

/**
 * Put a background rectangle behind everything (after Plot's <style>), so
 * the SVG looks the same in viewers, exports and dark notebook themes.
 * Every chart ends with this call, so it also applies the display scale
 * (`EMLAB_CHART_SCALE`, see `_chart_scale.ts`).
 */
export function addBackground(
  svg: ChartElement,
  document: ChartDocument,
  color: string | null,
): void {
  scaleChart(svg);
  if (color === null) return;
  const rect = svgElement(document, "rect", { width: "100%", height: "100%", fill: color });
  let anchor = svg.firstChild;
  while (anchor !== null && anchor.tagName?.toLowerCase() === "style") anchor = anchor.nextSibling;
  svg.insertBefore(rect, anchor);
}

/** Format a number for labels: fixed decimals and a typographic minus sign. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const s = value.toFixed(decimals);
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/** Format a parameter with 3 significant digits (at least 2 decimals below 10). */
export function formatParameter(value: number): string {
  const a = Math.abs(value);
  const decimals = a >= 100 ? 1 : a >= 10 ? 2 : a >= 1e-2 || a === 0 ? 2 : 4;
  return formatNumber(value, decimals);
}

/** Subscript digits for component labels (λ₁, μ₂ …). */
export function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]!);
}

/** The document to draw into: the caller's, or the shared linkedom one. */
export function resolveDocument(document: ChartDocument | undefined): ChartDocument {
  if (document === undefined) return chartDocument();
  if (document === null || typeof document.createElementNS !== "function") {
    throw new ParameterTypeError(
      "options.document",
      "a DOM document (with createElementNS)",
      describeValue(document),
      "Omit it to use the built-in document, or pass globalThis.document in a browser.",
    );
  }
  return document;
}

/** The option keys every chart takes for its canvas (for `optionKeys`). */
export const CANVAS_KEYS: { width: 1; height: 1; background: 1; document: 1 } = {
  width: 1,
  height: 1,
  background: 1,
  document: 1,
};

/** Check a frame's fixed axis domains (`options.domain`), where given. */
export function checkFrameDomain(domain: { x?: unknown; y?: unknown } | undefined): void {
  if (domain?.x !== undefined) checkDomain(domain.x, "options.domain.x");
  if (domain?.y !== undefined) checkDomain(domain.y, "options.domain.y");
}

/** Check a [min, max] domain. */
export function checkDomain(value: unknown, parameter: string): asserts value is [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new ParameterTypeError(
      parameter,
      "a [min, max] pair of numbers",
      describeValue(value),
      "Use e.g. [-2, 3], or omit it to fit the data.",
    );
  }
  checkNumber(value[0], `${parameter}[0]`);
  checkNumber(value[1], `${parameter}[1]`);
  if (!(value[1] > value[0])) {
    throw new ParameterRangeError(
      parameter,
      "a [min, max] pair with min < max",
      describeValue(value),
      "Swap the ends or widen the range.",
    );
  }
}

/** Check a positive integer size option (width, height, bins …). */
export function checkSize(value: unknown, parameter: string, min: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ParameterRangeError(
      parameter,
      `an integer ≥ ${min}`,
      describeValue(value),
      "Use a whole number of pixels (or bins).",
    );
  }
}

/** Legend entries of a mixture chart (data and mixture, then one row of components). */
export function mixtureLegend(mixture: Mixture, parameters: boolean, data = true): LegendEntry[] {
  const entries: LegendEntry[] = [];
  const t = messages();
  if (data) entries.push({ label: t.dataHistogram, color: DATA_COLOR, symbol: "rect" });
  entries.push({
    label: t.mixtureDensity,
    color: MIXTURE_COLOR,
    symbol: "line",
    strokeWidth: 3,
  });
  mixture.weights.forEach((w, h) => {
    const n = subscript(h + 1);
    const label = parameters
      ? `λ${n}=${formatParameter(w)}, μ${n}=${formatParameter(mixture.means[h]!)}, σ${n}=${
        formatParameter(mixture.stdDevs[h]!)
      }`
      : t.component(h + 1);
    entries.push({
      label,
      color: componentColor(h),
      symbol: "line",
      strokeWidth: 2,
      chars: parameters ? 30 : undefined,
      newRow: h === 0,
    });
  });
  return entries;
}

/**
 * A × at every `{ x, y }` with a wider halo drawn under it (the halo takes
 * the cross's options, then its own), so a centre stands out from dots of
 * its own colour: two dot marks, halo first.
 */
export function haloCrosses(
  data: readonly object[],
  cross: Plot.DotOptions,
  halo: Plot.DotOptions,
): Plot.Markish[] {
  const base: Plot.DotOptions = { x: "x", y: "y", symbol: "times", ...cross };
  return [Plot.dot(data, { ...base, ...halo }), Plot.dot(data, base)];
}

/** [min, max] of the values (a single loop: no argument-count limit). */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The values' range widened by `padding` × its width on each side (± 0.5 when it is a point). */
export function paddedExtent(values: ArrayLike<number>, padding: number): [number, number] {
  const [lo, hi] = extent(values);
  const pad = hi > lo ? (hi - lo) * padding : 0.5;
  return [lo - pad, hi + pad];
}

/** How a frame's state is read: what a mixture of its kind is, and how to check one. */
export interface StateKind {
  /** The mixture's name in the error, e.g. "a mixture" or "an MvMixture". */
  readonly name: string;
  /** What to pass instead, for the error. */
  readonly hint: string;
  /** Check a mixture, naming `parameter` in the error. */
  readonly validate: (mixture: unknown, parameter: string) => void;
}

/**
 * Read what a frame draws: an EM snapshot `{ mixture, iteration?, logLikelihood? }`
 * or a bare mixture (anything with `weights`), checked by `kind.validate`.
 */
export function resolveSnapshot<M>(
  state: unknown,
  parameter: string,
  kind: StateKind,
): { readonly mixture: M; readonly iteration?: number; readonly logLikelihood?: number } {
  if (state !== null && typeof state === "object" && "weights" in state) {
    kind.validate(state, parameter);
    return { mixture: state as M };
  }
  if (state === null || typeof state !== "object" || !("mixture" in state)) {
    throw new ParameterTypeError(
      parameter,
      `an EM snapshot ({ mixture, iteration, logLikelihood }) or ${kind.name}`,
      describeValue(state),
      kind.hint,
    );
  }
  kind.validate(state.mixture, `${parameter}.mixture`);
  return state as { mixture: M };
}

/** The options every chart takes: size, background, document. */
interface SizedOptions {
  width?: number;
  height?: number;
  background?: string | null;
  document?: ChartDocument;
}

/** Where a chart is drawn: the document, the width and the background (`null`: transparent). */
export interface Canvas {
  /** The document to draw into. */
  readonly document: ChartDocument;
  /** Width in pixels. */
  readonly width: number;
  /** Background colour, or `null` for transparent. */
  readonly background: string | null;
}

/**
 * Check a chart's options once: no unknown keys, the defaults filled in,
 * width and height whole pixels of at least `min`, and the canvas to draw on.
 */
export function resolveChartOptions<O extends SizedOptions, D extends object>(
  options: O,
  keys: readonly string[],
  defaults: D,
  fn: string,
  min: { width: number; height: number } = { width: 200, height: 150 },
): { o: D & O; canvas: Canvas } {
  checkOptions(options, keys, fn);
  const o = { ...defaults, ...options };
  const document = resolveDocument(options.document);
  checkSize(o.width, "options.width", min.width);
  if ("height" in o) checkSize(o.height, "options.height", min.height);
  return { o, canvas: { document, width: o.width, background: o.background ?? null } };
}

/** Bars of a density histogram in the data colour (`{ x1, x2, density }` rows), clipped. */
export function histogramBars(data: readonly object[], options: Plot.RectYOptions): Plot.Markish {
  return Plot.rectY(data, {
    x1: "x1",
    x2: "x2",
    y: "density",
    fill: DATA_COLOR,
    fillOpacity: 0.12,
    stroke: DATA_COLOR,
    clip: true,
    ...options,
  });
}
