/**
 * The Japanese edition: its sources in `tools/notebooks/ja/` differ from the
 * English ones only in their prose and the one line choosing the language
 * (compared cell by cell, display equation by equation), every notebook has
 * one (the exercises' solution fences compared too), and `notebooks/ja/` holds them built, an index, and the data they
 * read. Running them in the kernel is part of tests/notebooks_test.ts.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import { join } from "node:path";
import {
  editionDifferences,
  EDITIONS,
  languageLine,
  NOTEBOOKS,
  SOURCE_DIR,
  translateOutputs,
  translationProblems,
} from "../tools/build_notebooks.ts";
import { parseManifest } from "../tools/manifest.ts";
import { ROOT } from "../tools/setup.ts";

const JA = EDITIONS.ja;
const built = NOTEBOOKS.filter((n) => n.built);
const md = (file: string) => file.replace(/\.ipynb$/, ".md");

Deno.test("Japanese sources: code cells equal the English ones but for the language line", async () => {
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
  // A Markdown cell split into two.
  assertMatch(
    problems(ja.replace("\n## 2. Q関数", "\n<!-- cell -->\n\n## 2. Q関数")).join(),
    /cells differ/,
  );
});

Deno.test("every notebook source has a Japanese one, and the edition names each", () => {
  const sources = [...Deno.readDirSync(JA.sourceDir)].map((e) => e.name).sort();
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
