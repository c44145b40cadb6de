/**
 * End-to-end: JupyterLab started by `deno task lab`'s own code, Chromium
 * headless driven by playwright-core. For every notebook in `notebooks/`:
 * open it, Run All Cells, and check what a student sees; then the same for the
 * Japanese edition in `notebooks/ja/` (steps named `ja/NN-….ipynb`), whose
 * charts must carry Japanese text. `EMLAB_E2E_EDITION=en` or `ja` opens one
 * edition only, with a lab and working copy of its own (`deno task test`
 * runs the two halves side by side). `EMLAB_E2E_ONLY=ja/` (a comma-separated
 * list of name prefixes) opens only the notebooks whose names start so;
 * `deno test --filter` selects tests, not these steps.
 * Screenshots go to `tests/artifacts/browser/` (git-ignored; one edition's
 * run to its `en/` or `ja/` folder).
 *
 * Run All twice per notebook (`EMLAB_E2E_REPEATS`, default 2): the first
 * in a fresh kernel, the second over the first's state, in the same kernel;
 * each time every output must be in its own cell. More runs only repeat the
 * second; the race they would sample (an output published after its cell
 * ended, see lib/notebook/_iopub.ts) is also sampled by every kernel run
 * of the other tests, whose manifests catch a lost output.
 *
 * Needs Chromium (Debian: `apt-get install chromium`; or set EMLAB_CHROMIUM).
 * Without it the test is skipped with a notice, except under CI where it fails.
 * EMLAB_E2E_NOTEBOOKS serves another folder of notebooks instead.
 *
 * JupyterLab serves a working copy made as `deno task lab` makes it
 * (`syncWorkingCopy`, here into `.lab-e2e/`); each notebook is saved after
 * its run, and at the end `git status --porcelain notebooks/` must be empty.
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import { basename, join } from "node:path";
import { prepareLab, startLab } from "../tools/lab.ts";
import { findChromium, KERNEL_DISPLAY_NAME, ROOT } from "../tools/setup.ts";
import { syncWorkingCopy } from "../tools/working_copy.ts";
import { displayEquations, EDITIONS, NOTEBOOKS } from "../tools/build_notebooks.ts";
import {
  cellManifest,
  formatManifest,
  manifestMismatch,
  mergeText,
  type OutputKind,
} from "../tools/manifest.ts";
import {
  captionIteration,
  type CellView,
  exercisePlayer,
  highestPrompt,
  isErrorText,
  launchChromium,
  menu,
  notebookPanel,
  openNotebook,
  readCells,
  recordSvgs,
  runCell,
  scrollTo,
  svgHistory,
  svgText,
  waitForAllCellsRun,
  waitForRunAfter,
} from "./_browser.ts";

const NOTEBOOK_DIR = Deno.env.get("EMLAB_E2E_NOTEBOOKS") ?? join(ROOT, "notebooks");
/** `en` or `ja`: one edition's notebooks only (the runner runs the two side by side). */
const EDITION = Deno.env.get("EMLAB_E2E_EDITION") ?? "";
if (EDITION !== "" && EDITION !== "en" && EDITION !== "ja") {
  throw new TypeError(`EMLAB_E2E_EDITION: expected "en", "ja" or unset, received "${EDITION}"`);
}
const ARTIFACTS = join(ROOT, "tests", "artifacts", "browser", EDITION);
/** The working copy the test's JupyterLab serves (beside lib/, like the lab's .lab/). */
const LAB_COPY = join(ROOT, EDITION ? `.lab-e2e-${EDITION}` : ".lab-e2e");
/** Tag of the walkthrough's cell that runs and animates EM (re-run by the test). */
const EM_RUN_TAG = "em-run";
const RUN_TIMEOUT = 180_000;
/**
 * Run All this many times per notebook; every time, every output must be in its own cell. The
 * first runs in a fresh kernel, the second over the first's state; more repeat the second.
 */
const RUN_ALL_REPEATS = Number(Deno.env.get("EMLAB_E2E_REPEATS") ?? "2");
if (!Number.isInteger(RUN_ALL_REPEATS) || RUN_ALL_REPEATS < 1) {
  throw new TypeError(
    `EMLAB_E2E_REPEATS: expected a whole number ≥ 1, received "${
      Deno.env.get("EMLAB_E2E_REPEATS")
    }"`,
  );
}

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[]; emlab?: { outputs?: OutputKind[] } };
}

/**
 * Code cells whose outputs in the browser differ from their manifest: an
 * output missing, extra (e.g. arrived from the cell before), or of another kind.
 */
function misplacedOutputs(cells: NotebookCell[], views: CellView[]): string[] {
  const problems: string[] = [];
  for (const view of views) {
    if (view.type !== "code") continue;
    const expected = cellManifest(cells[view.index]!.metadata as Record<string, unknown>);
    if (expected === undefined) continue;
    const shown = mergeText(view.outputKinds);
    const problem = manifestMismatch(expected, shown);
    if (problem) problems.push(`cell ${view.index}: ${problem}`);
  }
  return problems;
}

/** The edition of a notebook path ("ja/01-….ipynb" is Japanese). */
function editionOf(name: string): "en" | "ja" {
  return name.startsWith("ja/") ? "ja" : "en";
}

/** The display equations of a notebook's source (undefined for a notebook without one). */
function sourceEquations(name: string): number | undefined {
  const file = basename(name);
  if (!NOTEBOOKS.some((n) => n.built && n.file === file)) return undefined;
  const md = file.replace(/\.ipynb$/, ".md");
  const sourceDir = EDITIONS[editionOf(name)].sourceDir;
  return displayEquations(Deno.readTextFileSync(join(sourceDir, md)), md).length;
}

/** Kana and CJK ideographs: a Japanese chart's text has them. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const chromiumPath = await findChromium();
if (!chromiumPath) {
  console.error(
    "browser test: no Chromium found (install it, e.g. `sudo apt-get install chromium`, " +
      "or set EMLAB_CHROMIUM)" + (Deno.env.get("CI") ? "" : "; skipping"),
  );
}

const notebooks: string[] = [];
for await (const entry of Deno.readDir(NOTEBOOK_DIR)) {
  if (entry.isFile && entry.name.endsWith(".ipynb")) notebooks.push(entry.name);
}
const japanese: string[] = [];
const jaDir = join(NOTEBOOK_DIR, "ja");
if (await Deno.stat(jaDir).then((s) => s.isDirectory, () => false)) {
  for await (const entry of Deno.readDir(jaDir)) {
    if (entry.isFile && entry.name.endsWith(".ipynb")) japanese.push(`ja/${entry.name}`);
  }
}
notebooks.sort();
notebooks.push(...japanese.sort());
/** Notebooks in the folder, before EMLAB_E2E_ONLY and EMLAB_E2E_EDITION choose among them. */
const found = notebooks.length;
const only = (Deno.env.get("EMLAB_E2E_ONLY") ?? "").split(",").filter((p) => p !== "");
notebooks.splice(
  0,
  Infinity,
  ...notebooks.filter((n) =>
    (only.length === 0 || only.some((p) => n.startsWith(p))) &&
    (EDITION === "" || editionOf(n) === EDITION)
  ),
);

function source(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Iteration numbers in a frame's labels ("iteration 7 · log-likelihood = …", "反復 7 · …"). */
function iterationOf(svg: string): number | null {
  const m = /(?:iteration|反復)\s+(\d+)/i.exec(svgText(svg));
  return m ? Number(m[1]) : null;
}

/**
 * An animated cell: its SVG output was redrawn in place, frame after frame
 * (`states` is what the cell showed after each change), and then became a
 * player (lib/notebook/player.ts) over the frames. Every state holds exactly one
 * SVG; iterations only go up; the player ends on the last one.
 *
 * @returns The final iteration shown.
 */
function checkAnimation(name: string, view: CellView, states: string[][]): number {
  const where = `${name} cell ${view.index}`;
  for (const state of states) {
    assertEquals(state.length, 1, `${where}: the animation redraws one output in place`);
  }
  const shown = states.map((s) => iterationOf(s[0]!));
  assert(shown.every((it) => it !== null), `${where}: every frame is titled with its iteration`);
  for (let i = 1; i < shown.length; i++) {
    assert(shown[i]! > shown[i - 1]!, `${where}: frames advance (${shown.join(", ")})`);
  }
  assertEquals(view.svgs.length, 0, `${where}: no SVG output is left beside the player`);
  assertEquals(view.players.length, 1, `${where}: the animation ends as one player`);
  const player = view.players[0]!;
  const final = captionIteration(player.caption);
  assertEquals(final, shown.at(-1), `${where}: the player shows the final iteration`);
  assertGreater(player.frames, 1, `${where}: the player holds the frames`);
  // When the cell also reports the run ("… after 23 iterations"), they agree.
  for (const text of view.texts) {
    const reported = /after (\d+) iterations/.exec(text);
    if (reported) {
      assertEquals(final, Number(reported[1]), `${where}: frame and report agree (${text})`);
    }
  }
  return final!;
}

/** Whether a cell's history looks like an animation (three or more frames with iterations). */
function isAnimation(states: string[][] | undefined): boolean {
  return (states?.length ?? 0) >= 3 &&
    states!.every((s) => s.length > 0 && iterationOf(s.at(-1)!) !== null);
}

Deno.test({
  name: "JupyterLab in Chromium: every notebook runs and shows its plots, math and animations",
  ignore: !chromiumPath && !Deno.env.get("CI"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert(chromiumPath, "Chromium is needed under CI (apt-get install chromium)");
    assertGreater(found, 0, `no notebooks in ${NOTEBOOK_DIR}`);
    if (notebooks.length === 0 && EDITION !== "" && only.length > 0) {
      // EMLAB_E2E_ONLY names only notebooks of the other edition's half.
      console.log(`no ${EDITION} notebook matches EMLAB_E2E_ONLY=${only.join(",")}`);
      return;
    }
    assertGreater(notebooks.length, 0, `no notebook matches EMLAB_E2E_ONLY=${only.join(",")}`);
    await Deno.remove(ARTIFACTS, { recursive: true }).catch(() => {});
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    await prepareLab();

    // Fresh JupyterLab settings and workspaces: no news prompt, no restored layouts.
    const scratch = await Deno.makeTempDir({ prefix: "emlab-e2e-" });
    const settings = join(scratch, "settings", "@jupyterlab", "apputils-extension");
    await Deno.mkdir(settings, { recursive: true });
    await Deno.writeTextFile(
      join(settings, "notification.jupyterlab-settings"),
      JSON.stringify({ fetchNews: "false", checkForUpdates: false }),
    );
    // Never save the executed notebooks over the project's files.
    const docmanager = join(scratch, "settings", "@jupyterlab", "docmanager-extension");
    await Deno.mkdir(docmanager, { recursive: true });
    await Deno.writeTextFile(
      join(docmanager, "plugin.jupyterlab-settings"),
      JSON.stringify({ autosave: false }),
    );
    await syncWorkingCopy({ source: NOTEBOOK_DIR, target: LAB_COPY, fresh: true });
    const lab = await startLab({
      port: 0,
      root: LAB_COPY,
      logFile: join(ARTIFACTS, "jupyterlab.log"),
      args: [
        `--LabApp.user_settings_dir=${join(scratch, "settings")}`,
        `--LabApp.workspaces_dir=${join(scratch, "workspaces")}`,
      ],
      // Frames a few milliseconds apart, so the browser renders the animation.
      env: { EMLAB_FRAME_DELAY: Deno.env.get("EMLAB_E2E_FRAME_DELAY") ?? "20" },
    });
    let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
    const cleanUp = async () => {
      await browser?.close().catch(() => {});
      await lab.close();
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
      await Deno.remove(LAB_COPY, { recursive: true }).catch(() => {});
    };
    // Interrupted (Ctrl-C, CI timeout): still stop JupyterLab, its kernels and Chromium.
    const onSignal = () => void cleanUp().finally(() => Deno.exit(130));
    const signals = Deno.build.os === "windows"
      ? ["SIGINT" as const]
      : ["SIGINT" as const, "SIGTERM" as const];
    for (const sig of signals) Deno.addSignalListener(sig, onSignal);
    try {
      await t.step("token authentication is on", async () => {
        const res = await fetch(`${lab.baseUrl}api/contents`);
        await res.body?.cancel();
        assertEquals(res.status, 403, "the API refuses requests without the token");
      });
      browser = await launchChromium(chromiumPath!);
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      for (const [n, name] of notebooks.entries()) {
        await t.step(name, async () => {
          const stem = name.replace(/\.ipynb$/, "").replace("/", "-");
          const nb = JSON.parse(await Deno.readTextFile(join(NOTEBOOK_DIR, name))) as {
            cells: NotebookCell[];
          };
          const page = await context.newPage();
          try {
            await openNotebook(page, lab, name, `e2e-${n}`, nb.cells.length, KERNEL_DISPLAY_NAME);
            await recordSvgs(page);
            const firstRun = performance.now();
            await menu(page, "Run", "Run All Cells");
            await waitForAllCellsRun(page, RUN_TIMEOUT);
            const runSeconds = [(performance.now() - firstRun) / 1000];
            const frames = await svgHistory(page);
            const views = await readCells(page);

            // Every code cell ran; no errors; nothing hidden as untrusted.
            for (const view of views) {
              const cell = nb.cells[view.index]!;
              if (view.type === "code") {
                assert(/^\[\d+\]:$/.test(view.prompt ?? ""), `${name} cell ${view.index} ran`);
              }
              const errors = view.stderr.filter(isErrorText);
              assertEquals(errors, [], `${name} cell ${view.index} shows an error`);
              for (const text of view.stderr.filter((t) => !isErrorText(t))) {
                console.log(`${name} cell ${view.index} writes to stderr: ${text.slice(0, 200)}`);
              }
              assertEquals(
                view.untrusted,
                0,
                `${name} cell ${view.index} shows an untrusted output`,
              );
              // Math in markdown is typeset by MathJax, no raw TeX left.
              if (cell.cell_type === "markdown" && /\$[^$]+\$/.test(source(cell))) {
                assertGreater(view.math, 0, `${name} cell ${view.index}: math is rendered`);
                assertEquals(view.mathErrors, [], `${name} cell ${view.index}: TeX errors`);
                assert(
                  !/\$[^$\s][^$]*\$/.test(view.markdownText),
                  `${name} cell ${view.index}: no raw $…$ left: ${view.markdownText.slice(0, 200)}`,
                );
              }
            }

            // Display equations: as many typeset as display math as the source has; no raw $$
            // or TeX commands left in the rendered Markdown.
            const equations = sourceEquations(name);
            const displayed = views.reduce(
              (n, v) => n + (v.type === "markdown" ? v.displayMath : 0),
              0,
            );
            if (equations !== undefined) {
              assertEquals(displayed, equations, `${name}: display equations typeset`);
            }
            for (const view of views.filter((v) => v.type === "markdown")) {
              assert(!view.markdownText.includes("$$"), `${name} cell ${view.index}: raw $$`);
              const tex = /\\[a-zA-Z]{2,}/.exec(view.markdownText);
              assertEquals(tex, null, `${name} cell ${view.index}: raw TeX ${tex?.[0]}`);
            }

            // Every output in its own cell (the manifest), on the first Run All.
            const firstProblems = misplacedOutputs(nb.cells, views);
            assertEquals(firstProblems, [], `${name}: Run All 1: outputs not where they belong`);

            // Plots: SVG images that loaded, with marks in them.
            const svgs = views.flatMap((v) => v.svgs);
            assertGreater(svgs.length, 0, `${name}: at least one plot is shown`);
            for (const svg of svgs) {
              assert(svg.loaded, `${name}: every SVG image loads`);
              assert(/<svg[\s>]/.test(svg.markup), `${name}: image is an SVG`);
            }

            // Animations: a cell that showed three or more frames titled with an iteration.
            const animated = views.filter((v) => isAnimation(frames.get(v.index)));
            const finals = animated.map((view) =>
              `cell ${view.index}: ${frames.get(view.index)!.length} frames, ends at iteration ${
                checkAnimation(name, view, frames.get(view.index)!)
              }`
            );
            const emCell = nb.cells.findIndex((c) => c.metadata?.tags?.includes(EM_RUN_TAG));

            // Every player (animations, EM by hand): step, scrub, play; caption and picture agree.
            const playerCells = views.filter((v) => v.players.length > 0);
            for (const view of playerCells) {
              const cellPlayers = notebookPanel(page).locator(".jp-Notebook .jp-Cell")
                .nth(view.index).locator("[data-emlab-player]");
              for (let p = 0; p < view.players.length; p++) {
                const report = await exercisePlayer(cellPlayers.nth(p));
                console.log(
                  `${name} cell ${view.index}: ${report.mode} player, ${report.frames} frames: ` +
                    report.captions.slice(1).map((c) => c.slice(0, 40)).join(" | "),
                );
              }
            }
            // A player mid-run, as a lecturer would stop it: the first animation, middle frame.
            if (playerCells.length > 0) {
              const view = animated[0] ?? playerCells[0]!;
              const player = notebookPanel(page).locator(".jp-Notebook .jp-Cell")
                .nth(view.index).locator("[data-emlab-player]").first();
              const frames = Number(await player.getAttribute("data-frames"));
              await player.locator('input[type="range"]').fill(String(Math.floor(frames / 3)));
              await scrollTo(page, view.index);
              await page.screenshot({ path: join(ARTIFACTS, `${stem}-player.png`) });
            }

            // The Japanese edition: its charts speak Japanese. Screenshot the first chart with
            // Japanese text together with a display equation: the chart closest below one.
            if (editionOf(name) === "ja") {
              const charts = views.filter((v) =>
                v.svgs.some((s) => JAPANESE.test(svgText(s.markup)))
              );
              assertGreater(charts.length, 0, `${name}: a chart with Japanese text`);
              const pairs = charts.map((chart) => ({
                chart,
                above: views.findLast((v) => v.index < chart.index && v.displayMath > 0),
              })).filter((p) => p.above && p.chart.index - p.above.index <= 4)
                .sort((a, b) =>
                  (a.chart.index - a.above!.index) - (b.chart.index - b.above!.index)
                );
              const start = pairs[0]?.above?.index ?? charts[0]!.index;
              await page.setViewportSize({ width: 1280, height: 1600 });
              await scrollTo(page, start);
              await page.screenshot({ path: join(ARTIFACTS, `${stem}-japanese-chart.png`) });
              await page.setViewportSize({ width: 1280, height: 1000 });
            }

            // Screenshot where the student looks: the animation, else the first plot.
            const focus = animated[0]?.index ?? views.find((v) => v.svgs.length > 0)!.index;
            await scrollTo(page, focus);
            await page.screenshot({ path: join(ARTIFACTS, `${stem}.png`) });
            await scrollTo(page, -1);
            await page.screenshot({ path: join(ARTIFACTS, `${stem}-top.png`) });

            console.log(
              `${name}: ${views.length} cells, ${svgs.length} SVG plots, ` +
                `${views.reduce((n, v) => n + v.math, 0)} rendered formulas ` +
                `(${displayed} display, source: ${equations ?? "none"}), ` +
                `animations: ${finals.join("; ") || "none"}`,
            );

            // The walkthrough's EM cell: re-run it and watch it animate again.
            if (emCell >= 0) {
              assert(
                animated.some((v) => v.index === emCell),
                `${name}: the cell tagged ${EM_RUN_TAG} animates`,
              );
              const before = frames.get(emCell)!.at(-1)![0]!;
              await recordSvgs(page);
              await runCell(page, emCell, RUN_TIMEOUT);
              const again = (await svgHistory(page)).get(emCell) ?? [];
              const after = (await readCells(page))[emCell]!;
              assertGreater(
                again.filter((state) => state[0] !== before).length,
                1,
                `${name}: re-running the ${EM_RUN_TAG} cell changes its output again`,
              );
              const final = checkAnimation(name, after, again);
              console.log(
                `${name}: re-ran cell ${emCell} (${EM_RUN_TAG}): ${again.length} new frames, ` +
                  `ends at iteration ${final}`,
              );
              assertEquals(
                after.stderr.filter(isErrorText),
                [],
                `${name}: the re-run shows an error`,
              );
              await scrollTo(page, emCell);
              await page.screenshot({ path: join(ARTIFACTS, `${stem}-rerun.png`) });
            }
            // Run All again, repeatedly: every time, every output lands in its own cell.
            let misplaced = 0;
            for (let run = 2; run <= RUN_ALL_REPEATS; run++) {
              const before = await highestPrompt(page);
              const started = performance.now();
              await menu(page, "Run", "Run All Cells");
              await waitForRunAfter(page, before, RUN_TIMEOUT);
              runSeconds.push((performance.now() - started) / 1000);
              await page.waitForTimeout(1000); // time for a late output to arrive and be counted
              const problems = misplacedOutputs(nb.cells, await readCells(page));
              misplaced += problems.length;
              assertEquals(problems, [], `${name}: Run All ${run}: outputs not where they belong`);
            }
            const tables = views.flatMap((v) => v.outputKinds.filter((k) => k.kind === "table"));
            console.log(
              `${name}: Run All ${RUN_ALL_REPEATS} times (${
                runSeconds.map((t) => t.toFixed(1)).join(", ")
              } s), ${misplaced} misplaced outputs; ` +
                `${tables.length} tables (${formatManifest(tables).slice(0, 120)})`,
            );
            // Screenshot of the first table, to see it sits under its own cell.
            const tableCell = views.find((v) => v.outputKinds.some((k) => k.kind === "table"));
            if (tableCell) {
              await scrollTo(page, tableCell.index);
              await page.screenshot({ path: join(ARTIFACTS, `${stem}-table.png`) });
            }
            await saveNotebook(page, join(LAB_COPY, name));
          } finally {
            await page.close();
          }
        });
      }
      await t.step("saving in the lab leaves notebooks/ as committed", async () => {
        const status = await new Deno.Command("git", {
          args: ["status", "--porcelain", "--", "notebooks/"],
          cwd: ROOT,
          stdout: "piped",
        }).output();
        assert(status.success, "git status ran");
        assertEquals(new TextDecoder().decode(status.stdout), "", "git status notebooks/");
      });
    } finally {
      for (const sig of signals) Deno.removeSignalListener(sig, onSignal);
      await cleanUp();
    }
  },
});

/** Save the open notebook (File › Save Notebook) and wait until the file on disk has its outputs. */
async function saveNotebook(page: Parameters<typeof menu>[0], path: string): Promise<void> {
  await menu(page, "File", "Save Notebook");
  const deadline = Date.now() + 30_000;
  while (!(await Deno.readTextFile(path)).includes('"output_type"')) {
    assert(Date.now() < deadline, `${path} was not saved with its outputs`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
