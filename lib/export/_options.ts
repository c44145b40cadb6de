// The option names of the export functions, checked by the compiler against
// their option types, so a misspelt key is an error naming the nearest one.
import { optionKeys } from "../core/_validate.ts";
import type { AnimationFrameOptions } from "./animation.ts";
import type { GifOptions } from "./gif.ts";
import type { RasterOptions } from "./raster.ts";

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
