/**
 * Export: charts as PNG (resvg) and EM runs as animated GIFs (gifenc).
 *
 * @example
 * ```ts
 * import { encodeGif } from "@emlab/emlab/export";
 * import { assertEquals } from "@std/assert";
 * const gif = encodeGif([{ width: 1, height: 1, pixels: new Uint8Array([255, 0, 0, 255]) }]);
 * assertEquals(String.fromCharCode(...gif.slice(0, 6)), "GIF89a");
 * ```
 *
 * @module
 */
export * from "./raster.ts";
export * from "./gif.ts";
export * from "./animation.ts";
