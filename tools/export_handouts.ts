/**
 * The student-facing side of `deno task export`: the index students open
 * (`out/notebooks/index.html`, from `tools/handouts/index.md` — what each
 * notebook teaches, with links to its page, its slides, the explorable and
 * the data), the data page (`out/notebooks/data/index.html` from
 * `notebooks/data/README.md`, with the CSV beside it), links to the data
 * page in the notebooks, and the slides (`out/notebooks/slides/`, see
 * `tools/export_slides.ts`).
 *
 * @module
 */
import { basename, join } from "node:path";
import { exportIndex } from "./export_pages.ts";
import { ROOT } from "./setup.ts";
import { copyReveal, exportSlides } from "./export_slides.ts";

/** The students' index (Markdown), converted into `out/notebooks/index.html`. */
export const STUDENT_INDEX: string = join(ROOT, "tools", "handouts", "index.md");
/** The students' index of the Japanese edition (`out/notebooks/ja/index.html`). */
export const STUDENT_INDEX_JA: string = join(ROOT, "tools", "handouts", "index.ja.md");
/** The data's description, converted into `out/notebooks/data/index.html`. */
export const DATA_README: string = join(ROOT, "notebooks", "data", "README.md");

/**
 * Point the notebooks' links that work in the project (`data/README.md`,
 * `../out/explorable.html`) at the files the handouts have: the exported
 * data page and the explorable beside `out/notebooks/` (from a Japanese page
 * in `out/notebooks/ja/`, two folders up, in Japanese: `?lang=ja`).
 *
 * @param html A page.
 * @returns The page with those links rewritten.
 *
 * @example
 * ```ts
 * import { linkHandoutPages } from "./export_handouts.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(linkHandoutPages('<a href="data/README.md">'), '<a href="data/index.html">');
 * assertEquals(linkHandoutPages('<a href="../out/explorable.html">'), '<a href="../explorable.html">');
 * assertEquals(
 *   linkHandoutPages('<a href="../../out/explorable.html">'),
 *   '<a href="../../explorable.html?lang=ja">',
 * );
 * assertEquals(
 *   linkHandoutPages('<a href="../../out/explorable.ja.html">'),
 *   '<a href="../../explorable.html?lang=ja">',
 * );
 * assertEquals(linkHandoutPages('<a href="ja/README.md">'), '<a href="ja/index.html">');
 * ```
 */
export function linkHandoutPages(html: string): string {
  return html
    .replace(
      /href="(?:\.\/)?data\/README\.md(#[^"]*)?"/g,
      (_m, hash = "") => `href="data/index.html${hash}"`,
    )
    // ../out/ from notebooks/, ../../out/ from notebooks/ja/: the same depth in out/notebooks/.
    // From a Japanese page (two folders up) the explorable opens in Japanese.
    // The Japanese notebooks link the lab's Japanese file (explorable.ja.html): here, ?lang=ja.
    .replace(
      /href="((?:\.\.\/)+)out\/explorable(\.ja)?\.html"/g,
      (_m, up: string, ja = "") =>
        `href="${up}explorable.html${up === "../../" || ja ? "?lang=ja" : ""}"`,
    )
    // The editions' indexes: ja/README.md (from the English pages), ../README.md (from ja/).
    .replace(
      /href="(ja\/|\.\.\/)README\.md(#[^"]*)?"/g,
      (_m, dir, hash = "") => `href="${dir}index.html${hash}"`,
    );
}

/**
 * Write the data page and copy the data files beside it.
 *
 * @param htmlDir The handouts' folder (`out/notebooks`).
 * @returns Paths of the page and the copied files.
 */
export async function exportDataPage(htmlDir: string): Promise<string[]> {
  const dir = join(htmlDir, "data");
  const page = await exportIndex(DATA_README, dir, new Set());
  const written = [page];
  for await (const e of Deno.readDir(join(ROOT, "notebooks", "data"))) {
    if (e.isFile && e.name.endsWith(".csv")) {
      await Deno.copyFile(join(ROOT, "notebooks", "data", e.name), join(dir, e.name));
      written.push(join(dir, e.name));
    }
  }
  return written;
}

/**
 * Finish the exported notebook pages for students: rewrite their links to
 * the data, write the data page, and a slide deck per page (with reveal.js
 * copied once into `slides/reveal/`).
 *
 * @param htmlDir The handouts' folder (`out/notebooks`).
 * @param pages The exported notebook pages.
 * @returns Every file written, with the number of slides of each deck.
 */
export async function finishHandouts(
  htmlDir: string,
  pages: readonly string[],
): Promise<{ data: string[]; decks: { path: string; slides: number }[] }> {
  for (const page of pages) {
    await Deno.writeTextFile(page, linkHandoutPages(await Deno.readTextFile(page)));
  }
  const data = await exportDataPage(htmlDir);
  const slidesDir = join(htmlDir, "slides");
  await copyReveal(join(slidesDir, "reveal"));
  const decks = [];
  for (const page of pages) {
    if (basename(page) === "index.html") continue;
    decks.push(await exportSlides(page, slidesDir));
  }
  return { data, decks };
}
