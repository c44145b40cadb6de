// The option names of the export functions, checked by the compiler against
// their option types, so a misspelt key is an error naming the nearest one.
import { optionKeys } from "../core/_validate.ts";
import type { MixtureFrameOptions } from "../plot/mixture_frame.ts";

/** Options for {@linkcode rasterize} and {@linkcode svgToPng}. */
export interface RasterOptions {
  /** Pixels per SVG unit (2 gives a sharp image for slides). @default 1 */
  scale?: number;
  /** Background painted under the chart (any CSS colour; `"transparent"` for none). @default "white" */
  background?: string;
  /** Colour of `currentColor` (Observable Plot draws axes and text with it). @default "black" */
  color?: string;
  /** Extra TrueType/OpenType font files to load besides DejaVu Sans. @default [] */
  fonts?: readonly Uint8Array[];
}

/** Options for {@linkcode encodeGif}. */
export interface GifOptions {
  /** Milliseconds each frame is shown (GIF stores hundredths of a second). @default 250 */
  delay?: number;
  /** Milliseconds the last frame is shown before the animation starts over. @default 2500 */
  pause?: number;
  /** How often the animation plays: 0 forever, n ≥ 1 that many times. @default 0 */
  loops?: number;
}

/** Options for {@linkcode animationFrames}. */
export interface AnimationFrameOptions {
  /**
   * Options for every {@linkcode mixtureFrame} (labels, bins, size, …).
   * `domain` defaults to {@linkcode frameDomain} over the whole run, so the axes stay still.
   * @default {}
   */
  frame?: MixtureFrameOptions;
}

export const RASTER_OPTION_KEYS: readonly string[] = optionKeys<RasterOptions>({
  scale: 1,
  background: 1,
  color: 1,
  fonts: 1,
});

export const GIF_OPTION_KEYS: readonly string[] = optionKeys<GifOptions>({
  delay: 1,
  pause: 1,
  loops: 1,
});

export const FRAME_OPTION_KEYS: readonly string[] = optionKeys<AnimationFrameOptions>({
  frame: 1,
});
