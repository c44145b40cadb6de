/**
 * The explorable: one self-contained HTML page, `out/explorable.html`, where
 * EM runs in the browser on the library's own code. `tools/explorable/app.ts`
 * (the page script) and the library modules it imports — the EM steps and
 * the Observable Plot charts, not the Jupyter glue or the rasteriser — are
 * bundled with `deno bundle` into one inline script; Old Faithful's CSV is
 * inlined beside it. The page needs no network: it works opened from a file.
 *
 *     deno run -A tools/export_explorable.ts [out/explorable.html]
 *
 * `deno task export` writes it too.
 *
 * @module
 */
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./setup.ts";

/** The page script. */
export const APP_ENTRY: string = join(ROOT, "tools", "explorable", "app.ts");
/** Import map of the bundle: the library's packages, with linkedom left out (the page has a DOM). */
export const BUNDLE_IMPORT_MAP: string = join(ROOT, "tools", "explorable", "import_map.json");
/** Old Faithful's data, inlined into the page. */
export const FAITHFUL_CSV: string = join(ROOT, "notebooks", "data", "old_faithful.csv");

/**
 * Bundle the page script and the library code it uses into one minified
 * browser script.
 *
 * @returns The JavaScript.
 */
export async function bundleExplorable(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "emlab-explorable-" });
  try {
    const out = join(dir, "app.js");
    const result = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        `--import-map=${BUNDLE_IMPORT_MAP}`,
        "--platform=browser",
        "--minify",
        "-o",
        out,
        APP_ENTRY,
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!result.success) {
      throw new Error(`deno bundle failed:\n${new TextDecoder().decode(result.stderr)}`);
    }
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const STYLE = `
  body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
    max-width: 1320px; padding: 12px 20px 40px; color: #222; }
  h1 { font-size: 1.5em; margin: 0.3em 0 0.2em; }
  p.lead { margin: 0 0 0.8em; max-width: 62em; }
  nav.back { margin: 0 0 0.4em; font-size: 0.95em; }
  .note { color: #a0522d; font-size: 0.9em; }
  .controls { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center;
    padding: 10px 12px; background: #f4f5f7; border-radius: 8px; }
  .controls label { display: flex; gap: 6px; align-items: center; }
  .controls input[type=number] { width: 4.5em; }
  .controls select, .controls input, .controls button { font: inherit; }
  .steps button { padding: 4px 12px; margin-right: 4px; }
  .layout { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 12px; }
  .layout > div { min-width: 0; }
  .layout > .main { flex: 0 1 760px; }
  .layout > .side { flex: 1 1 380px; max-width: 540px; }
  #chart svg, #strip svg { max-width: 100%; height: auto; touch-action: none; }
  #trace svg { max-width: 100%; height: auto; }
  #status { min-height: 3em; margin: 8px 0; padding: 8px 10px; border-left: 4px solid #4a7ab8;
    background: #f2f6fb; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { padding: 3px 10px; text-align: right; border-bottom: 1px solid #ddd; }
  dl { display: grid; grid-template-columns: auto auto; gap: 2px 12px; margin: 10px 0;
    font-variant-numeric: tabular-nums; }
  dt { color: #555; } dd { margin: 0; text-align: right; }
  .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%;
    margin-right: 6px; vertical-align: -0.05em; }
  .handle:hover { stroke: #222; }
  #state { display: none; }
  footer { margin-top: 1.5em; color: #555; font-size: 0.9em; }
`;

/**
 * The explorable's page around a bundled script.
 *
 * @param script The bundled page script ({@linkcode bundleExplorable}).
 * @param faithfulCsv The text of Old Faithful's CSV.
 * @param language The page's own edition: what it speaks when the address asks for no
 *   language (`?lang=` or `#ja` win). @default "en"
 * @returns A whole HTML page.
 */
export function explorableHtml(
  script: string,
  faithfulCsv: string,
  language: "en" | "ja" = "en",
): string {
  // An inline script ends at the first "</script"; the bundle must not contain one.
  const safeScript = script.replace(/<\/(script)/gi, "<\\/$1");
  return `<!DOCTYPE html>
<html lang="${language}" data-lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>EM, step by step — emlab</title>
<style>${STYLE}</style>
</head>
<body>
<nav class="back"><a id="back" href="notebooks/index.html" data-t="back">← The notebooks</a> ·
<a id="lang-switch" href="explorable.html?lang=ja" lang="ja">日本語</a></nav>
<h1 data-t="h1">EM, step by step</h1>
<p class="lead" data-t="lead">Choose a data set, the number of components k and a seed for the start.
Drag a coloured dot to move that component's mean (in 1-D the dot sits on the top of its curve;
in 2-D it is the centre of its ellipses). Then take one E-step, one M-step, a full iteration,
or play EM until the log-likelihood changes by less than 10<sup>−3</sup>.</p>
<div class="controls">
  <label><span data-t="data">data</span> <select id="dataset"></select></label>
  <label>k <input id="k" type="number" min="1" max="6" value="2"></label>
  <span id="k-note" class="note" role="status"></span>
  <label><span data-t="seed">seed</span> <input id="seed" type="number" value="16"></label>
  <span class="steps">
    <button id="estep" data-t="estep">E-step</button>
    <button id="mstep" data-t="mstep">M-step</button>
    <button id="iterate" data-t="iterate">Iteration</button>
    <button id="play">▶ Play</button>
    <button id="finish" data-t="finish">⇥ To the end</button>
    <button id="reset" data-t="reset">↺ Start</button>
  </span>
  <label><span data-t="speed">speed</span> <select id="speed">
    <option value="600" data-t="slow">slow</option><option value="200" selected data-t="normal">normal</option>
    <option value="40" data-t="fast">fast</option></select></label>
</div>
<div class="layout">
  <div class="main"><div id="chart"></div><div id="strip"></div></div>
  <div class="side">
    <div id="status"></div>
    <dl><dt data-t="iteration">iteration</dt><dd id="iteration"></dd><dt data-t="loglik">log-likelihood</dt><dd id="loglik"></dd>
    <dt data-t="delta">Δ log-likelihood</dt><dd id="delta"></dd></dl>
    <table id="params"></table>
    <div id="trace"></div>
  </div>
</div>
<footer data-t="footer">The same library code as the notebooks (emlab's <code>em</code>, <code>eStep</code>,
<code>mStep</code> and charts), bundled into this page; it needs no network. The original case is
notebook 01's sample: 1000 points from weights 0.35/0.65, means −0.3/0.5, standard deviations
0.15/0.3. Its start is the original's random start (λ = 1/k, μ uniform on [−1, 1]); Old Faithful
starts from k-means++. Both depend on the seed.</footer>
<pre id="state"></pre>
<script type="text/csv" id="faithful-csv">${faithfulCsv}</script>
<script type="module">${safeScript}</script>
</body>
</html>
`;
}

/**
 * Bundle and write the explorable.
 *
 * @param path Where to write the page.
 * @param language The language it speaks when the address asks for none. @default "en"
 * @returns The path written.
 */
export async function exportExplorable(
  path: string = join(ROOT, "out", "explorable.html"),
  language: "en" | "ja" = "en",
): Promise<string> {
  const [script, csv] = await Promise.all([bundleExplorable(), Deno.readTextFile(FAITHFUL_CSV)]);
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, explorableHtml(script, csv, language));
  return path;
}

/**
 * A fingerprint of everything the explorable is built from: the library,
 * the page script and its import map, this file, the data, `deno.json`,
 * `deno.lock` and the version of Deno that bundles it.
 *
 * @returns A SHA-256, in hex.
 */
export async function explorableSourceHash(): Promise<string> {
  const files: string[] = [fileURLToPath(import.meta.url), FAITHFUL_CSV];
  for (const name of ["deno.json", "deno.lock"]) files.push(join(ROOT, name));
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile) files.push(path);
    }
  };
  await walk(join(ROOT, "lib"));
  await walk(dirname(APP_ENTRY));
  files.sort();
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [encoder.encode(`deno ${Deno.version.deno}\n`)];
  for (const file of files) {
    parts.push(encoder.encode(`${relative(ROOT, file)}\n`), await Deno.readFile(file));
  }
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The Japanese edition's file name beside `explorable.html` in the lab's
 * `out/`: the Japanese notebooks link it (`../../out/explorable.ja.html`),
 * and the exported pages link `explorable.html?lang=ja` instead.
 */
export const EXPLORABLE_JA = "explorable.ja.html";

/**
 * Write the explorable to `path` unless the page there was built from the
 * same sources ({@linkcode explorableSourceHash}, kept in a hidden file
 * beside it). `deno task lab` builds it into the working copy's `out/`, where
 * the notebooks' link `../out/explorable.html` points inside the lab.
 *
 * @param path Where the page goes.
 * @param language The language it speaks when the address asks for none. @default "en"
 * @returns Whether it was (re)built.
 */
export async function ensureExplorable(
  path: string,
  language: "en" | "ja" = "en",
): Promise<boolean> {
  const stamp = join(dirname(path), `.${basename(path)}.source`);
  const hash = await explorableSourceHash();
  const built = await Deno.stat(path).then((s) => s.isFile, () => false);
  if (built && (await Deno.readTextFile(stamp).catch(() => "")) === hash) return false;
  await exportExplorable(path, language);
  await Deno.writeTextFile(stamp, hash);
  return true;
}

if (import.meta.main) {
  const path = await exportExplorable(Deno.args[0]);
  console.log(`explorable: ${path} (${((await Deno.stat(path)).size / 1024).toFixed(0)} KiB)`);
}
