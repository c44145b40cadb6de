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
import { join } from "node:path";
import { animationGif, animationPngs, em, type EmSnapshot, initRandom } from "../lib/mod.ts";
import { mixture, sampleMixture } from "../lib/mod.ts";
import { ensureKernelspec, ensureVenv, ROOT } from "./setup.ts";
import { buildSolutions, EDITIONS, SOLUTIONS_DIR } from "./build_notebooks.ts";
import { exportIndex, exportJobs, exportNotebook, inParallel } from "./export_pages.ts";
import { finishHandouts, STUDENT_INDEX, STUDENT_INDEX_JA } from "./export_handouts.ts";
import { exportExplorable } from "./export_explorable.ts";
import { finishSite, RUN_PAGE, RUN_PAGE_JA, writePdfs } from "./export_site.ts";

// The page conversion lives in tools/export_pages.ts (shared with tools/export_handouts.ts);
// its functions stay importable from here.
export {
  checkMath,
  checkOutputs,
  displayMathCount,
  executeOnce,
  exportIndex,
  exportNotebook,
  linkExportedNotebooks,
  mathErrors,
  offlineHtml,
  scopeSvgIds,
  SHARED_EXECUTIONS_ENV,
  TEMPLATE_DIR,
  TEMPLATE_NAME,
  typesetMath,
} from "./export_pages.ts";

/** Where everything is written. */
export const OUT_DIR: string = join(ROOT, "out");

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

async function listNotebooks(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    // Hidden files are an export's own working copies (a notebook with its answer probes).
    if (e.isFile && e.name.endsWith(".ipynb") && !e.name.startsWith(".")) names.push(e.name);
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
      // The notebooks run side by side, one kernel per core (EMLAB_EXPORT_JOBS sets how many);
      // the pages keep the notebooks' order.
      const written = await inParallel(chosen, exportJobs(), async (name) => {
        const t = performance.now();
        try {
          const path = await exportNotebook(join(edition.dir, name), htmlDir, names, {
            sourceDir: edition.sourceDir,
            noCode,
          });
          const s = ((performance.now() - t) / 1000).toFixed(1);
          console.log(`html:   ${path} (${kib((await Deno.stat(path)).size)}, ${s} s)`);
          return path;
        } catch (e) {
          failures.push(`${edition.prefix}${name}`);
          console.error(`html:   ${edition.prefix}${name} FAILED\n${(e as Error).message}`);
          return null;
        }
      });
      for (const path of written) if (path !== null) pages.push(path);
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
