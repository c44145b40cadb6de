/**
 * Build the teaching notebooks `notebooks/NN-*.ipynb` from their readable
 * sources `tools/notebooks/NN-*.md`, and add the navigation lines.
 *
 *     deno run -A tools/build_notebooks.ts          # write notebooks/*.ipynb and notebooks/ja/*.ipynb
 *     deno run -A tools/build_notebooks.ts --check  # exit 1 if any is stale
 *
 * Source format: Markdown. Every fenced block that opens with ```` ```ts ````
 * becomes a code cell; words after `ts` are the cell's tags
 * (```` ```ts em-run ````), and after a `|` the outputs the cell must show
 * (```` ```ts em-run | text, svg ````; see `tools/manifest.ts`), written into
 * the cell's metadata as `emlab.outputs`. The Markdown between code blocks becomes Markdown
 * cells, split further at lines `<!-- cell -->`. The first line is the
 * notebook's `# Title`; the builder puts a navigation line
 * (previous · index · next) under it and in a last cell.
 *
 * Display math is checked before anything is written: every display equation
 * is `$$` alone on a line, the TeX lines, `$$` alone on a line, with a blank
 * line before and after, no blank line inside and no line that Markdown would
 * read as the start of a list, quote, heading or HTML block (a TeX line
 * starting with `+ ` or `- ` is a list item to every Markdown parser, and a
 * formatter then reflows the equation into bullets). A source that breaks the
 * rule is refused with its line number ({@linkcode SourceMathError}).
 *
 * Exercises: a fence tagged `exercise` (```` ```ts exercise ````) is the
 * student's answer cell (its placeholder, under the {@linkcode ANSWER_MARKER} line,
 * `// ✏️ your answer`, in Japanese `// ✏️ ここに答えを書く`);
 * the fence right after it, tagged `solution`, holds the same cell filled in.
 * The default build leaves the solution out; `--solutions` writes the
 * lecturer's notebooks, with each solution in place of its answer cell, to
 * `notebooks-solutions/`, the Japanese edition's to `notebooks-solutions/ja/`
 * (git-ignored; `notebooks/data/` and each edition's index are copied beside
 * them so the notebooks run there unchanged):
 *
 *     deno run -A tools/build_notebooks.ts --solutions
 *
 * The notebooks are written without outputs (execution counts null), with
 * their code cells formatted by `deno fmt`; Markdown cells are written exactly
 * as in the source, never reflowed by a formatter (`deno.json` keeps
 * `tools/notebooks/` out of `deno fmt` for the same reason). The notebook
 * tests check that the committed files equal a fresh build.
 *
 * @module
 */
import { basename, join, relative } from "node:path";
import { type Language, LANGUAGES, MESSAGES } from "../lib/core/i18n.ts";
import {
  CodeTokenError,
  firstCodeDifference,
  type LiteralRole,
  type TokenDifference,
} from "./code_tokens.ts";
import { formatManifest, type OutputKind, parseManifest } from "./manifest.ts";
import { ROOT } from "./setup.ts";

/** A notebook in reading order: built from a source here, or written by hand. */
export interface NotebookEntry {
  /** File name inside `notebooks/`. */
  readonly file: string;
  /** Short title for navigation links. */
  readonly title: string;
  /** Built from `tools/notebooks/<stem>.md` (false: maintained as .ipynb). */
  readonly built: boolean;
}

/** Every notebook, in reading order. */
export const NOTEBOOKS: readonly NotebookEntry[] = [
  { file: "01-em-walkthrough.ipynb", title: "EM walkthrough", built: true },
  { file: "02-deriving-the-updates.ipynb", title: "Deriving the updates", built: true },
  { file: "03-old-faithful.ipynb", title: "Old Faithful", built: true },
  { file: "04-pitfalls.ipynb", title: "Pitfalls", built: true },
  { file: "05-old-faithful-2d.ipynb", title: "Old Faithful in 2-D", built: true },
  { file: "06-em-as-coordinate-ascent.ipynb", title: "EM as coordinate ascent", built: true },
];

/** Where the sources live. */
export const SOURCE_DIR: string = join(ROOT, "tools", "notebooks");
/** Where the notebooks go. */
export const NOTEBOOK_DIR: string = join(ROOT, "notebooks");
/** Where the `--solutions` build goes (git-ignored), beside `notebooks/`. */
export const SOLUTIONS_DIR: string = join(ROOT, "notebooks-solutions");

/** Which copy to build: the students' (placeholders) or the lecturer's (solutions). */
export interface BuildOptions {
  /**
   * Put each `solution` fence in place of the `exercise` cell before it.
   * @default false
   */
  solutions?: boolean;
  /**
   * The edition: its navigation titles and the library's table headers.
   * @default "en"
   */
  language?: Language;
}

/**
 * An edition of the notebooks in one language: its sources, its folder, the
 * titles in its navigation lines and the name of its index.
 */
export interface Edition {
  /** The language of the prose, charts and messages. */
  readonly language: Language;
  /** Folder of the sources (`NN-*.md`, same names as the English ones). */
  readonly sourceDir: string;
  /** Folder of the built notebooks and of the edition's `README.md` index. */
  readonly notebookDir: string;
  /** Short titles, one per entry of {@linkcode NOTEBOOKS}, in the same order. */
  readonly titles: readonly string[];
  /** The index link's text in the navigation lines. */
  readonly index: string;
}

/**
 * Every edition. The Japanese one lives one folder deeper (`notebooks/ja/`); its
 * sources' code cells equal the English ones except the line choosing the
 * language (`setLanguage("ja")`) and the text of their string literals
 * ({@linkcode editionDifferences}), which tests/notebooks_ja_test.ts checks.
 */
export const EDITIONS: { readonly [L in Language]: Edition } = {
  en: {
    language: "en",
    sourceDir: SOURCE_DIR,
    notebookDir: NOTEBOOK_DIR,
    titles: NOTEBOOKS.map((n) => n.title),
    index: "Index",
  },
  ja: {
    language: "ja",
    sourceDir: join(SOURCE_DIR, "ja"),
    notebookDir: join(NOTEBOOK_DIR, "ja"),
    titles: [
      "EMアルゴリズムの流れ",
      "更新式の導出",
      "Old Faithful",
      "落とし穴",
      "2次元の Old Faithful",
      "座標上昇法としてのEM",
    ],
    index: "目次",
  },
};

/**
 * The comment line that opens every answer cell (```` ```ts exercise ````) and
 * its solution, in each edition's language.
 */
export const ANSWER_MARKER: { readonly [L in Language]: string } = {
  en: "// ✏️ your answer",
  ja: "// ✏️ ここに答えを書く",
};

/** The data files the notebooks read (`data/…` beside them), copied into each edition's folder. */
export const DATA_DIR: string = join(NOTEBOOK_DIR, "data");

/** The kernelspec every notebook names. */
export const KERNELSPEC = {
  name: "deno",
  display_name: "Deno (emlab)",
  language: "typescript",
} as const;

interface Cell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: unknown[];
}

/** The navigation line of notebook `index` in {@linkcode NOTEBOOKS}, in a language's edition. */
export function navigation(index: number, language: Language = "en"): string {
  const { titles, index: indexName } = EDITIONS[language];
  const prev = NOTEBOOKS[index - 1];
  const next = NOTEBOOKS[index + 1];
  return [
    prev ? `[← ${titles[index - 1]}](${prev.file})` : "",
    `[${indexName}](README.md)`,
    next ? `[${titles[index + 1]} →](${next.file})` : "",
  ].filter((s) => s !== "").join(" · ");
}

/**
 * A cell's declared outputs in a language's edition: the headers of the
 * tables the library makes (a {@linkcode compareMixtures} table: "parameter",
 * …, "error") are translated as the library translates them; the headers a
 * notebook's own code writes stay as written.
 */
export function translateOutputs(outputs: OutputKind[], language: Language): OutputKind[] {
  const en = MESSAGES.en, to = MESSAGES[language];
  const map = new Map<string, string>([
    [en.parameter, to.parameter],
    [en.reference, to.reference],
    [en.estimate, to.estimate],
    [en.error, to.error],
  ]);
  return outputs.map((o) => {
    const header = o.header;
    if (o.kind !== "table" || !header || header[0] !== en.parameter || header.at(-1) !== en.error) {
      return o;
    }
    return { ...o, header: header.map((c) => map.get(c) ?? c) };
  });
}

function lines(text: string): string[] {
  const parts = text.split("\n");
  return parts.map((line, i) => (i < parts.length - 1 ? `${line}\n` : line)).filter((l) =>
    l !== ""
  );
}

/** A display equation of a notebook source: the TeX between its `$$` lines. */
export interface DisplayEquation {
  /** 1-based line number of the opening `$$` in the source. */
  readonly line: number;
  /** The TeX, its lines joined by "\n". */
  readonly tex: string;
}

/** A source whose display math could be misread by a Markdown parser or formatter. */
export class SourceMathError extends Error {
  /** 1-based line number in the source. */
  readonly line: number;
  constructor(file: string, line: number, problem: string) {
    super(
      `${file}:${line}: ${problem}. Write display math as three parts: a line holding only $$, ` +
        "the TeX (no blank line; no line starting with a list, quote, heading or HTML marker — " +
        "move a leading + or - to the end of the line before), a line holding only $$, with a " +
        "blank line before and after.",
    );
    this.name = "SourceMathError";
    this.line = line;
  }
}

/**
 * A TeX line that Markdown would read as the start of another block, ending the
 * paragraph that holds the equation: a bullet or ordered list item, a quote, a
 * heading, a fence, an HTML block, or a setext or thematic-break underline.
 */
const BLOCK_START =
  /^ {0,3}(?:[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|>|#{1,6}(?:\s|$)|```|~~~|<|=+\s*$|(?:-\s*){3,}$|(?:_\s*){3,}$|(?:\*\s*){3,}$)/;
const FENCE = /^ {0,3}(```|~~~)/;

/**
 * Every display equation of a notebook source, checked.
 *
 * Skips fenced code blocks and inline code spans. Throws
 * {@linkcode SourceMathError} for a `$$` that shares its line with anything,
 * an unclosed or empty equation, a blank line inside one, a TeX line Markdown
 * would read as a new block (see {@linkcode BLOCK_START}), or a `$$` line
 * without a blank line (or the source's start/end, or a cell break) around it.
 *
 * @param text The source's text.
 * @param file The name used in error messages.
 * @returns The equations in source order.
 */
export function displayEquations(text: string, file = "source"): DisplayEquation[] {
  const all = text.split("\n");
  const equations: DisplayEquation[] = [];
  const isBoundary = (line: string | undefined) =>
    line === undefined || line.trim() === "" || line.trim() === "<!-- cell -->";
  let fence: string | null = null;
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1] === fence && line.trim() === fence) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      continue;
    }
    if (!line.replace(/`[^`]*`/g, "").includes("$$")) continue;
    if (line !== "$$") {
      throw new SourceMathError(file, i + 1, `"$$" shares its line with other text: ${line}`);
    }
    if (!isBoundary(all[i - 1])) {
      throw new SourceMathError(file, i + 1, "no blank line before the opening $$");
    }
    const open = i;
    const tex: string[] = [];
    for (i++; i < all.length && all[i] !== "$$"; i++) {
      const content = all[i]!;
      if (content.trim() === "") {
        throw new SourceMathError(
          file,
          i + 1,
          `blank line inside the equation opened at ${open + 1}`,
        );
      }
      if (content.includes("$$")) {
        throw new SourceMathError(file, i + 1, `"$$" inside the equation opened at ${open + 1}`);
      }
      if (BLOCK_START.test(content)) {
        throw new SourceMathError(
          file,
          i + 1,
          `the TeX line "${content}" would be read as a Markdown list item, quote, heading or ` +
            "HTML block",
        );
      }
      tex.push(content);
    }
    if (i >= all.length) {
      throw new SourceMathError(file, open + 1, "the equation opened here is never closed");
    }
    if (tex.length === 0) throw new SourceMathError(file, open + 1, "empty equation");
    if (!isBoundary(all[i + 1])) {
      throw new SourceMathError(file, i + 1, "no blank line after the closing $$");
    }
    equations.push({ line: open + 1, tex: tex.join("\n") });
  }
  return equations;
}

/** A Japanese (or Chinese) character or full-width punctuation mark. */
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\u30FC\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/u;
/** Punctuation after which (or before which) no space is ever set in Japanese text. */
const CJK_PUNCTUATION = /[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65]/u;
/** A line that starts a Markdown block of its own (not a paragraph's continuation). */
const OWN_BLOCK = /^ {0,3}(?:[-+*]\s|\d{1,9}[.)]\s|>|#{1,6}\s|```|~~~|<|\||\$\$)|^\s*$/;

/**
 * Markdown prose with the line breaks inside Japanese sentences removed.
 *
 * Markdown turns a line break inside a paragraph into a space, which Japanese
 * text never has between two of its characters, nor after 、。 or a full-width
 * bracket. So a break is removed (the next line's indentation with it) when
 * the line before it ends with a Japanese character and the next starts with
 * one, or when either side is full-width punctuation. A break between a
 * Japanese word and a Latin word, a number, code or maths stays a space, as
 * the sources write one there (`EMは 1000 点`). Fenced blocks, display math,
 * tables, headings, hard breaks and the start of a new block (a list item, a
 * quote, HTML) are left as they are. Text without Japanese is returned unchanged.
 *
 * @param markdown The Markdown source.
 * @returns The same Markdown, Japanese lines joined.
 *
 * @example Two lines of one Japanese sentence, and a list that stays a list
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { joinJapaneseLines } from "./build_notebooks.ts";
 * assertEquals(joinJapaneseLines("対数目盛では、\n100 から 10 への変化"), "対数目盛では、100 から 10 への変化");
 * assertEquals(joinJapaneseLines("次の\n  図です。EM は\n`fit` で"), "次の図です。EM は\n`fit` で");
 * assertEquals(joinJapaneseLines("項目：\n- 一つ目"), "項目：\n- 一つ目");
 * ```
 */
export function joinJapaneseLines(markdown: string): string {
  const all = markdown.split("\n");
  const out: string[] = [];
  let fence: string | null = null, math = false;
  for (const line of all) {
    const previous = out.at(-1);
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1] === fence && line.trim() === fence) fence = null;
      out.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      out.push(line);
      continue;
    }
    if (line.trim() === "$$") {
      math = !math;
      out.push(line);
      continue;
    }
    if (math || previous === undefined || OWN_BLOCK.test(line)) {
      out.push(line);
      continue;
    }
    // A paragraph's line, or a list item's, may go on; a blank line, a heading,
    // a table row, an HTML line or a hard break ends it.
    if (/^\s*$|^\s*\||^ {0,3}#|^ {0,3}<|(?: {2}|\\)$/.test(previous)) {
      out.push(line);
      continue;
    }
    const next = line.trimStart();
    const end = previous.at(-1) ?? "", start = next[0] ?? "";
    const join = (CJK.test(end) && CJK.test(start)) || CJK_PUNCTUATION.test(end) ||
      CJK_PUNCTUATION.test(start);
    if (join) out[out.length - 1] = previous + next;
    else out.push(line);
  }
  return out.join("\n");
}

/** A cell of a source: Markdown, or code with its tags and declared outputs. */
export interface SourceCell {
  /** Markdown or code. */
  type: "markdown" | "code";
  /** The cell's text. */
  source: string;
  /** Tags (words after `ts` on the fence). */
  tags: string[];
  /** Code cells: the outputs the cell must show (after `|` on the fence). */
  outputs?: OutputKind[];
}

/**
 * Parse a source file's text into cells (without navigation). A `solution`
 * fence must follow an `exercise` fence (only blank lines between); it is
 * dropped, or with `solutions: true` replaces that cell's source.
 */
export function parseSource(text: string, options: BuildOptions = {}): SourceCell[] {
  const cells: SourceCell[] = [];
  let markdown: string[] = [];
  const flush = () => {
    const source = markdown.join("\n").trim();
    if (source !== "") cells.push({ type: "markdown", source, tags: [] });
    markdown = [];
  };
  const all = text.split("\n");
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const open = /^```ts(?:\s+(.*))?$/.exec(line);
    if (open) {
      const start = i;
      if (!/\bsolution\b/.test(open[1] ?? "")) flush();
      const code: string[] = [];
      i++;
      while (i < all.length && !/^```\s*$/.test(all[i]!)) code.push(all[i++]!);
      if (i >= all.length) throw new Error(`unclosed \`\`\`ts block opened at line ${i + 1}`);
      const [words = "", manifest = ""] = (open[1] ?? "").split(/\|(.*)/s);
      const tags = words.split(/\s+/).filter((t) => t !== "");
      if (tags.includes("solution")) {
        const before = cells.at(-1);
        if (markdown.some((l) => l.trim() !== "") || !before?.tags.includes("exercise")) {
          throw new Error(
            `the solution fence at line ${start + 1} must follow an exercise fence directly`,
          );
        }
        markdown = [];
        if (options.solutions) before.source = code.join("\n").trim();
        continue;
      }
      cells.push({
        type: "code",
        source: code.join("\n").trim(),
        tags,
        outputs: parseManifest(manifest),
      });
    } else if (line.trim() === "<!-- cell -->") {
      flush();
    } else {
      markdown.push(line);
    }
  }
  flush();
  return cells;
}

/** How a difference in a literal with a role is named. */
const LITERAL_ROLES: { readonly [R in LiteralRole]: string } = {
  import: "an import specifier",
  path: "a path",
  compared: "a value compared against",
};

/**
 * A manifest with its own tables' header text left out (`table[3 columns]`):
 * a translation's table headers are the translated keys of its rows. The
 * headers the library's tables name themselves (see {@linkcode translateOutputs})
 * are kept, written in English in every edition; their middle columns are the
 * labels a notebook passes (`referenceLabel`), which may be translated.
 */
function manifestShape(outputs: readonly OutputKind[]): string {
  const library = (o: OutputKind) =>
    o.header?.[0] === MESSAGES.en.parameter && o.header.at(-1) === MESSAGES.en.error;
  return outputs.map((o) => {
    if (o.kind !== "table") return formatManifest([o]);
    const columns = `${o.header!.length} columns`;
    return library(o)
      ? `table[${MESSAGES.en.parameter}; ${columns}; ${MESSAGES.en.error}]`
      : `table[${columns}]`;
  }).join(", ");
}

/** The one line of a notebook's first code cell that chooses its language. */
export function languageLine(language: Language): string {
  return `setLanguage(${JSON.stringify(language)});`;
}

/**
 * How a translated source differs from the English one in anything but its
 * prose: the two must have the same cells in the same order (Markdown where
 * the other has Markdown, code where it has code), code cells with the same
 * tags, the same declared outputs (the header text of the notebook's own
 * tables aside: their columns are translated keys) and the same code token
 * for token (see {@linkcode firstCodeDifference} in `tools/code_tokens.ts`)
 * but for the text of string and template literals and of comments — the
 * words a cell shows and its comments are translated, every identifier,
 * number, operator and `${…}` expression stays, each comment stays in its
 * place, and so do import specifiers, paths and values compared against —
 * and but for the language line, which must be {@linkcode languageLine} of
 * each language, once, in the first code cell; and the same display
 * equations, their maths TeX for TeX but for the words in `\text{…}`
 * ({@linkcode texMaths}). The code is compared twice, as
 * the students' copy and as the lecturer's (each `solution` fence in place of
 * its `exercise` cell), so the solutions must match too.
 *
 * @param english The English source's text.
 * @param translated The translated source's text.
 * @param language The translation's language.
 * @returns One line per difference (empty when only the prose differs).
 */
export function editionDifferences(
  english: string,
  translated: string,
  language: Language,
): string[] {
  const problems = new Set<string>();
  // Twice: the students' cells, then the lecturer's (each solution fence in
  // place of its exercise cell), so that the solutions are compared too.
  for (const solutions of [false, true]) {
    const en = parseSource(english, { solutions }), tr = parseSource(translated, { solutions });
    const shape = (cells: SourceCell[]) =>
      cells.map((c) => (c.type === "code" ? "C" : "m")).join("");
    if (shape(en) !== shape(tr)) {
      problems.add(
        `cells differ: English ${shape(en)}, ${language} ${shape(tr)} (m Markdown, C code)`,
      );
    }
    const enCode = en.filter((c) => c.type === "code"),
      trCode = tr.filter((c) => c.type === "code");
    const line = { en: languageLine("en"), tr: languageLine(language) };
    for (let i = 0; i < Math.max(enCode.length, trCode.length); i++) {
      const a = enCode[i], b = trCode[i];
      if (!a || !b) {
        problems.add(`code cell ${i + 1}: ${a ? "missing" : "extra"} in the ${language} source`);
        continue;
      }
      if (a.tags.join(" ") !== b.tags.join(" ")) {
        problems.add(`code cell ${i + 1}: tags ${a.tags.join(" ")} ≠ ${b.tags.join(" ")}`);
      }
      if (manifestShape(a.outputs ?? []) !== manifestShape(b.outputs ?? [])) {
        problems.add(`code cell ${i + 1}: declared outputs differ`);
      }
      const aLines = a.source.split("\n"), bLines = b.source.split("\n");
      // The second pass reads each exercise cell's solution in its place.
      const cell = solutions && a.tags.includes("exercise")
        ? `code cell ${i + 1} (its solution)`
        : `code cell ${i + 1}`;
      const expectLine = i === 0;
      const aAt = aLines.indexOf(line.en), bAt = bLines.indexOf(line.tr);
      if (expectLine && (aAt < 0 || bAt < 0 || aAt !== bAt)) {
        problems.add(
          `code cell 1: the language line (${line.en} / ${line.tr}) is missing or moved`,
        );
      }
      const strip = (
        ls: string[],
        at: number,
      ) => (expectLine && at >= 0 ? ls.toSpliced(at, 1) : ls);
      const x = strip(aLines, aAt), y = strip(bLines, bAt);
      let difference: TokenDifference | undefined;
      try {
        difference = firstCodeDifference(x.join("\n"), y.join("\n"));
      } catch (e) {
        if (!(e instanceof CodeTokenError)) throw e;
        problems.add(`${cell}: ${e.message}`);
        continue;
      }
      if (difference) {
        const { lineA, lineB, what } = difference;
        const role = what === "code" ? "" : ` (${LITERAL_ROLES[what]} must stay as in English)`;
        problems.add(
          `${cell}, line ${lineA}: ${JSON.stringify(x[lineA - 1] ?? "")} ≠ ${
            JSON.stringify(y[lineB - 1] ?? "")
          }${role}`,
        );
      }
    }
  }
  const eqA = displayEquations(english).map((e) => texMaths(e.tex));
  const eqB = displayEquations(translated).map((e) => texMaths(e.tex));
  if (eqA.length !== eqB.length) {
    problems.add(`display equations: ${eqA.length} in English, ${eqB.length} in ${language}`);
  }
  eqA.forEach((tex, j) => {
    if (eqB[j] !== undefined && eqB[j] !== tex) problems.add(`display equation ${j + 1} differs`);
  });
  return [...problems];
}

/**
 * The maths of a TeX equation without its words: every `\\text{…}` group (the
 * prose an equation holds: "only ", " for ", "otherwise,", "duration") taken
 * out, and the spaces TeX ignores (all but one between two letters) dropped.
 * Two editions' equations must have the same maths in the same order; the
 * words inside `\\text{…}` are translated, and may sit elsewhere among them
 * (Japanese writes "6k − 1 for d = 2" as "6k − 1、d = 2 のとき").
 *
 * @param tex A display equation's TeX.
 * @returns The TeX without its `\\text{…}` groups and ignorable spaces.
 *
 * @example The words go, the maths stays
 * ```ts
 * import { assertEquals, assertNotEquals } from "@std/assert";
 * import { texMaths } from "./build_notebooks.ts";
 * const en = "= 6k - 1 \\text{ for } d = 2";
 * assertEquals(texMaths(en), texMaths("= 6k - 1 \\text{、} d = 2 \\text{ のとき}"));
 * assertNotEquals(texMaths(en), texMaths("= 6k - 1 \\text{、} d = 3 \\text{ のとき}"));
 * assertEquals(texMaths("(\\text{duration}_i, \\text{waiting}_i)"), "(_i,_i)");
 * ```
 */
export function texMaths(tex: string): string {
  let out = "";
  for (let i = 0; i < tex.length;) {
    if (tex.startsWith("\\text{", i)) {
      let depth = 1, j = i + "\\text{".length;
      for (; j < tex.length && depth > 0; j++) {
        if (tex[j] === "\\") j++;
        else if (tex[j] === "{") depth++;
        else if (tex[j] === "}") depth--;
      }
      out += " ";
      i = j;
    } else {
      out += tex[i++];
    }
  }
  return out.replace(/\s+/g, " ").replace(/ (?=[^A-Za-z])|(?<=[^A-Za-z]) /g, "").trim();
}

/**
 * Every difference between the English sources and a translation's, by file
 * (see {@linkcode editionDifferences}); a source missing on either side is one.
 */
export async function translationProblems(language: Language): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of NOTEBOOKS.filter((n) => n.built)) {
    const md = entry.file.replace(/\.ipynb$/, ".md");
    const en = await Deno.readTextFile(join(SOURCE_DIR, md));
    const tr = await Deno.readTextFile(join(EDITIONS[language].sourceDir, md)).catch(() => null);
    if (tr === null) {
      problems.push(`${language}/${md}: missing`);
      continue;
    }
    for (const p of editionDifferences(en, tr, language)) problems.push(`${language}/${md}: ${p}`);
  }
  return problems;
}

/**
 * Build one notebook's JSON text from its source text, for a language's
 * edition (`options.language`), the students' or the lecturer's copy
 * (`options.solutions`).
 */
export function buildNotebook(text: string, index: number, options: BuildOptions = {}): string {
  const language = options.language ?? "en";
  displayEquations(text, NOTEBOOKS[index]?.file.replace(/\.ipynb$/, ".md"));
  const parsed = parseSource(text, options);
  const first = parsed[0];
  if (first?.type !== "markdown" || !first.source.startsWith("# ")) {
    throw new Error(`${NOTEBOOKS[index]?.file}: the source must start with a "# Title" line`);
  }
  const nav = navigation(index, language);
  first.source = first.source.replace(/^(# .*)$/m, `$1\n\n${nav}`);
  parsed.push({ type: "markdown", source: `---\n\n${nav}`, tags: [] });
  const cells: Cell[] = parsed.map((c, i) => {
    const cell: Cell = {
      cell_type: c.type,
      id: `cell-${String(i).padStart(2, "0")}`,
      metadata: {
        ...(c.tags.length ? { tags: c.tags } : {}),
        ...(c.type === "code"
          ? { emlab: { outputs: translateOutputs(c.outputs ?? [], language) } }
          : {}),
      },
      source: lines(c.type === "markdown" ? joinJapaneseLines(c.source) : c.source),
    };
    if (c.type === "code") {
      cell.execution_count = null;
      cell.outputs = [];
    }
    return cell;
  });
  const notebook = {
    cells,
    metadata: {
      ...(language === "en" ? {} : { emlab: { language } }),
      kernelspec: KERNELSPEC,
      language_info: {
        name: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        codemirror_mode: "typescript",
        pygments_lexer: "typescript",
        nbconvert_exporter: "script",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, 1) + "\n";
}

/**
 * `formatted` (a notebook after `deno fmt`) with every Markdown cell's source
 * put back from `original` (the same notebook before): `deno fmt` reflows
 * Markdown, which splits display equations, so it may format code cells only.
 */
export function keepMarkdown(formatted: string, original: string): string {
  const after = JSON.parse(formatted) as { cells: Cell[] };
  const before = JSON.parse(original) as { cells: Cell[] };
  if (after.cells.length !== before.cells.length) {
    throw new Error("deno fmt changed the number of cells");
  }
  after.cells.forEach((cell, i) => {
    if (cell.cell_type === "markdown") cell.source = before.cells[i]!.source;
  });
  return JSON.stringify(after, null, 1) + "\n";
}

async function fmt(files: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", `--config=${join(ROOT, "deno.json")}`, ...files],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/**
 * Format the code cells of the notebooks at `paths` in place with `deno fmt`,
 * leaving every Markdown cell exactly as it was.
 */
export async function formatCodeCells(paths: string[]): Promise<void> {
  const before = await Promise.all(paths.map((p) => Deno.readTextFile(p)));
  await fmt(paths);
  for (const [i, path] of paths.entries()) {
    await Deno.writeTextFile(path, keepMarkdown(await Deno.readTextFile(path), before[i]!));
  }
}

/**
 * Build every notebook of a language's edition into `dir`, its code cells
 * formatted as `deno fmt` leaves them; an edition in its own folder also gets
 * a copy of the data folder (`data/…` paths resolve from the notebook's folder).
 *
 * @param dir The folder to write into.
 * @param options The edition (`language`) and `solutions: true` for the lecturer's copy.
 * @returns The paths written.
 */
export async function buildAll(dir: string, options: BuildOptions = {}): Promise<string[]> {
  const edition = EDITIONS[options.language ?? "en"];
  // Formatted in a scratch folder: deno.json keeps notebooks/*.ipynb out of
  // `deno fmt` (its --check misreports .ipynb files in a fresh checkout), so
  // the formatter only runs on them here.
  const scratch = await Deno.makeTempDir({ prefix: "emlab-nbfmt-" });
  try {
    const built: string[] = [];
    for (const [index, entry] of NOTEBOOKS.entries()) {
      if (!entry.built) continue;
      const source = join(edition.sourceDir, entry.file.replace(/\.ipynb$/, ".md"));
      const path = join(scratch, entry.file);
      await Deno.writeTextFile(
        path,
        buildNotebook(await Deno.readTextFile(source), index, options),
      );
      built.push(path);
    }
    await formatCodeCells(built);
    const written: string[] = [];
    for (const path of built) {
      const target = join(dir, basename(path));
      await Deno.copyFile(path, target);
      written.push(target);
    }
    if (edition.notebookDir !== NOTEBOOK_DIR) {
      await Deno.mkdir(join(dir, "data"), { recursive: true });
      for await (const entry of Deno.readDir(DATA_DIR)) {
        if (!entry.isFile) continue;
        const target = join(dir, "data", entry.name);
        await Deno.copyFile(join(DATA_DIR, entry.name), target);
        written.push(target);
      }
    }
    return written;
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/**
 * Build the lecturer's notebooks of every edition, solutions filled in, into
 * `dir` (default {@linkcode SOLUTIONS_DIR}; the Japanese ones into `dir/ja/`,
 * as in `notebooks/`), with a copy of `notebooks/data/` and each edition's
 * index beside them so that they run and link as the students' notebooks do.
 *
 * @param dir The folder to write into (created; its notebooks replaced).
 * @returns The notebooks written.
 */
export async function buildSolutions(dir: string = SOLUTIONS_DIR): Promise<string[]> {
  const written: string[] = [];
  for (const language of LANGUAGES) {
    const edition = EDITIONS[language];
    const target = join(dir, relative(NOTEBOOK_DIR, edition.notebookDir));
    await Deno.mkdir(join(target, "data"), { recursive: true });
    for await (const e of Deno.readDir(DATA_DIR)) {
      if (e.isFile) await Deno.copyFile(join(DATA_DIR, e.name), join(target, "data", e.name));
    }
    await Deno.copyFile(join(edition.notebookDir, "README.md"), join(target, "README.md"));
    written.push(
      ...(await buildAll(target, { solutions: true, language })).filter((p) =>
        p.endsWith(".ipynb")
      ),
    );
  }
  return written;
}

/**
 * Compare a fresh build of every edition with the notebooks in `notebooks/`
 * (English) and `notebooks/ja/` (Japanese, with its copy of `data/`).
 *
 * @returns The paths (relative to `notebooks/`) that differ (empty when up to date).
 */
export async function staleNotebooks(): Promise<string[]> {
  const tmp = await Deno.makeTempDir({ prefix: "emlab-nbbuild-" });
  try {
    const stale: string[] = [];
    for (const language of LANGUAGES) {
      const edition = EDITIONS[language];
      const dir = join(tmp, language);
      await Deno.mkdir(dir);
      for (const path of await buildAll(dir, { language })) {
        const rel = relative(dir, path);
        const fresh = await Deno.readTextFile(path);
        const committed = await Deno.readTextFile(join(edition.notebookDir, rel)).catch(() => "");
        if (fresh !== committed) stale.push(relative(NOTEBOOK_DIR, join(edition.notebookDir, rel)));
      }
    }
    return stale;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) {
  if (Deno.args.includes("--check")) {
    const translations = (await Promise.all(
      LANGUAGES.filter((l) => l !== "en").map((l) => translationProblems(l)),
    )).flat();
    if (translations.length) {
      console.error(
        `Translated sources differ from the English ones beyond their prose:\n  ${
          translations.join("\n  ")
        }`,
      );
      Deno.exit(1);
    }
    const stale = await staleNotebooks();
    if (stale.length) {
      console.error(
        `Out of date with tools/notebooks/: ${stale.join(", ")}. ` +
          "Run `deno run -A tools/build_notebooks.ts`.",
      );
      Deno.exit(1);
    }
    console.log("notebooks are up to date with their sources");
  } else if (Deno.args.includes("--solutions")) {
    for (const path of await buildSolutions()) console.log(`wrote ${path}`);
  } else {
    for (const language of LANGUAGES) {
      const dir = EDITIONS[language].notebookDir;
      await Deno.mkdir(dir, { recursive: true });
      for (const path of await buildAll(dir, { language })) console.log(`wrote ${path}`);
    }
  }
}
