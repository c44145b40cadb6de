/**
 * Animated GIFs from rendered frames, encoded with gifenc: one frame per
 * image, a chosen delay between frames and a longer pause on the last one.
 *
 * @module
 */
import gifenc from "gifenc";
import { checkNonEmptyArray, checkOptions } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import {
  GIF_OPTION_KEYS,
  type GifOptions,
  RASTER_OPTION_KEYS,
  type RasterOptions,
} from "./_options.ts";
import { type RasterImage, rasterize, type SvgSource } from "./raster.ts";

export type { GifOptions } from "./_options.ts";

type Palette = number[][];
interface GifStream {
  writeFrame(
    index: Uint8Array,
    width: number,
    height: number,
    options: { palette: Palette; delay: number; repeat?: number },
  ): void;
  finish(): void;
  bytes(): Uint8Array;
}
interface GifencModule {
  GIFEncoder(): GifStream;
  quantize(rgba: Uint8Array, maxColors: number, options?: { format?: string }): Palette;
  applyPalette(rgba: Uint8Array, palette: Palette, format?: string): Uint8Array;
}
const { GIFEncoder, quantize, applyPalette } = gifenc as unknown as GifencModule;

function checkMs(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 655350) {
    throw new ParameterRangeError(
      `options.${name}`,
      "a number of milliseconds in [0, 655350]",
      describeValue(value),
      "GIF stores delays in hundredths of a second; e.g. 250 for a quarter second.",
    );
  }
  return value;
}

// Check the GIF timing options' values (their keys are checked by the caller).
function gifValues(options: GifOptions): Required<GifOptions> {
  const delay = checkMs(options.delay, "delay", 250);
  const pause = checkMs(options.pause, "pause", 2500);
  const { loops = 0 } = options;
  if (!Number.isInteger(loops) || loops < 0 || loops > 65535) {
    throw new ParameterRangeError(
      "options.loops",
      "an integer in [0, 65535]",
      describeValue(loops),
      "Use 0 to loop forever or 1 to play once.",
    );
  }
  return { delay, pause, loops };
}

function checkFrames(frames: readonly RasterImage[]): void {
  checkNonEmptyArray(
    frames,
    "frames",
    "a non-empty array of images ({ width, height, pixels })",
    "Render the frames first, e.g. with rasterize(svg).",
  );
  const first = frames[0]!;
  frames.forEach((f, i) => {
    if (
      f === null || typeof f !== "object" || !(f.pixels instanceof Uint8Array) ||
      !Number.isInteger(f.width) || !Number.isInteger(f.height) || f.width < 1 || f.height < 1 ||
      f.pixels.length !== 4 * f.width * f.height
    ) {
      throw new ParameterTypeError(
        `frames[${i}]`,
        "an RGBA image { width, height, pixels } with 4 · width · height bytes",
        describeValue(f),
        "Use the result of rasterize(svg).",
      );
    }
    if (f.width !== first.width || f.height !== first.height) {
      throw new ParameterRangeError(
        `frames[${i}]`,
        `an image of the first frame's size ${first.width} × ${first.height}`,
        `${f.width} × ${f.height}`,
        "Draw every frame with the same width, height and scale.",
      );
    }
  });
}

/**
 * Encode RGBA frames as one animated GIF. Each frame gets its own
 * 256-colour palette; every frame is shown `delay` ms except the last,
 * which is held for `pause` ms.
 *
 * @param frames Images of equal size (see {@linkcode rasterize}).
 * @param options Delay, pause and loop count.
 * @returns The GIF file's bytes.
 * @throws {ParameterTypeError} Frames that are not equal-sized RGBA images, or options not an object.
 * @throws {ParameterRangeError} An unusable delay, pause or loop count, frames of different sizes, or an unknown option key.
 *
 * @example Two frames, black then white
 * ```ts
 * import { encodeGif } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const frame = (v: number) => ({ width: 2, height: 2, pixels: new Uint8Array(16).fill(v) });
 * const gif = encodeGif([frame(0), frame(255)], { delay: 100, pause: 1000 });
 * assertEquals(new TextDecoder().decode(gif.subarray(0, 6)), "GIF89a");
 * ```
 */
export function encodeGif(frames: readonly RasterImage[], options: GifOptions = {}): Uint8Array {
  checkFrames(frames);
  checkOptions(options, GIF_OPTION_KEYS, "encodeGif");
  const { delay, pause, loops } = gifValues(options);
  const gif = GIFEncoder();
  frames.forEach((f, i) => {
    // Opaque frames: drop alpha so the quantiser spends its colours on RGB.
    const palette = quantize(f.pixels, 256, { format: "rgb565" });
    const index = applyPalette(f.pixels, palette, "rgb565");
    gif.writeFrame(index, f.width, f.height, {
      palette,
      delay: i === frames.length - 1 ? pause : delay,
      // gifenc: 0 = forever, -1 = once, n = n extra repetitions.
      ...(i === 0 ? { repeat: loops === 0 ? 0 : loops === 1 ? -1 : loops - 1 } : {}),
    });
  });
  gif.finish();
  return gif.bytes();
}

/** Options for {@linkcode svgsToGif}: rendering plus timing. */
export interface SvgGifOptions extends RasterOptions, GifOptions {}

/**
 * Render SVG charts (see {@linkcode rasterize}) and encode them as one
 * animated GIF (see {@linkcode encodeGif}).
 *
 * @param svgs The frames, as `<svg>` elements or markup, all of one size.
 * @param options Scale, colours, delay, pause and loop count.
 * @returns The GIF file's bytes.
 * @throws {ParameterTypeError} No charts, or an argument of the wrong type.
 * @throws {ParameterRangeError} An unusable option value, an unknown option key, or charts of different sizes.
 *
 * @example
 * ```ts
 * import { svgsToGif } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const frames = [10, 20, 30].map((r) =>
 *   `<svg width="64" height="64"><circle cx="32" cy="32" r="${r}"/></svg>`
 * );
 * const gif = await svgsToGif(frames, { delay: 100 });
 * assert(gif.length > 100);
 * ```
 */
export async function svgsToGif(
  svgs: readonly SvgSource[],
  options: SvgGifOptions = {},
): Promise<Uint8Array> {
  checkNonEmptyArray(
    svgs,
    "svgs",
    "a non-empty array of <svg> elements or SVG markup",
    "Pass one chart per frame.",
  );
  checkOptions(options, [...RASTER_OPTION_KEYS, ...GIF_OPTION_KEYS], "svgsToGif");
  gifValues(options);
  const { delay, pause, loops, ...raster } = options;
  const frames: RasterImage[] = [];
  for (const svg of svgs) frames.push(await rasterize(svg, raster));
  return encodeGif(frames, { delay, pause, loops });
}
