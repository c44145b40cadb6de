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
import {
  ellipseDomain,
  em,
  emMv,
  initKMeansPlusPlusMv,
  initRandom,
  type Mixture,
} from "../lib/mod.ts";
import type { MvMixture } from "../lib/mod.ts";
import { findChromium, ROOT } from "../tools/setup.ts";
import { exportExplorable, FAITHFUL_CSV } from "../tools/export_explorable.ts";
import { loadDataset, Session, TOL, withMean } from "../tools/explorable/session.ts";
import { launchChromium } from "./_browser.ts";
import { STRINGS } from "../tools/explorable/strings.ts";

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

/** Centre of component h's handle, in page pixels. */
async function handleCentre(page: Page, h: number): Promise<[number, number]> {
  const box = (await page.locator(`circle.handle[data-component="${h}"]`).boundingBox())!;
  return [box.x + box.width / 2, box.y + box.height / 2];
}

/** Choose data set, k and seed as a reader would; a new session starts. */
async function choose(page: Page, dataset: string, k: number, seed: number): Promise<void> {
  await page.selectOption("#dataset", dataset);
  await page.fill("#k", String(k));
  await page.dispatchEvent("#k", "change");
  await page.fill("#seed", String(seed));
  await page.dispatchEvent("#seed", "change");
  await page.waitForFunction(
    ([d, k, s]) => {
      const st = JSON.parse(document.getElementById("state")!.textContent ?? "{}");
      return st.dataset === d && st.k === k && st.seed === s && st.iteration === 0;
    },
    [dataset, k, seed] as const,
  );
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

      await t.step(
        "a mean dragged past the edge stays on it; an emptied component is named; ⇥ and ↺",
        async () => {
          await choose(page, "faithful2d", 2, 16);
          const points =
            (loadDataset("faithful2d", csv) as { points: readonly (readonly number[])[] })
              .points;
          const dom = ellipseDomain(points);
          // Far past the top-left corner of the plot, into the page's margin.
          const svg = (await page.locator("#chart svg").boundingBox())!;
          const [x1, y1] = await handleCentre(page, 1);
          await dragHandle(page, 1, svg.x + 1 - x1, Math.max(1, svg.y - 40) - y1);
          const dragged = await state(page);
          const mean = (dragged.start as MvMixture).means[1]!;
          assertAlmostEquals(mean[0]!, dom.x[0], 1e-9, "clamped to the left edge");
          assertAlmostEquals(mean[1]!, dom.y[1], 1e-9, "clamped to the top edge");
          const [hx, hy] = await handleCentre(page, 1);
          assert(
            hx >= svg.x && hx <= svg.x + svg.width && hy >= svg.y && hy <= svg.y + svg.height,
            "the handle is still on the chart, where it can be grabbed",
          );
          // ⇥ runs to convergence at once, to the library's iteration count.
          await page.click("#finish");
          const done = await state(page) as PageState & { current: MvMixture };
          assert(done.converged, "⇥ ran to convergence");
          const last = [...emMv(points, dragged.start as MvMixture, { tol: TOL })].at(-1)!;
          assertEquals(done.iteration, last.iteration);
          assert(relative(done.logLikelihood, last.logLikelihood) < 1e-9);
          // From this corner component 2 ends with no points: the status says so.
          assert(done.current.weights[1]! < 1e-9, `λ₂ = ${done.current.weights[1]}`);
          const status = (await page.textContent("#status")) ?? "";
          assert(/Converged/.test(status), status);
          assert(/Component 2 lost all its points/.test(status), status);
          assert(await page.isDisabled("#finish"), "⇥ is off once converged");
          // The trace's y labels: few decimals, a true minus, inside the chart.
          const labels = await page.$$eval(
            '#trace svg g[aria-label="y-axis tick label"] text',
            (ts) =>
              ts.map((t) => {
                const svg = t.closest("svg")!.getBoundingClientRect();
                const b = t.getBoundingClientRect();
                return { text: t.textContent ?? "", left: b.left - svg.left };
              }),
          );
          assert(labels.length >= 2, `${labels.length} y labels`);
          for (const l of labels) {
            assert(/^−?[\d,]+(\.\d{1,3})?$/.test(l.text), `label "${l.text}"`);
            assert(l.left >= 0, `label "${l.text}" starts ${l.left} px left of the chart`);
          }
          // ↺ goes back to this run's start.
          await page.click("#reset");
          const back = await state(page);
          assertEquals([back.iteration, back.converged], [0, false]);
          assertEquals(back.start, dragged.start);
        },
      );

      await t.step("handles drawn on top of each other can be pulled apart", async () => {
        await choose(page, "faithful2d", 2, 16);
        const [x0, y0] = await handleCentre(page, 0);
        const [x1, y1] = await handleCentre(page, 1);
        // The second handle dropped on the first: drawn in index order it would cover it.
        await dragHandle(page, 1, x0 - x1, y0 - y1);
        const stacked = await state(page);
        const m = stacked.start as MvMixture;
        // Grab at the same spot: the handle not moved last comes away.
        await page.mouse.move(x0, y0);
        await page.mouse.down();
        for (let i = 1; i <= 5; i++) await page.mouse.move(x0 + 30 * i, y0);
        await page.mouse.up();
        const apart = (await state(page)).start as MvMixture;
        assertEquals(apart.means[1], m.means[1], "the handle dropped there stays");
        assertNotEquals(apart.means[0], m.means[0], "the other one was pulled away");
        assert(apart.means[0]![0]! > m.means[0]![0]!, "to the right");
      });

      await t.step("1-D, k = 6: ⇥ runs the hundreds of iterations at once", async () => {
        await choose(page, "original", 6, 16);
        const t0 = performance.now();
        await page.click("#finish");
        await page.waitForFunction(
          () => JSON.parse(document.getElementById("state")!.textContent ?? "{}").converged,
        );
        const ms = performance.now() - t0;
        const done = await state(page);
        const data = loadDataset("original", csv);
        const last = [
          ...em(data.dims === 1 ? data.x : [], initRandom(6, { seed: 16 }), { tol: TOL }),
        ]
          .at(-1)!;
        assertEquals(done.iteration, last.iteration);
        assert(done.iteration > 100, `${done.iteration} iterations`);
        console.log(`  k = 6: ${done.iteration} iterations in ${ms.toFixed(0)} ms`);
      });

      await t.step("?lang=ja: the page, its status and its charts in Japanese", async () => {
        await page.goto(`file://${path}?lang=ja`);
        await page.waitForSelector("circle.handle");
        assertEquals(await page.getAttribute("html", "lang"), "ja");
        assertEquals(await page.textContent("h1"), STRINGS.ja.page.h1);
        assertEquals((await page.textContent("#status"))?.trim(), STRINGS.ja.atStart);
        assertEquals(await page.getAttribute("#back", "href"), "notebooks/ja/index.html");
        assertEquals(await page.getAttribute("#lang-switch", "href"), "explorable.html?lang=en");
        await page.click("#iterate");
        await page.click("#iterate");
        await page.click("#iterate");
        // Every visible word in Latin letters is a name, code, or the link to the English page.
        const text = await page.evaluate(() => {
          const clone = document.body.cloneNode(true) as HTMLElement;
          clone.querySelectorAll("script, style, #state, code, #lang-switch").forEach((e) =>
            e.remove()
          );
          return clone.textContent ?? "";
        });
        const allowed = new Set(["Old", "Faithful", "emlab", "means", "log", "tol", "EM"]);
        const english = [...text.matchAll(/[A-Za-z]{3,}/g)].map((m) => m[0])
          .filter((w) => !allowed.has(w));
        assertEquals([...new Set(english)], [], "English words on the Japanese page");
        assert(/対数尤度/.test(text), "the trace's labels are Japanese");
        await page.click("#lang-switch");
        await page.waitForSelector("circle.handle");
        assertEquals(await page.textContent("h1"), STRINGS.en.page.h1);
        assertEquals(await page.getAttribute("html", "lang"), "en");
      });

      assertEquals(errors, [], "no script errors");
      assertEquals(requests, [], "no request leaves the file");
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
