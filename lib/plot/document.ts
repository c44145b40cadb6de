/**
 * The document the chart helpers draw into, and SVG serialisation.
 *
 * Charts are rendered by Observable Plot into a DOM `document`. In a browser
 * pass `globalThis.document`; everywhere else (the Deno Jupyter kernel, tests,
 * scripts) the helpers use one shared server-side document from linkedom.
 *
 * @module
 */
import { parseHTML } from "linkedom";

/** The few DOM element features the chart helpers use (browser or linkedom). */
export interface ChartElement {
  /** The element's markup. */
  readonly outerHTML: string;
  /** The element's tag name ("svg" for charts). */
  readonly tagName: string;
  /** The text of the element and its descendants. */
  textContent: string | null;
  /** The first child node. */
  readonly firstChild: ChartElement | null;
  /** The next sibling node. */
  readonly nextSibling: ChartElement | null;
  /** Read an attribute. */
  getAttribute(name: string): string | null;
  /** Set an attribute. */
  setAttribute(name: string, value: string): void;
  /** Append a child. */
  appendChild<T extends ChartElement>(child: T): T;
  /** Insert a child before a reference child. */
  insertBefore<T extends ChartElement>(child: T, reference: ChartElement | null): T;
  /** All descendants matching a CSS selector. */
  querySelectorAll(selector: string): ArrayLike<ChartElement>;
}

/** The few DOM document features the chart helpers use (browser or linkedom). */
export interface ChartDocument {
  /** Create an element in a namespace (SVG elements). */
  createElementNS(namespace: string, name: string): ChartElement;
}

/** The SVG namespace. */
export const SVG_NS = "http://www.w3.org/2000/svg";

let shared: ChartDocument | undefined;

/**
 * The shared server-side document (linkedom) used when no `document` is
 * passed to a chart helper. Created on first use.
 *
 * @returns A document whose elements serialise with `outerHTML`.
 *
 * @example
 * ```ts
 * import { chartDocument } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const g = chartDocument().createElementNS("http://www.w3.org/2000/svg", "g");
 * assertEquals(g.tagName.toLowerCase(), "g");
 * assertEquals(chartDocument(), chartDocument());
 * ```
 */
export function chartDocument(): ChartDocument {
  if (shared === undefined) {
    const window = parseHTML(
      "<!DOCTYPE html><html><head></head><body></body></html>",
    ) as unknown as {
      document: ChartDocument;
    };
    shared = window.document;
  }
  return shared;
}

/**
 * Serialise a chart to a standalone SVG file's text (with the `xmlns`
 * attributes that image viewers and converters need).
 *
 * @param chart An SVG element returned by a chart helper.
 * @returns The SVG markup.
 *
 * @example Write a frame to disk
 * ```ts
 * import { fit, mixture, mixtureFrame, sampleMixture, svgString } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 500, { seed: 1 });
 * const result = fit(x, 2, { seed: 1 });
 * const svg = svgString(mixtureFrame(x, result.history.at(-1)!));
 * assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
 * // await Deno.writeTextFile("frame.svg", svg);
 * ```
 */
export function svgString(chart: ChartElement): string {
  const html = chart.outerHTML;
  if (!html.startsWith("<svg")) {
    throw new TypeError(
      `chart must be an <svg> element, got <${chart.tagName.toLowerCase()}>. ` +
        "Pass the element returned by a chart helper.",
    );
  }
  const head = html.slice(0, html.indexOf(">"));
  let attributes = "";
  if (!head.includes("xmlns=")) attributes += ` xmlns="${SVG_NS}"`;
  if (!head.includes("xmlns:xlink=") && html.includes("xlink:")) {
    attributes += ' xmlns:xlink="http://www.w3.org/1999/xlink"';
  }
  return `<svg${attributes}${html.slice(4)}`;
}
