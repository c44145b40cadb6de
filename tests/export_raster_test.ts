import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import {
  assert,
  assertEquals,
  assertGreater,
  assertLess,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  ParameterRangeError,
  ParameterTypeError,
  type RasterImage,
  rasterize,
  svgMarkup,
  svgToPng,
} from "@emlab/emlab";

type Doc = { querySelector(s: string): { outerHTML: string } | null };
function parse(html: string): Doc {
  return (parseHTML(html) as unknown as { document: Doc }).document;
}
const document = parse("<!DOCTYPE html><html><head></head><body></body></html>");

/** An Observable Plot chart with a bold title drawn in the SVG at the top. */
function titledChart(title: string): string {
  const data = Array.from({ length: 40 }, (_, i) => ({ x: i, y: Math.sin(i / 6) }));
  const svg = Plot.plot({
    document: document as never,
    width: 400,
    height: 250,
    marginTop: 40,
    x: { label: "waiting time (min)" },
    y: { label: "density" },
    marks: [
      Plot.line(data, { x: "x", y: "y" }),
      Plot.text([title], { frameAnchor: "top-left", dy: -30, fontSize: 18, fontWeight: "bold" }),
    ],
  }) as unknown as { outerHTML: string };
  return svg.outerHTML;
}

/** Pixels with all of R, G, B below `level` inside a rectangle. */
function darkPixels(img: RasterImage, x0: number, y0: number, x1: number, y1: number, level = 96) {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * img.width + x);
      if (img.pixels[i]! < level && img.pixels[i + 1]! < level && img.pixels[i + 2]! < level) n++;
    }
  }
  return n;
}

function pngSize(png: Uint8Array): [number, number] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // IHDR is the first chunk: length(4) "IHDR"(4) width(4) height(4)
  assertEquals(new TextDecoder().decode(png.subarray(12, 16)), "IHDR");
  return [view.getUint32(16), view.getUint32(20)];
}

Deno.test("svgToPng() writes a PNG with the signature and the chart's size times the scale", async () => {
  const svg = titledChart("EM iteration 3");
  const png1 = await svgToPng(svg);
  assertEquals([...png1.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  assertEquals(pngSize(png1), [400, 250]);
  const png2 = await svgToPng(svg, { scale: 2 });
  assertEquals(pngSize(png2), [800, 500]);
});

Deno.test("rasterize() draws the title's letters: dark pixels there, and different words differ", async () => {
  const a = await rasterize(titledChart("EM iteration 3"), { scale: 2 });
  const b = await rasterize(titledChart("WXYZ MMMM 777"), { scale: 2 });
  const none = await rasterize(titledChart(""), { scale: 2 });
  // The title band: above the plot area (top 60 of 500 px at scale 2), right of Plot's y label.
  const band = [120, 0, 800, 60] as const;
  assertGreater(darkPixels(a, ...band), 300, "the title's glyphs are drawn in black");
  assertEquals(darkPixels(none, ...band), 0, "without a title the band is empty");
  // Missing glyphs would be drawn as identical boxes (or not at all): different words must differ.
  let differ = 0;
  for (let y = 0; y < 60; y++) {
    for (let x = 120; x < 800; x++) {
      const i = 4 * (y * a.width + x);
      if (Math.abs(a.pixels[i]! - b.pixels[i]!) > 64) differ++;
    }
  }
  assertGreater(differ, 300);
});

Deno.test("rasterize() draws Plot's axis labels with the bundled font (system-ui, sans-serif)", async () => {
  const img = await rasterize(titledChart("t"), { scale: 2 });
  // Plot puts the x label "waiting time (min) →" at the bottom right, under the tick labels.
  const bottom = darkPixels(img, 400, 470, 800, 500);
  assertGreater(bottom, 100);
  // currentColor resolves to black by default, and to the given colour on request.
  const red = await rasterize(titledChart("t"), { scale: 2, color: "#ff0000" });
  assertEquals(darkPixels(red, 400, 470, 800, 500), 0);
  let reddish = 0;
  for (let i = 0; i < red.pixels.length; i += 4) {
    if (red.pixels[i]! > 200 && red.pixels[i + 1]! < 80 && red.pixels[i + 2]! < 80) reddish++;
  }
  assertGreater(reddish, 100);
});

Deno.test("rasterize() paints a white background unless asked for transparency", async () => {
  const svg = '<svg width="10" height="10"><rect x="0" y="0" width="5" height="10"/></svg>';
  const white = await rasterize(svg);
  assertEquals([...white.pixels.subarray(4 * 9, 4 * 10)], [255, 255, 255, 255]);
  assertEquals([...white.pixels.subarray(0, 4)], [0, 0, 0, 255]);
  const clear = await rasterize(svg, { background: "transparent" });
  assertEquals(clear.pixels[4 * 9 + 3], 0);
});

Deno.test("svgMarkup() adds the SVG namespace once and accepts elements", () => {
  const el = parse("<svg width='2' height='2'></svg>").querySelector("svg")!;
  const markup = svgMarkup(el);
  assertStringIncludes(markup, 'xmlns="http://www.w3.org/2000/svg"');
  assertEquals(svgMarkup(markup), markup);
  assertLess(markup.indexOf("xmlns"), markup.indexOf(">"));
});

Deno.test("rasterize() and svgMarkup() reject what they cannot render, naming the parameter", async () => {
  const e = assertThrows(
    () => svgMarkup("<figure><h2>t</h2><svg></svg></figure>"),
    ParameterTypeError,
  );
  assertEquals(e.parameter, "svg");
  assertStringIncludes(e.message, "<figure>");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => svgMarkup(42 as any), ParameterTypeError, "svg must be");
  const svg = '<svg width="4" height="4"></svg>';
  for (const scale of [0, -1, NaN, Infinity, 17]) {
    const err = await assertRejects(() => rasterize(svg, { scale }), ParameterRangeError);
    assertEquals(err.parameter, "options.scale");
  }
  await assertRejects(
    () => rasterize(svg, { fonts: ["x"] as unknown as Uint8Array[] }),
    ParameterTypeError,
    "options.fonts",
  );
  assert(await rasterize(svg, { fonts: [] }));
});
