/**
 * The Japanese edition: its sources in `tools/notebooks/ja/` differ from the
 * English ones only in their prose, the one line choosing the language, the
 * text of the string literals their code shows, their code comments and the
 * words in their equations' `\text{…}` (compared cell by cell, token by
 * token, display equation by equation), every notebook has
 * one (the exercises' solution fences compared too), and `notebooks/ja/` holds them built, an index, and the data they
 * read. Running them in the kernel is part of tests/notebooks_test.ts.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import {
  displayEquations,
  editionDifferences,
  EDITIONS,
  languageLine,
  NOTEBOOKS,
  parseSource,
  SOURCE_DIR,
  translateOutputs,
  translationProblems,
} from "../tools/build_notebooks.ts";
import { codeTokens } from "../tools/code_tokens.ts";
import { parseManifest } from "../tools/manifest.ts";
import { ROOT } from "../tools/setup.ts";

const JA = EDITIONS.ja;
const built = NOTEBOOKS.filter((n) => n.built);
const md = (file: string) => file.replace(/\.ipynb$/, ".md");

Deno.test("Japanese sources: code cells equal the English ones but for the language line and literals' text", async () => {
  assertEquals(await translationProblems("ja"), []);
  for (const entry of built) {
    const ja = Deno.readTextFileSync(join(JA.sourceDir, md(entry.file)));
    assertEquals(ja.split(languageLine("ja")).length, 2, `${entry.file}: one language line`);
    assert(!ja.includes(languageLine("en")), `${entry.file}: no English language line`);
  }
});

Deno.test("editionDifferences() reports every difference beyond the prose", () => {
  const en = Deno.readTextFileSync(join(SOURCE_DIR, "02-deriving-the-updates.md"));
  const ja = Deno.readTextFileSync(join(JA.sourceDir, "02-deriving-the-updates.md"));
  assertEquals(editionDifferences(en, ja, "ja"), []);
  const problems = (text: string) => editionDifferences(en, text, "ja");
  // A code line changed.
  assertMatch(problems(ja.replace("const seed = ", "const seed2 = ")).join(), /code cell 1, line/);
  // The language line left English, or dropped.
  assertMatch(problems(ja.replace(languageLine("ja"), languageLine("en"))).join(), /language line/);
  assertMatch(problems(ja.replace(`${languageLine("ja")}\n`, "")).join(), /language line/);
  // An extra code cell at the end, and a missing one.
  assertMatch(problems(`${ja}\n\`\`\`ts\n1;\n\`\`\`\n`).join(), /extra in the ja source/);
  const lastFence = ja.lastIndexOf("```ts");
  assertMatch(problems(ja.slice(0, lastFence)).join(), /missing in the ja source/);
  // A solution fence changed (the students' copy does not show it, the lecturer's does),
  // or dropped.
  const solution = "const sigmaSquaredUpdate: ComponentUpdate | undefined = (x, r, h) => {";
  assert(ja.includes(solution), "02's first solution");
  assertMatch(
    problems(ja.replace(solution, solution.replace("(x, r, h)", "(xs, r, h)"))).join(),
    /code cell \d+ \(its solution\), line 2/,
  );
  const fence = /```ts solution\n.*?```\n/s.exec(ja)!;
  assertMatch(problems(ja.replace(fence[0], "")).join(), /\(its solution\)/);
  // A declared output changed.
  assertMatch(problems(ja.replace(/```ts \| text\n/, "```ts | svg\n")).join(), /declared outputs/);
  // A display equation changed, or one dropped.
  assertMatch(problems(ja.replace("\\log L(\\theta)", "\\log L(\\vartheta)")).join(), /equation/);
  const eq = /\n\$\$\n[^$]+\n\$\$\n/.exec(ja)!;
  assertMatch(problems(ja.replace(eq[0], "\n")).join(), /display equations: \d+ in English/);
  // The words in \text{…} are translated, and may move; the maths around them may not change.
  const sums = "\\underbrace{\\sum_{h=1}^{k} N_h \\log \\lambda_h}_{\\lambda \\text{ だけに依存}}";
  assert(ja.includes(sums), "02's Q split into its λ part");
  assert(en.includes("_{\\text{only } \\lambda}"), "in English: only λ");
  const changed = (to: string) => problems(ja.replace(sums, to));
  assertEquals(changed(sums.replace("だけに依存", "のみ")), []);
  assertEquals(
    changed(sums.replace("\\lambda \\text{ だけに依存}", "\\text{依存するのは } \\lambda")),
    [],
  );
  assertMatch(
    changed(sums.replace("\\lambda \\text{ だけに依存}", "\\text{λ だけに依存}")).join(),
    /display equation \d+ differs/,
  );
  assertMatch(changed(sums.replace("N_h \\log", "N \\log")).join(), /display equation \d+ differs/);
  // A Markdown cell split into two.
  assertMatch(
    problems(ja.replace("\n## 2. Q関数", "\n<!-- cell -->\n\n## 2. Q関数")).join(),
    /cells differ/,
  );
});

/** A one-cell source in a language: its language line, then `code`; `manifest` after the `|`. */
function oneCell(language: "en" | "ja", code: string, manifest = "text"): string {
  return `# Title\n\n\`\`\`ts | ${manifest}\n${languageLine(language)}\n${code}\n\`\`\`\n`;
}

const CELL = [
  'import { show, table } from "@emlab/emlab";',
  'const text = await Deno.readTextFile("data/old_faithful.csv");',
  "const n = 3, xs = [1.5, 2];",
  'if (n === 4) throw new Error("expected 3 rows");',
  'const rows = xs.map((v) => ({ "μ duration": v, kind: v > 2 ? "long" : "short" }));',
  'await show(table(rows, { digits: { "μ duration": 3 } }));',
  'await show(`converged after ${n} iterations; ${xs.map((v) => `${v} min`).join(", ")}`);',
  'console.log("say \\"${n}\\"", /["`]+/g.test(text) ? `a "b" ${n}` : \'it\\\'s\');',
].join("\n");
const JA_CELL = [
  'import { show, table } from "@emlab/emlab";',
  'const text = await Deno.readTextFile("data/old_faithful.csv");',
  "const n = 3, xs = [1.5, 2];",
  'if (n === 4) throw new Error("3 行のはずです");',
  'const rows = xs.map((v) => ({ "μ 継続時間": v, kind: v > 2 ? "長い" : "短い" }));',
  'await show(table(rows, { digits: { "μ 継続時間": 3 } }));',
  'await show(`${n} 回の反復で収束；${xs.map((v) => `${v} 分`).join("、")}`);',
  'console.log("「${n}」と言う", /["`]+/g.test(text) ? `「b」${n}` : \'それ\');',
].join("\n");

Deno.test("editionDifferences() lets string and template literals be translated, nothing else", () => {
  const en = oneCell("en", CELL, "table[μ duration; kind], text");
  const ok = oneCell("ja", JA_CELL, "table[μ 継続時間; kind], text");
  assertEquals(editionDifferences(en, ok, "ja"), []);
  const problems = (from: string, to: string) => {
    assert(ok.includes(from), from);
    return editionDifferences(en, ok.replace(from, to), "ja").join("\n");
  };
  // An identifier, a number, an operator, a quote changed; a comment added.
  assertMatch(problems("const rows", "const rowz"), /line 5: "const rows = /);
  assertMatch(problems("[1.5, 2]", "[1.5, 2.5]"), /line 3: /);
  assertMatch(problems("v > 2", "v >= 2"), /line 5: /);
  assertMatch(problems("xs = [1.5, 2];", "xs = [1.5, 2]; // 二つ"), /line \d+: .*\/\/ 二つ/);
  // A comment's words are translated; the comment stays where it is, a comment of its kind.
  const commented = (code: string) => oneCell("ja", code);
  const en2 = oneCell("en", "let run = 0; // how many times the cell has run\nrun++;");
  assertEquals(
    editionDifferences(en2, commented("let run = 0; // セルを実行した回数\nrun++;"), "ja"),
    [],
  );
  assertMatch(
    editionDifferences(en2, commented("let run = 1; // セルを実行した回数\nrun++;"), "ja").join(),
    /line 1: /,
  );
  assertMatch(
    editionDifferences(en2, commented("let run = 0; /* セルを実行した回数 */\nrun++;"), "ja")
      .join(),
    /line 1: /,
  );
  assertMatch(
    editionDifferences(en2, commented("let run = 0;\nrun++; // セルを実行した回数"), "ja").join(),
    /line \d: /,
  );
  assertMatch(
    editionDifferences(en2, commented("let run = 0; // セルを実行した回数 run++;"), "ja").join(),
    /line \d: /,
  );
  assertMatch(problems("'それ'", '"それ"'), /line 8: /);
  // A ${} expression changed: at the top level, inside a nested template, or its text moved out.
  assertMatch(problems("`${n} 回の反復", "`${n + 1} 回の反復"), /line 7: /);
  assertMatch(problems("`${v} 分`", "`${v * 60} 秒`"), /line 7: /);
  assertMatch(problems("`${n} 回の反復", "`n 回の反復"), /line 7: /);
  // A "${" inside a plain string is text; a regular expression is code.
  assertMatch(problems('/["`]+/g', '/["`]*/g'), /line 8: /);
  assertEquals(problems("「${n}」と言う", "言う"), "");
  // Import specifiers, paths and compared values keep their text.
  assertMatch(
    problems('"@emlab/emlab"', '"@emlab/emlab/core"'),
    /line 1: .*\(an import specifier must stay as in English\)/,
  );
  assertMatch(
    problems('"data/old_faithful.csv"', '"data/オールド・フェイスフル.csv"'),
    /line 2: .*\(a path must stay as in English\)/,
  );
  const compared = editionDifferences(
    oneCell("en", 'if (kind === "long") show("long");'),
    oneCell("ja", 'if (kind === "長い") show("長い");'),
    "ja",
  );
  assertMatch(compared.join(), /line 1: .*\(a value compared against must stay as in English\)/);
  // A table's header text may be translated with its keys, not its number of columns.
  assertMatch(
    editionDifferences(en, ok.replace("table[μ 継続時間; kind]", "table[μ 継続時間]"), "ja").join(),
    /declared outputs/,
  );
  // The library's tables keep their English header in the source (translateOutputs() translates it).
  assertMatch(
    editionDifferences(
      oneCell("en", "show(x);", "table[parameter; true; estimated; error]"),
      oneCell("ja", "show(x);", "table[パラメータ; true; estimated; error]"),
      "ja",
    ).join(),
    /declared outputs/,
  );
  // Its middle columns are the labels the notebook passes: translated, but as many.
  const seeds = (header: string) => oneCell("ja", "show(x);", `table[${header}]`);
  const seedsEn = oneCell("en", "show(x);", "table[parameter; seed 20; seed 22; error]");
  assertEquals(
    editionDifferences(seedsEn, seeds("parameter; シード 20; シード 22; error"), "ja"),
    [],
  );
  assertMatch(
    editionDifferences(seedsEn, seeds("parameter; シード 20; error"), "ja").join(),
    /declared outputs/,
  );
  // An unclosed template is reported, not thrown.
  assertMatch(problems("`${n} 回の反復", "`${n} 回の反復`"), /line \d+: /);
});

Deno.test("codeTokens() tells a regular expression from a division and keeps ${} as code", () => {
  const texts = (code: string) => codeTokens(code).map((t) => `${t.kind}:${t.text}`);
  assertEquals(texts("a[0]! / 2 / b"), [
    "code:a",
    "code:[",
    "code:0",
    "code:]",
    "code:!",
    "code:/",
    "code:2",
    "code:/",
    "code:b",
  ]);
  assertEquals(texts("s.replace(/a\\/b/g, '/')"), [
    "code:s",
    "code:.",
    "code:replace",
    "code:(",
    "regex:/a\\/b/g",
    "code:,",
    "string:'/'",
    "code:)",
  ]);
  assertEquals(texts("`a${ {b: `c${d}`}.b }e`"), [
    "code:`",
    "template:a",
    "code:${",
    "code:{",
    "code:b",
    "code::",
    "code:`",
    "template:c",
    "code:${",
    "code:d",
    "code:}",
    "template:",
    "code:`",
    "code:}",
    "code:.",
    "code:b",
    "code:}",
    "template:e",
    "code:`",
  ]);
  assertEquals(codeTokens('import x from "./y.ts";').at(-2)?.role, "import");
  assertEquals(codeTokens('f("data/a.csv", "a b/c")').map((t) => t.role), [
    undefined,
    undefined,
    "path",
    undefined,
    undefined,
    undefined,
  ]);
});

Deno.test("Japanese sources: every code comment and every \\text{…} in display maths is Japanese", () => {
  const japanese = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const english: string[] = [];
  for (const entry of built) {
    const ja = Deno.readTextFileSync(join(JA.sourceDir, md(entry.file)));
    for (const cell of parseSource(ja, { solutions: true }).filter((c) => c.type === "code")) {
      for (const t of codeTokens(cell.source).filter((t) => t.kind === "comment")) {
        if (!japanese.test(t.text)) english.push(`${entry.file}: ${t.text}`);
      }
    }
    for (const { tex } of displayEquations(ja)) {
      for (const [, words] of tex.matchAll(/\\text\{([^{}]*)\}/g)) {
        // Labels of a symbol (θ^old, ℓ_final, I_obs) stay as the symbols' names.
        if (/[A-Za-z]{3,}/.test(words!) && !/^(old|new|final|obs|const)$/.test(words!)) {
          english.push(`${entry.file}: \\text{${words}}`);
        }
      }
    }
  }
  assertEquals(english, []);
});

Deno.test("every notebook source has a Japanese one, and the edition names each", () => {
  // Beside the sources: the edition's glossary (tests/ja_glossary_test.ts).
  const sources = [...Deno.readDirSync(JA.sourceDir)].map((e) => e.name)
    .filter((name) => name !== "GLOSSARY.md").sort();
  assertEquals(sources, built.map((n) => md(n.file)).sort());
  assertEquals(JA.titles.length, NOTEBOOKS.length);
  for (const t of JA.titles) assertMatch(t, /\S/);
  const index = Deno.readTextFileSync(join(JA.notebookDir, "README.md"));
  for (const entry of NOTEBOOKS) {
    assert(index.includes(`](${entry.file})`), `the Japanese index links ${entry.file}`);
  }
  assert(
    Deno.readTextFileSync(join(ROOT, "notebooks", "README.md")).includes("](ja/README.md)"),
    "the English index links the Japanese one",
  );
});

Deno.test("Japanese notebooks: built, marked Japanese, with Japanese navigation and their data", () => {
  for (const [i, entry] of NOTEBOOKS.entries()) {
    const nb = JSON.parse(Deno.readTextFileSync(join(JA.notebookDir, entry.file)));
    assertEquals(nb.metadata.emlab?.language, "ja", entry.file);
    const first = (nb.cells[0].source as string[]).join("");
    assert(first.includes(`[${JA.index}](README.md)`), `${entry.file}: navigation`);
    if (i + 1 < NOTEBOOKS.length) assert(first.includes(`[${JA.titles[i + 1]} →]`), entry.file);
  }
  for (const name of ["old_faithful.csv", "README.md"]) {
    assertEquals(
      Deno.readFileSync(join(JA.notebookDir, "data", name)),
      Deno.readFileSync(join(ROOT, "notebooks", "data", name)),
      `notebooks/ja/data/${name} is a copy`,
    );
  }
});

Deno.test("notebook sources import the library by its package name, never by a relative path", () => {
  for (const dir of [SOURCE_DIR, JA.sourceDir]) {
    for (const entry of built) {
      const text = Deno.readTextFileSync(join(dir, md(entry.file)));
      const relative = /from\s+["']\.{1,2}\//.exec(text);
      assertEquals(relative, null, `${dir}/${md(entry.file)} imports a relative path`);
      assertMatch(text, /from "@emlab\/emlab";/);
    }
  }
});

Deno.test("translateOutputs() translates the headers of the library's tables only", () => {
  const compare = parseManifest("table[parameter; true; estimated; error], text");
  assertEquals(translateOutputs(compare, "ja")[0]!.header, [
    "パラメータ",
    "真の値",
    "推定値",
    "誤差",
  ]);
  const seeds = parseManifest("table[parameter; seed 20; seed 22; error]");
  assertEquals(translateOutputs(seeds, "ja")[0]!.header, [
    "パラメータ",
    "seed 20",
    "seed 22",
    "誤差",
  ]);
  const own = parseManifest("table[k; error], table[fit; true]");
  assertEquals(translateOutputs(own, "ja"), own, "a notebook's own table keeps its header");
  assertEquals(translateOutputs(compare, "en"), compare);
});
