import { GifReader } from "omggif";
import {
  assert,
  assertEquals,
  assertGreater,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  animationFrames,
  animationGif,
  animationPngs,
  encodeGif,
  fit,
  mixture,
  ParameterRangeError,
  ParameterTypeError,
  type RasterImage,
  sampleMixture,
  svgsToGif,
} from "@emlab/emlab";

interface DecodedGif {
  width: number;
  height: number;
  loops: number | null;
  /** Delay of each frame in hundredths of a second. */
  delays: number[];
  /** Each frame fully composed, RGBA. */
  frames: Uint8Array[];
}

function decode(bytes: Uint8Array): DecodedGif {
  const reader = new GifReader(bytes);
  const canvas = new Uint8Array(reader.width * reader.height * 4);
  const frames: Uint8Array[] = [];
  const delays: number[] = [];
  for (let i = 0; i < reader.numFrames(); i++) {
    reader.decodeAndBlitFrameRGBA(i, canvas);
    frames.push(canvas.slice());
    delays.push(reader.frameInfo(i).delay);
  }
  return { width: reader.width, height: reader.height, loops: reader.loopCount(), delays, frames };
}

function differingPixels(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  }
  return n;
}

/** Dark pixels (R, G, B < 96) inside a rectangle of an RGBA buffer. */
function dark(pixels: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number) {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * width + x);
      if (pixels[i]! < 96 && pixels[i + 1]! < 96 && pixels[i + 2]! < 96) n++;
    }
  }
  return n;
}

// The walkthrough's case: 1000 points from the original mixture, a seeded random start.
const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
const { x } = sampleMixture(truth, 400, { seed: 16 });
const { history } = fit(x, 2, { init: "random", seed: 16, tol: 1e-3, maxIter: 8 });

Deno.test("animationGif() has one frame per snapshot, the delay on each and the pause on the last", async () => {
  assertGreater(history.length, 2);
  const gif = await animationGif(x, history, { delay: 200, pause: 3000 });
  const decoded = decode(gif.bytes);
  assertEquals(decoded.frames.length, history.length);
  assertEquals(gif.frames, history.length);
  assertEquals([decoded.width, decoded.height], [640, 400]);
  assertEquals([gif.width, gif.height], [640, 400]);
  assertEquals(decoded.delays, [...Array(history.length - 1).fill(20), 300]);
  assertEquals(decoded.loops, 0, "loops forever");
  // Consecutive frames differ (the curves move), and the first differs from the last a lot.
  for (let i = 1; i < decoded.frames.length; i++) {
    assertGreater(differingPixels(decoded.frames[i - 1]!, decoded.frames[i]!), 50, `frame ${i}`);
  }
  assertGreater(differingPixels(decoded.frames[0]!, decoded.frames.at(-1)!), 2000);
});

Deno.test("animationGif() frames show their title: dark text pixels where the title is", async () => {
  const gif = await animationGif(x, history.slice(0, 2), { delay: 100 });
  const { frames, width } = decode(gif.bytes);
  // mixtureFrame draws the bold title "iteration i · log-likelihood = …" at the top left.
  const titled = dark(frames[0]!, width, 0, 0, 360, 24);
  assertGreater(titled, 200);
  const untitled = await animationGif(x, history.slice(0, 2), { frame: { title: false } });
  const blank = decode(untitled.bytes);
  assertGreater(titled, dark(blank.frames[0]!, blank.width, 0, 0, 360, 24) + 200);
  // Frames 0 and 1 have different titles (iteration 0 vs 1): the title band differs.
  let differ = 0;
  for (let y = 0; y < 24; y++) {
    for (let px = 0; px < 360; px++) {
      const i = 4 * (y * width + px);
      if (Math.abs(frames[0]![i]! - frames[1]![i]!) > 64) differ++;
    }
  }
  assertGreater(differ, 20);
});

Deno.test("animationGif() is displayable in a notebook and can scale", async () => {
  const gif = await animationGif(x, history.slice(0, 2), { scale: 1.5, delay: 100 });
  assertEquals([gif.width, gif.height], [960, 600]);
  const displayable = gif as unknown as Record<symbol, () => Record<string, string>>;
  const bundle = displayable[Symbol.for("Jupyter.display")]!.call(gif);
  assertEquals(atob(bundle["image/gif"]!).slice(0, 6), "GIF89a");
  assertStringIncludes(bundle["text/html"]!, 'src="data:image/gif;base64,R0lGOD');
  assertStringIncludes(bundle["text/plain"]!, "2 frames");
  const dir = await Deno.makeTempDir();
  try {
    await gif.save(`${dir}/sub/em.gif`);
    assertEquals(await Deno.readFile(`${dir}/sub/em.gif`), gif.bytes);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("animationPngs() gives one PNG per snapshot at the frame size times the scale", async () => {
  const pngs = await animationPngs(x, history.slice(0, 3), { scale: 2 });
  assertEquals(pngs.length, 3);
  for (const png of pngs) {
    assertEquals([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    assertEquals([view.getUint32(16), view.getUint32(20)], [1280, 800]);
  }
  assert(pngs[0]!.length !== pngs[2]!.length || pngs[0]!.some((b, i) => b !== pngs[2]![i]));
});

Deno.test("animationFrames() keeps the axes fixed across the run", () => {
  const frames = animationFrames(x, history);
  const ticks = (svg: { outerHTML: string }) =>
    svg.outerHTML.match(/aria-label="x-axis tick label"[\s\S]*?<\/g>/)?.[0];
  assert(ticks(frames[0]!) !== undefined);
  for (const f of frames) assertEquals(ticks(f), ticks(frames[0]!));
});

Deno.test("encodeGif() keeps colours and rejects frames of different sizes", async () => {
  const solid = (w: number, h: number, rgb: [number, number, number]): RasterImage => {
    const pixels = new Uint8Array(4 * w * h);
    for (let i = 0; i < pixels.length; i += 4) pixels.set([...rgb, 255], i);
    return { width: w, height: h, pixels };
  };
  const gif = decode(
    encodeGif([solid(3, 2, [255, 0, 0]), solid(3, 2, [0, 0, 255])], { delay: 50, pause: 500 }),
  );
  assertEquals(gif.delays, [5, 50]);
  assertEquals([...gif.frames[0]!.subarray(0, 3)], [255, 0, 0]);
  assertEquals([...gif.frames[1]!.subarray(0, 3)], [0, 0, 255]);
  const e = assertThrows(
    () => encodeGif([solid(3, 2, [0, 0, 0]), solid(2, 3, [0, 0, 0])]),
    ParameterRangeError,
  );
  assertEquals(e.parameter, "frames[1]");
  assertThrows(() => encodeGif([]), ParameterTypeError, "frames must be");
  for (const delay of [-1, NaN, Infinity]) {
    const err = assertThrows(
      () => encodeGif([solid(1, 1, [0, 0, 0])], { delay }),
      ParameterRangeError,
    );
    assertEquals(err.parameter, "options.delay");
  }
  assertThrows(() => encodeGif([solid(1, 1, [0, 0, 0])], { loops: 1.5 }), ParameterRangeError);
  await assertRejects(() => svgsToGif([]), ParameterTypeError, "svgs must be");
  await assertRejects(() => animationGif(x, []), ParameterTypeError, "history must be");
  await assertRejects(
    () => animationGif(x, history, { pause: -5 }),
    ParameterRangeError,
    "options.pause",
  );
});

Deno.test("encodeGif() plays once or n times when asked", () => {
  const frame = { width: 1, height: 1, pixels: new Uint8Array([0, 0, 0, 255]) };
  assertEquals(decode(encodeGif([frame, frame], { loops: 1 })).loops, null);
  assertEquals(decode(encodeGif([frame, frame], { loops: 3 })).loops, 2);
});
