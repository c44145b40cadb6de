/**
 * SVG → pixels and PNG, without a browser: resvg (Rust, compiled to
 * WebAssembly) renders the chart, and the DejaVu Sans fonts shipped in the
 * `dejavu-fonts-ttf` npm package draw its text, so the letters come out the
 * same on every machine. A chart with Japanese (or other CJK) text also gets
 * Noto Sans JP, regular and bold, from the `@embedpdf/fonts-jp` npm package
 * (loaded only then: the two files are 9 MB).
 *
 * @module
 */
import type { Resvg as ResvgClass } from "@resvg/resvg-wasm";
import { checkOptions } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { RASTER_OPTION_KEYS, type RasterOptions } from "./_options.ts";

export type { RasterOptions } from "./_options.ts";

/** The font family every text in a rendered chart is drawn with. */
export const RASTER_FONT_FAMILY = "DejaVu Sans";

const SVG_NS = "http://www.w3.org/2000/svg";
const XLINK_NS = "http://www.w3.org/1999/xlink";
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"];
const CJK_FONT_FILES = ["NotoSansJP-Regular.otf", "NotoSansJP-Bold.otf"];
/** Kana, CJK ideographs and full-width forms: text DejaVu Sans has no glyphs for. */
const CJK_TEXT = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** A chart to render: an `<svg>` element (browser or linkedom) or SVG markup. */
export type SvgSource = { readonly outerHTML: string } | string;

/** An RGBA image: `pixels[4 * (y * width + x) + c]`, c = 0 red … 3 alpha. */
export interface RasterImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** Row-major RGBA bytes, `4 · width · height` of them. */
  readonly pixels: Uint8Array;
}

/** A rendered chart: its pixels and the same image encoded as PNG. */
export interface RenderedChart extends RasterImage {
  /** The PNG file's bytes. */
  readonly png: Uint8Array;
}

type ResvgModule = { Resvg: typeof ResvgClass };

// A loader that runs `load` on first use and shares its result; a failure is
// not kept, so the next call tries again.
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((e) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}

async function readPackageFile(url: string, what: string): Promise<Uint8Array> {
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new Error(
      `Could not load ${what} from ${url} (${(e as Error).message}). It ships in an npm ` +
        "package named in deno.json's imports; run once with network access so Deno caches " +
        "it, and grant read access to Deno's cache (deno run --allow-read).",
    );
  }
}

/** Load resvg on first use, so importing the library stays light. */
const loadResvg: () => Promise<ResvgModule> = loadOnce(async () => {
  const { initWasm, Resvg } = await import("@resvg/resvg-wasm");
  // The .wasm file sits beside the package's entry module.
  const wasm = new URL("index_bg.wasm", import.meta.resolve("@resvg/resvg-wasm"));
  await initWasm(await readPackageFile(wasm.href, "the resvg WebAssembly module"));
  return { Resvg };
});

const loadFonts: () => Promise<Uint8Array[]> = loadOnce(async () => {
  // Importing the font package's manifest makes Deno fetch the package, so
  // `import.meta.resolve` then finds its font files on disk.
  await import("dejavu-fonts-ttf/package.json", { with: { type: "json" } });
  return await Promise.all(
    FONT_FILES.map((f) =>
      readPackageFile(import.meta.resolve(`dejavu-fonts-ttf/ttf/${f}`), `the font ${f}`)
    ),
  );
});

const loadCjkFonts: () => Promise<Uint8Array[]> = loadOnce(async () => {
  // The package exports only its entry module; the fonts sit in ../fonts/ beside it.
  await import("@embedpdf/fonts-jp");
  const entry = import.meta.resolve("@embedpdf/fonts-jp");
  return await Promise.all(
    CJK_FONT_FILES.map((f) =>
      readPackageFile(new URL(`../fonts/${f}`, entry).href, `the font ${f}`)
    ),
  );
});

/**
 * The SVG markup of a chart, ready for a stand-alone renderer: an SVG
 * element (e.g. from Observable Plot with a linkedom `document`) is
 * serialised, and the SVG namespace is added when it is missing.
 *
 * @param svg An `<svg>` element or SVG markup.
 * @returns SVG markup with `xmlns`.
 * @throws {ParameterTypeError} When `svg` is neither an element nor markup that starts with `<svg>`.
 *
 * @example
 * ```ts
 * import { svgMarkup } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const markup = svgMarkup('<svg width="4" height="2"><rect width="4" height="2"/></svg>');
 * assertStringIncludes(markup, 'xmlns="http://www.w3.org/2000/svg"');
 * ```
 */
export function svgMarkup(svg: SvgSource): string {
  let markup: string;
  if (typeof svg === "string") {
    markup = svg.trim();
  } else if (svg !== null && typeof svg === "object" && typeof svg.outerHTML === "string") {
    markup = svg.outerHTML;
  } else {
    throw new ParameterTypeError(
      "svg",
      "an <svg> element or SVG markup",
      describeValue(svg),
      "Pass a chart such as mixtureFrame(…) or Plot.plot({ …, document }).",
    );
  }
  const open = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<svg[\s>]/i.exec(markup);
  if (!open) {
    throw new ParameterTypeError(
      "svg",
      "an <svg> element or SVG markup",
      JSON.stringify(markup.slice(0, 40) + (markup.length > 40 ? "…" : "")),
      "A chart with a title in HTML (Plot's <figure>) cannot be rasterised; draw the title " +
        "inside the SVG instead.",
    );
  }
  const at = open.index + open[0].length - 1;
  const tag = markup.slice(at, markup.indexOf(">", at));
  let attributes = "";
  if (!/\sxmlns\s*=/.test(tag)) attributes += ` xmlns="${SVG_NS}"`;
  if (!/\sxmlns:xlink\s*=/.test(tag) && markup.includes("xlink:")) {
    attributes += ` xmlns:xlink="${XLINK_NS}"`;
  }
  return `${markup.slice(0, at)}${attributes}${markup.slice(at)}`;
}

// Check the raster options' values (their keys are checked by the caller).
function rasterValues(options: RasterOptions): Required<RasterOptions> {
  const { scale = 1, background = "white", color = "black", fonts = [] } = options;
  if (typeof scale !== "number" || !Number.isFinite(scale) || !(scale > 0) || scale > 16) {
    throw new ParameterRangeError(
      "options.scale",
      "a number in (0, 16]",
      describeValue(scale),
      "Use 1 for the SVG's own size, 2 for a sharper image.",
    );
  }
  for (const [name, value] of [["background", background], ["color", color]] as const) {
    if (typeof value !== "string" || value.length === 0) {
      throw new ParameterTypeError(
        `options.${name}`,
        "a CSS colour string",
        describeValue(value),
        'Use e.g. "white" or "#fff".',
      );
    }
  }
  if (!Array.isArray(fonts) || fonts.some((f) => !(f instanceof Uint8Array))) {
    throw new ParameterTypeError(
      "options.fonts",
      "an array of Uint8Array font files",
      describeValue(fonts),
      "Pass the bytes of .ttf or .otf files, e.g. await Deno.readFile(path).",
    );
  }
  return { scale, background, color, fonts };
}

/** Resolve `currentColor` the way a page would: from a `color` on the root. */
function withColor(markup: string, color: string): string {
  const at = markup.search(/<svg[\s>]/i) + 4;
  const tag = markup.slice(0, markup.indexOf(">", at));
  if (/\scolor\s*=/.test(tag)) return markup;
  return `${markup.slice(0, at)} color="${color.replace(/"/g, "&quot;")}"${markup.slice(at)}`;
}

/**
 * Render an SVG chart to pixels and PNG. Text is drawn with DejaVu Sans
 * (the generic `sans-serif` and unknown families such as `system-ui` map
 * to it), `currentColor` becomes `options.color`, and the background is
 * painted white unless told otherwise.
 *
 * @param svg An `<svg>` element or SVG markup.
 * @param options Scale, background, text colour and extra fonts.
 * @returns Width, height, RGBA pixels and the PNG bytes.
 * @throws {ParameterTypeError} A chart or option of the wrong type.
 * @throws {ParameterRangeError} An unusable option value, an unknown option key, or a chart of no size.
 *
 * @example Render a small chart
 * ```ts
 * import { rasterize } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const image = await rasterize(
 *   '<svg width="40" height="20"><text x="2" y="15" font-size="14">EM</text></svg>',
 *   { scale: 2 },
 * );
 * assertEquals([image.width, image.height], [80, 40]);
 * assertEquals(image.png.subarray(1, 4), new TextEncoder().encode("PNG"));
 * ```
 */
export async function rasterize(
  svg: SvgSource,
  options: RasterOptions = {},
): Promise<RenderedChart> {
  const markup = svgMarkup(svg);
  checkOptions(options, RASTER_OPTION_KEYS, "rasterize");
  const { scale, background, color, fonts } = rasterValues(options);
  const { Resvg } = await loadResvg();
  const fontBytes = [
    ...(await loadFonts()),
    ...(CJK_TEXT.test(markup) ? await loadCjkFonts() : []),
    ...fonts,
  ];
  const resvg = new Resvg(withColor(markup, color), {
    fitTo: { mode: "zoom", value: scale },
    ...(background === "transparent" ? {} : { background }),
    font: {
      fontBuffers: fontBytes,
      defaultFontFamily: RASTER_FONT_FAMILY,
      sansSerifFamily: RASTER_FONT_FAMILY,
      serifFamily: RASTER_FONT_FAMILY,
      monospaceFamily: RASTER_FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
  });
  try {
    const image = resvg.render();
    try {
      const { width, height } = image;
      if (!(width > 0 && height > 0)) {
        throw new ParameterRangeError(
          "svg",
          "a chart with a positive width and height",
          `${width} × ${height} pixels`,
          "Give the <svg> width and height attributes or a viewBox.",
        );
      }
      return { width, height, pixels: image.pixels, png: image.asPng() };
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Render an SVG chart to a PNG file's bytes (see {@linkcode rasterize}).
 *
 * @param svg An `<svg>` element or SVG markup.
 * @param options Scale, background, text colour and extra fonts.
 * @returns The PNG bytes.
 * @throws {ParameterTypeError} A chart or option of the wrong type.
 * @throws {ParameterRangeError} An unusable option value, an unknown option key, or a chart of no size.
 *
 * @example Write a chart as PNG
 * ```ts
 * import { svgToPng } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const png = await svgToPng('<svg width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>');
 * assertEquals([...png.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
 * ```
 */
export async function svgToPng(
  svg: SvgSource,
  options: RasterOptions = {},
): Promise<Uint8Array> {
  checkOptions(options, RASTER_OPTION_KEYS, "svgToPng");
  return (await rasterize(svg, options)).png;
}
