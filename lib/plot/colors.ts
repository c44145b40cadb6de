/**
 * Stable colours for the charts: component h always gets the same colour, in
 * every frame, view and export.
 *
 * @module
 */
import { checkInteger } from "../core/_validate.ts";
import { describeValue, ParameterRangeError } from "../core/errors.ts";

/** Colours of components 1, 2, … (Tableau 10); component h uses entry h mod 10. */
export const COMPONENT_COLORS: readonly string[] = Object.freeze([
  "#4e79a7",
  "#f28e2c",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#af7aa1",
  "#edc949",
  "#ff9da7",
  "#9c755f",
  "#bab0ab",
]);

/** Colour of the mixture density curve. */
export const MIXTURE_COLOR = "#1a1a1a";

/** Colour of the histogram outlines and data points. */
export const DATA_COLOR = "#8c8c8c";

/**
 * The colour of component h (0-based), the same in every chart.
 *
 * @param h Component index, an integer ≥ 0.
 * @returns A hex colour.
 *
 * @example
 * ```ts
 * import { COMPONENT_COLORS, componentColor } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(componentColor(0), COMPONENT_COLORS[0]);
 * assertEquals(componentColor(10), componentColor(0));
 * ```
 */
export function componentColor(h: number): string {
  checkInteger(
    h,
    "h",
    0,
    Infinity,
    "h is a 0-based position: 0 for component 1, …, k − 1 for component k.",
  );
  return COMPONENT_COLORS[h % COMPONENT_COLORS.length]!;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Mix the component colours in proportion to weights (e.g. one point's
 * responsibilities), so a point that belongs to component 1 with
 * probability 0.7 is drawn 70 % in its colour.
 *
 * @param weights Non-negative weights per component; normalised here.
 * @returns A hex colour.
 *
 * @example
 * ```ts
 * import { blendComponentColors, componentColor } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(blendComponentColors([0, 1]), componentColor(1));
 * assertEquals(blendComponentColors([1, 1]), "#a0846a");
 * ```
 */
export function blendComponentColors(weights: ArrayLike<number>): string {
  let total = 0;
  for (let h = 0; h < weights.length; h++) {
    const w = weights[h]!;
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new ParameterRangeError(
        `weights[${h}]`,
        "a finite number ≥ 0",
        describeValue(w),
        "Pass one point's responsibilities (or any non-negative weights).",
      );
    }
    total += w;
  }
  if (!(total > 0)) {
    throw new ParameterRangeError(
      "weights",
      "weights with a positive sum",
      describeValue(weights),
      "Pass one point's responsibilities, which sum to 1.",
    );
  }
  const mixed = [0, 0, 0];
  for (let h = 0; h < weights.length; h++) {
    const c = rgb(componentColor(h));
    for (let j = 0; j < 3; j++) mixed[j]! += (weights[h]! / total) * c[j]!;
  }
  return "#" + mixed.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
}
