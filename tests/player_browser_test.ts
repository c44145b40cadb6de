/**
 * The players (lib/notebook/player.ts) in an exported handout, in headless Chromium:
 * a notebook with a 1-D and a 2-D animation, EM by hand and a framePlayer
 * is executed on the Deno kernel and converted by `tools/export.ts`; in the
 * page every player steps, scrubs to a chosen frame and plays, and shows that
 * frame's iteration in its caption and in the picture's own title. With
 * scripts disabled, each shows its last frame and no controls. Screenshots
 * go to `tests/artifacts/player/` (git-ignored).
 *
 * Needs Chromium (see tests/browser_test.ts); skipped without it, except under CI.
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import { join } from "node:path";
import { exportNotebook } from "../tools/export.ts";
import { prepareLab, startLab } from "../tools/lab.ts";
import {
  ensureKernelspec,
  ensureVenv,
  findChromium,
  KERNEL_DISPLAY_NAME,
  ROOT,
} from "../tools/setup.ts";
import { em, initRandom, mixture, sampleMixture, watchEm } from "../lib/mod.ts";
import type { Locator } from "playwright-core";
import {
  captionIteration,
  exercisePlayer,
  launchChromium,
  menu,
  openNotebook,
  playerState,
  waitForAllCellsRun,
} from "./_browser.ts";

const RUN_TIMEOUT = 180_000;

const ARTIFACTS = join(ROOT, "tests", "artifacts", "player");
const chromiumPath = await findChromium();

const CELLS = [
  [
    'import { framePlayer, initRandom, mixture, mixtureFrame, mvMixture, sampleMixture, sampleMvMixture, show, stepperPlayer, watchEm, watchEmMv } from "../../lib/mod.ts";',
    "const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 400, { seed: 16 });",
    "const truth2 = mvMixture([0.5, 0.5], [[0, 0], [4, 1]], [[[1, 0.6], [0.6, 1]], [[0.5, 0], [0, 2]]]);",
    "const points = sampleMvMixture(truth2, 200, { seed: 1 }).x;",
  ].join("\n"),
  "const one = await watchEm(x, initRandom(2, { seed: 16 }), { tol: 1e-3 });",
  "const two = await watchEmMv(points, 2, { seed: 1, tol: 1e-4 });",
  "await show(stepperPlayer(x, initRandom(2, { seed: 16 }), { tol: 1e-3 }));",
  [
    "const frames = framePlayer({ delayMs: 100 });",
    "for (let t = 0; t < 6; t++) {",
    "  await frames.show(mixtureFrame(x, { mixture: mixture([1], [0.1 * t], [0.5]), iteration: t }), `iteration ${t}`);",
    "}",
    "await frames.finish();",
  ].join("\n"),
];

Deno.test({
  name: "players in an exported handout step, scrub and play; without scripts the last frame shows",
  ignore: !chromiumPath && !Deno.env.get("CI"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert(chromiumPath, "Chromium is needed under CI (apt-get install chromium)");
    await ensureVenv();
    await ensureKernelspec();
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    // Two folders below the project, so ../../lib/mod.ts resolves and deno.json is found.
    const dir = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "player-e2e-" });
    const notebook = {
      cells: CELLS.map((source) => ({
        cell_type: "code",
        execution_count: null,
        metadata: {},
        outputs: [],
        source,
      })),
      metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const path = join(dir, "players.ipynb");
    await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1));
    const browser = await launchChromium(chromiumPath!);
    try {
      const page = await exportNotebook(path, join(dir, "html"));
      const html = await Deno.readTextFile(page);
      const count = (html.match(/data-emlab-player="/g) ?? []).length;
      assertEquals(count, 4, "four players in the handout");
      assertEquals(html.match(/<script\b[^>]*\bsrc=/g) ?? [], [], "no script from elsewhere");
      console.log(`handout with 4 players: ${html.length} bytes`);

      // With scripts: every player works.
      const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(String(e)));
      await tab.goto(`file://${page}`);
      const players = tab.locator("[data-emlab-player]");
      assertEquals(await players.count(), 4);
      const modes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const report = await exercisePlayer(players.nth(i));
        modes.push(report.mode);
        console.log(
          `player ${i}: ${report.mode}, ${report.frames} frames: ${report.captions.join(" | ")}`,
        );
      }
      assertEquals(modes, ["play", "play", "steps", "play"]);
      // Scrub the 1-D animation to a chosen iteration: caption and picture name it.
      const oneD = players.nth(0);
      await oneD.locator('input[type="range"]').fill("7");
      await tab.waitForFunction(() =>
        document.querySelector("[data-emlab-player]")?.getAttribute("data-frame") === "7"
      );
      await tab.waitForTimeout(200);
      const seven = await playerState(oneD);
      assertEquals(captionIteration(seven.caption), 7);
      assertEquals(seven.pictureIteration, 7);
      await oneD.scrollIntoViewIfNeeded();
      await oneD.screenshot({ path: join(ARTIFACTS, "handout-player.png") });
      // The stepper after an E-step, for the record.
      const stepper = players.nth(2);
      await stepper.locator('button[data-action="restart"]').click();
      await stepper.locator('button[data-action="E"]').click();
      await tab.waitForTimeout(300);
      await stepper.screenshot({ path: join(ARTIFACTS, "handout-stepper.png") });
      await players.nth(1).screenshot({ path: join(ARTIFACTS, "handout-player-2d.png") });
      assertEquals(errors, [], "no script errors on the page");
      await context.close();

      // Without scripts: the last frame of each, no controls.
      const still = await browser.newContext({
        viewport: { width: 1280, height: 1000 },
        javaScriptEnabled: false,
      });
      const stillTab = await still.newPage();
      await stillTab.goto(`file://${page}`);
      await stillTab.waitForLoadState("load");
      const stillPlayers = stillTab.locator("[data-emlab-player]");
      for (let i = 0; i < 4; i++) {
        const s = await playerState(stillPlayers.nth(i));
        assertEquals(s.buttons, 0, `player ${i}: no controls without a script`);
        assert(s.loaded, `player ${i}: its last frame shows`);
        assertGreater(s.caption.length, 0);
        if (s.pictureIteration !== null && captionIteration(s.caption) !== null) {
          assertEquals(s.pictureIteration, captionIteration(s.caption));
        }
      }
      const lastOneD = await playerState(stillPlayers.nth(0));
      assertEquals(
        captionIteration(lastOneD.caption),
        Number(/"titles":\[[^\]]*"iteration (\d+)[^"]*"\]/.exec(html)![1]),
        "without a script the 1-D player shows its last frame",
      );
      await stillPlayers.nth(0).screenshot({ path: join(ARTIFACTS, "handout-noscript.png") });
      await still.close();
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test({
  name: "a player saved in an untrusted notebook shows its last frame in JupyterLab, no controls",
  ignore: !chromiumPath && !Deno.env.get("CI"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    assert(chromiumPath, "Chromium is needed under CI (apt-get install chromium)");
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    await prepareLab();
    // A notebook as it comes from someone else: outputs saved, no signature, so untrusted.
    const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 3 });
    let bundle: Record<string, string> = {};
    const history = await watchEm(x, initRandom(2, { seed: 5 }), {
      delayMs: 0,
      display: (b) => {
        bundle = b;
      },
    });
    assert(bundle["text/html"], "the animation ended as a player");
    const last = history.at(-1)!.iteration;
    assertEquals(last, [...em(x, initRandom(2, { seed: 5 }))].at(-1)!.iteration);
    const dir = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "player-untrusted-" });
    const scratch = await Deno.makeTempDir({ prefix: "emlab-untrusted-" });
    await Deno.writeTextFile(
      join(dir, "saved.ipynb"),
      JSON.stringify({
        cells: [{
          cell_type: "code",
          execution_count: 1,
          id: "saved-player",
          metadata: {},
          outputs: [{ output_type: "display_data", data: bundle, metadata: {} }],
          source: "await watchEm(x, initRandom(2, { seed: 5 }));",
        }],
        metadata: {
          kernelspec: { name: "deno", display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
        },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const lab = await startLab({
      port: 0,
      root: dir,
      logFile: join(scratch, "jupyterlab.log"),
      args: [
        `--LabApp.user_settings_dir=${join(scratch, "settings")}`,
        `--LabApp.workspaces_dir=${join(scratch, "workspaces")}`,
      ],
    });
    const browser = await launchChromium(chromiumPath!);
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } }))
        .newPage();
      await openNotebook(page, lab, "saved.ipynb", "untrusted", 1, KERNEL_DISPLAY_NAME);
      const output = page.locator(".jp-OutputArea-output").first();
      await output.waitFor({ timeout: 30_000 });
      const seen = await output.evaluate((o) => {
        const img = o.querySelector('img[src^="data:image/svg+xml"]') as HTMLImageElement | null;
        const src = img?.getAttribute("src") ?? "";
        const binary = atob(src.slice(src.indexOf(",") + 1));
        const svg = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
        return {
          mime: o.getAttribute("data-mime-type"),
          loaded: !!img && img.complete && img.naturalWidth > 0,
          title: /iteration (\d+) · log-likelihood/.exec(svg)?.[1] ?? null,
          buttons: o.querySelectorAll("button").length,
          scripts: o.querySelectorAll("script").length,
          text: o.textContent ?? "",
        };
      });
      await page.screenshot({ path: join(ARTIFACTS, "jupyterlab-untrusted.png") });
      assertEquals(seen.mime, "text/html");
      assert(seen.loaded, "the last frame shows as a picture");
      assertEquals(Number(seen.title), last, "it is the last frame");
      assertEquals([seen.buttons, seen.scripts], [0, 0], "no controls, no script");
      assert(seen.text.includes(`iteration ${last} · `), "its caption names the iteration");
    } finally {
      await browser.close();
      await lab.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await Deno.remove(scratch, { recursive: true }).catch(() => {});
    }
  },
});

/** The notebook of the layout test: notebook 01's data, its animation, and a plateau stop. */
const LAYOUT_CELLS = [
  [
    'import { initRandom, mixture, sampleMixture, watchEm } from "../../lib/mod.ts";',
    "const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 16 });",
  ].join("\n"),
  "const one = await watchEm(x, initRandom(2, { seed: 16 }), { tol: 1e-3 });",
  // seed 21: notebook 01's sixth re-run, which stops on the plateau
  "const plateau = await watchEm(x, initRandom(2, { seed: 21 }), { tol: 1e-3 });",
];

/** Where the parts of a player are on the page, and what its counter and caption say. */
interface PlayerBox {
  player: DOMRect;
  picture: DOMRect;
  trace: DOMRect;
  /** What can be seen of the page where the player is: the window cut by every clipping ancestor. */
  visible: DOMRect;
  viewport: { width: number; height: number };
  fileBrowser: number;
  /** The ancestors that clip, for the log. */
  clips: string[];
  counter: string;
  caption: string;
  fontSizes: { button: number; counter: number; caption: number };
}

function measurePlayer(player: Locator): Promise<PlayerBox> {
  return player.evaluate((root) => {
    const rect = (e: Element | null) => e!.getBoundingClientRect().toJSON() as DOMRect;
    const imgs = root.querySelectorAll(".emlab-stage img");
    // What can be seen: the window, cut by every ancestor that clips (the notebook's scrolling
    // panel, an output area JupyterLab shows scrolled).
    let visible = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    const clips: string[] = [];
    for (let e = root.parentElement; e && e !== document.body; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const r = e.getBoundingClientRect();
      clips.push(
        `${e.className} ${style.overflowX}/${style.overflowY} ${Math.round(r.top)}–${
          Math.round(r.bottom)
        }`,
      );
      visible = {
        left: Math.max(visible.left, r.left),
        top: Math.max(visible.top, r.top),
        right: Math.min(visible.right, r.right),
        bottom: Math.min(visible.bottom, r.bottom),
      };
    }
    const size = (e: Element | null) => parseFloat(getComputedStyle(e!).fontSize);
    const browser = document.querySelector(".jp-FileBrowser");
    return {
      player: rect(root),
      picture: rect(imgs[0]!),
      trace: rect(imgs[1]!),
      visible: {
        ...visible,
        width: visible.right - visible.left,
        height: visible.bottom - visible.top,
      } as DOMRect,
      viewport: { width: innerWidth, height: innerHeight },
      fileBrowser: browser && !browser.closest(".lm-mod-hidden")
        ? browser.getBoundingClientRect().width
        : 0,
      clips,
      counter: root.querySelector(".emlab-position")?.textContent ?? "",
      caption: root.querySelector(".emlab-caption")?.textContent ?? "",
      fontSizes: {
        button: size(root.querySelector("button")),
        counter: size(root.querySelector(".emlab-position")),
        caption: size(root.querySelector(".emlab-caption")),
      },
    };
  });
}

for (
  const size of [
    { width: 1440, height: 900, scale: 1 },
    { width: 1920, height: 1080, scale: 1.5 },
  ]
) {
  Deno.test({
    name:
      `in JupyterLab at ${size.width}×${size.height}, file browser open, scale ${size.scale}: ` +
      "picture and trace side by side in view; the counter counts iterations",
    ignore: !chromiumPath && !Deno.env.get("CI"),
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      assert(chromiumPath, "Chromium is needed under CI (apt-get install chromium)");
      await Deno.mkdir(ARTIFACTS, { recursive: true });
      await prepareLab();
      const dir = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "player-layout-" });
      const scratch = await Deno.makeTempDir({ prefix: "emlab-layout-" });
      await Deno.writeTextFile(
        join(dir, "layout.ipynb"),
        JSON.stringify({
          cells: LAYOUT_CELLS.map((source, i) => ({
            cell_type: "code",
            execution_count: null,
            id: `cell-${i}`,
            metadata: {},
            outputs: [],
            source,
          })),
          metadata: {
            kernelspec: { name: "deno", display_name: KERNEL_DISPLAY_NAME, language: "typescript" },
          },
          nbformat: 4,
          nbformat_minor: 5,
        }),
      );
      const lab = await startLab({
        port: 0,
        root: dir,
        logFile: join(scratch, "jupyterlab.log"),
        // What `deno task lab --scale 1.5` sets for the kernels.
        env: { EMLAB_CHART_SCALE: String(size.scale), EMLAB_FRAME_DELAY: "0" },
        args: [
          `--LabApp.user_settings_dir=${join(scratch, "settings")}`,
          `--LabApp.workspaces_dir=${join(scratch, "workspaces")}`,
        ],
      });
      const browser = await launchChromium(chromiumPath!);
      const tag = `${size.width}x${size.height}`;
      try {
        const page = await (await browser.newContext({
          viewport: { width: size.width, height: size.height },
        })).newPage();
        await openNotebook(page, lab, "layout.ipynb", `layout-${tag}`, 3, KERNEL_DISPLAY_NAME);
        // The file browser open in the left sidebar, as a lecturer has it.
        if (!(await page.locator(".jp-FileBrowser").isVisible())) {
          await page.locator('.jp-SideBar.jp-mod-left [data-id="filebrowser"]').click();
        }
        await menu(page, "Run", "Run All Cells");
        await waitForAllCellsRun(page, RUN_TIMEOUT);
        const players = page.locator("[data-emlab-player]");
        await players.nth(1).waitFor({ timeout: 60_000 });
        const one = players.nth(0);
        // Scroll the player to the top of the notebook's visible area.
        await one.evaluate((e) => e.scrollIntoView({ block: "start" }));
        await page.waitForTimeout(500);
        const box = await measurePlayer(one);
        console.log(
          `${tag} scale ${size.scale}: file browser ${Math.round(box.fileBrowser)} px, ` +
            `visible ${Math.round(box.visible.width)}×${Math.round(box.visible.height)}, ` +
            `player ${Math.round(box.player.width)}×${Math.round(box.player.height)}, ` +
            `picture ${Math.round(box.picture.width)}×${Math.round(box.picture.height)} at ` +
            `(${Math.round(box.picture.left)}, ${Math.round(box.picture.top)}), ` +
            `trace ${Math.round(box.trace.width)}×${Math.round(box.trace.height)} at ` +
            `(${Math.round(box.trace.left)}, ${Math.round(box.trace.top)}); ` +
            `fonts ${JSON.stringify(box.fontSizes)}; counter "${box.counter}"; ` +
            `clipped by ${box.clips.join(" | ")}`,
        );
        await page.screenshot({ path: join(ARTIFACTS, `jupyterlab-player-${tag}.png`) });
        assertGreater(box.fileBrowser, 150, "the file browser is open");
        // Side by side: the trace starts at the picture's top, to its right.
        assert(Math.abs(box.trace.top - box.picture.top) <= 2, "trace beside the picture");
        assert(box.trace.left >= box.picture.right, "trace to the right of the picture");
        // Both in the visible area of the notebook, whole.
        for (const [name, r] of [["player", box.player], ["trace", box.trace]] as const) {
          assert(r.left >= box.visible.left - 1, `${name}: left edge in view`);
          assert(r.right <= box.visible.right + 1, `${name}: right edge in view`);
          assert(r.top >= box.visible.top - 1, `${name}: top in view`);
          assert(r.bottom <= box.visible.bottom + 1, `${name}: bottom in view (${r.bottom})`);
        }
        assertGreater(box.picture.width, 0.45 * box.visible.width, "the picture is not squeezed");
        // The controls grow with the scale (13 px at 1).
        assertEquals(box.fontSizes.button, 13 * size.scale);
        assertEquals(box.fontSizes.counter, 13 * size.scale);
        // The counter counts iterations: the last frame is the last iteration, 7 is 7.
        const last = Number(/(\d+)\D*$/.exec(box.counter)![1]);
        assertEquals(box.counter, `iteration ${last} of ${last}`);
        assertEquals(captionIteration(box.caption), last);
        await one.locator('input[type="range"]').fill("7");
        await page.waitForFunction(
          () => document.querySelector("[data-emlab-player]")?.getAttribute("data-frame") === "7",
        );
        const seven = await measurePlayer(one);
        assertEquals(seven.counter, `iteration 7 of ${last}`);
        assertEquals(captionIteration(seven.caption), 7);
        const state = await playerState(one);
        assertEquals(state.pictureIteration, 7);
        // The plateau stop says so under its last frame.
        const flat = players.nth(1);
        await flat.evaluate((e) => e.scrollIntoView({ block: "start" }));
        await page.waitForTimeout(500);
        const stop = await measurePlayer(flat);
        assert(stop.caption.includes("have not separated"), stop.caption);
        await page.screenshot({ path: join(ARTIFACTS, `jupyterlab-plateau-${tag}.png`) });
      } finally {
        await browser.close();
        await lab.close();
        await Deno.remove(dir, { recursive: true }).catch(() => {});
        await Deno.remove(scratch, { recursive: true }).catch(() => {});
      }
    },
  });
}
