/**
 * `deno task export`: handouts for a course page, written into `out/`
 * (git-ignored):
 *
 * - `out/frames/000.png, 001.png, …` — the walkthrough's EM run, one PNG per
 *   iteration (iteration 0 is the random start), 1280 × 800 px;
 * - `out/em.gif` — the same run as an animated GIF (640 × 400 px, 200 ms per
 *   frame, the last frame held 2 s), the GIF the walkthrough's GIF cell makes;
 * - `out/notebooks/NN-*.html` — every notebook in `notebooks/`, executed on the
 *   Deno kernel and converted with nbconvert from the project's venv (with
 *   `--no-code`, without the code cells' input), and the students' side of
 *   them (`tools/export_handouts.ts`): `out/notebooks/index.html` from
 *   `tools/handouts/index.md`, the data page, and slides in
 *   `out/notebooks/slides/`;
 * - `out/notebooks/ja/NN-*.html`, `out/notebooks/ja/index.html` and its
 *   slides — the same for the Japanese edition in `notebooks/ja/`;
 * - `out/explorable.html` — EM in the browser (`tools/export_explorable.ts`).
 *
 * The HTML files need no network: plots are inline SVG, the math is typeset
 * into SVG here with MathJax (nbconvert's page would load MathJax from a
 * CDN), no script is loaded from elsewhere, and links between notebooks
 * point at the other HTML files.
 *
 *     deno task export                    # frames, GIF and every notebook
 *     deno task export 01-em-walkthrough  # frames, GIF and only that notebook
 *     deno task export ja/01-em-walkthrough  # … only its Japanese edition
 *     deno task export --no-code          # the same, the pages without code
 *     deno task export --no-notebooks     # frames, GIF and explorable only
 *     deno task export --out=DIR          # into DIR instead of out/
 *     deno task export --solutions        # the lecturer's notebooks, exercises
 *                                         # solved, into out/solutions/
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { SVG } from "mathjax-full/js/output/svg.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";
import { animationGif, animationPngs, em, type EmSnapshot, initRandom } from "../lib/mod.ts";
import { mixture, sampleMixture } from "../lib/mod.ts";
import { ensureKernelspec, ensureVenv, jupyterEnv, ROOT, VENV } from "./setup.ts";
import {
  buildSolutions,
  displayEquations,
  EDITIONS,
  joinJapaneseLines,
  NOTEBOOKS,
  SOLUTIONS_DIR,
  SOURCE_DIR,
} from "./build_notebooks.ts";
import { cellManifest, checkNotebookOutputs } from "./manifest.ts";
import { finishHandouts, STUDENT_INDEX, STUDENT_INDEX_JA } from "./export_handouts.ts";
import { exportExplorable } from "./export_explorable.ts";
import {
  addAnswers,
  dropCodeOnly,
  exerciseSolutions,
  finishSite,
  hideCodeOnly,
  languageOf,
  restoreCodeOnly,
  RUN_PAGE,
  RUN_PAGE_JA,
  writePdfs,
} from "./export_site.ts";

/** Where everything is written. */
export const OUT_DIR: string = join(ROOT, "out");
/** The nbconvert template that leaves out every CDN script (see tools/html_template/). */
export const TEMPLATE_DIR: string = join(ROOT, "tools", "html_template");
/** Name of that template. */
export const TEMPLATE_NAME = "emlab_offline";

/** Frame delay and final pause of the GIF, as in the walkthrough's GIF cell. */
export const GIF_TIMING = { delay: 200, pause: 2000 } as const;

/**
 * The walkthrough's run (notebooks/01-em-walkthrough.ipynb, first run of its
 * EM cell): 1000 points from the original mixture, seed 16, a random start
 * with the same seed, tol 1e-3.
 */
export function walkthroughRun(): { x: Float64Array | number[]; history: EmSnapshot[] } {
  const seed = 16;
  const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
  const { x } = sampleMixture(truth, 1000, { seed });
  const history = [...em(x, initRandom(2, { seed }), { tol: 1e-3 })];
  return { x, history };
}

/**
 * Write a run's frames as `frames/000.png, 001.png, …` (2× scale) and the
 * run as `em.gif` into `outDir`.
 *
 * @param outDir Output folder; its `frames/` is replaced.
 * @param run The data and snapshots (default: {@linkcode walkthroughRun}()).
 * @returns Paths of the PNGs and of the GIF.
 */
export async function exportAnimation(
  outDir: string = OUT_DIR,
  run: { x: ArrayLike<number>; history: EmSnapshot[] } = walkthroughRun(),
): Promise<{
  frames: string[];
  gif: string;
}> {
  const { x, history } = run;
  const framesDir = join(outDir, "frames");
  await Deno.remove(framesDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(framesDir, { recursive: true });
  const pngs = await animationPngs(x, history, { scale: 2 });
  const frames: string[] = [];
  for (const [i, png] of pngs.entries()) {
    const path = join(framesDir, `${String(i).padStart(3, "0")}.png`);
    await Deno.writeFile(path, png);
    frames.push(path);
  }
  const gif = await animationGif(x, history, GIF_TIMING);
  const gifPath = join(outDir, "em.gif");
  await gif.save(gifPath);
  return { frames, gif: gifPath };
}

let mathjaxReady = false;
const adaptor = liteAdaptor();

/**
 * Typeset the TeX in an HTML page into inline SVG, as MathJax would in the
 * browser with nbconvert's settings (`$…$`, `\(…\)` inline; `$$…$$`,
 * `\[…\]` and environments displayed; `\$` for a dollar sign; code and
 * `<pre>` left alone). The page then shows its math without any script.
 *
 * @param html A whole HTML page.
 * @returns The page with every formula replaced by `<mjx-container>` SVG.
 */
export function typesetMath(html: string): string {
  if (!mathjaxReady) {
    RegisterHTMLHandler(adaptor);
    mathjaxReady = true;
  }
  const doc = mathjax.document(html, {
    InputJax: new TeX({
      packages: AllPackages.filter((p: string) => p !== "bussproofs"),
      inlineMath: [["$", "$"], ["\\(", "\\)"]],
      displayMath: [["$$", "$$"], ["\\[", "\\]"]],
      processEscapes: true,
      processEnvironments: true,
      tags: "ams",
    }),
    OutputJax: new SVG({ fontCache: "local" }),
  });
  doc.render();
  const out = adaptor.doctype(doc.document) + "\n" +
    adaptor.outerHTML(adaptor.root(doc.document));
  return out;
}

/**
 * Give the ids inside each inline `<svg>` a per-chart prefix, so two charts
 * that both define `plot-clip-1` (or any id) do not borrow each other's
 * clip paths or gradients once they share one page.
 *
 * @param html An HTML page.
 * @returns The page with ids and their `url(#…)` / `href="#…"` references renamed.
 */
export function scopeSvgIds(html: string): string {
  let n = 0;
  return html.replace(/<svg\b[\s\S]*?<\/svg>/g, (svg) => {
    const ids = new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    if (ids.size === 0) return svg;
    const prefix = `chart${++n}-`;
    const rename = (id: string) => (ids.has(id) ? prefix + id : id);
    return svg
      .replace(/(\sid=")([^"]+)"/g, (_m, a, id) => `${a}${rename(id)}"`)
      .replace(/url\(#([^)]+)\)/g, (_m, id) => `url(#${rename(id)})`)
      .replace(/((?:xlink:)?href=")#([^"]+)"/g, (_m, a, id) => `${a}#${rename(id)}"`);
  });
}

/**
 * Point relative links to notebooks (`02-x.ipynb`, `02-x.ipynb#part`) at the
 * exported HTML files, for the notebooks in `names`; a link to the index
 * `README.md` goes to `index.html` when `names` has `"README.md"`.
 *
 * @param html An HTML page.
 * @param names File names exported next to this page (notebooks, `README.md`).
 * @returns The page with those links rewritten.
 */
export function linkExportedNotebooks(html: string, names: ReadonlySet<string>): string {
  // The Japanese index links the English one, a folder up: exported as ../index.html.
  html = html.replace(/href="\.\.\/README\.md"/g, 'href="../index.html"');
  return html.replace(
    /href="(?:\.\/)?([^"#:/?]+)\.(ipynb|md)(#[^"]*)?"/g,
    (m, stem, ext, hash = "") => {
      if (!names.has(`${stem}.${ext}`)) return m;
      if (ext === "md") return stem === "README" ? `href="index.html${hash}"` : m;
      return `href="${stem}.html${hash}"`;
    },
  );
}

/** All post-processing of an nbconvert page: scoped SVG ids, typeset math, HTML links. */
export function offlineHtml(html: string, notebookNames: ReadonlySet<string> = new Set()): string {
  return linkExportedNotebooks(typesetMath(scopeSvgIds(html)), notebookNames);
}

async function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`${basename(cmd)} ${args.join(" ")} failed (exit ${out.code}):\n${text}`);
  }
  return text;
}

/**
 * `deno task test` sets this to a folder of its own for the run: a notebook
 * that {@linkcode exportNotebook} executes is kept there by its path and
 * content, and executed once per run however many test files (or exports
 * run by tests) convert it.
 *
 * @example
 * ```ts ignore
 * import { SHARED_EXECUTIONS_ENV } from "./export.ts";
 * // as deno task test does for its processes (a folder of the run, removed with it)
 * Deno.env.set(SHARED_EXECUTIONS_ENV, await Deno.makeTempDir());
 * ```
 */
export const SHARED_EXECUTIONS_ENV = "EMLAB_SHARED_EXECUTIONS";

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/**
 * Write the executed copy of `notebook` to `target` with `execute`, or, under
 * {@linkcode SHARED_EXECUTIONS_ENV}, copy it from the run's shared folder when
 * another caller executed the same notebook (same path and content); the
 * first to ask executes it and leaves its copy there, the others wait for it.
 * When that first one fails, the next executes it itself.
 *
 * @param notebook Path of the notebook to execute.
 * @param target Where `execute` writes the executed notebook.
 * @param execute Executes `notebook` into `target`.
 *
 * @example
 * ```ts ignore
 * import { executeOnce } from "./export.ts";
 * await executeOnce("notebooks/01-em-walkthrough.ipynb", "/tmp/x/01.ipynb", async () => {
 *   // jupyter nbconvert --execute --to notebook --output-dir /tmp/x --output 01 …
 * });
 * ```
 */
export async function executeOnce(
  notebook: string,
  target: string,
  execute: () => Promise<unknown>,
): Promise<void> {
  const shared = Deno.env.get(SHARED_EXECUTIONS_ENV);
  if (!shared) {
    await execute();
    return;
  }
  const path = resolve(notebook);
  const text = await Deno.readTextFile(path);
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(JSON.stringify([path, text])),
  );
  const key = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
    .slice(0, 24);
  await Deno.mkdir(shared, { recursive: true });
  const file = join(shared, `${key}.ipynb`);
  const lock = join(shared, `${key}.lock`);
  let owner = false;
  try {
    (await Deno.open(lock, { createNew: true, write: true })).close();
    owner = true;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
  if (owner) {
    try {
      await execute();
      const staged = `${file}.${Deno.pid}`;
      await Deno.copyFile(target, staged);
      await Deno.rename(staged, file);
      return;
    } catch (e) {
      await Deno.remove(lock).catch(() => {}); // the next caller executes it itself
      throw e;
    }
  }
  // Another process is executing it: wait for its copy while its lock stands.
  while (await exists(lock)) {
    if (await exists(file)) {
      await Deno.copyFile(file, target);
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await execute();
}

/**
 * Execute a notebook on the Deno kernel and convert it to a standalone HTML
 * file (see {@linkcode offlineHtml}). Under `deno task test`, a notebook
 * executed by another test of the run is converted from its executed copy
 * ({@linkcode SHARED_EXECUTIONS_ENV}).
 *
 * @param notebook Path of the `.ipynb` file.
 * @param outDir Folder for the `.html` file.
 * @param notebookNames Notebooks exported alongside, for link rewriting.
 * @param options `execute: false` converts without running the cells (default: run them);
 *   `noCode: true` leaves out the code cells' input (their outputs stay).
 * @returns Path of the written HTML file.
 */
export async function exportNotebook(
  notebook: string,
  outDir: string,
  notebookNames: ReadonlySet<string> = new Set(),
  options: { execute?: boolean; noCode?: boolean; sourceDir?: string } = {},
): Promise<string> {
  const { execute = true, noCode = false, sourceDir = SOURCE_DIR } = options;
  const stem = basename(notebook).replace(/\.ipynb$/, "");
  await Deno.mkdir(outDir, { recursive: true });
  const env = { ...jupyterEnv(), EMLAB_FRAME_DELAY: "0" };
  const scratch = await Deno.makeTempDir({ prefix: "emlab-export-" });
  try {
    let input = notebook;
    if (execute) {
      // Executed first into a notebook (the kernel runs in the notebook's folder), so the
      // outputs can be checked against each cell's manifest before the page is written.
      input = join(scratch, `${stem}.ipynb`);
      await executeOnce(notebook, input, () =>
        run(join(VENV, "bin", "jupyter"), [
          "nbconvert",
          "--execute",
          "--to",
          "notebook",
          "--ExecutePreprocessor.timeout=600",
          "--output-dir",
          scratch,
          "--output",
          stem,
          notebook,
        ], env));
      checkOutputs(stem, JSON.parse(await Deno.readTextFile(input)));
    }
    // The code-only passages as text marks through nbconvert (whose image embedding would empty
    // their <span>), made spans again below.
    const marked = hideCodeOnly(await Deno.readTextFile(input));
    if (marked !== null) {
      input = join(scratch, `${stem}.ipynb`);
      await Deno.writeTextFile(input, marked);
    }
    await run(join(VENV, "bin", "jupyter"), [
      "nbconvert",
      "--to",
      "html",
      "--template",
      TEMPLATE_NAME,
      `--TemplateExporter.extra_template_basedirs=${TEMPLATE_DIR}`,
      "--HTMLExporter.embed_images=True",
      ...(noCode ? ["--TemplateExporter.exclude_input=True"] : []),
      "--output-dir",
      outDir,
      "--output",
      stem,
      input,
    ], env);
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
  const path = join(outDir, `${stem}.html`);
  let html = restoreCodeOnly(offlineHtml(await Deno.readTextFile(path), notebookNames));
  // --no-code: the passages the sources mark as speaking of the code go too.
  if (noCode) html = dropCodeOnly(html);
  // Each exercise's answer behind a "show the answer", from the source's solution fences.
  const source = join(sourceDir, `${stem}.md`);
  if (await Deno.stat(source).then(() => true, () => false)) {
    const solutions = exerciseSolutions(await Deno.readTextFile(source));
    if (solutions.length) {
      html = addAnswers(html, solutions, { language: languageOf(sourceDir), noCode });
    }
  }
  await Deno.writeTextFile(path, html);
  checkMath(stem, html, sourceDir);
  return path;
}

/**
 * Fail when an executed notebook's outputs differ from the manifests its
 * cells declare (`emlab.outputs`, see `tools/manifest.ts`): an output that
 * is missing, extra, or of another kind. Notebooks without manifests pass.
 */
export function checkOutputs(
  stem: string,
  executed: Parameters<typeof checkNotebookOutputs>[0],
): void {
  const declared = executed.cells.some((c) => cellManifest(c.metadata) !== undefined);
  if (!declared) return;
  const problems = checkNotebookOutputs(executed);
  if (problems.length) {
    throw new Error(
      `${stem}: outputs differ from the cells' manifests:\n` +
        problems.map((p) => `  cell ${p.index}: ${p.problem}`).join("\n"),
    );
  }
}

/** How many formulas of a typeset page are display math. */
export function displayMathCount(html: string): number {
  return (html.match(/<mjx-container\b[^>]*\bdisplay="true"/g) ?? []).length;
}

/** TeX that MathJax could not typeset on a page (its error messages). */
export function mathErrors(html: string): string[] {
  return [...html.matchAll(/data-mjx-error="([^"]*)"/g)].map((m) => m[1]!);
}

/**
 * Fail when the page of a notebook built from a source does not typeset
 * every display equation of that source as display math, or MathJax
 * reported an error.
 */
export function checkMath(stem: string, html: string, sourceDir: string = SOURCE_DIR): void {
  const errors = mathErrors(html);
  if (errors.length) throw new Error(`${stem}: MathJax errors: ${errors.join("; ")}`);
  const entry = NOTEBOOKS.find((n) => n.built && n.file === `${stem}.ipynb`);
  if (!entry) return;
  const source = Deno.readTextFileSync(join(sourceDir, `${stem}.md`));
  const expected = displayEquations(source, `${stem}.md`).length;
  const shown = displayMathCount(html);
  if (shown !== expected) {
    throw new Error(
      `${stem}: ${expected} display equations in the source, ${shown} typeset as display math`,
    );
  }
}

/**
 * Convert the notebooks' index (`notebooks/README.md`) into `index.html`
 * beside the exported notebooks, in the same page style.
 *
 * @param readme Path of the Markdown index.
 * @param outDir Folder of the exported notebooks.
 * @param names File names exported there, for link rewriting.
 * @param stem The page's name without `.html` (default `index`).
 * @returns Path of the written `index.html`.
 */
export async function exportIndex(
  readme: string,
  outDir: string,
  names: ReadonlySet<string>,
  stem = "index",
): Promise<string> {
  const markdown = await Deno.readTextFile(readme);
  const title = /^#\s+(.+)$/m.exec(markdown)?.[1] ?? "Notebooks";
  const tmp = await Deno.makeTempDir({ prefix: "emlab-index-" });
  try {
    const notebook = join(tmp, `${stem}.ipynb`);
    await Deno.writeTextFile(
      notebook,
      JSON.stringify({
        cells: [{ cell_type: "markdown", metadata: {}, source: joinJapaneseLines(markdown) }],
        metadata: { title },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    return await exportNotebook(notebook, outDir, names, { execute: false });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

async function listNotebooks(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name);
  }
  return names.sort();
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

if (import.meta.main) {
  const t0 = performance.now();
  const args = Deno.args;
  const skipNotebooks = args.includes("--no-notebooks");
  // --solutions: the lecturer's notebooks (tools/build_notebooks.ts --solutions), into out/solutions/
  const solutions = args.includes("--solutions");
  const notebookDir = solutions ? SOLUTIONS_DIR : join(ROOT, "notebooks");
  if (solutions && !skipNotebooks) await buildSolutions();
  const noCode = args.includes("--no-code");
  const outDir = args.find((a) => a.startsWith("--out="))?.slice("--out=".length) || OUT_DIR;
  const only = args.filter((a) => !a.startsWith("--")).map((a) => a.replace(/\.ipynb$/, ""));
  await Deno.mkdir(outDir, { recursive: true });

  const { frames, gif } = await exportAnimation(outDir);
  const t1 = performance.now();
  let total = 0;
  for (const f of frames) total += (await Deno.stat(f)).size;
  const ihdr = new DataView((await Deno.readFile(frames[0]!)).buffer, 16, 8);
  const size = `${ihdr.getUint32(0)} × ${ihdr.getUint32(4)}`;
  console.log(`frames: ${frames.length} PNGs, ${size}, in ${join(outDir, "frames")}`);
  console.log(`        ${kib(total)} in all`);
  console.log(`gif:    ${gif} (${kib((await Deno.stat(gif)).size)})`);
  console.log(`        ${((t1 - t0) / 1000).toFixed(1)} s`);
  const explorable = await exportExplorable(join(outDir, "explorable.html"));
  console.log(`explorable: ${explorable} (${kib((await Deno.stat(explorable)).size)})`);

  const failures: string[] = [];
  if (!skipNotebooks) {
    await ensureVenv();
    await ensureKernelspec();
    // Each edition: its notebooks' folder, its pages' folder, and the prefix naming it
    // (with --solutions the lecturer's copy of each, notebooks-solutions/ and its ja/).
    const editions = [
      { prefix: "", dir: notebookDir, sourceDir: EDITIONS.en.sourceDir },
      { prefix: "ja/", dir: join(notebookDir, "ja"), sourceDir: EDITIONS.ja.sourceDir },
    ];
    const everything: string[] = [];
    for (const e of editions) {
      for (const n of await listNotebooks(e.dir)) everything.push(`${e.prefix}${n}`);
    }
    const wanted = (n: string) => !only.length || only.includes(n.replace(/\.ipynb$/, ""));
    if (only.length && everything.filter(wanted).length !== only.length) {
      console.error(
        `emlab export: unknown notebook in ${only.join(", ")}; have ${everything.join(", ")}`,
      );
      Deno.exit(2);
    }
    for (const edition of editions) {
      const all = await listNotebooks(edition.dir);
      const chosen = all.filter((n) => wanted(`${edition.prefix}${n}`));
      if (only.length && chosen.length === 0) continue;
      // The students get the index written for them, in their edition's language;
      // the lecturer's copy keeps its own.
      const readme = solutions
        ? join(edition.dir, "README.md")
        : edition.prefix === ""
        ? STUDENT_INDEX
        : STUDENT_INDEX_JA;
      const hasIndex = await Deno.stat(readme).then(() => true, () => false);
      const names = new Set(hasIndex ? [...all, "README.md"] : all);
      const htmlDir = join(outDir, solutions ? "solutions" : "notebooks", edition.prefix);
      const pages: string[] = [];
      if (hasIndex) {
        const path = await exportIndex(readme, htmlDir, names);
        pages.push(path);
        console.log(`html:   ${path} (${kib((await Deno.stat(path)).size)})`);
      }
      if (!solutions) {
        // The students' "run these yourself" page, beside the index.
        const page = edition.prefix ? RUN_PAGE_JA : RUN_PAGE;
        const run = await exportIndex(page, htmlDir, names, "run");
        console.log(`html:   ${run} (${kib((await Deno.stat(run)).size)})`);
      }
      for (const name of chosen) {
        const t = performance.now();
        try {
          const path = await exportNotebook(join(edition.dir, name), htmlDir, names, {
            sourceDir: edition.sourceDir,
            noCode,
          });
          pages.push(path);
          const s = ((performance.now() - t) / 1000).toFixed(1);
          console.log(`html:   ${path} (${kib((await Deno.stat(path)).size)}, ${s} s)`);
        } catch (e) {
          failures.push(`${edition.prefix}${name}`);
          console.error(`html:   ${edition.prefix}${name} FAILED\n${(e as Error).message}`);
        }
      }
      const { data, decks } = await finishHandouts(htmlDir, pages);
      for (const f of data) console.log(`data:   ${f} (${kib((await Deno.stat(f)).size)})`);
      for (const d of decks) {
        console.log(
          `slides: ${d.path} (${d.slides} slides, ${kib((await Deno.stat(d.path)).size)})`,
        );
      }
    }
    if (!solutions) {
      // The course site over both editions: titles, contents, search, previous/next, styles,
      // answers and the notebooks' zip (tools/export_site.ts).
      const handouts = join(outDir, "notebooks");
      // A PDF per notebook page, printed by Chromium through the site's print styles (skipped
      // without Chromium), then the site written again so each page links its PDF.
      await finishSite(handouts);
      const printed = await writePdfs(handouts);
      if (printed.skipped) console.log(`pdf:    skipped: ${printed.skipped}`);
      else console.log(`pdf:    ${printed.pdfs.length} PDFs in ${handouts}/pdf and ja/pdf`);
      const site = await finishSite(handouts);
      console.log(
        `site:   ${site.pages.length} pages, ${site.zip} (${
          kib((await Deno.stat(site.zip)).size)
        })`,
      );
    }
  }
  console.log(`export: done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (failures.length) {
    console.error(`export: ${failures.length} notebook(s) failed: ${failures.join(", ")}`);
    Deno.exit(1);
  }
}
