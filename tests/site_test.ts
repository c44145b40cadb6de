/// <reference lib="dom" />
/**
 * The handouts as a course a student takes on their own (tools/export_site.ts):
 * the pieces on their own (answers, code-only passages, the zip's files), then
 * one `deno task export --no-code` (shared with tests/handouts_test.ts under
 * `deno task test`, see tests/_handouts.ts; or the folder in EMLAB_HANDOUTS_DIR) opened
 * in Chromium from `file://` with every request off the file system refused:
 * download the notebooks, find a page by search, previous/next through every
 * notebook of both editions, reveal an exercise's answer, and print pages to
 * PDF with no code, equation or chart wider than the printed column.
 */
import { join } from "node:path";
import { unzipSync } from "fflate";
import { assert, assertEquals, assertGreater, assertStringIncludes } from "@std/assert";
import type { Page } from "playwright-core";
import {
  addAnswers,
  answerProbe,
  answerValueHtml,
  dropCodeOnly,
  exerciseSolutions,
  NOTEBOOKS_ZIP,
  notebookZipFiles,
  PDF_DIR,
} from "../tools/export_site.ts";
import { EDITIONS, NOTEBOOKS, parseSource } from "../tools/build_notebooks.ts";
import { findChromium } from "../tools/setup.ts";
import { launchChromium } from "./_browser.ts";
import { handoutsExport } from "./_handouts.ts";
import { EXERCISES } from "../lib/exercises/mod.ts";

const chromium = await findChromium();

Deno.test("exerciseSolutions() reads each exercise's solution fence, in order, in both editions", async () => {
  for (const edition of Object.values(EDITIONS)) {
    for (const n of NOTEBOOKS) {
      const source = await Deno.readTextFile(
        join(edition.sourceDir, n.file.replace(/\.ipynb$/, ".md")),
      );
      const solutions = exerciseSolutions(source);
      const exercises = (source.match(/^```ts exercise\b/gm) ?? []).length;
      assertEquals(solutions.length, exercises, `${edition.language} ${n.file}`);
      for (const s of solutions) {
        assert(!s.includes("✏️"), "the ✏️ line is left out");
        assert(!/=\s*undefined;/.test(s), `a solution, not the placeholder: ${s}`);
      }
    }
  }
});

Deno.test("addAnswers() puts a closed <details> after each check cell and drops checks without code", () => {
  const cell = (tag: string, body: string) =>
    `<div class="jp-Cell jp-CodeCell jp-Notebook-cell celltag_${tag}" id="c">${body}</div>\n`;
  const page = "<html><body><main>" +
    `<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell"><p>1.</p></div>\n` +
    cell("exercise", "") + cell("check", "<pre>Not answered yet</pre>") +
    cell("exercise", "") + cell("check", "<pre>Not answered yet</pre>") +
    "</main></body></html>";
  const withCode = addAnswers(page, ["const a = 1 < 2;", "const b = 2;"]);
  assertEquals((withCode.match(/<details class="site-answer"/g) ?? []).length, 2);
  assertStringIncludes(withCode, "const a = 1 &lt; 2;");
  assert(withCode.indexOf("const a") > withCode.indexOf("Not answered yet"));
  assert(withCode.indexOf("const b") > withCode.lastIndexOf("Not answered yet"));
  const noCode = addAnswers(page, ["const a = 1;", "const b = 2;"], {
    noCode: true,
    language: "ja",
  });
  assert(!noCode.includes("Not answered yet"));
  assertEquals((noCode.match(/答えを見る/g) ?? []).length, 2);
});

Deno.test("answerProbe() gives every check cell of both editions a probe; answerValueHtml() says the rule", async () => {
  for (const edition of Object.values(EDITIONS)) {
    for (const n of NOTEBOOKS) {
      const source = await Deno.readTextFile(
        join(edition.sourceDir, n.file.replace(/\.ipynb$/, ".md")),
      );
      const checks = parseSource(source).filter((c) =>
        c.type === "code" && c.tags.includes("check")
      );
      const exercises = EXERCISES.filter((e) => `${e.notebook}.ipynb` === n.file).length;
      assertEquals(checks.length, exercises, `${edition.language} ${n.file}`);
      for (const c of checks) assert(answerProbe(c.source), `${n.file}: ${c.source}`);
    }
  }
  const number = answerValueHtml({ id: "01.x", kind: "number", value: -514.4681234, says: "✓" });
  assertStringIncludes(number, "-514.4681234");
  assertStringIncludes(number, "-514 and -514.5 are right; -510 has too few digits");
  const labels = answerValueHtml(
    {
      id: "06.assign",
      kind: "integers",
      value: Array.from({ length: 20 }, (_, i) => i % 3),
      says: "",
    },
    "ja",
  );
  assertStringIncludes(labels, "（全 20 個）");
  assertStringIncludes(labels, "ラベル");
});

Deno.test("dropCodeOnly() removes marked passages and the paragraphs they empty", () => {
  assertEquals(
    dropCodeOnly('<p>A <span class="code-only">The line `x` below.</span>B</p>'),
    "<p>A B</p>",
  );
  assertEquals(
    dropCodeOnly('<p><span class="code-only">Run it again.</span></p>\n<p>C</p>'),
    "<p>C</p>",
  );
});

Deno.test("notebookZipFiles() holds both editions, the data, the library and what deno task lab runs", async () => {
  const files = await notebookZipFiles();
  for (const edition of Object.values(EDITIONS)) {
    const dir = edition.language === "en" ? "notebooks" : "notebooks/ja";
    for (const n of NOTEBOOKS) assert(files.includes(`${dir}/${n.file}`), `${dir}/${n.file}`);
    assert(files.includes(`${dir}/data/old_faithful.csv`));
  }
  for (
    const f of [
      "deno.json",
      "deno.lock",
      "lib/mod.ts",
      "tools/lab.ts",
      "tools/setup.ts",
      "tools/explorable/app.ts",
      "tools/explorable/import_map.json",
    ]
  ) {
    assert(files.includes(f), f);
  }
  assert(files.includes("tools/requirements.txt"));
  assert(!files.some((f) => f.startsWith("tests/") || f.startsWith("bench/")));
});

/** Sentences that speak of the code: a `--no-code` page or slide must have none. */
const CODE_TALK: readonly RegExp[] = [
  /\bThe line setLanguage/,
  /\brun (the|this) cells? again\b/i,
  /\bre-run\b/i,
  /\bthe next cell\b/i,
  /\bcells? below\b/i,
  /\b(answer|check) cell\b/i,
  /\bthe cell (shows|counts|prints)\b/i,
  /\bTo step in code\b/,
  /Not answered yet/,
  /次のセル/,
  /セルをもう一度実行/,
  /セルも実行し直/,
  /解答セル/,
  /チェックセル/,
  /下の最初のセル/,
  /セルが[^。]{0,20}数え/,
  /セルはGIF/,
  /まだ答えていません/,
  // Any cell at all: the pages show no cells to speak of.
  /\bthe cells?\b/i,
  /\b(a|this|that|each|every|code|next|previous|first|last) cells?\b/i,
  /\bcells?\b/i,
  /セル/,
];

/** The text a reader sees: tags, styles, scripts and SVG (charts and math) left out. */
function visibleText(html: string): string {
  return html
    .replace(/<(style|script|svg|mjx-container|nav)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<details class="site-answer"[\s\S]*?<\/details>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").replace(/&quot;/g, '"')
    .replace(/\s+/g, " ");
}

/** Every element of a printed page that reaches past the page's content box, or scrolls. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    const right = main.getBoundingClientRect().right;
    const bad: string[] = [];
    const what = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? "").trim().slice(0, 50)}"`;
    for (
      const el of document.querySelectorAll("main pre, main mjx-container, main svg, main table")
    ) {
      if (el.closest("mjx-container") && el.tagName.toLowerCase() === "svg") {
        // an equation's own SVG: measured with its container
        const box = el.getBoundingClientRect();
        if (box.right > right + 1) bad.push(`equation past the edge by ${box.right - right} px`);
        continue;
      }
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;
      if (box.right > right + 1) bad.push(`${what(el)} past the edge by ${box.right - right} px`);
      const h = el as HTMLElement;
      if (h.scrollWidth > h.clientWidth + 1 && h.clientWidth > 0) {
        bad.push(`${what(el)} clipped: ${h.scrollWidth} > ${h.clientWidth}`);
      }
    }
    return bad;
  });
}

Deno.test({
  name: "the handouts from file:// offline: download, search, previous/next, answers, print",
  ignore: !chromium,
  sanitizeResources: false,
  async fn(t) {
    const out = await handoutsExport("site_test");
    const notes = join(out, "notebooks");
    const browser = await launchChromium(chromium!);
    const offsite: string[] = [];
    const context = await browser.newContext({ acceptDownloads: true });
    await context.route(/^(?!file:)/, (route) => {
      offsite.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const open = (path: string) => page.goto(new URL(`file://${path}`).href);
    try {
      await t.step("the notebooks download as one zip with both editions and the lab", async () => {
        await open(join(notes, "index.html"));
        await page.evaluate(() => {
          document.querySelector<HTMLDetailsElement>(".site-pages")!.open = true;
        });
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.locator(`.site-side a[href="${NOTEBOOKS_ZIP}"]`).click(),
        ]);
        const saved = join(await Deno.makeTempDir(), "notebooks.zip");
        await download.saveAs(saved);
        const files = unzipSync(await Deno.readFile(saved));
        for (const n of NOTEBOOKS) {
          assert(files[`emlab/notebooks/${n.file}`], n.file);
          assert(files[`emlab/notebooks/ja/${n.file}`], `ja/${n.file}`);
          const nb = JSON.parse(new TextDecoder().decode(files[`emlab/notebooks/${n.file}`]));
          assertGreater(nb.cells.length, 5);
        }
        assert(files["emlab/notebooks/data/old_faithful.csv"]);
        const deno = JSON.parse(new TextDecoder().decode(files["emlab/deno.json"]));
        assertEquals(deno.tasks.lab, "deno run -A tools/lab.ts");
        assert(files["emlab/tools/lab.ts"]);
        assertStringIncludes(
          new TextDecoder().decode(files["emlab/START_HERE.md"]),
          "npx -y deno@2.9.6 task -q lab",
        );
        // The run page of each edition links the zip.
        for (const run of [join(notes, "run.html"), join(notes, "ja", "run.html")]) {
          await open(run);
          const href = await page.locator("main a[href$='.zip']").first().getAttribute("href");
          assert(href?.endsWith(NOTEBOOKS_ZIP), `${run}: ${href}`);
        }
      });

      await t.step("search finds a page by a word of its text, in both editions", async () => {
        for (
          const [dir, query, target] of [
            [notes, "Lagrange multiplier", "02-deriving-the-updates.html"],
            [notes, "eruptions", "03-old-faithful.html"],
            [join(notes, "ja"), "ラグランジュ", "02-deriving-the-updates.html"],
          ] as const
        ) {
          await open(join(dir, "01-em-walkthrough.html"));
          await page.locator("#site-search-input").fill(query);
          const hit = page.locator(`#site-search-results a[href^="${target}"]`).first();
          await hit.waitFor({ timeout: 5000 });
          await hit.click();
          await page.waitForURL((u) => u.pathname.endsWith(`/${target}`));
          assert(page.url().startsWith(`file://${dir}/${target}`), page.url());
        }
      });

      await t.step(
        "previous/next go through every notebook of both editions; titles name them",
        async () => {
          for (const dir of [notes, join(notes, "ja")]) {
            await open(join(dir, "index.html"));
            const seen = [await page.evaluate(() => location.pathname.split("/").at(-1)!)];
            const titles = [await page.title()];
            for (let i = 0; i < 20; i++) {
              const next = page.locator('main > nav.site-pager a[rel="next"]').first();
              if (await next.count() === 0) break;
              await next.click();
              await page.waitForLoadState("load");
              seen.push(await page.evaluate(() => location.pathname.split("/").at(-1)!));
              titles.push(await page.title());
              const h1 = (await page.locator("main h1").first().textContent())!.replace("¶", "");
              assert(titles.at(-1)!.startsWith(h1.trim()), `${titles.at(-1)} from ${h1}`);
            }
            assertEquals(seen, [
              "index.html",
              ...NOTEBOOKS.map((n) => n.file.replace(".ipynb", ".html")),
            ]);
            for (let i = seen.length - 2; i >= 0; i--) {
              await page.locator('main > nav.site-pager a[rel="prev"]').first().click();
              await page.waitForLoadState("load");
              assertEquals(await page.evaluate(() => location.pathname.split("/").at(-1)), seen[i]);
            }
            assert(!titles.some((s) => /^\d\d-/.test(s)), titles.join(" | "));
          }
        },
      );

      await t.step("no --no-code page or slide speaks of the code", async () => {
        const found: string[] = [];
        for (const dir of [notes, join(notes, "ja")]) {
          for (const n of NOTEBOOKS) {
            const name = n.file.replace(".ipynb", ".html");
            for (const file of [join(dir, name), join(dir, "slides", name)]) {
              const text = visibleText(await Deno.readTextFile(file));
              for (const re of CODE_TALK) {
                const m = new RegExp(re.source, re.flags.replace("g", "") + "g").exec(text);
                if (m) {
                  found.push(
                    `${file.slice(out.length)}: "…${
                      text.slice(Math.max(0, m.index - 40), m.index + 60)
                    }…"`,
                  );
                }
              }
            }
          }
        }
        assertEquals(found, []);
      });

      await t.step("an exercise's answer is hidden until the student asks for it", async () => {
        for (const dir of [notes, join(notes, "ja")]) {
          await open(join(dir, "01-em-walkthrough.html"));
          const answers = page.locator("details.site-answer");
          assertEquals(await answers.count(), 3);
          const code = answers.first().locator("pre");
          assertEquals(await code.isVisible(), false);
          await answers.first().locator("summary").click();
          assertEquals(await code.isVisible(), true);
          assertStringIncludes((await code.textContent())!, "responsibility1");
          // The value the check accepts, with its precision rule, above the solution's code.
          const value = answers.first().locator(".site-answer-value");
          assertEquals(await value.isVisible(), true);
          const shown = Number(await value.textContent());
          assert(shown > 0 && shown < 1, `a responsibility: ${shown}`);
          assertStringIncludes(
            (await answers.first().textContent())!,
            dir === notes ? "at least 3 significant digits" : "有効数字は 3 桁以上",
          );
          // Every exercise of the edition shows what its check accepts.
          for (const n of NOTEBOOKS) {
            const html = await Deno.readTextFile(join(dir, n.file.replace(".ipynb", ".html")));
            const details = html.match(/<details class="site-answer"[\s\S]*?<\/details>/g) ?? [];
            const exercises = EXERCISES.filter((e) => `${e.notebook}.ipynb` === n.file).length;
            assertGreater(exercises, 0, n.file);
            assertEquals(details.length, exercises, n.file);
            for (const d of details) assertStringIncludes(d, "site-answer-value", n.file);
          }
          const text = await page.locator("main").innerText();
          assert(!/Not answered yet|まだ答えていません/.test(text), "no unanswered checks");
        }
      });

      await t.step(
        "on a phone, what scrolls sideways fades at the edge that hides more",
        async () => {
          await page.setViewportSize({ width: 390, height: 844 });
          const state = (selector: string) =>
            page.locator(selector).first().evaluate((el) => ({
              hidden: el.scrollWidth - el.clientWidth,
              right: el.classList.contains("site-more-right"),
              left: el.classList.contains("site-more-left"),
              mask: getComputedStyle(el).getPropertyValue("mask-image"),
            }));
          for (const dir of [notes, join(notes, "ja")]) {
            await open(join(dir, "02-deriving-the-updates.html"));
            // A table wider than a phone: faded on the right, and on the left once scrolled.
            const table = "table.emlab-table";
            let s = await state(table);
            assertGreater(s.hidden, 20, "the table is wider than a phone");
            assertEquals([s.right, s.left], [true, false]);
            assertStringIncludes(s.mask, "linear-gradient");
            // Halfway: faded on both sides; printed, nothing fades (everything shows in full).
            await page.locator(table).first().evaluate((el) => {
              el.scrollLeft = (el.scrollWidth - el.clientWidth) / 2;
            });
            await page.waitForFunction(() =>
              document.querySelector("table.emlab-table")!.classList.contains("site-more-left")
            );
            s = await state(table);
            assertEquals([s.right, s.left], [true, true], "halfway");
            // A box faded on both sides, whatever site.js makes of the print layout: its fade is
            // for screens only.
            const maskOf = () =>
              page.evaluate(() => {
                const box = document.createElement("div");
                box.className = "site-more-left site-more-right";
                document.querySelector("main")!.append(box);
                const mask = getComputedStyle(box).getPropertyValue("mask-image");
                box.remove();
                return mask;
              });
            assertStringIncludes(await maskOf(), "linear-gradient");
            await page.emulateMedia({ media: "print" });
            assertEquals(await maskOf(), "none", `${dir}: no fade on paper`);
            await page.emulateMedia({ media: "screen" });
            // At its end: faded on the left only.
            await page.locator(table).first().evaluate((el) => {
              el.scrollLeft = el.scrollWidth;
            });
            await page.waitForFunction(() =>
              !document.querySelector("table.emlab-table")!.classList.contains("site-more-right")
            );
            s = await state(table);
            assertEquals([s.right, s.left], [false, true], "scrolled to its end");
            // Every box that scrolls sideways and hides part of its content says so, and none that
            // does not (nor any inside an answer not opened).
            const wrong = await page.evaluate(() =>
              [...document.querySelectorAll("main *")].filter((el) => {
                if (!(el instanceof HTMLElement)) return false;
                if (!["auto", "scroll"].includes(getComputedStyle(el).overflowX)) return false;
                if (el.closest("details:not([open])")) return el.className.includes("site-more");
                const more = el.scrollWidth - el.clientWidth > 1;
                const marked = el.classList.contains("site-more-right") ||
                  el.classList.contains("site-more-left");
                return more !== marked;
              }).map((el) => `${el.tagName} ${el.className}`)
            );
            assertEquals(wrong, [], dir);
            // A chart keeps a legible width and fades too.
            s = await state(".jp-RenderedSVG");
            assertEquals([s.hidden > 0, s.right], [true, true], "a chart");
            // An answer's code, hidden until asked for, fades once its <details> is opened.
            await open(join(dir, "01-em-walkthrough.html"));
            const code = "details.site-answer pre";
            assertEquals([(await state(code)).right, (await state(code)).left], [false, false]);
            await page.locator("details.site-answer summary").first().click();
            await page.waitForFunction(() =>
              document.querySelector("details.site-answer pre")!.classList.contains(
                "site-more-right",
              )
            );
            s = await state(code);
            assertGreater(s.hidden, 0, "an answer's code is wider than a phone");
          }
          // On a wide screen the same table fits: no fade.
          await page.setViewportSize({ width: 1280, height: 800 });
          await open(join(notes, "02-deriving-the-updates.html"));
          const wide = await state("table.emlab-table");
          assertEquals([wide.hidden, wide.right, wide.left], [0, false, false]);
        },
      );

      await t.step(
        "printing clips no code, equation or chart; a PDF of each notebook",
        async () => {
          await page.setViewportSize({ width: 680, height: 960 }); // A4 less 14 mm margins
          await page.emulateMedia({ media: "print" });
          for (const dir of [notes, join(notes, "ja")]) {
            for (const n of NOTEBOOKS) {
              const html = join(dir, n.file.replace(".ipynb", ".html"));
              await open(html);
              assertEquals(await page.locator(".site-side").isVisible(), false);
              assertEquals(await overflowing(page), [], html);
              const pdf = join(dir, PDF_DIR, n.file.replace(".ipynb", ".pdf"));
              const bytes = await Deno.readFile(pdf);
              const head = new TextDecoder().decode(bytes.subarray(0, 5));
              assertEquals(head, "%PDF-");
              const pages =
                (new TextDecoder("latin1").decode(bytes).match(/\/Type\s*\/Page\b/g) ?? [])
                  .length;
              assertGreater(pages, 1, pdf);
              if (dir !== notes) {
                // Printed with a Japanese font, whatever fonts the exporting machine has.
                const families = [
                  ...new TextDecoder("latin1").decode(bytes).matchAll(
                    /\/FontFamily\s*\(([^)]*)\)/g,
                  ),
                ].map((m) => m[1]!);
                assert(
                  families.some((f) => /Japanese|\bJP\b|CJK|Gothic|Mincho/i.test(f)),
                  `${pdf}: no Japanese font among ${families.join(", ")}`,
                );
              }
            }
          }
          await page.emulateMedia({ media: "screen" });
        },
      );
      assertEquals(offsite, [], "no request leaves the file system");
      assertEquals(errors, [], "no script error");
    } finally {
      await browser.close();
    }
  },
});
