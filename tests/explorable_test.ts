/// <reference lib="dom" />
/**
 * The explorable (`out/explorable.html`): its model against the library in
 * Deno, and the page itself in headless Chromium, opened from a file: a mean
 * dragged on the chart, EM played to convergence, the final log-likelihood
 * compared with the library's `em` / `emMv` from the same start. A
 * screenshot mid-run is saved in `tests/artifacts/` (git-ignored).
 *
 * Needs Chromium for the browser steps (or set EMLAB_CHROMIUM).
 */
import { join } from "node:path";
import { assert, assertAlmostEquals, assertEquals, assertNotEquals } from "@std/assert";
import type { Page } from "playwright-core";
import { em, emMv, initKMeansPlusPlusMv, initRandom, type Mixture } from "../lib/mod.ts";
import type { MvMixture } from "../lib/mod.ts";
import { findChromium, ROOT } from "../tools/setup.ts";
import { exportExplorable, FAITHFUL_CSV } from "../tools/export_explorable.ts";
import { loadDataset, Session, TOL, withMean } from "../tools/explorable/session.ts";
import { launchChromium } from "./_browser.ts";

const csv = Deno.readTextFileSync(FAITHFUL_CSV);
const ARTIFACTS = join(ROOT, "tests", "artifacts");

/** Relative difference, for log-likelihoods. */
function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

Deno.test("Session plays to the library's em() maximum from a moved start (1-D)", () => {
  const data = loadDataset("original", csv);
  assert(data.dims === 1);
  const s = new Session(data, 2, 7);
  assertEquals(s.start, initRandom(2, { seed: 7 }));
  s.moveMean(0, 0.9);
  const start = withMean(initRandom(2, { seed: 7 }), 0, 0.9) as Mixture;
  assertEquals(s.start, start);
  while (!s.converged) s.iterate();
  const history = [...em(data.x, start, { tol: TOL })];
  assertEquals(s.iteration, history.at(-1)!.iteration);
  assert(relative(s.logLikelihood, history.at(-1)!.logLikelihood) < 1e-12);
});

Deno.test("Session: an E-step then an M-step is one iteration, the same as iterate()", () => {
  const data = loadDataset("faithful", csv);
  const byHand = new Session(data, 3, 2);
  const loop = new Session(data, 3, 2);
  for (let i = 0; i < 5; i++) {
    byHand.eStep();
    assertEquals(byHand.phase, "M");
    assertEquals(byHand.iteration, i, "the E-step alone does not finish an iteration");
    byHand.mStep();
    loop.iterate();
  }
  assertEquals([byHand.iteration, loop.iteration], [5, 5]);
  assertAlmostEquals(byHand.logLikelihood, loop.logLikelihood, 1e-9 * Math.abs(loop.logLikelihood));
  const a = byHand.current as Mixture, b = loop.current as Mixture;
  for (let h = 0; h < 3; h++) assertAlmostEquals(a.means[h]!, b.means[h]!, 1e-10);
  // The log-likelihood never decreases along the trace.
  for (let i = 1; i < byHand.trace.length; i++) {
    assert(byHand.trace[i]!.logLikelihood >= byHand.trace[i - 1]!.logLikelihood - 1e-9);
  }
});

Deno.test("Session in 2-D starts from k-means++ and plays to emMv()'s maximum", () => {
  const data = loadDataset("faithful2d", csv);
  assert(data.dims === 2);
  const s = new Session(data, 2, 3);
  assertEquals(s.start, initKMeansPlusPlusMv(data.points, 2, { seed: 3 }));
  s.moveMean(1, [2, 90]);
  while (!s.converged) s.iterate();
  const start = withMean(initKMeansPlusPlusMv(data.points, 2, { seed: 3 }), 1, [2, 90]);
  const last = [...emMv(data.points, start as MvMixture, { tol: TOL })].at(-1)!;
  assertEquals(s.iteration, last.iteration);
  assert(relative(s.logLikelihood, last.logLikelihood) < 1e-12);
});

const chromium = await findChromium();

interface PageState {
  dataset: string;
  k: number;
  seed: number;
  start: Mixture | MvMixture;
  iteration: number;
  logLikelihood: number;
  converged: boolean;
}

async function state(page: Page): Promise<PageState> {
  return JSON.parse((await page.textContent("#state")) ?? "{}");
}

/** Drag component h's handle by (dx, dy) screen pixels with the mouse. */
async function dragHandle(page: Page, h: number, dx: number, dy: number): Promise<void> {
  const box = (await page.locator(`circle.handle[data-component="${h}"]`).boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(x + (dx * i) / 5, y + (dy * i) / 5);
  await page.mouse.up();
}

async function playToConvergence(page: Page): Promise<PageState> {
  await page.selectOption("#speed", "40");
  await page.click("#play");
  await page.waitForFunction(
    () => JSON.parse(document.getElementById("state")!.textContent ?? "{}").converged === true,
    undefined,
    { timeout: 60_000, polling: 100 },
  );
  return await state(page);
}

Deno.test({
  name: "the explorable, opened from a file, runs EM from a dragged start to the library's maximum",
  ignore: !chromium && !Deno.env.get("CI"),
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "emlab-explorable-test-" });
    const path = await exportExplorable(join(dir, "explorable.html"));
    const html = await Deno.readTextFile(path);
    assert(!/<script[^>]+src=/i.test(html), "no external script");
    assert(!/<link[^>]+href=/i.test(html), "no external stylesheet");
    const browser = await launchChromium(chromium!);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url());
      });
      await page.goto(`file://${path}`);
      await page.waitForSelector("circle.handle");

      await t.step("1-D: drag the first mean, play, compare with em()", async () => {
        const before = await state(page);
        assertEquals([before.dataset, before.k, before.iteration], ["original", 2, 0]);
        assertEquals(before.start, initRandom(2, { seed: before.seed }));
        await dragHandle(page, 0, 180, 0);
        const dragged = await state(page);
        const seeded = initRandom(2, { seed: dragged.seed });
        const m = dragged.start as Mixture;
        assertNotEquals(m.means[0], seeded.means[0], "the drag moved the first mean");
        assert(m.means[0]! > seeded.means[0]!, "dragged to the right: a larger mean");
        assertEquals(
          dragged.start,
          withMean(seeded, 0, m.means[0]!),
          "the start is the seeded one with the dragged mean",
        );
        // A few slow iterations, then a screenshot mid-run.
        await page.selectOption("#speed", "600");
        await page.click("#play");
        await page.waitForFunction(
          () => JSON.parse(document.getElementById("state")!.textContent ?? "{}").iteration >= 4,
          undefined,
          { timeout: 30_000, polling: 50 },
        );
        await page.click("#play"); // pause
        await Deno.mkdir(ARTIFACTS, { recursive: true });
        await page.screenshot({
          path: join(ARTIFACTS, "explorable-1d-mid-run.png"),
          fullPage: true,
        });
        const done = await playToConvergence(page);
        const data = loadDataset("original", csv);
        const history = [...em(data.dims === 1 ? data.x : [], m, { tol: TOL })];
        const last = history.at(-1)!;
        assertEquals(done.iteration, last.iteration);
        assert(
          relative(done.logLikelihood, last.logLikelihood) < 1e-9,
          `page ${done.logLikelihood}, library ${last.logLikelihood}`,
        );
      });

      await t.step("2-D: Old Faithful, drag an ellipse centre, step by hand, play", async () => {
        await page.selectOption("#dataset", "faithful2d");
        await page.waitForFunction(() =>
          JSON.parse(document.getElementById("state")!.textContent ?? "{}").dataset === "faithful2d"
        );
        await dragHandle(page, 1, -120, 90);
        const dragged = await state(page);
        const points =
          (loadDataset("faithful2d", csv) as { points: readonly (readonly number[])[] })
            .points;
        const seeded = initKMeansPlusPlusMv(points, dragged.k, { seed: dragged.seed });
        const start = dragged.start as MvMixture;
        assertNotEquals(start.means[1], seeded.means[1]);
        assertEquals(start, withMean(seeded, 1, start.means[1]!));
        await page.click("#estep");
        assertEquals((await state(page)).iteration, 0);
        await page.click("#mstep");
        assertEquals((await state(page)).iteration, 1);
        await page.click("#iterate");
        assertEquals((await state(page)).iteration, 2);
        await page.screenshot({ path: join(ARTIFACTS, "explorable-2d.png"), fullPage: true });
        const done = await playToConvergence(page);
        const last = [...emMv(points, start, { tol: TOL })].at(-1)!;
        assertEquals(done.iteration, last.iteration);
        assert(
          relative(done.logLikelihood, last.logLikelihood) < 1e-9,
          `page ${done.logLikelihood}, library ${last.logLikelihood}`,
        );
      });

      await t.step(
        "k outside 1–6 is brought into range and the page says so; links to the index",
        async () => {
          for (const [asked, k] of [["0", 1], ["9", 6], ["2.6", 3]] as const) {
            await page.fill("#k", asked);
            await page.dispatchEvent("#k", "change");
            await page.waitForFunction(
              (want) =>
                JSON.parse(document.getElementById("state")!.textContent ?? "{}").k === want,
              k,
            );
            assertEquals(await page.inputValue("#k"), String(k));
            const note = (await page.textContent("#k-note")) ?? "";
            assert(note.includes(asked) && note.includes(String(k)), `k = ${asked}: "${note}"`);
          }
          await page.fill("#k", "2");
          await page.dispatchEvent("#k", "change");
          assertEquals((await page.textContent("#k-note"))?.trim(), "");
          const back = await page.getAttribute("nav.back a", "href");
          assertEquals(back, "notebooks/index.html");
        },
      );

      assertEquals(errors, [], "no script errors");
      assertEquals(requests, [], "no request leaves the file");
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
