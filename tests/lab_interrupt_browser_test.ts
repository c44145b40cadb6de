/**
 * The lecture hall in Chromium: JupyterLab started by the lab's own code on a
 * working copy made as `deno task lab` makes it (explorable included), frames
 * 500 ms apart. In 01: run the cells above the EM cell, start its animation,
 * press ■ in the toolbar, then run a new cell that reads variables defined
 * before; the kernel must be the same process, its variables intact, and the
 * interrupted cell must keep its last frame. Then the EM cell runs again to
 * its player, and "the explorable" link of 01 (and of ja/01) opens the
 * explorable in the lab, its script running. An answer cell with a typo (it
 * does not parse) shows nothing and Run All goes on, as the exercise sections
 * tell students. Screenshots go to
 * `tests/artifacts/interrupt/` (git-ignored).
 *
 * Needs Chromium (see browser_test.ts); skipped without it, except under CI.
 */
import { assert, assertEquals, assertGreater, assertMatch } from "@std/assert";
import type { Page } from "playwright-core";
import { join } from "node:path";
import { prepareLab, startLab } from "../tools/lab.ts";
import { findChromium, KERNEL_DISPLAY_NAME, ROOT } from "../tools/setup.ts";
import { syncWorkingCopy } from "../tools/working_copy.ts";
import { ensureExplorable, EXPLORABLE_JA } from "../tools/export_explorable.ts";
import {
  launchChromium,
  menu,
  notebookPanel,
  openNotebook,
  readCells,
  recordSvgs,
  scrollTo,
  svgHistory,
  svgText,
  waitForKernelIdle,
} from "./_browser.ts";

const ARTIFACTS = join(ROOT, "tests", "artifacts", "interrupt");
const LAB_COPY = join(ROOT, ".lab-interrupt");
const NOTEBOOK = "01-em-walkthrough.ipynb";
const RUN_TIMEOUT = 180_000;
/** The notebook toolbar's ■ (its command id as an attribute, or its tooltip). */
const INTERRUPT_BUTTON = [
  '[data-command="notebook:interrupt-kernel"]',
  '[data-data-command="notebook:interrupt-kernel"]',
  '.jp-Toolbar [title="Interrupt the kernel"]',
].join(", ");

const chromiumPath = await findChromium();

/** A notebook whose answer cell does not parse: placeholder, the typo, what a check reads. */
const PARSE_ERROR = "parse-error.ipynb";
const PARSE_ERROR_NOTEBOOK = {
  cells: [
    "const answer: number | undefined = undefined;",
    "const answer: number = 0.61 +;",
    // Printed and flushed as the checks' show() does, so it lands before the cell ends.
    'import { flushOutputs } from "@emlab/emlab";\nconsole.log(`answer: ${answer}`);\nconst flushed = await flushOutputs();',
  ].map((source, i) => ({
    cell_type: "code",
    id: `cell-${i}`,
    metadata: {},
    source,
    outputs: [],
    execution_count: null,
  })),
  metadata: {
    kernelspec: { name: "deno", display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
  },
  nbformat: 4,
  nbformat_minor: 5,
};

/** The iteration in a frame's title ("iteration 7 · log-likelihood = …"). */
function iterationOf(svg: string): number | null {
  const m = /(?:iteration|反復)\s+(\d+)/i.exec(svgText(svg));
  return m ? Number(m[1]) : null;
}

/** The pid of the `deno jupyter --kernel` process of a kernel id (Linux), or undefined. */
async function kernelPid(id: string): Promise<number | undefined> {
  if (Deno.build.os !== "linux") return undefined;
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const argv = await Deno.readTextFile(`/proc/${entry.name}/cmdline`).catch(() => "");
    if (argv.includes("--kernel") && argv.includes(`kernel-${id}.json`)) return Number(entry.name);
  }
  return undefined;
}

/**
 * The kernel id of a notebook's session, asked of the server until it lists
 * the session (a page showing the kernel idle can come before the listing).
 */
async function sessionKernel(
  baseUrl: string,
  headers: Record<string, string>,
  path: string,
): Promise<string> {
  const until = Date.now() + 30_000;
  while (true) {
    const sessions = await (await fetch(`${baseUrl}api/sessions`, { headers })).json() as {
      path: string;
      kernel?: { id: string };
    }[];
    const id = sessions.find((s) => s.path === path)?.kernel?.id;
    if (id !== undefined) return id;
    if (Date.now() > until) {
      throw new Error(`no session for ${path} after 30 s: ${JSON.stringify(sessions)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Run one cell (click its prompt, Ctrl-Enter) and wait until it shows an execution count and the
 * kernel is idle. (`runCell` waits for every cell to have run, as after a Run All.)
 */
async function runOne(page: Page, index: number, timeout: number): Promise<void> {
  const cell = notebookPanel(page).locator(".jp-Notebook .jp-Cell").nth(index);
  await cell.scrollIntoViewIfNeeded();
  await cell.locator(".jp-InputPrompt").click();
  await page.keyboard.press("Control+Enter");
  await waitForCount(page, index, timeout);
}

/** Wait until cell `index` shows an execution count (not `[*]`) and the kernel is idle. */
async function waitForCount(page: Page, index: number, timeout: number): Promise<void> {
  // Give the prompt a moment to turn into [*] first.
  await page.waitForTimeout(300);
  await page.waitForFunction(
    (i) => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)")!;
      const c = panel.querySelectorAll(".jp-Notebook .jp-Cell")[i];
      const status = panel.querySelector(".jp-Notebook-ExecutionIndicator")
        ?.getAttribute("data-status");
      return status === "idle" &&
        /^\[\d+\]:$/.test((c?.querySelector(".jp-InputPrompt")?.textContent ?? "").trim());
    },
    index,
    { timeout, polling: 100 },
  );
}

Deno.test({
  name: "JupyterLab in Chromium: ■ stops 01's animation and keeps the kernel; the explorable opens",
  ignore: !chromiumPath && !Deno.env.get("CI"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert(chromiumPath, "Chromium is needed under CI (apt-get install chromium)");
    await Deno.remove(ARTIFACTS, { recursive: true }).catch(() => {});
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    await prepareLab();
    const scratch = await Deno.makeTempDir({ prefix: "emlab-interrupt-" });
    const settings = join(scratch, "settings", "@jupyterlab", "apputils-extension");
    await Deno.mkdir(settings, { recursive: true });
    await Deno.writeTextFile(
      join(settings, "notification.jupyterlab-settings"),
      JSON.stringify({ fetchNews: "false", checkForUpdates: false }),
    );
    await syncWorkingCopy({ target: LAB_COPY, fresh: true });
    // A student's answer with a typo (what every exercise section describes).
    await Deno.writeTextFile(join(LAB_COPY, PARSE_ERROR), JSON.stringify(PARSE_ERROR_NOTEBOOK));
    await ensureExplorable(join(LAB_COPY, "out", "explorable.html"));
    await ensureExplorable(join(LAB_COPY, "out", EXPLORABLE_JA), "ja");
    const lab = await startLab({
      port: 0,
      root: LAB_COPY,
      logFile: join(ARTIFACTS, "jupyterlab.log"),
      args: [
        `--LabApp.user_settings_dir=${join(scratch, "settings")}`,
        `--LabApp.workspaces_dir=${join(scratch, "workspaces")}`,
      ],
      env: { EMLAB_FRAME_DELAY: "500" },
    });
    const headers = { Authorization: `token ${lab.token}` };
    const browser = await launchChromium(chromiumPath!);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const page = await context.newPage();
      const nb = JSON.parse(await Deno.readTextFile(join(LAB_COPY, NOTEBOOK))) as {
        cells: { metadata?: { tags?: string[] } }[];
      };
      const emCell = nb.cells.findIndex((c) => c.metadata?.tags?.includes("em-run"));
      assertGreater(emCell, 0, "01 has its EM cell");
      await openNotebook(page, lab, NOTEBOOK, "interrupt", nb.cells.length, KERNEL_DISPLAY_NAME);
      const kernelId = await sessionKernel(lab.baseUrl, headers, NOTEBOOK);
      const pid = await kernelPid(kernelId);

      await t.step(
        "■ during the animation stops the cell; the kernel keeps its variables",
        async () => {
          // The cells above the EM cell, one by one (as a lecturer does).
          for (let i = 0; i < emCell; i++) {
            if (
              await notebookPanel(page).locator(".jp-Notebook .jp-Cell").nth(i)
                .evaluate((c) => c.classList.contains("jp-CodeCell"))
            ) {
              await runOne(page, i, RUN_TIMEOUT);
            }
          }
          await recordSvgs(page);
          const cell = notebookPanel(page).locator(".jp-Notebook .jp-Cell").nth(emCell);
          await cell.scrollIntoViewIfNeeded();
          await cell.locator(".jp-InputPrompt").click();
          await page.keyboard.press("Control+Enter");
          // A few frames shown, 500 ms apart: the run is under way.
          await page.waitForFunction(
            (i) => {
              const events = (window as unknown as { __emlabSvgs: [number, string][] }).__emlabSvgs;
              return events.filter(([c]) => c === i).length >= 4;
            },
            emCell,
            { timeout: RUN_TIMEOUT, polling: 100 },
          );
          const started = performance.now();
          await notebookPanel(page).locator(INTERRUPT_BUTTON).first().click();
          await waitForKernelIdle(page, 60_000);
          const stopSeconds = (performance.now() - started) / 1000;
          const frames = (await svgHistory(page)).get(emCell) ?? [];
          const view = (await readCells(page))[emCell]!;
          assertMatch(view.prompt ?? "", /^\[\d+\]:$/, "the interrupted cell shows its count");
          assertEquals(view.players.length, 0, "stopped before the end: no player");
          assertEquals(view.svgs.length, 1, "the interrupted animation keeps one frame");
          const last = iterationOf(view.svgs[0]!.markup);
          assertEquals(last, iterationOf(frames.at(-1)![0]!), "it is the last frame drawn");
          assertGreater(frames.length, 3);
          await scrollTo(page, emCell);
          await page.screenshot({ path: join(ARTIFACTS, "01-interrupted.png") });
          console.log(
            `interrupted after ${frames.length} frames (iteration ${last}); ` +
              `kernel idle ${stopSeconds.toFixed(1)} s after ■`,
          );

          // A new cell below reads what the cells above defined: select the EM cell (command
          // mode), insert a cell below (b), edit it (Enter), type, run it (Ctrl-Enter).
          await notebookPanel(page).locator(".jp-Notebook .jp-Cell").nth(emCell)
            .locator(".jp-InputPrompt").click();
          await page.keyboard.press("Escape");
          await page.keyboard.press("b");
          await page.keyboard.press("Enter");
          await page.keyboard.type(
            "console.log(`x: ${x.length} points, run ${run}, start ${startSeed}`)",
          );
          await page.keyboard.press("Control+Enter");
          await waitForCount(page, emCell + 1, 60_000);
          const read = (await readCells(page))[emCell + 1]!;
          assertEquals(read.texts.join("").trim(), "x: 1000 points, run 1, start 16");
          assertEquals(await page.locator(".jp-Dialog").count(), 0, "no kernel dialog");
          assertEquals(
            await sessionKernel(lab.baseUrl, headers, NOTEBOOK),
            kernelId,
            "the same kernel",
          );
          if (pid !== undefined) {
            assertEquals(await kernelPid(kernelId), pid, "same kernel process");
          }
          await page.screenshot({ path: join(ARTIFACTS, "01-after-interrupt.png") });
        },
      );

      await t.step("after ■, the EM cell animates again to its player", async () => {
        await recordSvgs(page);
        await runOne(page, emCell, RUN_TIMEOUT);
        const again = (await svgHistory(page)).get(emCell) ?? [];
        assertGreater(again.length, 3, "the re-run animates");
        const view = (await readCells(page))[emCell]!;
        assertEquals(view.players.length, 1, "the re-run ends as a player");
        assertEquals(view.svgs.length, 0);
      });

      await t.step(
        "'the explorable' opens the explorable in the lab, its script running",
        async () => {
          const link = notebookPanel(page).locator(".jp-RenderedMarkdown a", {
            hasText: "the explorable",
          }).first();
          await link.scrollIntoViewIfNeeded();
          const href = await link.getAttribute("href");
          assertEquals(new URL(href!, lab.baseUrl).pathname, "/files/out/explorable.html");
          await link.click();
          const frame = page.frameLocator(".jp-HTMLViewer iframe, .lm-Widget iframe").last();
          await frame.locator("#chart svg").first().waitFor({ timeout: 60_000 });
          await page.screenshot({ path: join(ARTIFACTS, "01-explorable.png") });
        },
      );

      await t.step(
        "an answer cell that does not parse: nothing under it, Run All goes on, the old value stays",
        async () => {
          const typo = await context.newPage();
          await openNotebook(typo, lab, PARSE_ERROR, "typo", 3, KERNEL_DISPLAY_NAME);
          await menu(typo, "Run", "Run All Cells");
          await waitForCount(typo, 2, 60_000);
          await typo.waitForTimeout(1000);
          await typo.screenshot({ path: join(ARTIFACTS, "parse-error.png") });
          const [placeholder, bad, check] = await readCells(typo);
          assertMatch(placeholder!.prompt ?? "", /^\[\d+\]:$/);
          assertMatch(bad!.prompt ?? "", /^\[\d+\]:$/, "the typo ran");
          assertEquals(bad!.outputKinds, [], "nothing under the typo: no output, no error");
          assertEquals(bad!.stderr, []);
          assertMatch(check!.prompt ?? "", /^\[\d+\]:$/, "Run All went on to the next cell");
          assertEquals(
            check!.texts.join("").trim(),
            "answer: undefined",
            "the earlier value stays",
          );
          await typo.close();
        },
      );

      await t.step("ja/01's link opens the explorable's Japanese edition", async () => {
        const ja = await context.newPage();
        const jaNb = JSON.parse(await Deno.readTextFile(join(LAB_COPY, "ja", NOTEBOOK)));
        await openNotebook(ja, lab, `ja/${NOTEBOOK}`, "ja", jaNb.cells.length, KERNEL_DISPLAY_NAME);
        const href = await notebookPanel(ja).locator(".jp-RenderedMarkdown a", {
          hasText: "対話型デモ",
        }).first().getAttribute("href");
        const url = new URL(href!, lab.baseUrl);
        assertEquals(url.pathname, "/files/out/explorable.ja.html");
        const res = await fetch(url, { headers });
        assertEquals(res.status, 200);
        const text = await res.text();
        assertMatch(text, /<title>EM, step by step/);
        assertMatch(text, /<html lang="ja" data-lang="ja">/);
        await ja.close();
      });
    } finally {
      await browser.close().catch(() => {});
      await lab.close();
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
      await Deno.remove(LAB_COPY, { recursive: true }).catch(() => {});
    }
  },
});
