/// <reference lib="dom" />
/**
 * Helpers for the browser test: Debian's Chromium driven by playwright-core,
 * pointed at a JupyterLab started with the project's own `startLab`.
 *
 * @module
 */
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import type { Lab } from "../tools/lab.ts";

/** Flags for Chromium on a machine without a sandbox or network to spare. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Start headless Chromium from `executablePath` (never a downloaded browser).
 *
 * @param executablePath The Chromium or Chrome binary.
 * @returns The browser; close it when done.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** What the browser shows for one cell after it ran. */
export interface CellView {
  /** Position of the cell in the notebook. */
  index: number;
  /** `code`, `markdown` or `raw`. */
  type: string;
  /** The execution count shown in the prompt (`null` if none, `"*"` while running). */
  prompt: string | null;
  /** MIME types of the rendered outputs, in order. */
  outputMimes: string[];
  /**
   * Text of stderr outputs. JupyterLab shows a kernel's error output with the
   * same MIME type; {@link isErrorText} tells them apart.
   */
  stderr: string[];
  /** Number of `mjx-container` elements (rendered math) in the cell. */
  math: number;
  /** Number of those typeset as display math (`display="true"`). */
  displayMath: number;
  /**
   * Each output's kind as `tools/manifest.ts` names it: `text` (stdout or
   * plain text), `svg`, `gif`, `player`, `table` (with its header), `stderr`, or
   * `other: <mime>`; consecutive texts not yet merged.
   */
  outputKinds: { kind: string; header?: string[] }[];
  /** Text of the plain-text and stdout outputs. */
  texts: string[];
  /** TeX that MathJax could not typeset (`mjx-merror`), as shown. */
  mathErrors: string[];
  /** Text of the rendered markdown with rendered math left out. */
  markdownText: string;
  /** SVG outputs: their markup (decoded from the image) and whether the image loaded. */
  svgs: { markup: string; loaded: boolean }[];
  /** Messages like "Cannot display an untrusted SVG". */
  untrusted: number;
  /** Players (lib/notebook/player.ts) among the outputs: their caption and number of frames. */
  players: { caption: string; frames: number }[];
}

/**
 * Whether a stderr output is an error (an exception with its stack trace) rather
 * than a warning: `TypeError: …`, `Uncaught …`, or a line starting with `at `.
 *
 * @param text The output's text.
 * @returns `true` for an error.
 */
export function isErrorText(text: string): boolean {
  return /^\s*(Uncaught\b|\w*(Error|Exception)\b)/.test(text) || /\n\s+at\s/.test(text);
}

/**
 * Open a notebook in JupyterLab, in a workspace of its own.
 *
 * @param page The browser page.
 * @param lab The running JupyterLab.
 * @param path Notebook path relative to the served folder.
 * @param workspace Name of a fresh workspace, so earlier layouts are not restored.
 * @param cellCount How many cells the notebook has (loading is done when all are shown).
 * @param kernelName The kernel's display name, shown once the kernel has started.
 */
export async function openNotebook(
  page: Page,
  lab: Lab,
  path: string,
  workspace: string,
  cellCount: number,
  kernelName: string,
): Promise<void> {
  const url = `${lab.baseUrl}lab/workspaces/${workspace}/tree/${
    path.split("/").map(encodeURIComponent).join("/")
  }?token=${lab.token}`;
  await page.goto(url);
  // Loaded: the notebook's cells are all there and its kernel has started and is idle.
  await page.waitForFunction(
    ([cells, kernel]) => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      if (!panel) return false;
      const count = panel.querySelectorAll(".jp-Notebook .jp-Cell").length;
      const name = panel.querySelector(".jp-KernelName, .jp-Toolbar-kernelName")?.textContent ?? "";
      const status = panel.querySelector(".jp-Notebook-ExecutionIndicator")
        ?.getAttribute("data-status");
      return count === cells && name.includes(kernel) && status === "idle";
    },
    [cellCount, kernelName] as const,
    { timeout: 90_000, polling: 100 },
  );
}

/** The notebook's visible panel. */
export function notebookPanel(page: Page): Locator {
  return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
}

/**
 * Wait until the kernel is idle (the toolbar's kernel status).
 *
 * @param page The browser page.
 * @param timeout Milliseconds.
 */
export async function waitForKernelIdle(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const el = document.querySelector(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator",
      );
      return el?.getAttribute("data-status") === "idle";
    },
    undefined,
    { timeout, polling: 100 },
  );
}

/**
 * Choose a menu item: `menu("Run", "Run All Cells")`.
 *
 * @param page The browser page.
 * @param menu The menu bar label.
 * @param item The item label.
 */
export async function menu(page: Page, menu: string, item: string): Promise<void> {
  await page.locator(".lm-MenuBar-itemLabel", { hasText: new RegExp(`^${menu}$`) }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: new RegExp(`^${item}$`) }).first().click();
}

/**
 * Wait until every code cell has run: no `[*]` prompts, every code cell with a
 * count, and the kernel idle.
 *
 * @param page The browser page.
 * @param timeout Milliseconds.
 */
export async function waitForAllCellsRun(page: Page, timeout: number): Promise<void> {
  await page.waitForFunction(
    () => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      if (!panel) return false;
      const prompts = [...panel.querySelectorAll(".jp-CodeCell .jp-InputPrompt")].map((p) =>
        (p.textContent ?? "").trim()
      );
      const status = panel.querySelector(".jp-Notebook-ExecutionIndicator")
        ?.getAttribute("data-status");
      return status === "idle" && prompts.every((p) => /^\[\d+\]:$/.test(p));
    },
    undefined,
    { timeout, polling: 200 },
  );
}

/**
 * Read what the browser shows for every cell.
 *
 * @param page The browser page.
 * @returns One view per cell, in order.
 */
export function readCells(page: Page): Promise<CellView[]> {
  return page.evaluate(() => {
    const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)")!;
    const decode = (src: string): string => {
      const comma = src.indexOf(",");
      const head = src.slice(0, comma);
      const body = src.slice(comma + 1);
      return head.endsWith(";base64") ? atob(body) : decodeURIComponent(body);
    };
    return [...panel.querySelectorAll(".jp-Notebook .jp-Cell")].map((cell, index) => {
      const type = cell.classList.contains("jp-CodeCell")
        ? "code"
        : cell.classList.contains("jp-MarkdownCell")
        ? "markdown"
        : "raw";
      const outputs = [...cell.querySelectorAll(".jp-OutputArea-output")];
      const md = cell.querySelector(".jp-RenderedMarkdown");
      let markdownText = "";
      if (md) {
        const copy = md.cloneNode(true) as HTMLElement;
        copy.querySelectorAll("mjx-container, code, pre").forEach((e) => e.remove());
        markdownText = copy.textContent ?? "";
      }
      return {
        index,
        type,
        prompt: type === "code"
          ? (cell.querySelector(".jp-InputPrompt")?.textContent ?? "").trim() || null
          : null,
        outputMimes: outputs.map((o) => o.getAttribute("data-mime-type") ?? ""),
        stderr: outputs
          .filter((o) => /error|stderr/.test(o.getAttribute("data-mime-type") ?? ""))
          .map((o) => o.textContent ?? ""),
        texts: outputs
          .filter((o) => /text\/plain|stdout/.test(o.getAttribute("data-mime-type") ?? ""))
          .map((o) => o.textContent ?? ""),
        math: cell.querySelectorAll("mjx-container").length,
        displayMath: cell.querySelectorAll('mjx-container[display="true"]').length,
        outputKinds: outputs.map((o) => {
          const mime = o.getAttribute("data-mime-type") ?? "";
          if (mime === "image/svg+xml") return { kind: "svg" };
          if (mime === "image/gif") return { kind: "gif" };
          if (/stderr/.test(mime)) return { kind: "stderr" };
          if (/error/.test(mime)) return { kind: "error" };
          if (/stdout|text\/plain/.test(mime)) return { kind: "text" };
          // A player (lib/notebook/player.ts): HTML marked data-emlab-player.
          if (o.querySelector("[data-emlab-player]")) return { kind: "player" };
          // An animation GIF's bundle carries an <img> as HTML, which JupyterLab prefers.
          if (o.querySelector('img[src^="data:image/gif"]')) return { kind: "gif" };
          const table = o.querySelector("table");
          if (table && /text\/(html|markdown)/.test(mime)) {
            const row = table.querySelector("thead tr") ?? table.querySelector("tr");
            const header = [...(row?.querySelectorAll("th") ?? [])].map((th) =>
              (th.textContent ?? "").trim()
            );
            return { kind: "table", header };
          }
          return { kind: `other: ${mime}` };
        }),
        mathErrors: [...cell.querySelectorAll("mjx-merror")].map((e) =>
          e.getAttribute("data-mjx-error") ?? e.textContent ?? ""
        ),
        markdownText,
        svgs: [...cell.querySelectorAll(".jp-RenderedSVG")].map((r) => {
          const img = r.querySelector("img");
          const svg = r.querySelector("svg");
          return {
            markup: img ? decode(img.getAttribute("src") ?? ",") : svg?.outerHTML ?? "",
            loaded: img ? img.complete && img.naturalWidth > 0 : !!svg,
          };
        }),
        untrusted: [...outputs].filter((o) => /untrusted/i.test(o.textContent ?? "")).length,
        players: [...cell.querySelectorAll("[data-emlab-player]")].map((p) => ({
          caption: (p.querySelector(".emlab-caption")?.textContent ?? "").trim(),
          frames: Number(p.getAttribute("data-frames")),
        })),
      };
    });
  });
}

/**
 * Start recording, for every cell, each distinct SVG image its outputs show
 * from now on (every frame of an animation that the browser rendered).
 * Read the record with {@link svgHistory}.
 *
 * @param page The browser page.
 */
export async function recordSvgs(page: Page): Promise<void> {
  await page.evaluate(() => {
    const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")!;
    const w = window as unknown as {
      __emlabSvgs: [number, string][];
      __emlabObserver?: MutationObserver;
    };
    w.__emlabObserver?.disconnect();
    const events: [number, string][] = [];
    w.__emlabSvgs = events;
    const shown = (cell: Element) =>
      [...cell.querySelectorAll(".jp-RenderedSVG img")].map((img) => img.getAttribute("src") ?? "")
        .filter((src) => src !== "").join("\n");
    // What is shown now is not a change.
    const last = new Map<number, string>();
    panel.querySelectorAll(".jp-Cell").forEach((cell, i) => last.set(i, shown(cell)));
    const take = () => {
      panel.querySelectorAll(".jp-Cell").forEach((cell, i) => {
        const srcs = shown(cell);
        if (srcs !== "" && last.get(i) !== srcs) {
          last.set(i, srcs);
          events.push([i, srcs]);
        }
      });
    };
    w.__emlabObserver = new MutationObserver(take);
    w.__emlabObserver.observe(panel, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["src"],
    });
  });
}

/**
 * What each cell showed since {@link recordSvgs}: for every change, the SVG
 * images of the cell at that moment (decoded), in the order shown; stops recording.
 *
 * @param page The browser page.
 * @returns Cell index → list of states, each a list of SVG markups.
 */
export async function svgHistory(page: Page): Promise<Map<number, string[][]>> {
  const events = await page.evaluate(() => {
    const w = window as unknown as {
      __emlabSvgs?: [number, string][];
      __emlabObserver?: MutationObserver;
    };
    w.__emlabObserver?.disconnect();
    return w.__emlabSvgs ?? [];
  });
  const decode = (src: string): string => {
    const comma = src.indexOf(",");
    return src.slice(0, comma).endsWith(";base64")
      ? atob(src.slice(comma + 1))
      : decodeURIComponent(src.slice(comma + 1));
  };
  const history = new Map<number, string[][]>();
  for (const [i, srcs] of events) {
    const list = history.get(i) ?? [];
    list.push(srcs.split("\n").map(decode));
    history.set(i, list);
  }
  return history;
}

/** Wait until the browser has painted twice (after scrolling, before a screenshot). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    new Promise<void>((resolve) =>
      requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 200)))
    )
  );
}

/**
 * Scroll the notebook so a cell (its first output, when it has one) is at the
 * top of the view, or to the very top with `index` -1, and wait for the paint.
 *
 * @param page The browser page.
 * @param index Position of the cell, or -1 for the top of the notebook.
 */
export async function scrollTo(page: Page, index: number): Promise<void> {
  // Cells off screen are laid out lazily, so positions settle over a few passes.
  for (let pass = 0; pass < 4; pass++) {
    const moved = await scrollOnce(page, index);
    await settle(page);
    if (Math.abs(moved) < 4) break;
  }
}

function scrollOnce(page: Page, index: number): Promise<number> {
  return page.evaluate((i) => {
    const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)")!;
    const scroller = panel.querySelector(".jp-WindowedPanel-outer") ??
      panel.querySelector(".jp-Notebook")!;
    const before = scroller.scrollTop;
    if (i < 0) {
      scroller.scrollTop = 0;
    } else {
      const cell = panel.querySelectorAll(".jp-Notebook .jp-Cell")[i]!;
      const target = cell.querySelector(".jp-OutputArea-output") ?? cell;
      const top = target.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
      scroller.scrollTop += top - 40;
    }
    return scroller.scrollTop - before;
  }, index);
}

/**
 * Run one cell (select it, then Ctrl-Enter) and wait for it to finish.
 *
 * @param page The browser page.
 * @param index Position of the cell.
 * @param timeout Milliseconds.
 */
export async function runCell(page: Page, index: number, timeout: number): Promise<void> {
  const cell = notebookPanel(page).locator(".jp-Notebook .jp-Cell").nth(index);
  await cell.scrollIntoViewIfNeeded();
  await cell.locator(".jp-InputPrompt").click();
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(
    (i) => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)")!;
      const c = panel.querySelectorAll(".jp-Notebook .jp-Cell")[i];
      return !!c && (c.querySelector(".jp-InputPrompt")?.textContent ?? "").includes("*");
    },
    index,
    { timeout: 10_000, polling: 20 },
  ).catch(() => {/* a fast cell may finish before the first poll */});
  await waitForAllCellsRun(page, timeout);
}

/**
 * The text of an SVG's title-like labels (`<text>`, `<title>`, `aria-label`).
 *
 * @param markup SVG markup.
 * @returns The texts joined by newlines.
 */
export function svgText(markup: string): string {
  const texts = [...markup.matchAll(/<(text|title|tspan)\b[^>]*>([^<]*)</g)].map((m) => m[2]);
  const labels = [...markup.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]);
  return [...texts, ...labels].join("\n");
}

/**
 * The highest execution count shown in the notebook's prompts (0 if none).
 *
 * @param page The browser page.
 */
export function highestPrompt(page: Page): Promise<number> {
  return page.evaluate(() => {
    const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
    const counts = [...(panel?.querySelectorAll(".jp-CodeCell .jp-InputPrompt") ?? [])]
      .map((p) => /^\[(\d+)\]:$/.exec((p.textContent ?? "").trim())?.[1])
      .map((n) => (n === undefined ? 0 : Number(n)));
    return Math.max(0, ...counts);
  });
}

/**
 * Wait until every code cell shows an execution count above `after` (all ran
 * again) and the kernel is idle.
 *
 * @param page The browser page.
 * @param after The highest count before the run.
 * @param timeout Milliseconds.
 */
export async function waitForRunAfter(page: Page, after: number, timeout: number): Promise<void> {
  await page.waitForFunction(
    (after: number) => {
      const panel = document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden)");
      if (!panel) return false;
      const counts = [...panel.querySelectorAll(".jp-CodeCell .jp-InputPrompt")].map((p) =>
        /^\[(\d+)\]:$/.exec((p.textContent ?? "").trim())?.[1]
      );
      const status = panel.querySelector(".jp-Notebook-ExecutionIndicator")
        ?.getAttribute("data-status");
      return status === "idle" && counts.every((n) => n !== undefined && Number(n) > after);
    },
    after,
    { timeout, polling: 200 },
  );
}

/** What a player (lib/notebook/player.ts) shows at one moment. */
export interface PlayerState {
  /** `play` or `steps`. */
  mode: string;
  /** The frame shown (0-based; -1 before the script ran). */
  frame: number;
  /** Frames in the player. */
  frames: number;
  /** The caption under the pictures. */
  caption: string;
  /** The iteration in the title of the first picture (the SVG itself), or null. */
  pictureIteration: number | null;
  /** Whether every picture loaded. */
  loaded: boolean;
  /** How many buttons the script made (0 without a script). */
  buttons: number;
  /** The numbers beside the pictures (step mode), if any. */
  info: string;
}

/**
 * The state of a player: caption, frame, and the iteration its first picture
 * (an SVG in an `<img>`) is titled with.
 *
 * @param player The player's root element (`[data-emlab-player]`).
 */
export function playerState(player: Locator): Promise<PlayerState> {
  return player.evaluate((root) => {
    const img = root.querySelector(".emlab-stage img") as HTMLImageElement | null;
    const src = img?.getAttribute("src") ?? "";
    const binary = atob(src.slice(src.indexOf(",") + 1));
    const svg = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const title = /(?:iteration|反復) (\d+)/.exec(
      [...svg.matchAll(/<text\b[^>]*>([^<]*)</g)].map((m) => m[1]).join("\n"),
    );
    const imgs = [...root.querySelectorAll(".emlab-stage img")] as HTMLImageElement[];
    return {
      mode: root.getAttribute("data-emlab-player") ?? "",
      frame: Number(root.getAttribute("data-frame") ?? "-1"),
      frames: Number(root.getAttribute("data-frames") ?? "0"),
      caption: (root.querySelector(".emlab-caption")?.textContent ?? "").trim(),
      pictureIteration: title ? Number(title[1]) : null,
      loaded: imgs.filter((i) => i.style.display !== "none")
        .every((i) => i.complete && i.naturalWidth > 0),
      buttons: root.querySelectorAll("button").length,
      info: root.querySelector(".emlab-info")?.textContent ?? "",
    };
  });
}

/** The iteration named in a caption ("iteration 7 · …", "M-step → iteration 3 · …"). */
export function captionIteration(caption: string): number | null {
  const m = /(?:iteration|反復) (\d+)/.exec(caption);
  return m ? Number(m[1]) : null;
}

/** What {@link exercisePlayer} saw. */
export interface PlayerReport {
  /** `play` or `steps`. */
  mode: string;
  /** Frames in the player. */
  frames: number;
  /** The captions after each action, in order. */
  captions: string[];
}

async function waitForFrame(player: Locator, frame: number): Promise<PlayerState> {
  await player.page().waitForFunction(
    ([root, f]) => (root as Element).getAttribute("data-frame") === String(f),
    [await player.elementHandle(), frame] as const,
    { timeout: 60_000, polling: 50 },
  );
  // The picture loads from its data: URI a moment after the frame changes.
  await player.page().waitForFunction(
    (root) =>
      [...(root as Element).querySelectorAll(".emlab-stage img")].every((i) =>
        (i as HTMLImageElement).style.display === "none" ||
        ((i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)
      ),
    await player.elementHandle(),
    { timeout: 10_000, polling: 50 },
  );
  return playerState(player);
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`player: ${message}`);
}

/**
 * Drive a player as a student would and check what it shows after each
 * action. Play mode: it starts on the last frame; back and forward step one
 * frame; the slider goes to a chosen frame; play from the first frame runs
 * to the last. Step mode: it starts at the start; "E-step" then "M-step"
 * show the responsibilities and then the next iteration, with its numbers;
 * back returns; the slider goes to a chosen step. After every action the
 * caption and the picture's own title name the same iteration.
 *
 * @param player The player's root element (`[data-emlab-player]`).
 * @param options `pick`: the frame to scrub to (default: the middle one).
 * @returns The captions seen.
 */
export async function exercisePlayer(
  player: Locator,
  options: { pick?: number } = {},
): Promise<PlayerReport> {
  await player.scrollIntoViewIfNeeded();
  const captions: string[] = [];
  const same = (s: PlayerState, what: string) => {
    captions.push(s.caption);
    check(s.loaded, `${what}: every picture loads`);
    const iteration = captionIteration(s.caption);
    if (iteration !== null && s.pictureIteration !== null) {
      check(
        iteration === s.pictureIteration ||
          // an E-step shows the curves of the iteration it reads; an M-step the new ones
          (s.mode === "steps" && Math.abs(iteration - s.pictureIteration) <= 1),
        `${what}: caption "${s.caption}" vs picture iteration ${s.pictureIteration}`,
      );
    }
  };
  const button = (action: string) => player.locator(`button[data-action="${action}"]`);
  const first = await playerState(player);
  const n = first.frames;
  check(first.buttons > 0, "the script made its controls");
  if (first.mode === "steps") {
    check(first.frame === 0, `a stepper starts at the start, shows frame ${first.frame}`);
    same(first, "start");
    check(await button("M").isDisabled(), "M-step waits for an E-step");
    await button("E").click();
    const e = await waitForFrame(player, 1);
    same(e, "E-step");
    check(/^(E-step|Eステップ)/.test(e.caption), `E-step caption: ${e.caption}`);
    check(await button("E").isDisabled(), "after an E-step comes an M-step");
    await button("M").click();
    const m = await waitForFrame(player, 2);
    same(m, "M-step");
    check(captionIteration(m.caption) === 1, `the M-step makes iteration 1: ${m.caption}`);
    check(/(iteration|反復) 1\b/.test(m.info), `the numbers of iteration 1 are shown: ${m.info}`);
    await button("back").click();
    same(await waitForFrame(player, 1), "back");
    const pick = options.pick ?? 2 * Math.floor((n - 1) / 4);
    await player.locator('input[type="range"]').fill(String(pick));
    const s = await waitForFrame(player, pick);
    same(s, "slider");
    if (pick % 2 === 0 && pick > 0) {
      check(
        captionIteration(s.caption) === pick / 2,
        `step ${pick} is iteration ${pick / 2}: ${s.caption}`,
      );
    }
    return { mode: first.mode, frames: n, captions };
  }
  check(first.frame === n - 1, `a player starts on its last frame, shows ${first.frame}`);
  same(first, "last frame");
  const lastIteration = captionIteration(first.caption);
  await button("back").click();
  const back = await waitForFrame(player, n - 2);
  same(back, "back");
  if (lastIteration !== null) {
    check(captionIteration(back.caption)! < lastIteration, `back goes back: ${back.caption}`);
  }
  await button("forward").click();
  same(await waitForFrame(player, n - 1), "forward");
  const pick = options.pick ?? Math.floor(n / 2);
  await player.locator('input[type="range"]').fill(String(pick));
  const scrubbed = await waitForFrame(player, pick);
  same(scrubbed, "slider");
  // Play from the start, at 4×, to the end.
  await player.locator("select").selectOption("4");
  await button("first").click();
  same(await waitForFrame(player, 0), "first");
  await button("play").click();
  await player.page().waitForFunction(
    (root) => (root as Element).getAttribute("data-playing") === "true",
    await player.elementHandle(),
    { timeout: 10_000, polling: 20 },
  ).catch(() => {/* a short player may already be done */});
  const end = await waitForFrame(player, n - 1);
  await player.page().waitForFunction(
    (root) => (root as Element).getAttribute("data-playing") === "false",
    await player.elementHandle(),
    { timeout: 10_000, polling: 50 },
  );
  same(end, "played to the end");
  check(end.caption === first.caption, `play ends on the last frame: ${end.caption}`);
  return { mode: first.mode, frames: n, captions };
}
