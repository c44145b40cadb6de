/**
 * A run of EM as pictures: one {@linkcode mixtureFrame} per snapshot on
 * fixed axes, rendered to PNG files or one animated GIF that a notebook
 * shows inline.
 *
 * @module
 */
import { checkNonEmptyArray, checkOptions } from "../core/_validate.ts";
import { messages } from "../core/i18n.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { frameDomain, type FrameState, mixtureFrame } from "../plot/mixture_frame.ts";
import type { ChartElement } from "../plot/document.ts";
import {
  type AnimationFrameOptions,
  FRAME_OPTION_KEYS,
  GIF_OPTION_KEYS,
  type GifOptions,
  RASTER_OPTION_KEYS,
  type RasterOptions,
} from "./_options.ts";
import { encodeGif } from "./gif.ts";
import { type RasterImage, rasterize } from "./raster.ts";

export type { AnimationFrameOptions } from "./_options.ts";

/** Options for {@linkcode animationPngs}. */
export interface AnimationPngOptions extends AnimationFrameOptions, RasterOptions {}

/** Options for {@linkcode animationGif}. */
export interface AnimationGifOptions extends AnimationFrameOptions, RasterOptions, GifOptions {}

function checkHistory(history: unknown): readonly (FrameState | Mixture)[] {
  checkNonEmptyArray<FrameState | Mixture>(
    history,
    "history",
    "a non-empty array of EM snapshots",
    "Pass fit(…).history or [...em(x, start)].",
  );
  return history;
}

/**
 * One chart per snapshot of a run (iteration 0 is the start), all on the
 * same axes.
 *
 * @param x The observations the run was fitted to.
 * @param history The snapshots, e.g. `fit(…).history`.
 * @param options Options passed to every frame.
 * @returns One `<svg>` element per snapshot.
 * @throws {ParameterTypeError} A history that is not a non-empty array, or options not an object.
 * @throws {ParameterRangeError} An unknown option key (also in `options.frame`) or an unusable value.
 *
 * @example
 * ```ts
 * import { animationFrames, fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 1 });
 * const { history } = fit(x, 2, { seed: 1 });
 * assertEquals(animationFrames(x, history).length, history.length);
 * ```
 */
export function animationFrames(
  x: ArrayLike<number>,
  history: readonly (FrameState | Mixture)[],
  options: AnimationFrameOptions = {},
): ChartElement[] {
  const states = checkHistory(history);
  checkOptions(options, FRAME_OPTION_KEYS, "animationFrames");
  const frame = options.frame ?? {};
  // mixtureFrame checks the frame options' keys and values.
  checkOptions(frame, undefined, "animationFrames", "options.frame");
  const domain = {
    ...frameDomain(x, states, frame.bins === undefined ? {} : { bins: frame.bins }),
    ...frame.domain,
  };
  return states.map((s) => mixtureFrame(x, s, { ...frame, domain }));
}

/**
 * The frames of a run as PNG files' bytes, in order (write them as
 * `000.png`, `001.png`, …).
 *
 * @param x The observations the run was fitted to.
 * @param history The snapshots, e.g. `fit(…).history`.
 * @param options Frame options, scale and colours.
 * @returns One PNG per snapshot.
 * @throws {ParameterTypeError} A history that is not a non-empty array, or an option of the wrong type.
 * @throws {ParameterRangeError} An unknown option key or an unusable value.
 *
 * @example
 * ```ts
 * import { animationPngs, fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 1 });
 * const { history } = fit(x, 2, { seed: 1, maxIter: 3 });
 * const pngs = await animationPngs(x, history);
 * assertEquals(pngs.length, history.length);
 * // for (const [i, png] of pngs.entries()) await Deno.writeFile(`${String(i).padStart(3, "0")}.png`, png);
 * ```
 */
export async function animationPngs(
  x: ArrayLike<number>,
  history: readonly (FrameState | Mixture)[],
  options: AnimationPngOptions = {},
): Promise<Uint8Array[]> {
  checkOptions(options, [...FRAME_OPTION_KEYS, ...RASTER_OPTION_KEYS], "animationPngs");
  const { frame, ...raster } = options;
  const charts = animationFrames(x, history, { frame });
  const pngs: Uint8Array[] = [];
  for (const chart of charts) pngs.push((await rasterize(chart, raster)).png);
  return pngs;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * An animated GIF of a run. As a notebook cell's last expression it shows
 * inline (it carries a Jupyter display bundle); `save(path)` writes it.
 */
export class GifAnimation {
  /** The GIF file's bytes. */
  readonly bytes: Uint8Array;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Number of frames (one per snapshot). */
  readonly frames: number;

  /**
   * @param bytes The GIF file's bytes.
   * @param width Width in pixels.
   * @param height Height in pixels.
   * @param frames Number of frames.
   */
  constructor(bytes: Uint8Array, width: number, height: number, frames: number) {
    this.bytes = bytes;
    this.width = width;
    this.height = height;
    this.frames = frames;
  }

  /**
   * Write the GIF to a file, creating its folder if needed.
   *
   * @param path Where to write, e.g. `"../out/em.gif"`.
   * @returns The path written.
   */
  async save(path: string | URL): Promise<string | URL> {
    const text = path instanceof URL ? path.pathname : path;
    const slash = text.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(text.slice(0, slash), { recursive: true });
    await Deno.writeFile(path, this.bytes);
    return path;
  }

  /**
   * The Jupyter display bundle: the GIF, an `<img>` for front-ends and
   * HTML exports that do not render `image/gif`, and a text summary.
   *
   * @returns MIME type → content.
   */
  toMimeBundle(): Record<string, string> {
    const data = base64(this.bytes);
    const summary = messages().gifSummary(
      this.frames,
      this.width,
      this.height,
      Math.round(this.bytes.length / 1024),
    );
    return {
      "image/gif": data,
      "text/html": `<img src="data:image/gif;base64,${data}" width="${this.width}" ` +
        `height="${this.height}" alt="${summary}">`,
      "text/plain": summary,
    };
  }

  /** Called by the Deno Jupyter kernel to show the animation. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return this.toMimeBundle();
  }
}

/**
 * Render a run as one animated GIF: a frame per snapshot on fixed axes,
 * each shown `delay` ms, the last held for `pause` ms, looping.
 *
 * @param x The observations the run was fitted to.
 * @param history The snapshots, e.g. `fit(…).history`.
 * @param options Frame options, scale, colours, delay, pause and loop count.
 * @returns The animation: `bytes`, size, `save(path)`, and an inline display in notebooks.
 * @throws {ParameterTypeError} A history that is not a non-empty array, or an option of the wrong type.
 * @throws {ParameterRangeError} An unknown option key or an unusable value (delay, pause, loops, scale, …).
 *
 * @example Show and save the animation of a fit
 * ```ts
 * import { animationGif, fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 1 });
 * const { history } = fit(x, 2, { seed: 1, maxIter: 4 });
 * const gif = await animationGif(x, history, { delay: 200, pause: 2000 });
 * assertEquals(gif.frames, history.length);
 * assertEquals([gif.width, gif.height], [640, 400]);
 * // await gif.save("em.gif");  // and as a cell's last expression `gif` shows it inline
 * ```
 */
export async function animationGif(
  x: ArrayLike<number>,
  history: readonly (FrameState | Mixture)[],
  options: AnimationGifOptions = {},
): Promise<GifAnimation> {
  checkOptions(
    options,
    [...FRAME_OPTION_KEYS, ...RASTER_OPTION_KEYS, ...GIF_OPTION_KEYS],
    "animationGif",
  );
  const { frame, delay, pause, loops, ...raster } = options;
  // Validate the timing before the (slow) rendering.
  encodeGif([{ width: 1, height: 1, pixels: new Uint8Array(4) }], { delay, pause, loops });
  const charts = animationFrames(x, history, { frame });
  const images: RasterImage[] = [];
  for (const chart of charts) images.push(await rasterize(chart, raster));
  const bytes = encodeGif(images, { delay, pause, loops });
  const { width, height } = images[0]!;
  return new GifAnimation(bytes, width, height, images.length);
}
