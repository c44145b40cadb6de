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
import {
  captionIteration,
  exercisePlayer,
  launchChromium,
  openNotebook,
  playerState,
} from "./_browser.ts";

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
