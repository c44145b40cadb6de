/**
 * The Japanese edition follows its glossary, `tools/notebooks/ja/GLOSSARY.md`:
 * no variant the glossary replaces (a term's other translations, the
 * typographic forms it rules out) appears in the Japanese text of the
 * notebook sources, the edition's index, the handouts' index or the library's
 * Japanese message tables.
 *
 * "Japanese text" is what a reader sees: a source's prose without its code
 * spans, maths and link targets; its code cells' string and template literals
 * and comments; a message table's string literals.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import { ROOT } from "../tools/setup.ts";
import { codeTokens } from "../tools/code_tokens.ts";

const GLOSSARY = join(ROOT, "tools", "notebooks", "ja", "GLOSSARY.md");

/** A variant the glossary rules out, with the entry it belongs to. */
interface Variant {
  readonly pattern: RegExp;
  readonly written: string;
  readonly entry: string;
}

/** The variants of both tables of the glossary ("使わない表記" column). */
export function glossaryVariants(markdown: string): Variant[] {
  const variants: Variant[] = [];
  for (const table of ["## 用語", "## 表記"]) {
    const start = markdown.indexOf(table);
    assert(start >= 0, `the glossary has a "${table}" section`);
    const rows = markdown.slice(start).split("\n").slice(1);
    let header: string[] | undefined;
    for (const row of rows) {
      if (row.startsWith("## ")) break;
      if (!row.startsWith("|")) continue;
      const cells = row.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
      if (!header) {
        header = cells;
        continue;
      }
      if (/^-+$/.test(cells[0]!)) continue;
      const column = header.indexOf("使わない表記");
      assert(column >= 0, `"${table}" has a 使わない表記 column`);
      for (const [, text] of cells[column]!.matchAll(/`([^`]+)`/g)) {
        const regex = /^\/(.+)\/([a-z]*)$/.exec(text!);
        variants.push({
          pattern: regex
            ? new RegExp(regex[1]!, `${regex[2]!.replace("g", "")}gmu`)
            : new RegExp(text!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu"),
          written: text!,
          entry: cells[0]!,
        });
      }
    }
  }
  return variants;
}

/** Text a reader sees, with the 1-based line it starts on in its file. */
interface Piece {
  readonly text: string;
  readonly line: number;
}

/** Blank out a match, keeping its line breaks (so that line numbers stay right). */
const blank = (match: string) => match.replace(/[^\n]/g, " ");

/** The prose of Markdown without code spans, maths, link targets and HTML comments. */
function prose(markdown: string, firstLine: number): Piece {
  const text = markdown
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/``[\s\S]*?``|`[^`]*`/g, blank)
    .replace(/\$\$[\s\S]*?\$\$|\$[^$]+\$/g, blank)
    .replace(/\]\([^)]*\)/g, (m) => "]" + blank(m.slice(1)));
  return { text, line: firstLine };
}

/**
 * The pieces of a Markdown file: its prose, and the literals and comments of
 * its TypeScript fences (other fences, shell commands, are left out).
 */
export function markdownPieces(markdown: string): Piece[] {
  const lines = markdown.split("\n");
  const pieces: Piece[] = [];
  let i = 0;
  while (i < lines.length) {
    const fence = /^ {0,3}(```|~~~)\s*(\S*)/.exec(lines[i]!);
    if (fence) {
      const start = i + 1;
      i++;
      const code: string[] = [];
      while (i < lines.length && !lines[i]!.trim().startsWith(fence[1]!)) code.push(lines[i++]!);
      i++;
      if (fence[2] === "ts") pieces.push(...codePieces(code.join("\n"), start + 1));
      continue;
    }
    const start = i;
    const block: string[] = [];
    while (i < lines.length && !/^ {0,3}(```|~~~)/.test(lines[i]!)) block.push(lines[i++]!);
    pieces.push(prose(block.join("\n"), start + 1));
  }
  return pieces;
}

/**
 * The string and template literals of TypeScript code that a reader sees (not
 * those the program reads: import specifiers, paths, values compared against)
 * and, with `comments`, its comments.
 */
export function codePieces(code: string, firstLine: number, comments = true): Piece[] {
  return codeTokens(code)
    .filter((t) =>
      // A literal the program reads (an import, a path, a value compared against) is code.
      ((t.kind === "string" || t.kind === "template") && t.role === undefined) ||
      (comments && t.kind === "comment")
    )
    .map((t) => ({
      text: t.kind === "string" ? t.text.slice(1, -1) : t.text,
      line: firstLine + t.line - 1,
    }));
}

/** The Japanese table of a message module: the object literal after `const ja`. */
function japaneseTable(source: string): { code: string; line: number } {
  const start = source.search(/^const ja\b.*=\s*\{/m);
  assert(start >= 0, "the module has a `const ja = {` table");
  const end = source.indexOf("\n};", start);
  assert(end > start, "the Japanese table ends with `};`");
  return { code: source.slice(start, end + 3), line: source.slice(0, start).split("\n").length };
}

/** Every variant found in the pieces, as `file:line: variant (entry) in "…"`. */
function violations(file: string, pieces: Piece[], variants: Variant[]): string[] {
  const found: string[] = [];
  for (const piece of pieces) {
    for (const v of variants) {
      for (const m of piece.text.matchAll(v.pattern)) {
        const line = piece.line + piece.text.slice(0, m.index).split("\n").length - 1;
        const around = piece.text.slice(Math.max(0, m.index! - 12), m.index! + m[0].length + 12)
          .replace(/\s+/g, " ");
        found.push(`${file}:${line}: ${v.written} (${v.entry}) in "${around}"`);
      }
    }
  }
  return found;
}

const variants = glossaryVariants(Deno.readTextFileSync(GLOSSARY));
const read = (path: string) => Deno.readTextFileSync(join(ROOT, path));

function markdownFiles(): string[] {
  const dir = join("tools", "notebooks", "ja");
  const sources = [...Deno.readDirSync(join(ROOT, dir))]
    .filter((e) => e.isFile && /^\d\d-.*\.md$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
  return [...sources, "notebooks/ja/README.md", "tools/handouts/index.ja.md"];
}

Deno.test("glossaryVariants() reads every entry's variants, literal or regular expression", () => {
  // Every term entry and every typographic rule that names a variant.
  assert(variants.length >= 40, `${variants.length} variants`);
  const find = (written: string) => variants.find((v) => v.written === written);
  assert(find("混合比"), "混合比 is a variant of 混合係数");
  assert(find("潰"), "潰 (collapse) is a variant of 退化");
  // A regular expression keeps the right use and catches the wrong one.
  const weight = find("/(?<!の)重み(?!付|を付)/")!;
  assertEquals("重み付き平均、負担率の重みを付けて".match(weight.pattern), null);
  assertEquals("重みの和、混合係数による重み".match(weight.pattern)?.length, 2);
  const seed = find("/(?<![\\w{.])seed(?!\\w|\\s*[:+}])/")!;
  assertEquals("initRandom(2, { seed: 3 }) と { seed }、seed + 1".match(seed.pattern), null);
  assertEquals("1000 点、seed 16".match(seed.pattern)?.length, 1);
  const percent = variants.find((v) => v.entry.startsWith("パーセント"))!;
  assertEquals("5% と 95%".match(percent.pattern), null);
  assertEquals("5 % と".match(percent.pattern)?.length, 1);
  const grouping = find("/\\d \\d{3}(?!\\d)/")!;
  assertEquals("20,000 点、反復 1 回".match(grouping.pattern), null);
  assertEquals("20 000 点".match(grouping.pattern)?.length, 1);
});

Deno.test("markdownPieces() checks prose, literals and comments, not code, maths or link targets", () => {
  const markdown = [
    "混合係数は `混合比` ではなく、$\\text{混合比}$ でもなく、[ここ](混合比.html) でもない。",
    "",
    "```ts",
    'show("混合比"); // 潰れ',
    "const 混合比 = 1;",
    "```",
    "",
    "```sh",
    "echo 混合比",
    "```",
    "本文の混合比",
  ].join("\n");
  const found = violations("t.md", markdownPieces(markdown), variants)
    .map((f) => /^t\.md:(\d+): (\S+)/.exec(f)!.slice(1).join(" "));
  assertEquals(found.toSorted(), ["11 混合比", "4 混合比", "4 潰"]);
});

Deno.test("Japanese sources, the edition's index and the handouts' index follow the glossary", () => {
  const found = markdownFiles().flatMap((file) =>
    violations(file, markdownPieces(read(file)), variants)
  );
  assertEquals(found, [], `\n${found.join("\n")}`);
});

Deno.test("the Japanese message table of lib/core/i18n.ts follows the glossary", () => {
  const { code, line } = japaneseTable(read("lib/core/i18n.ts"));
  const pieces = codePieces(code, line, false);
  assert(pieces.length > 100, `${pieces.length} strings in the table`);
  const found = violations("lib/core/i18n.ts", pieces, variants);
  assertEquals(found, [], `\n${found.join("\n")}`);
});

Deno.test("the Japanese message table of lib/exercises/messages.ts follows the glossary", () => {
  const { code, line } = japaneseTable(read("lib/exercises/messages.ts"));
  const pieces = codePieces(code, line, false);
  assert(pieces.length > 10, `${pieces.length} strings in the table`);
  const found = violations("lib/exercises/messages.ts", pieces, variants);
  assertEquals(found, [], `\n${found.join("\n")}`);
});

Deno.test("the glossary names the terms the Japanese PRML uses", () => {
  const glossary = Deno.readTextFileSync(GLOSSARY);
  for (
    const term of ["混合係数", "負担率", "対数尤度", "退化", "特異性", "非退化", "フル共分散行列"]
  ) {
    assertMatch(glossary, new RegExp(`\\| ${term}|${term}`), term);
  }
});
