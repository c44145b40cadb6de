/// <reference lib="dom" />
/**
 * The students' handouts: one `deno task export --no-code` (shared with
 * tests/site_test.ts under `deno task test`, see tests/_handouts.ts), then
 * every check on its files — every `href` and `src` resolves,
 * no page tells students how the repository is built, no code input is
 * left, and each slide deck opens offline in Chromium with one slide per
 * section (a long one goes on to sub-slides), no slide that scrolls, and its
 * display equations intact. Screenshots of the index and of
 * two slides go to `tests/artifacts/` (git-ignored); the size of every
 * handout is printed.
 *
 * Needs the project's venv (created on first use) and Chromium for the
 * slide steps (or set EMLAB_CHROMIUM). The export takes about a minute.
 */
import { dirname, join, relative } from "node:path";
import { assert, assertEquals, assertGreater } from "@std/assert";
import { displayMathCount } from "../tools/export.ts";
import { findChromium, ROOT } from "../tools/setup.ts";
import { EDITIONS, NOTEBOOKS } from "../tools/build_notebooks.ts";
import { launchChromium } from "./_browser.ts";
import { SLIDE_PROSE } from "../tools/export_slides.ts";
import { handoutsExport } from "./_handouts.ts";

const chromium = await findChromium();
const ARTIFACTS = join(ROOT, "tests", "artifacts");

async function htmlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) files.push(...await htmlFiles(path));
    else if (e.name.endsWith(".html")) files.push(path);
  }
  return files.sort();
}

/** Every link target of a page: `href`, `xlink:href` and `src` attributes. */
function linkTargets(html: string): { attr: string; value: string; tag: string }[] {
  return [...html.matchAll(/<([a-zA-Z][\w:-]*)\b[^>]*?\s((?:xlink:)?href|src)="([^"]*)"/g)].map(
    (m) => ({ tag: m[1]!.toLowerCase(), attr: m[2]!, value: m[3]! }),
  );
}

/** The text a reader sees: tags, styles, scripts and SVG (charts and math) left out. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script|svg|mjx-container)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** Phrases that belong to the developers' README, not to students' pages. */
const DEVELOPER = [
  /deno (task|run|test|jupyter)/,
  /\btests\//,
  /\btools\//,
  /\bbench\//,
  /\blib\/\w+/,
  /\b[\w-]+\.ts\b/,
  /\.venv\b/,
  /\bnpm (install|run)\b|\bnpx\b/,
  /\bpip install\b/,
  /\bgit (clone|status|pull)\b/,
  /\b[\w-]+\.py\b/,
  /\bRscript\b/,
];

/** The most prose a slide may show: the slides' own limit, and a tenth more to keep a line or two
 * from a sub-slide of its own. */
const MAX_SLIDE_PROSE = Math.round(SLIDE_PROSE * 1.1);

/** Number of `## ` headings of a notebook source, outside code fences. */
function sectionCount(source: string): number {
  let fenced = false, n = 0;
  for (const line of source.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    else if (!fenced && line.startsWith("## ")) n++;
  }
  return n;
}

Deno.test({
  name: "deno task export --no-code writes handouts for students: links, words, no code, slides",
  ignore: !chromium && !Deno.env.get("CI"),
  sanitizeResources: false,
  async fn(t) {
    // EMLAB_HANDOUTS_DIR: check an existing `deno task export --no-code` instead of running one;
    // under `deno task test`, one export shared with tests/site_test.ts.
    const out = await handoutsExport("handouts_test");
    const notes = join(out, "notebooks");
    const files = await htmlFiles(out);
    const pages = new Map<string, string>();
    for (const f of files) pages.set(f, await Deno.readTextFile(f));
    const notebookPages = files.filter((f) => /\/notebooks\/\d\d-[^/]+\.html$/.test(f));
    const jaPages = files.filter((f) => /\/notebooks\/ja\/\d\d-[^/]+\.html$/.test(f));
    // Each deck with the folder of its notebook page and its source (both editions).
    const deckIn = (dir: string) =>
      files.filter((f) => dirname(f) === join(dir, "slides") && /\/\d\d-[^/]+\.html$/.test(f));
    const decks = [
      ...deckIn(notes).map((deck) => ({ deck, dir: notes, sources: EDITIONS.en.sourceDir })),
      ...deckIn(join(notes, "ja")).map((deck) => ({
        deck,
        dir: join(notes, "ja"),
        sources: EDITIONS.ja.sourceDir,
      })),
    ];
    const students = files.filter((f) => f.startsWith(notes + "/"));

    await t.step(
      "the handouts hold every notebook, its slides, the index, data and explorable",
      () => {
        const built = NOTEBOOKS.map((n) => n.file.replace(/\.ipynb$/, ".html"));
        assertEquals(notebookPages.map((f) => f.slice(notes.length + 1)), built);
        assertEquals(deckIn(notes).map((f) => f.slice(notes.length + 8)), built);
        // The Japanese edition beside it: its pages, decks, index and data page.
        assertEquals(jaPages.map((f) => f.slice(notes.length + 4)), built);
        assertEquals(deckIn(join(notes, "ja")).map((f) => f.slice(notes.length + 11)), built);
        assert(files.includes(join(notes, "index.html")));
        assert(files.includes(join(notes, "data", "index.html")));
        assert(files.includes(join(notes, "ja", "index.html")));
        assert(files.includes(join(notes, "ja", "data", "index.html")));
        assert(files.includes(join(out, "explorable.html")));
        // Sizes, for the record.
        for (const f of files) {
          console.log(`  ${relative(out, f)}: ${(Deno.statSync(f).size / 1024).toFixed(0)} KiB`);
        }
      },
    );

    await t.step("every href and src in the handouts resolves to a file (and anchor) there", () => {
      const broken: string[] = [];
      const external: string[] = [];
      for (const [file, html] of pages) {
        for (const { tag, attr, value } of linkTargets(html)) {
          if (value.startsWith("data:") || value === "") continue;
          if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
            // Students may follow a link out; a page must not load anything from elsewhere.
            if (tag !== "a") external.push(`${relative(out, file)}: <${tag} ${attr}="${value}">`);
            continue;
          }
          const [path, hash] = value.split("#", 2) as [string, string | undefined];
          const target = path === "" ? file : join(dirname(file), decodeURI(path.split("?")[0]!));
          if (!Deno.statSync(target).isFile) {
            broken.push(`${relative(out, file)}: ${value}`);
            continue;
          }
          if (hash && target.endsWith(".html")) {
            const body = pages.get(target) ?? Deno.readTextFileSync(target);
            const id = decodeURIComponent(hash);
            if (!body.includes(`id="${id}"`) && !body.includes(`id="${hash}"`)) {
              broken.push(`${relative(out, file)}: ${value} (no such anchor)`);
            }
          }
        }
      }
      assertEquals(broken, [], "links that do not resolve");
      assertEquals(external, [], "resources loaded from the network");
    });

    await t.step("student pages carry no developer instructions", () => {
      const found: string[] = [];
      // The run page is the one that tells a student the command that starts the lab.
      for (const f of students.filter((f) => !f.endsWith("/run.html"))) {
        const text = visibleText(pages.get(f)!);
        for (const re of DEVELOPER) {
          for (const m of text.matchAll(new RegExp(re.source, "g"))) {
            const i = m.index;
            found.push(`${relative(out, f)}: "${text.slice(Math.max(0, i - 50), i + 50)}"`);
          }
        }
      }
      assertEquals(found, []);
    });

    await t.step("--no-code pages keep markdown and outputs and have no code input", () => {
      for (const f of notebookPages) {
        const html = pages.get(f)!;
        assertEquals(
          (html.match(/class="[^"]*\b(jp-InputArea-editor|jp-CodeMirrorEditor|highlight)\b/g) ??
            []).length,
          0,
          `${relative(out, f)} shows code`,
        );
        assertGreater(html.match(/jp-OutputArea-output/g)?.length ?? 0, 0, relative(out, f));
        assertGreater(html.match(/jp-RenderedMarkdown/g)?.length ?? 0, 0, relative(out, f));
      }
    });

    await t.step("the index tells students what each notebook teaches", () => {
      const index = visibleText(pages.get(join(notes, "index.html"))!);
      for (const n of NOTEBOOKS) assert(index.includes(n.title), `index names ${n.title}`);
      assert(/what you will learn/i.test(index));
      const targets = linkTargets(pages.get(join(notes, "index.html"))!).map((l) => l.value);
      for (const page of notebookPages) {
        const name = page.slice(notes.length + 1);
        assert(targets.includes(name), `index links ${name}`);
        assert(targets.includes(`slides/${name}`), `index links slides/${name}`);
      }
      assert(targets.includes("../explorable.html") && targets.includes("data/index.html"));
      assert(targets.includes("ja/index.html"), "the index links the Japanese edition");
      // The Japanese index, in Japanese, the same links one folder down.
      const jaHtml = pages.get(join(notes, "ja", "index.html"))!;
      assert(/学ぶこと/.test(visibleText(jaHtml)), "the Japanese index is in Japanese");
      const jaTargets = linkTargets(jaHtml).map((l) => l.value);
      for (const page of jaPages) {
        const name = page.slice(notes.length + 4);
        assert(jaTargets.includes(name), `the Japanese index links ${name}`);
        assert(jaTargets.includes(`slides/${name}`), `the Japanese index links slides/${name}`);
      }
      assert(
        jaTargets.includes("../../explorable.html?lang=ja") && jaTargets.includes("../index.html"),
      );
      // Every link of a Japanese page (and slide) to the explorable opens it in Japanese; the
      // English pages' links ask for no language.
      const wrong: string[] = [];
      for (const f of students) {
        const ja = f.startsWith(join(notes, "ja") + "/");
        for (const { value } of linkTargets(pages.get(f)!)) {
          if (!/explorable(\.ja)?\.html/.test(value)) continue;
          if (ja ? !value.endsWith("explorable.html?lang=ja") : value.includes("lang=")) {
            wrong.push(`${relative(out, f)}: ${value}`);
          }
        }
      }
      assertEquals(wrong, [], "links to the explorable in the wrong language");
    });

    await t.step(
      "each deck opens offline with one slide per section, none scrolling, math intact",
      async () => {
        const browser = await launchChromium(chromium!);
        try {
          const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
          const requests: string[] = [];
          const errors: string[] = [];
          page.on("request", (r) => {
            if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) {
              requests.push(r.url());
            }
          });
          page.on("pageerror", (e) => errors.push(e.message));
          for (const { deck, dir, sources } of decks) {
            const stem = deck.slice(deck.lastIndexOf("/") + 1, -".html".length);
            const source = await Deno.readTextFile(join(sources, `${stem}.md`));
            await page.goto(`file://${deck}`);
            await page.waitForFunction(() =>
              (globalThis as { Reveal?: { isReady(): boolean } }).Reveal?.isReady()
            );
            const fit = await page.evaluate((maxProse) => {
              type Reveal = {
                getHorizontalSlides(): HTMLElement[];
                slide(h: number, v: number): void;
              };
              const reveal = (globalThis as unknown as { Reveal: Reveal }).Reveal;
              const overflowing: string[] = [];
              const splits: string[] = [];
              let pages = 0;
              /** Characters of prose: paragraphs, lists and quotes, no math, no outputs. */
              const proseOf = (node: Node): number => {
                if (node.nodeType === 3) return (node as Text).data.replace(/\s+/g, " ").length;
                if (!(node instanceof Element)) return 0;
                if (node.matches(".output, mjx-container, table, pre, h1, h2, h3, h4, svg")) {
                  return 0;
                }
                return Array.from(node.childNodes).reduce((n, c) => n + proseOf(c), 0);
              };
              const blocksOf = (page: Element) =>
                Array.from(page.children).filter((b) => !/^H[12]$/.test(b.tagName));
              const isOutput = (b: Element | undefined) => !!b?.classList.contains("output");
              const isText = (b: Element | undefined) =>
                !!b && /^(P|UL|OL|BLOCKQUOTE)$/.test(b.tagName);
              const what = (el: Element) =>
                `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""} "${
                  (el.textContent ?? "").trim().slice(0, 40)
                }"`;
              reveal.getHorizontalSlides().forEach((slide, h) => {
                const subs = Array.from(slide.querySelectorAll<HTMLElement>(":scope > section"));
                (subs.length > 0 ? subs : [slide]).forEach((page, v) => {
                  reveal.slide(h, v);
                  pages++;
                  const name = `${h}/${v} ${page.querySelector("h1, h2")?.textContent}`;
                  if (page.scrollHeight > page.clientHeight + 2) overflowing.push(name);
                  // Sideways too: nothing on the slide (equation, chart, code, table, a long
                  // word or link) reaches past its edges, and the slide does not scroll sideways.
                  const box = page.getBoundingClientRect();
                  if (page.scrollWidth > page.clientWidth + 2) {
                    overflowing.push(
                      `${name} (scrolls sideways by ${page.scrollWidth - page.clientWidth} px)`,
                    );
                  }
                  for (const el of Array.from(page.querySelectorAll("*"))) {
                    const r = el.getBoundingClientRect();
                    if (r.width === 0 || el.closest("mjx-container svg *, .output svg *")) continue;
                    if (r.right > box.right + 2 || r.left < box.left - 2) {
                      overflowing.push(
                        `${name} (wide: ${what(el)} to ${
                          Math.round(r.right - box.right)
                        } px past the edge)`,
                      );
                      break;
                    }
                    const own = el as HTMLElement;
                    if (
                      own.scrollWidth > own.clientWidth + 2 && own.clientWidth > 0 &&
                      getComputedStyle(own).overflowX !== "visible" && own.tagName !== "PRE"
                    ) {
                      overflowing.push(`${name} (clipped: ${what(el)})`);
                      break;
                    }
                  }
                  const blocks = blocksOf(page);
                  const prose = blocks.reduce((n, b) => n + proseOf(b), 0);
                  if (prose > maxProse) splits.push(`${name}: ${prose} characters of prose`);
                  if (subs.length === 0) return;
                  // A sub-slide of a line or two of text (a paragraph, a one-line output) alone.
                  const rich = blocks.some((b) =>
                    b.matches("table") ||
                    !!b.querySelector(
                      "table, img, .emlab-player, mjx-container[display='true'], .output svg",
                    )
                  );
                  const tall = blocks.reduce((n, b) => n + b.getBoundingClientRect().height, 0) /
                    (box.height / page.clientHeight);
                  if (!rich && tall < 80) {
                    splits.push(
                      `${name}: a sub-slide of a line or two alone (${Math.round(tall)} px)`,
                    );
                  }
                  // A chart cut off from the paragraph that introduces or concludes it.
                  if (v > 0) {
                    const before = blocksOf(subs[v - 1]!).at(-1);
                    const first = blocks[0];
                    // (A paragraph between two charts may go with either.)
                    const prev = blocksOf(subs[v - 1]!);
                    if (isText(before) && isOutput(first) && !isOutput(prev.at(-2))) {
                      splits.push(`${name}: its chart's introduction is on the slide before`);
                    }
                    if (isOutput(before) && isText(first) && !isOutput(blocks[1])) {
                      splits.push(`${name}: begins with the conclusion of the chart before`);
                    }
                  }
                });
              });
              return {
                horizontal: reveal.getHorizontalSlides().length,
                pages,
                overflowing,
                splits,
              };
            }, MAX_SLIDE_PROSE);
            assertEquals(
              fit.horizontal,
              sectionCount(source) + 1,
              `${stem}: a title slide and one per ##`,
            );
            assertEquals(fit.overflowing, [], `${stem}: every slide fits without scrolling`);
            assertEquals(fit.splits, [], `${stem}: slides split where the text allows`);
            if (stem === "01-em-walkthrough") {
              assert(fit.pages > fit.horizontal, "01's long sections go on to sub-slides");
            }
            const nbPage = pages.get(join(dir, `${stem}.html`))!;
            assertEquals(
              displayMathCount(pages.get(deck)!),
              displayMathCount(nbPage),
              `${stem}: every display equation of the page is on a slide`,
            );
            assertEquals(
              (pages.get(deck)!.match(/class="output"/g) ?? []).length,
              (nbPage.match(/class="[^"]*jp-OutputArea-output\b/g) ?? []).length,
              `${stem}: every output of the page is on a slide`,
            );
          }
          // A focused player takes → for itself; the deck stays on its slide.
          await page.goto(`file://${join(notes, "slides", "01-em-walkthrough.html")}`);
          await page.waitForFunction(() =>
            (globalThis as { Reveal?: { isReady(): boolean } }).Reveal?.isReady()
          );
          type Indices = { h: number; v?: number };
          const before = await page.evaluate(() => {
            const reveal = (globalThis as unknown as {
              Reveal: { getIndices(s?: Element): Indices; slide(h: number, v?: number): void };
            }).Reveal;
            const player = document.querySelector(".emlab-player") as HTMLElement;
            const at = reveal.getIndices(player.closest("section")!);
            reveal.slide(at.h, at.v);
            player.focus();
            return at;
          });
          const position = () =>
            page.locator(".emlab-player .emlab-position").first().textContent();
          const shown = await position();
          await page.keyboard.press("ArrowLeft");
          await page.keyboard.press("ArrowLeft");
          const after = await page.evaluate(() =>
            (globalThis as unknown as { Reveal: { getIndices(): Indices } }).Reveal.getIndices()
          );
          assertEquals([after.h, after.v ?? 0], [before.h, before.v ?? 0], "the deck did not move");
          assert(shown !== await position(), "the player stepped");
          // EM by hand grows after an E-step (its responsibilities strip): it stays on its slide.
          for (const clicks of [1, 2, 3]) {
            const fit = await page.evaluate(async (clicks) => {
              const reveal = (globalThis as unknown as {
                Reveal: { getIndices(s?: Element): Indices; slide(h: number, v?: number): void };
              }).Reveal;
              const player = document.querySelector(
                '.emlab-player[data-emlab-player="steps"]',
              ) as HTMLElement;
              const at = reveal.getIndices(player.closest("section")!);
              reveal.slide(at.h, at.v);
              for (let i = 0; i < clicks; i++) {
                const next = player.querySelector("button.emlab-next") as HTMLButtonElement;
                next.click();
                await new Promise((r) => setTimeout(r, 150));
              }
              await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 100)));
              const section = player.closest("section")!;
              const s = section.getBoundingClientRect(), b = player.getBoundingClientRect();
              return {
                frame: player.getAttribute("data-frame"),
                over: section.scrollHeight - section.clientHeight,
                below: b.bottom - s.bottom,
                zoom: player.style.zoom,
              };
            }, clicks);
            assert(fit.over <= 1, `after ${clicks} step(s): ${JSON.stringify(fit)}`);
            assert(fit.below <= 1, `after ${clicks} step(s): ${JSON.stringify(fit)}`);
            if (clicks === 1) console.log(`  EM by hand after an E-step: ${JSON.stringify(fit)}`);
            await page.goto(`file://${join(notes, "slides", "01-em-walkthrough.html")}`);
            await page.waitForFunction(() =>
              (globalThis as { Reveal?: { isReady(): boolean } }).Reveal?.isReady()
            );
          }
          await Deno.mkdir(ARTIFACTS, { recursive: true });
          await page.goto(`file://${join(notes, "slides", "01-em-walkthrough.html")}#/3/1`);
          await page.waitForTimeout(500);
          await page.screenshot({ path: join(ARTIFACTS, "slide-01-em-iterations.png") });
          await page.goto(`file://${join(notes, "slides", "02-deriving-the-updates.html")}#/4`);
          await page.waitForTimeout(500);
          await page.screenshot({ path: join(ARTIFACTS, "slide-02-means.png") });
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.goto(`file://${join(notes, "index.html")}`);
          await page.screenshot({ path: join(ARTIFACTS, "handouts-index.png"), fullPage: true });
          assertEquals(requests, [], "no request leaves the files");
          assertEquals(errors, [], "no script errors");
        } finally {
          await browser.close();
        }
      },
    );
  },
});
