/**
 * The handouts as a course site, the last step of `deno task export`: every
 * page of an edition gets a browser title from its notebook's title, a
 * contents sidebar (the edition's pages, this page's sections, search, the
 * notebooks to download), previous/next links through the edition's
 * notebooks, and the site's styles (type and measure from a phone to a
 * projector, code that scrolls instead of being clipped, dark mode, print).
 * Each exercise gets its answer behind a "show the answer" (from the
 * solution fences of the sources), and the students' notebooks of both
 * editions, with the data and the lab command, are zipped beside the pages
 * (`emlab-notebooks.zip`) with a "run these yourself" page in each edition.
 *
 * Search is MiniSearch (npm `minisearch`, copied beside the pages); its
 * documents arrive as a script (`search_index.js`), since a page opened from
 * `file://` may not `fetch()` a local file. The zip is written with fflate
 * (npm `fflate`). Both are dev-only packages in `tools/dev_import_map.json`.
 *
 * @module
 */
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath as fromFileUrl, pathToFileURL } from "node:url";
import { zipSync } from "fflate";
import { parseHTML } from "linkedom";
import { EDITIONS, parseSource } from "./build_notebooks.ts";
import { MIN_DIGITS } from "../lib/exercises/verdict.ts";
import { findChromium, ROOT } from "./setup.ts";

/** The zip of the students' notebooks, in the English edition's folder (`out/notebooks/`). */
export const NOTEBOOKS_ZIP = "emlab-notebooks.zip";
/** The folder beside the pages that holds the site's script, styles and MiniSearch. */
export const SITE_ASSETS = "site";
/** The students' "run these yourself" page, `run.html` beside each edition's index. */
export const RUN_PAGE: string = join(ROOT, "tools", "handouts", "run.md");
/** Its Japanese edition. */
export const RUN_PAGE_JA: string = join(ROOT, "tools", "handouts", "run.ja.md");
/** The sources of the site's script and styles. */
export const SITE_SOURCES: string = join(ROOT, "tools", "handouts", "site");

/** The words the site adds to the pages, per edition. */
export const SITE_LABELS = {
  en: {
    home: "EM for Gaussian mixtures",
    contents: "Contents",
    search: "Search the notebooks",
    found: "{n} found",
    none: "Nothing found",
    previous: "Previous",
    next: "Next",
    answer: "Show the answer",
    answerNote: "The solution cell, as the lecturer's notebook has it:",
    valueNumber: "The value the check accepts, computed by the library on this notebook's data:",
    valueRule:
      "An answer is right when it agrees with this value to the digits it gives, at least {digits} significant digits, rounded or cut off: {ok} are right; {few} has too few digits.",
    valueWhole: "A whole number: give it as it is.",
    valueFunction:
      "The check calls your function on this notebook's data and compares what it returns, entry by entry to 10⁻⁹, with the library's:",
    valueIntegers: "The check accepts exactly these labels (every one must match):",
    valueSays: "The check then says:",
    run: "Run these yourself",
    download: "Download the notebooks (zip)",
    data: "The data",
    explorable: "EM in your browser",
    other: "日本語",
    index: "Index",
    pdf: "This page as PDF",
  },
  ja: {
    home: "混合ガウス分布のEM",
    contents: "目次",
    search: "ノートブックを検索",
    found: "{n} 件",
    none: "見つかりません",
    previous: "前へ",
    next: "次へ",
    answer: "答えを見る",
    answerNote: "講師用ノートブックの解答セル:",
    valueNumber: "チェックが正解とする値（このノートブックのデータでライブラリが計算した値）:",
    valueRule:
      "答えが示す桁までこの値と一致すれば正解です。有効数字は {digits} 桁以上が必要で、四捨五入でも切り捨てでもかまいません。{ok} は正解、{few} は桁が足りません。",
    valueWhole: "整数です。そのまま答えてください。",
    valueFunction:
      "チェックは、あなたの関数をこのノートブックのデータで呼び出し、返す値を 1 つずつ（10⁻⁹ まで）ライブラリの値と比べます:",
    valueIntegers: "チェックが正解とするのは、次のラベルの並びそのものです（すべて一致が必要）:",
    valueSays: "そのときチェックの表示:",
    run: "自分で実行する",
    download: "ノートブックをダウンロード (zip)",
    data: "データ",
    explorable: "ブラウザで EM",
    other: "English",
    index: "目次",
    pdf: "このページの PDF",
  },
} as const;

type Lang = keyof typeof SITE_LABELS;

const START = "<!--emlab-site-->";
const END = "<!--/emlab-site-->";

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/**
 * Remove what an earlier run of the site step added to a page, so that it
 * can run again on pages that were not exported anew.
 *
 * @example
 * ```ts
 * import { stripSite } from "./export_site.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(stripSite("<p>a</p><!--emlab-site--><nav></nav><!--/emlab-site--><p>b</p>"), "<p>a</p><p>b</p>");
 * ```
 */
export function stripSite(html: string): string {
  return html.replace(/<!--emlab-site-->[\s\S]*?<!--\/emlab-site-->/g, "");
}

/**
 * Drop the passages of a page that only make sense beside the code: the
 * notebook sources mark them `<span class="code-only">…</span>` (a sentence or
 * a whole paragraph). A paragraph left empty goes too. Used for `--no-code`.
 *
 * @example
 * ```ts
 * import { dropCodeOnly } from "./export_site.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   dropCodeOnly('<p>EM climbs. <span class="code-only">The cell below runs it.</span></p><p><span class="code-only">Run it again.</span></p>'),
 *   "<p>EM climbs. </p>",
 * );
 * ```
 */
export function dropCodeOnly(html: string): string {
  return html
    .replace(/<span class="code-only">[\s\S]*?<\/span>/g, "")
    .replace(/<p>\s*<\/p>\n?/g, "");
}

const OPEN_MARK = "⟦code-only⟧";
const CLOSE_MARK = "⟦/code-only⟧";

/**
 * A notebook (its JSON text) with each `<span class="code-only">…</span>` of
 * its Markdown cells written as text marks, which nbconvert passes through
 * untouched (its image embedding parses each inline tag on its own and would
 * leave an empty span); `null` when the notebook has none.
 *
 * @example
 * ```ts
 * import { hideCodeOnly, restoreCodeOnly } from "./export_site.ts";
 * import { assertEquals } from "@std/assert";
 * const nb = JSON.stringify({ cells: [{ cell_type: "markdown", source: ['A <span class="code-only">B</span>'] }] });
 * const hidden = JSON.parse(hideCodeOnly(nb)!).cells[0].source.join("");
 * assertEquals(restoreCodeOnly(hidden), 'A <span class="code-only">B</span>');
 * assertEquals(hideCodeOnly(JSON.stringify({ cells: [] })), null);
 * ```
 */
export function hideCodeOnly(notebook: string): string | null {
  if (!notebook.includes("code-only")) return null;
  const nb = JSON.parse(notebook) as { cells: { cell_type: string; source: string | string[] }[] };
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const marked = text.replace(
      /<span class="code-only">([\s\S]*?)<\/span>/g,
      (_m, inner) => `${OPEN_MARK}${inner}${CLOSE_MARK}`,
    );
    cell.source = marked.split(/(?<=\n)/);
  }
  return JSON.stringify(nb);
}

/** The text marks of {@linkcode hideCodeOnly} made `<span class="code-only">` again. */
export function restoreCodeOnly(html: string): string {
  return html.split(OPEN_MARK).join('<span class="code-only">').split(CLOSE_MARK).join("</span>");
}

/** The top-level cells of an nbconvert page's `<main>`: the text before, each cell, the text after. */
function splitCells(html: string): { before: string; cells: string[]; after: string } {
  const open = html.indexOf("<main>");
  const close = html.lastIndexOf("</main>");
  if (open < 0 || close < 0) return { before: html, cells: [], after: "" };
  const body = html.slice(open + 6, close);
  const parts = body.split(/(?=<div class="jp-Cell )/);
  const head = parts[0]!.startsWith('<div class="jp-Cell ') ? "" : parts.shift()!;
  return { before: html.slice(0, open + 6) + head, cells: parts, after: html.slice(close) };
}

/**
 * The solutions of a notebook source's exercises, in order: the `solution`
 * fence of each `exercise` cell, without its `// ✏️` line.
 *
 * @param source The text of a notebook source (`tools/notebooks/NN-*.md`).
 * @returns One code text per exercise.
 */
export function exerciseSolutions(source: string): string[] {
  return parseSource(source, { solutions: true })
    .filter((c) => c.type === "code" && c.tags.includes("exercise"))
    .map((c) => c.source.split("\n").filter((l) => !/^\s*\/\/\s*✏️/.test(l)).join("\n").trim());
}

/**
 * What the check of an exercise accepts, as the export computes it on the
 * notebook's own data while it runs the notebook ({@linkcode ANSWER_MIME}).
 */
export interface AnswerValue {
  /** The exercise's id, `NN.name`. */
  id: string;
  /** How the check compares answers (`number`, `function`, `integers`). */
  kind: string;
  /** The right number, or what a right function returns, entry by entry. */
  value: number | readonly number[] | readonly (readonly number[])[];
  /** What the check says of the right answer, in the notebook's language. */
  says: string;
}

/** The MIME type of the output the export adds to each check cell while it runs a notebook. */
export const ANSWER_MIME = "text/x-emlab-answer";

/**
 * A check cell's source with a second statement that displays what the
 * check accepts ({@linkcode AnswerValue}, as {@linkcode ANSWER_MIME}): the
 * exercise's solution from the catalogue (`exerciseById`), on the arguments
 * the check is given. `null` when the cell is not a `show(checkX(answer, …))`.
 *
 * @param source The check cell's source, e.g. `await show(checkBic(bicSix, durations, six));`.
 * @returns The source with the extra statement, or `null`.
 *
 * @example
 * ```ts
 * import { answerProbe } from "./export_site.ts";
 * import { assert, assertEquals } from "@std/assert";
 * const probe = answerProbe("await show(checkFloor(floor, small));")!;
 * assert(probe.startsWith("await show(checkFloor(floor, small));"));
 * assert(probe.includes("checkFloor(undefined, small)"));
 * assert(probe.includes("await flushOutputs()")); // published before the cell ends
 * assertEquals(answerProbe("await show(x);"), null);
 * ```
 */
export function answerProbe(source: string): string | null {
  const m = /show\((check\w+)\(\s*[\w$]+\s*,\s*([\s\S]*?)\)\s*\)\s*;?\s*$/.exec(source);
  if (!m) return null;
  const [, check, args] = m;
  return `${source.trimEnd()}
await (async () => {
  const { exerciseById, flushOutputs } = await import("@emlab/emlab");
  const exercise = exerciseById(${check}(undefined, ${args}).exercise);
  const right = exercise.solution(${args});
  const value = exercise.kind === "number" ? right : exercise.outputs(right, ${args});
  const says = exercise.check(right, ${args}).text();
  await Deno.jupyter.display({
    "${ANSWER_MIME}": JSON.stringify({ id: exercise.id, kind: exercise.kind, value, says }),
  }, { raw: true });
  // Published before the cell ends: the kernel reports idle without waiting for its queue.
  await flushOutputs();
})();
`;
}

/** A number as the answers show it: up to 10 significant digits, no trailing zeros. */
function shownNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e10)) return v.toExponential(9).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(10)));
}

/** A list of entries as the answers show it: the first 12, then how many there are. */
function shownList(values: readonly unknown[], language: Lang): string {
  const show = (v: unknown): string =>
    Array.isArray(v) ? `[${v.map(show).join(", ")}]` : shownNumber(Number(v));
  const head = values.slice(0, 12).map(show).join(", ");
  if (values.length <= 12) return `[${head}]`;
  return `[${head}, …] ${
    language === "ja" ? `（全 ${values.length} 個）` : `(${values.length} in all)`
  }`;
}

/**
 * The HTML that says what an exercise's check accepts: the value with the
 * precision rule for a number, what a right function returns for a
 * function, the labels for integers; then what the check says of it.
 *
 * @param answer What the export computed ({@linkcode AnswerValue}).
 * @param language The page's language.
 * @returns HTML paragraphs.
 *
 * @example
 * ```ts
 * import { answerValueHtml } from "./export_site.ts";
 * import { assertStringIncludes } from "@std/assert";
 * const html = answerValueHtml({ id: "04.floor", kind: "number", value: 0.0123456789, says: "✓" });
 * assertStringIncludes(html, "0.0123456789");
 * assertStringIncludes(html, "0.0123 and 0.01235 are right");
 * ```
 */
export function answerValueHtml(answer: AnswerValue, language: Lang = "en"): string {
  const labels = SITE_LABELS[language];
  const parts: string[] = [];
  if (answer.kind === "number" && typeof answer.value === "number") {
    const v = answer.value;
    // Examples of the rule at 3 and 4 significant digits (as typed: 598.0 keeps its zero).
    const form = (d: number) => {
      const t = v.toPrecision(d);
      return t.includes("e") ? String(Number(t)) : t;
    };
    const ok = [...new Set([form(3), form(4)])];
    const few = String(Number(v.toPrecision(2)));
    const join = language === "ja" ? "、" : " and ";
    const rule = Number.isInteger(v) ? labels.valueWhole : labels.valueRule
      .replace("{digits}", String(MIN_DIGITS)).replace("{ok}", ok.join(join))
      .replace("{few}", few);
    parts.push(
      `<p>${labels.valueNumber} <strong class="site-answer-value">${shownNumber(v)}</strong></p>`,
      `<p>${escapeHtml(rule)}</p>`,
    );
  } else {
    const intro = answer.kind === "function" ? labels.valueFunction : labels.valueIntegers;
    const list = Array.isArray(answer.value) ? answer.value : [answer.value];
    parts.push(
      `<p>${intro}</p><p><strong class="site-answer-value">${
        escapeHtml(shownList(list, language))
      }` +
        `</strong></p>`,
    );
  }
  parts.push(`<p>${labels.valueSays} ${escapeHtml(answer.says)}</p>`);
  return parts.join("");
}

/**
 * Put each exercise's answer behind a `<details>` "show the answer" after its
 * check cell; with `noCode`, the check cells (whose output only says the
 * exercise is not answered yet) are left out.
 *
 * @param html An exported notebook page.
 * @param solutions The solutions in the order of the page's exercise cells.
 * @param options The edition's language, whether the page leaves out code, and what each
 *   check accepts (in the same order; shown above the solution's code).
 * @returns The page with the answers.
 */
export function addAnswers(
  html: string,
  solutions: readonly string[],
  options: { language?: Lang; noCode?: boolean; values?: readonly (AnswerValue | undefined)[] } =
    {},
): string {
  const { language = "en", noCode = false, values = [] } = options;
  const labels = SITE_LABELS[language];
  const { before, cells, after } = splitCells(html);
  const out: string[] = [];
  let exercise = -1;
  const pending = () => {
    if (exercise < 0 || solutions[exercise] === undefined) return;
    out.push(
      `<details class="site-answer" data-exercise="${exercise + 1}"><summary>${labels.answer}` +
        `</summary>${
          values[exercise] ? answerValueHtml(values[exercise]!, language) : ""
        }<p>${labels.answerNote}</p><pre><code>${
          escapeHtml(solutions[exercise]!)
        }</code></pre></details>\n`,
    );
  };
  let waiting = false;
  for (const cell of cells) {
    const cls = /^<div class="([^"]*)"/.exec(cell)?.[1] ?? "";
    if (/\bcelltag_exercise\b/.test(cls)) {
      if (waiting) pending();
      exercise++;
      waiting = true;
      out.push(cell);
      continue;
    }
    if (/\bcelltag_check\b/.test(cls)) {
      if (!noCode) out.push(cell);
      if (waiting) pending();
      waiting = false;
      continue;
    }
    if (waiting) {
      pending();
      waiting = false;
    }
    out.push(cell);
  }
  if (waiting) pending();
  return before + out.join("") + after;
}

/** One page of an edition, as the site sees it. */
interface Page {
  file: string;
  /** File name inside the edition's folder. */
  name: string;
  title: string;
  sections: { id: string; text: string }[];
  html: string;
}

/** The little of linkedom's DOM the site step reads. */
interface Node {
  tagName: string;
  textContent: string | null;
  parentElement: Node | null;
  querySelector(s: string): Node | null;
  querySelectorAll(s: string): Iterable<Node>;
  closest(s: string): Node | null;
  getAttribute(n: string): string | null;
  remove(): void;
}

function textOf(el: { textContent: string | null }): string {
  return (el.textContent ?? "").replace(/¶/g, "").replace(/\s+/g, " ").trim();
}

/** The title, sections and search documents of a page. */
function readPage(file: string, html: string): { page: Page; docs: SearchDoc[] } {
  const { document } = parseHTML(html) as unknown as { document: Node };
  const main = document.querySelector("main") ?? document.querySelector("body")!;
  for (const junk of main.querySelectorAll("svg, mjx-container, style, script, .site-side")) {
    junk.remove();
  }
  const name = file.split(sep).at(-1)!;
  const h1 = main.querySelector("h1");
  const title = h1 ? textOf(h1) : name.replace(/\.html$/, "");
  const sections: { id: string; text: string }[] = [];
  for (const h of main.querySelectorAll("h2")) {
    const id = h.getAttribute("id");
    if (id) sections.push({ id, text: textOf(h) });
  }
  // One search document per section: the text from its heading to the next h1/h2.
  const docs: SearchDoc[] = [];
  let current: SearchDoc = { id: "", page: name, anchor: "", title, section: "", text: "" };
  const flush = () => {
    current.text = current.text.replace(/\s+/g, " ").trim().slice(0, 4000);
    if (current.text || current.section) docs.push(current);
  };
  for (const el of main.querySelectorAll("h1, h2, h3, p, li, td, th, pre, blockquote")) {
    const tag = el.tagName.toLowerCase();
    if (tag === "h1" || tag === "h2") {
      flush();
      current = {
        id: "",
        page: name,
        anchor: el.getAttribute("id") ?? "",
        title,
        section: tag === "h2" ? textOf(el) : "",
        text: "",
      };
    } else if (!el.parentElement?.closest("p, li, td, th, pre, blockquote")) {
      current.text += " " + textOf(el);
    }
  }
  flush();
  return { page: { file, name, title, sections, html }, docs };
}

/** A search document: one section of a page. */
export interface SearchDoc {
  /** A unique id (page and anchor). */
  id: string;
  /** The page's file name in its edition's folder. */
  page: string;
  /** The section's heading id, or empty for the page's top. */
  anchor: string;
  /** The page's title. */
  title: string;
  /** The section's heading ("" for the text before the first section). */
  section: string;
  /** The section's words. */
  text: string;
}

function sidebar(
  pages: readonly Page[],
  current: Page,
  language: Lang,
  assets: string,
  otherEdition: string | undefined,
  pdf: string | undefined,
): string {
  const labels = SITE_LABELS[language];
  const zip = language === "en" ? NOTEBOOKS_ZIP : `../${NOTEBOOKS_ZIP}`;
  const explorable = language === "en" ? "../explorable.html" : "../../explorable.html?lang=ja";
  // The run page is among the links below the list, not in it.
  const items = pages.filter((p) => p.name !== "run.html").map((p) => {
    const here = p === current;
    const onPage = here && p.sections.length
      ? `<ol class="site-onpage">${
        p.sections.map((s) => `<li><a href="#${escapeHtml(s.id)}">${escapeHtml(s.text)}</a></li>`)
          .join("")
      }</ol>`
      : "";
    const label = p.name === "index.html" ? labels.index : p.title;
    return `<li${here ? ' class="site-current"' : ""}><a href="${p.name}"${
      here ? ' aria-current="page"' : ""
    }>${escapeHtml(label)}</a>${onPage}</li>`;
  }).join("");
  return `<nav class="site-side" aria-label="${labels.contents}">` +
    `<a class="site-home" href="index.html">${labels.home}</a>` +
    `<div class="site-search" role="search"><input type="search" id="site-search-input" ` +
    `placeholder="${labels.search}" aria-label="${labels.search}" autocomplete="off">` +
    `<div id="site-search-status" class="site-search-status" aria-live="polite"></div>` +
    `<ol id="site-search-results"></ol></div>` +
    `<details class="site-pages"><summary>${labels.contents}</summary><ol>${items}</ol>` +
    `<div class="site-links"><a href="run.html">${labels.run}</a>` +
    `<a href="${zip}" download>${labels.download}</a>` +
    `<a href="data/index.html">${labels.data}</a>` +
    `<a href="${explorable}">${labels.explorable}</a>` +
    (otherEdition
      ? `<a href="${otherEdition}" lang="${language === "en" ? "ja" : "en"}">${labels.other}</a>`
      : "") +
    (pdf ? `<a href="${pdf}">${labels.pdf}</a>` : "") +
    `</div></details><script src="${assets}/minisearch.js"></script>` +
    `<script src="search_index.js"></script><script src="${assets}/site.js"></script></nav>`;
}

function pager(chain: readonly Page[], current: Page, language: Lang): string {
  const at = chain.indexOf(current);
  if (at < 0) return "";
  const labels = SITE_LABELS[language];
  const prev = chain[at - 1];
  const next = chain[at + 1];
  const link = (p: Page, rel: "prev" | "next") =>
    `<a rel="${rel}" href="${p.name}">${
      rel === "prev"
        ? `← ${labels.previous}: ${escapeHtml(p.title)}`
        : `${labels.next}: ${escapeHtml(p.title)} →`
    }</a>`;
  return `<nav class="site-pager" aria-label="${labels.previous} / ${labels.next}">` +
    `${prev ? link(prev, "prev") : ""}${next ? link(next, "next") : ""}</nav>`;
}

function decorate(
  page: Page,
  pages: readonly Page[],
  chain: readonly Page[],
  language: Lang,
  otherEdition: string | undefined,
  pdf: string | undefined,
): string {
  const assets = language === "en" ? SITE_ASSETS : `../${SITE_ASSETS}`;
  const labels = SITE_LABELS[language];
  let html = page.html;
  const title = page.name === "index.html" ? page.title : `${page.title} · ${labels.home}`;
  html = html.replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeHtml(title)}</title>`);
  html = html.replace(
    "</head>",
    `${START}<link rel="stylesheet" href="${assets}/site.css">${END}\n</head>`,
  );
  if (language === "ja") html = html.replace(/<html(?![^>]*\blang=)/, '<html lang="ja"');
  const bar = pager(chain, page, language);
  html = html.replace(
    /<main>/,
    `${START}${sidebar(pages, page, language, assets, otherEdition, pdf)}${END}\n<main>${
      bar ? `${START}${bar}${END}` : ""
    }`,
  );
  if (bar) html = html.replace(/<\/main>(?![\s\S]*<\/main>)/, `${START}${bar}${END}</main>`);
  return html;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Folder of a package in Deno's npm cache, from a module of it that `import.meta.resolve` finds. */
async function packageDir(specifier: string, levels: number): Promise<string> {
  await import(specifier).catch(() => {}); // makes Deno fetch the package
  let dir = new URL(import.meta.resolve(specifier)).pathname;
  for (let i = 0; i < levels; i++) dir = dirname(dir);
  return dir;
}

/**
 * Every file of the students' zip, as paths inside the repository: the
 * notebooks of both editions with their indexes and data, the library, and
 * what `deno task lab` runs (the module graph of `tools/lab.ts`, the
 * explorable's script it bundles, and the pinned Python requirements), with
 * `deno.json`, `deno.lock` and the licence.
 *
 * @returns Relative paths with `/` separators, sorted.
 */
export async function notebookZipFiles(): Promise<string[]> {
  const files = new Set<string>(["deno.json", "deno.lock", "LICENSE", "tools/requirements.txt"]);
  const walk = async (dir: string, keep: (name: string) => boolean) => {
    for await (const e of Deno.readDir(join(ROOT, dir))) {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(path, keep);
      else if (e.isFile && !e.name.startsWith(".") && keep(e.name)) files.add(path);
    }
  };
  await walk("lib", () => true);
  // The lab builds the explorable into its working copy: the page's script, bundled then.
  await walk("tools/explorable", () => true);
  await walk("notebooks", (n) => /\.(ipynb|md|csv)$/.test(n));
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", join(ROOT, "tools", "lab.ts")],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!info.success) {
    throw new Error(`deno info tools/lab.ts failed: ${new TextDecoder().decode(info.stderr)}`);
  }
  const graph = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: { specifier: string }[];
  };
  for (const m of graph.modules) {
    if (!m.specifier.startsWith("file:")) continue;
    const path = relative(ROOT, new URL(m.specifier).pathname).split(sep).join("/");
    if (!path.startsWith("..")) files.add(path);
  }
  return [...files].sort();
}

/**
 * Write the students' zip: every file of {@linkcode notebookZipFiles} under
 * `emlab/`, and the run instructions of both editions as `emlab/START_HERE.md`.
 *
 * @param path Where to write the zip.
 * @returns The files inside it.
 */
export async function writeNotebookZip(path: string): Promise<string[]> {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  const mtime = new Date("2026-01-01T00:00:00Z");
  for (const f of await notebookZipFiles()) {
    entries[`emlab/${f}`] = [await Deno.readFile(join(ROOT, f)), { mtime }];
  }
  const runEn = await Deno.readTextFile(RUN_PAGE);
  const runJa = await Deno.readTextFile(RUN_PAGE_JA);
  entries["emlab/START_HERE.md"] = [
    new TextEncoder().encode(`${runEn.trim()}\n\n---\n\n${runJa.trim()}\n`),
    { mtime },
  ];
  await Deno.writeFile(path, zipSync(entries, { level: 9 }));
  return Object.keys(entries).sort();
}

/** Notebook pages of an edition's folder (`NN-*.html`), sorted. */
async function notebookPages(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && /^\d\d-.+\.html$/.test(e.name)) names.push(e.name);
  }
  return names.sort();
}

/**
 * Turn an exported handouts folder (`out/notebooks/`, with `ja/` inside)
 * into the course site: titles, sidebar, search index, previous/next, styles,
 * and the zip of the notebooks. Runs again safely on its own output.
 *
 * @param htmlDir The handouts' folder.
 * @returns The zip's path and, per edition, the pages it finished.
 */
export async function finishSite(
  htmlDir: string,
): Promise<{ zip: string; pages: string[] }> {
  const assets = join(htmlDir, SITE_ASSETS);
  await Deno.mkdir(assets, { recursive: true });
  await Deno.copyFile(join(SITE_SOURCES, "site.css"), join(assets, "site.css"));
  await Deno.copyFile(join(SITE_SOURCES, "site.js"), join(assets, "site.js"));
  const mini = await packageDir("minisearch", 2); // dist/es/index.js → dist
  await Deno.copyFile(join(mini, "umd", "index.js"), join(assets, "minisearch.js"));
  const zip = join(htmlDir, NOTEBOOKS_ZIP);
  await writeNotebookZip(zip);
  const done: string[] = [];
  for (const language of ["en", "ja"] as const) {
    const dir = language === "en" ? htmlDir : join(htmlDir, "ja");
    if (!(await exists(join(dir, "index.html")))) continue;
    const names = ["index.html", ...await notebookPages(dir)];
    if (await exists(join(dir, "run.html"))) names.push("run.html");
    const pages: Page[] = [];
    const docs: SearchDoc[] = [];
    for (const name of names) {
      const file = join(dir, name);
      const read = readPage(file, stripSite(await Deno.readTextFile(file)));
      pages.push(read.page);
      for (const d of read.docs) docs.push({ ...d, id: `${d.page}#${d.anchor}#${docs.length}` });
    }
    const chain = pages.filter((p) => p.name === "index.html" || /^\d\d-/.test(p.name));
    const other = language === "en" ? "ja" : "..";
    for (const page of pages) {
      const twin = join(dir, other, page.name);
      const otherEdition = (await exists(twin)) ? `${other}/${page.name}` : undefined;
      const pdfName = `${PDF_DIR}/${page.name.replace(/\.html$/, ".pdf")}`;
      const pdf = (await exists(join(dir, pdfName))) ? pdfName : undefined;
      await Deno.writeTextFile(
        page.file,
        decorate(page, pages, chain, language, otherEdition, pdf),
      );
      done.push(page.file);
    }
    const labels = SITE_LABELS[language];
    await Deno.writeTextFile(
      join(dir, "search_index.js"),
      `// The search documents of this edition's pages, for site/site.js (written by deno task export).\n` +
        `globalThis.EMLAB_SEARCH = ${
          JSON.stringify({ labels: { found: labels.found, none: labels.none }, docs })
        };\n`,
    );
  }
  return { zip, pages: done };
}

/** The folder of the notebooks' PDFs inside each edition's folder. */
export const PDF_DIR = "pdf";

/**
 * Print every notebook page of both editions to PDF with Chromium
 * (`pdf/NN-*.pdf` beside the pages, A4), through the site's print styles.
 * Without Chromium (none found, see `findChromium` in `tools/setup.ts`, or
 * `EMLAB_CHROMIUM`), nothing is written and the reason is returned.
 *
 * @param htmlDir The handouts' folder (`out/notebooks`).
 * @returns The PDFs written, or why none were.
 */
export async function writePdfs(
  htmlDir: string,
): Promise<{ pdfs: string[]; skipped?: string }> {
  const executable = await findChromium();
  if (!executable) {
    return { pdfs: [], skipped: "no Chromium found (set EMLAB_CHROMIUM to print PDFs)" };
  }
  const { chromium } = await import("playwright-core");
  const fonts = await Deno.makeTempDir({ prefix: "emlab-pdf-fonts-" });
  const browser = await chromium.launch({
    executablePath: executable,
    headless: true,
    env: { ...Deno.env.toObject(), FONTCONFIG_FILE: await japaneseFontConfig(fonts) },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const pdfs: string[] = [];
  try {
    const context = await browser.newContext();
    // The pages need nothing from the network; refuse it so printing never waits on one.
    await context.route(/^(?!file:)/, (route) => route.abort());
    const page = await context.newPage();
    for (const dir of [htmlDir, join(htmlDir, "ja")]) {
      if (!(await exists(dir))) continue;
      await Deno.mkdir(join(dir, PDF_DIR), { recursive: true });
      for (const name of await notebookPages(dir)) {
        await page.goto(pathToFileURL(resolve(dir, name)).href, { waitUntil: "load" });
        const path = join(dir, PDF_DIR, name.replace(/\.html$/, ".pdf"));
        await page.pdf({
          path,
          format: "A4",
          margin: { top: "16mm", bottom: "16mm", left: "14mm", right: "14mm" },
          printBackground: true,
        });
        pdfs.push(path);
      }
    }
  } finally {
    await browser.close();
    await Deno.remove(fonts, { recursive: true }).catch(() => {});
  }
  return { pdfs };
}

/**
 * A fontconfig file for the Chromium that prints the PDFs: the system's fonts
 * plus Noto Sans JP from the `@embedpdf/fonts-jp` package (the one the
 * animations' Japanese labels use), so the Japanese pages print with their
 * glyphs on a machine that has no Japanese font of its own.
 *
 * @param dir An empty folder for the file and fontconfig's cache.
 * @returns The path of the fontconfig file.
 */
export async function japaneseFontConfig(dir: string): Promise<string> {
  // The package exports only its entry module; the fonts sit in ../fonts/ beside it.
  await import("@embedpdf/fonts-jp");
  const fontDir = fromFileUrl(new URL("../fonts/", import.meta.resolve("@embedpdf/fonts-jp")));
  const xml = (text: string) =>
    text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const file = join(dir, "fonts.conf");
  await Deno.writeTextFile(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${xml(fontDir)}</dir>
  <cachedir>${xml(join(dir, "cache"))}</cachedir>
</fontconfig>
`,
  );
  return file;
}

/** The edition of a source folder (for the answers' labels). */
export function languageOf(sourceDir: string): Lang {
  return sourceDir === EDITIONS.ja.sourceDir ? "ja" : "en";
}

if (import.meta.main) {
  // deno run -A --import-map=tools/dev_import_map.json tools/export_site.ts out/notebooks:
  // the site step alone, on handouts already exported.
  const dir = Deno.args[0] ?? join(ROOT, "out", "notebooks");
  await finishSite(dir);
  const printed = await writePdfs(dir);
  console.log(printed.skipped ? `pdf: skipped: ${printed.skipped}` : `pdf: ${printed.pdfs.length}`);
  const site = await finishSite(dir);
  console.log(`site: ${site.pages.length} pages, ${site.zip}`);
}
