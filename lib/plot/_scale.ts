// The display scale of every chart, for projectors: `EMLAB_CHART_SCALE`
// (a factor, e.g. 1.5) enlarges each chart's width and height while its
// viewBox, and so its layout, stays the same — text, lines and points grow
// together. `deno task lab --scale <f>` sets it for the notebooks' kernels.
import { ParameterRangeError } from "../core/errors.ts";

/** The attributes of a chart's `<svg>` element that the scale touches. */
interface SizedElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/** The environment variable that scales every chart (a factor; 1 leaves charts as they are). */
export const CHART_SCALE_ENV = "EMLAB_CHART_SCALE";
/** The smallest and largest scale accepted. */
export const CHART_SCALE_RANGE: readonly [number, number] = [0.25, 4];

/**
 * Read a scale factor from text (the environment variable or `--scale`).
 * Empty or missing text means 1.
 *
 * @throws {ParameterRangeError} when the text is not a number in {@link CHART_SCALE_RANGE}.
 */
export function parseChartScale(text: string | undefined, parameter = CHART_SCALE_ENV): number {
  if (text === undefined || text.trim() === "") return 1;
  const value = Number(text);
  const [lo, hi] = CHART_SCALE_RANGE;
  if (!Number.isFinite(value) || value < lo || value > hi) {
    throw new ParameterRangeError(
      parameter,
      `a number from ${lo} to ${hi}`,
      JSON.stringify(text),
      "Use e.g. 1.5 to draw every chart one and a half times as large, or 1 (or unset it) " +
        "for the normal size.",
    );
  }
  return value;
}

/** The scale `EMLAB_CHART_SCALE` asks for: 1 when it is unset, empty or unreadable. */
export function chartScale(): number {
  let text: string | undefined;
  try {
    // deno-lint-ignore no-explicit-any
    text = (globalThis as any).Deno?.env?.get(CHART_SCALE_ENV);
  } catch {
    text = undefined; // no permission to read the environment
  }
  return parseChartScale(text);
}

/**
 * Apply {@link chartScale} to a finished chart: multiply its `width` and
 * `height` attributes, keeping the `viewBox` (set from them when missing).
 */
export function scaleChart(svg: SizedElement, scale: number = chartScale()): void {
  if (scale === 1) return;
  const width = Number(svg.getAttribute("width"));
  const height = Number(svg.getAttribute("height"));
  if (!(width > 0) || !(height > 0)) return;
  if (svg.getAttribute("viewBox") === null) svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(Math.round(width * scale)));
  svg.setAttribute("height", String(Math.round(height * scale)));
}
