/**
 * A notebook as a standalone HTML page, the way `deno task export` writes
 * each one (`tools/export.ts`) and the students' index and data page
 * (`tools/export_handouts.ts`): executed on the Deno kernel, converted with
 * nbconvert through the offline template, the math typeset into SVG, the
 * links between notebooks pointed at the other pages.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import { mathjax } from "mathjax-full/js/mathjax.js";
import { TeX } from "mathjax-full/js/input/tex.js";
import { SVG } from "mathjax-full/js/output/svg.js";
import { liteAdaptor } from "mathjax-full/js/adaptors/liteAdaptor.js";
import { RegisterHTMLHandler } from "mathjax-full/js/handlers/html.js";
import { AllPackages } from "mathjax-full/js/input/tex/AllPackages.js";
import { jupyterEnv, ROOT, VENV } from "./setup.ts";
import { displayEquations, joinJapaneseLines, NOTEBOOKS, SOURCE_DIR } from "./build_notebooks.ts";
import { cellManifest, checkNotebookOutputs } from "./manifest.ts";
import { oncePerRun, workKey } from "./once_per_run.ts";
import {
  addAnswers,
  ANSWER_MIME,
  answerProbe,
  type AnswerValue,
  dropCodeOnly,
  exerciseSolutions,
  hideCodeOnly,
  languageOf,
  restoreCodeOnly,
} from "./export_site.ts";

/** The nbconvert template that leaves out every CDN script (see tools/html_template/). */
export const TEMPLATE_DIR: string = join(ROOT, "tools", "html_template");
/** Name of that template. */
export const TEMPLATE_NAME = "emlab_offline";

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

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string; stdin?: string } = {},
): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    env,
    cwd: options.cwd,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) {
    throw new Error(`${basename(cmd)} ${args.join(" ")} failed (exit ${out.code}):\n${text}`);
  }
  return text;
}

/** The little of a notebook's JSON the answer probes touch. */
interface ProbedNotebook {
  cells: {
    cell_type: string;
    source: string | string[];
    metadata?: { tags?: string[] };
    outputs?: { data?: Record<string, string | string[]> }[];
  }[];
}

/**
 * `deno task test` sets this to a folder of its own for the run: a notebook
 * that {@linkcode exportNotebook} executes is kept there by its path and
 * content, and executed once per run however many test files (or exports
 * run by tests) convert it.
 *
 * @example
 * ```ts ignore
 * import { SHARED_EXECUTIONS_ENV } from "./export_pages.ts";
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
 * import { executeOnce } from "./export_pages.ts";
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
  const key = await workKey([path, text]);
  await Deno.mkdir(shared, { recursive: true });
  const file = join(shared, `${key}.ipynb`);
  await oncePerRun(join(shared, `${key}.lock`), {
    run: execute,
    publish: async () => {
      const staged = `${file}.${Deno.pid}`;
      await Deno.copyFile(target, staged);
      await Deno.rename(staged, file);
    },
    published: async () => {
      if (!(await exists(file))) return "pending";
      await Deno.copyFile(file, target);
      return { value: undefined };
    },
  });
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
  const answers: AnswerValue[] = [];
  const probedCells = new Set<number>();
  try {
    let input = notebook;
    // Each exercise's check cell also shows what the check accepts, computed on the notebook's
    // data by the catalogue (answerProbe): the probed copy goes to nbconvert on its standard
    // input, run in the notebook's folder (where the kernel must run), so no file is written
    // beside the notebooks; the probes' outputs are taken out before the manifests are checked.
    let probed: string | null = null;
    if (execute) {
      const nb = JSON.parse(await Deno.readTextFile(notebook)) as ProbedNotebook;
      nb.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code" || !cell.metadata?.tags?.includes("check")) return;
        const probe = answerProbe(Array.isArray(cell.source) ? cell.source.join("") : cell.source);
        if (probe !== null) {
          cell.source = probe;
          probedCells.add(i);
        }
      });
      if (probedCells.size > 0) probed = JSON.stringify(nb);
    }
    if (execute) {
      // Executed first into a notebook (the kernel runs in the notebook's folder), so the
      // outputs can be checked against each cell's manifest before the page is written.
      input = join(scratch, `${stem}.ipynb`);
      // Keyed by the notebook as committed: every export of it adds the same probes.
      await executeOnce(notebook, input, () =>
        run(
          join(VENV, "bin", "jupyter"),
          [
            "nbconvert",
            "--execute",
            "--to",
            "notebook",
            "--ExecutePreprocessor.timeout=600",
            "--output-dir",
            scratch,
            "--output",
            stem,
            ...(probed === null ? [notebook] : ["--stdin"]),
          ],
          env,
          probed === null ? {} : { cwd: dirname(resolve(notebook)), stdin: probed },
        ));
      const executed = JSON.parse(await Deno.readTextFile(input)) as ProbedNotebook;
      if (probed) {
        const original = JSON.parse(await Deno.readTextFile(notebook)) as ProbedNotebook;
        executed.cells.forEach((cell, i) => {
          const found: AnswerValue[] = [];
          const kept = (cell.outputs ?? []).filter((o) => {
            const text = o.data?.[ANSWER_MIME];
            if (text === undefined) return true;
            found.push(JSON.parse(Array.isArray(text) ? text.join("") : text));
            return false;
          });
          // One answer per probed check cell, in the page's order: a lost or doubled output
          // would put another exercise's value under an answer.
          if (probedCells.has(i) && found.length !== 1) {
            throw new Error(
              `${stem}: check cell ${i + 1} published ${found.length} answers (expected 1); ` +
                "export again (the kernel lost an output)",
            );
          }
          answers.push(...found);
          if (cell.outputs) cell.outputs = kept;
          cell.source = original.cells[i]!.source;
        });
        await Deno.writeTextFile(input, JSON.stringify(executed));
      }
      checkOutputs(stem, executed as Parameters<typeof checkOutputs>[1]);
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
      html = addAnswers(html, solutions, {
        language: languageOf(sourceDir),
        noCode,
        values: answers,
      });
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

/**
 * Apply `work` to every item, at most `jobs` at a time, and return the
 * results in the items' order.
 *
 * @param items What to work on.
 * @param jobs How many at a time (at least 1).
 * @param work The work for one item.
 * @returns The results, in the order of `items`.
 *
 * @example
 * ```ts
 * import { inParallel } from "./export_pages.ts";
 * import { assertEquals } from "@std/assert";
 * let running = 0, most = 0;
 * const out = await inParallel([30, 10, 20, 5], 2, async (ms) => {
 *   most = Math.max(most, ++running);
 *   await new Promise((r) => setTimeout(r, ms));
 *   running--;
 *   return ms * 2;
 * });
 * assertEquals([out, most], [[60, 20, 40, 10], 2]);
 * ```
 */
export async function inParallel<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}

/**
 * How many notebooks the export runs at a time: `EMLAB_EXPORT_JOBS` when it
 * is a whole number ≥ 1, else the machine's cores (a notebook's kernel keeps
 * about one core busy).
 *
 * @returns The number of notebooks at a time.
 *
 * @example
 * ```ts
 * import { exportJobs } from "./export_pages.ts";
 * import { assert } from "@std/assert";
 * assert(exportJobs() >= 1);
 * ```
 */
export function exportJobs(): number {
  const asked = Number(Deno.env.get("EMLAB_EXPORT_JOBS"));
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return Math.max(1, navigator.hardwareConcurrency || 1);
}
