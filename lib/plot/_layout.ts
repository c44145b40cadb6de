// The layout every chart shares: the title, legend and y-axis label drawn
// above the plot, the margins around it, and the Plot call that puts them
// together. The constants live here and nowhere else, so all charts line up
// (a responsibility strip under a mixture frame, a trace beside it).
import * as Plot from "@observablehq/plot";
import type { ChartDocument, ChartElement } from "./document.ts";
import {
  addBackground,
  type Canvas,
  drawLabel,
  drawLegend,
  FONT,
  type LegendEntry,
  legendHeight,
  legendLayout,
  overlay,
  svgElement,
} from "./_overlay.ts";

/** Pixel constants of the shared chart layout. */
export const LAYOUT: Readonly<{
  /** Left edge of the title, the legend and the y-axis label. */
  inset: number;
  /** Baseline of the title below the top edge. */
  titleLine: number;
  /** From the title's baseline (or the top edge) to the legend's first baseline. */
  legendLine: number;
  /** From the legend's last baseline (or the title's) to the plot when nothing sits between. */
  plotGap: number;
  /** Extra room above the plot for the y-axis label ("↑ density"). */
  axisLabelRoom: number;
  /** Extra room above the plot for facet labels (a filmstrip's panel headings). */
  facetLabelRoom: number;
  /** The y-axis label's baseline above the plot's top. */
  axisLabelRaise: number;
  /** Left margin of a plot whose y ticks are short (densities, coordinates). */
  marginLeft: number;
  /** Left margin of a plot whose y ticks are long (log-likelihoods, criterion differences). */
  marginLeftWide: number;
  /** Right margin. */
  marginRight: number;
  /** Bottom margin: the x ticks and the x-axis label. */
  marginBottom: number;
  /** The x-axis label's offset below the plot. */
  xLabelOffset: number;
}> = Object.freeze({
  inset: 12,
  titleLine: 22,
  legendLine: 22,
  plotGap: 16,
  axisLabelRoom: 18,
  facetLabelRoom: 18,
  axisLabelRaise: 12,
  marginLeft: 56,
  marginLeftWide: 64,
  marginRight: 20,
  marginBottom: 44,
  xLabelOffset: 36,
});

/** What is drawn above a chart's plot. */
export interface HeaderSpec {
  /** Chart width in pixels (the legend wraps within it). */
  readonly width: number;
  /** Title text; "" for none. */
  readonly title: string;
  /** Legend entries; none for no legend. */
  readonly legend: readonly LegendEntry[];
  /** The y-axis label drawn above the plot's top-left corner ("↑ density"); "" for none. */
  readonly yLabel?: string;
  /** Leave room above the plot for facet labels. */
  readonly facetLabels?: boolean;
}

/** Where a header puts things: baselines of the title and legend, and the plot's top. */
export interface Header {
  /** Baseline of the title (0 when there is none). */
  readonly titleBase: number;
  /** Baseline of the legend's first row. */
  readonly legendBase: number;
  /** Rows of the legend (0 for none). */
  readonly rows: number;
  /** The plot's top margin: everything above fits in it. */
  readonly marginTop: number;
}

/**
 * Lay out a header: title, then the legend (wrapped to the width), then the
 * y-axis label and facet-label room, then the plot.
 *
 * @example
 * ```ts
 * import { chartHeader } from "./_layout.ts";
 * import { assertEquals } from "@std/assert";
 * const h = chartHeader({ width: 640, title: "a title", legend: [], yLabel: "↑ y" });
 * assertEquals([h.titleBase, h.rows, h.marginTop], [22, 0, 22 + 16 + 18]);
 * ```
 */
export function chartHeader(spec: HeaderSpec): Header {
  const { rows } = legendLayout(spec.legend, legendWidth(spec.width));
  const titleBase = spec.title ? LAYOUT.titleLine : 0;
  const legendBase = titleBase + (rows > 0 ? LAYOUT.legendLine : 0);
  const marginTop = legendBase + legendHeight(Math.max(rows - 1, 0)) + LAYOUT.plotGap +
    (spec.yLabel ? LAYOUT.axisLabelRoom : 0) + (spec.facetLabels ? LAYOUT.facetLabelRoom : 0);
  return { titleBase, legendBase, rows, marginTop };
}

/** The width the legend wraps within: the chart's, less the inset on both sides. */
function legendWidth(width: number): number {
  return width - 2 * LAYOUT.inset;
}

/** A Plot mark drawing a header's title, legend and y-axis label (and any `extra`). */
function headerMark(
  spec: HeaderSpec,
  header: Header,
  extra?: (document: ChartDocument, marginTop: number) => ChartElement,
): Plot.Markish {
  return overlay((_d, doc) => {
    const g = svgElement(doc, "g", {});
    const x = LAYOUT.inset;
    if (spec.title) g.appendChild(drawLabel(doc, "title", spec.title, x, header.titleBase));
    if (header.rows > 0) {
      g.appendChild(
        drawLegend(doc, spec.legend, x, header.legendBase, legendWidth(spec.width)),
      );
    }
    if (spec.yLabel) {
      const y = header.marginTop - LAYOUT.axisLabelRaise;
      g.appendChild(drawLabel(doc, "axis label", spec.yLabel, x, y));
    }
    if (extra) g.appendChild(extra(doc, header.marginTop));
    return g;
  });
}

/** A chart for {@linkcode layoutChart}: its canvas, header, height and Plot's scales and marks. */
export interface ChartSpec extends HeaderSpec, Canvas {
  /** Height in pixels, or a function of the top margin (a filmstrip grows with its rows). */
  readonly height: number | ((marginTop: number) => number);
  /** @default LAYOUT.marginLeft */
  readonly marginLeft?: number;
  /** @default LAYOUT.marginRight */
  readonly marginRight?: number;
  /** The x scale; its label is centred {@linkcode LAYOUT}.xLabelOffset below the plot. */
  readonly x: Plot.ScaleOptions;
  /** The y scale; Plot's own label is off (the header draws `yLabel`). */
  readonly y: Plot.ScaleOptions;
  /** Facet scales, when faceted. */
  readonly fx?: Plot.ScaleOptions;
  /** Facet scales, when faceted. */
  readonly fy?: Plot.ScaleOptions;
  /** The chart's marks; the header is drawn over them. */
  readonly marks: readonly Plot.Markish[];
  /** Something more to draw with the header, placed from the plot's top margin. */
  readonly extra?: (document: ChartDocument, marginTop: number) => ChartElement;
}

/**
 * Draw a chart with the shared layout: Plot with the header's top margin,
 * the shared side and bottom margins, the x label centred below the plot,
 * the header over the marks, then the background and display scale.
 *
 * @example
 * ```ts
 * import { layoutChart } from "./_layout.ts";
 * import { chartDocument } from "./document.ts";
 * import * as Plot from "@observablehq/plot";
 * import { assertStringIncludes } from "@std/assert";
 * const svg = layoutChart({
 *   document: chartDocument(), width: 640, height: 320, background: "white",
 *   title: "a line", legend: [], yLabel: "↑ y",
 *   x: { label: "x" }, y: {}, marks: [Plot.line([[0, 0], [1, 1]])],
 * });
 * assertStringIncludes(svg.outerHTML, "↑ y");
 * ```
 */
export function layoutChart(spec: ChartSpec): ChartElement {
  const header = chartHeader(spec);
  const { marginTop } = header;
  const svg = Plot.plot({
    document: spec.document as never,
    width: spec.width,
    height: typeof spec.height === "number" ? spec.height : spec.height(marginTop),
    marginTop,
    marginLeft: spec.marginLeft ?? LAYOUT.marginLeft,
    marginRight: spec.marginRight ?? LAYOUT.marginRight,
    marginBottom: LAYOUT.marginBottom,
    style: { fontSize: `${FONT.axis}px` },
    ...(spec.fx ? { fx: spec.fx } : {}),
    ...(spec.fy ? { fy: spec.fy } : {}),
    x: { labelAnchor: "center", labelOffset: LAYOUT.xLabelOffset, ...spec.x },
    y: { label: null, ...spec.y },
    marks: [...spec.marks, headerMark(spec, header, spec.extra)],
  }) as unknown as ChartElement;
  addBackground(svg, spec.document, spec.background);
  return svg;
}

/**
 * The title a chart draws: none for `false`, the caller's text, or the
 * chart's own default.
 *
 * @example
 * ```ts
 * import { chartTitle } from "./_layout.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(chartTitle(undefined, "the default"), "the default");
 * assertEquals(chartTitle(false, "the default"), "");
 * ```
 */
export function chartTitle(option: string | false | undefined, fallback: string): string {
  return option === false ? "" : (option ?? fallback);
}
