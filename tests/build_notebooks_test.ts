/**
 * The notebook builder keeps display equations intact: it refuses a source
 * whose `$$` blocks a Markdown parser or formatter could misread, and it never
 * passes Markdown cells through `deno fmt` (which reflows a `$$` block holding
 * a line that starts with `+ ` into bullet points).
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import { join, relative } from "node:path";
import {
  ANSWER_MARKER,
  buildNotebook,
  buildSolutions,
  displayEquations,
  EDITIONS,
  formatCodeCells,
  joinJapaneseLines,
  NOTEBOOKS,
  parseSource,
  SOURCE_DIR,
  SourceMathError,
  texMaths,
} from "../tools/build_notebooks.ts";
import { ROOT } from "../tools/setup.ts";

function rejects(text: string, line: number, message: RegExp): void {
  const error = assertThrows(() => displayEquations(text, "x.md"), SourceMathError);
  assertEquals(error.line, line, error.message);
  assert(message.test(error.message), error.message);
  assert(error.message.startsWith(`x.md:${line}: `), error.message);
}

Deno.test("displayEquations() returns each $$ block's TeX with its line", () => {
  const text = [
    "# T",
    "",
    "Text with $a$ inline and `$$` in code.",
    "",
    "$$",
    "a = b +",
    "c",
    "$$",
    "",
    "```ts",
    "const s = `$$ not math`;",
    "```",
    "",
    "$$",
    "\\log L = \\sum_i x_i",
    "$$",
  ].join("\n");
  assertEquals(displayEquations(text), [
    { line: 5, tex: "a = b +\nc" },
    { line: 14, tex: "\\log L = \\sum_i x_i" },
  ]);
});

Deno.test("displayEquations() refuses the reflowed equations seen in notebooks 02 and 05", () => {
  // 02 §2 as `deno fmt` left it: `$$` sharing its line, a blank line, "- \sum" a bullet.
  rejects(
    "Q is\n\n$$ Q = \\sum_h N_h \\log \\lambda_h\n\n- \\sum_h Q_h $$\n",
    3,
    /shares its line/,
  );
  // The same equation with `$$` on their own lines but the `+` line still read as a list item.
  rejects("Q is\n\n$$\nQ = \\sum_h N_h \\log \\lambda_h\n+ \\sum_h Q_h\n$$\n", 5, /list item/);
  rejects("$$\nQ = a\n\n+ b\n$$\n", 3, /blank line inside/);
});

Deno.test("displayEquations() refuses every TeX line Markdown reads as a new block", () => {
  for (const line of ["- b", "+ b", "* b", "1. b", "2) b", "> b", "# b", "<div>", "===", "---"]) {
    rejects(`$$\na =\n${line}\n$$\n`, 3, /Markdown list item, quote, heading or HTML block/);
  }
  // Not block starts: a sign glued to its operand, an indented continuation, `=` with content.
  for (const line of ["-b", "+\\sum_h", "    - b", "= b", "\\;+ b"]) {
    assertEquals(displayEquations(`$$\na =\n${line}\n$$\n`).length, 1, line);
  }
});

Deno.test("displayEquations() refuses unclosed, empty and unseparated equations", () => {
  rejects("$$\na = b", 1, /never closed/);
  rejects("$$\n$$\n", 1, /empty equation/);
  rejects("text\n$$\na\n$$\n", 2, /no blank line before/);
  rejects("$$\na\n$$\ntext\n", 3, /no blank line after/);
  rejects("$$\na $$ b\n$$\n", 2, /inside the equation/);
  rejects("The sum $$a + b$$ inline.\n", 1, /shares its line/);
  // A cell break counts as a separation.
  assertEquals(displayEquations("$$\na\n$$\n<!-- cell -->\n$$\nb\n$$").length, 2);
});

Deno.test("buildNotebook() refuses a source with a broken equation, naming file and line", () => {
  const index = NOTEBOOKS.findIndex((n) => n.built);
  const error = assertThrows(
    () => buildNotebook("# Title\n\n$$\na\n- b\n$$\n", index),
    SourceMathError,
  );
  assert(error.message.startsWith(NOTEBOOKS[index]!.file.replace(".ipynb", ".md:5: ")));
});

Deno.test("notebook sources: every display equation passes the check; counts per notebook", () => {
  let total = 0;
  for (const entry of NOTEBOOKS.filter((n) => n.built)) {
    const name = entry.file.replace(/\.ipynb$/, ".md");
    const equations = displayEquations(Deno.readTextFileSync(join(SOURCE_DIR, name)), name);
    console.log(`${name}: ${equations.length} display equations`);
    total += equations.length;
  }
  assert(total > 0, "no display equation found in any source");
});

Deno.test("deno.json keeps tools/notebooks/ out of deno fmt", () => {
  const config = JSON.parse(Deno.readTextFileSync(join(ROOT, "deno.json")));
  assert(
    (config.fmt.exclude as string[]).includes("tools/notebooks/"),
    "deno fmt reflows Markdown; the notebook sources must be excluded",
  );
});

Deno.test({
  name: "formatCodeCells() formats code cells and leaves Markdown cells byte for byte",
  sanitizeResources: false,
  fn: async () => {
    const prose = "word ".repeat(60).trim(); // 299 characters on one line: fmt would wrap it
    const equation = "$$\nQ = \\underbrace{a}_{\\lambda}\n+\\sum_h b_h\n$$";
    const source = `# Title\n\n${prose}\n\n${equation}\n\n\`\`\`ts\nconst  a=[1,2]\n\`\`\`\n`;
    const index = NOTEBOOKS.findIndex((n) => n.built);
    const dir = await Deno.makeTempDir({ prefix: "emlab-fmt-test-" });
    try {
      const path = join(dir, "x.ipynb");
      await Deno.writeTextFile(path, buildNotebook(source, index));
      await formatCodeCells([path]);
      const nb = JSON.parse(await Deno.readTextFile(path));
      const text = (i: number) => (nb.cells[i].source as string[]).join("");
      const parsed = parseSource(source);
      assert(text(0).startsWith("# Title\n\n"));
      assert(text(0).endsWith(`${prose}\n\n${equation}`), text(0));
      assertEquals(nb.cells[1].cell_type, "code");
      assertEquals(text(1), "const a = [1, 2];", "the code cell is formatted");
      assertEquals(parsed.length, 2);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("built notebooks hold their sources' Markdown verbatim", () => {
  for (const entry of NOTEBOOKS.filter((n) => n.built)) {
    const source = Deno.readTextFileSync(join(SOURCE_DIR, entry.file.replace(/\.ipynb$/, ".md")));
    const markdown = parseSource(source).filter((c) => c.type === "markdown").map((c) => c.source);
    const nb = JSON.parse(Deno.readTextFileSync(join(ROOT, "notebooks", entry.file)));
    const cells = (nb.cells as { cell_type: string; source: string[] }[])
      .filter((c) => c.cell_type === "markdown")
      .map((c) => c.source.join(""));
    // The first cell gains the navigation line under its title, the last is navigation only.
    assertEquals(cells.length, markdown.length + 1, entry.file);
    markdown.slice(1).forEach((m, i) => assertEquals(cells[i + 1], m, `${entry.file}`));
    assertEquals(cells[0]!.replace(/\n\n\[[^\n]*\]\(README\.md\)[^\n]*/, ""), markdown[0]);
  }
});

const EXERCISE_SOURCE = [
  "# T",
  "",
  "```ts exercise",
  "// ✏️ your answer",
  "const a: number | undefined = undefined;",
  "```",
  "",
  "```ts solution",
  "// ✏️ your answer",
  "const a: number | undefined = 42;",
  "```",
  "",
  "```ts check | text",
  "await show(check(a));",
  "```",
].join("\n");

Deno.test("parseSource() leaves a solution out of the students' copy and puts it in with solutions", () => {
  const student = parseSource(EXERCISE_SOURCE).filter((c) => c.type === "code");
  assertEquals(student.map((c) => [c.tags, c.source]), [
    [["exercise"], "// ✏️ your answer\nconst a: number | undefined = undefined;"],
    [["check"], "await show(check(a));"],
  ]);
  const lecturer = parseSource(EXERCISE_SOURCE, { solutions: true }).filter((c) =>
    c.type === "code"
  );
  assertEquals(lecturer.map((c) => [c.tags, c.source]), [
    [["exercise"], "// ✏️ your answer\nconst a: number | undefined = 42;"],
    [["check"], "await show(check(a));"],
  ]);
});

Deno.test("parseSource() refuses a solution that does not follow its exercise directly", () => {
  const orphan = "# T\n\n```ts\nconst a = 1;\n```\n\n```ts solution\nconst a = 2;\n```\n";
  assertThrows(() => parseSource(orphan), Error, "must follow an exercise fence");
  const apart = EXERCISE_SOURCE.replace(
    "```\n\n```ts solution",
    "```\n\nSome words.\n\n```ts solution",
  );
  assertThrows(() => parseSource(apart), Error, "must follow an exercise fence");
});

Deno.test("notebook sources: every exercise has a solution and a check cell after it", () => {
  for (const entry of NOTEBOOKS.filter((n) => n.built)) {
    const text = Deno.readTextFileSync(join(SOURCE_DIR, entry.file.replace(/\.ipynb$/, ".md")));
    const fences = [...text.matchAll(/^```ts(.*)$/gm)].map((m) => m[1]!.split("|")[0]!.trim());
    let exercises = 0;
    fences.forEach((tags, i) => {
      if (tags !== "exercise") return;
      exercises++;
      assertEquals([fences[i + 1], fences[i + 2]], ["solution", "check"], `${entry.file}`);
    });
    assert(exercises >= 3, `${entry.file}: ${exercises} exercises`);
    const built = parseSource(text).filter((c) => c.tags.includes("exercise"));
    for (const c of built) assert(/= undefined;$/.test(c.source), `${entry.file}: ${c.source}`);
  }
});

Deno.test({
  name: "buildSolutions() writes the lecturer's copy of both editions, ja/ with its index and data",
  sanitizeResources: false,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "emlab-solutions-" });
    try {
      const written = (await buildSolutions(dir)).map((p) => relative(dir, p)).sort();
      const built = NOTEBOOKS.filter((n) => n.built).map((n) => n.file);
      assertEquals(written, [...built, ...built.map((f) => `ja/${f}`)].sort());
      for (const rel of written) {
        const nb = JSON.parse(Deno.readTextFileSync(join(dir, rel)));
        assertEquals(nb.metadata.emlab?.language, rel.startsWith("ja/") ? "ja" : undefined, rel);
        const answers = nb.cells.filter((c: { metadata: { tags?: string[] } }) =>
          c.metadata.tags?.includes("exercise")
        );
        assert(answers.length >= 3, rel);
        for (const c of answers) {
          assert(!/= undefined;\s*$/.test(c.source.join("")), `${rel}: a solution in place`);
        }
      }
      for (
        const rel of [
          "README.md",
          "data/old_faithful.csv",
          "ja/README.md",
          "ja/data/old_faithful.csv",
        ]
      ) {
        assert(Deno.statSync(join(dir, rel)).isFile, `${rel} beside the notebooks`);
      }
      assert(
        Deno.readTextFileSync(join(dir, "ja/README.md")).includes("演習"),
        "the Japanese index",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("joinJapaneseLines() removes the line breaks Markdown would show as spaces in Japanese", () => {
  // Between two Japanese characters, and after or before full-width punctuation.
  assertEquals(joinJapaneseLines("対数尤度の\n桁"), "対数尤度の桁");
  assertEquals(joinJapaneseLines("対数目盛では、\n100 から"), "対数目盛では、100 から");
  assertEquals(joinJapaneseLines("描きます。\nEMが"), "描きます。EMが");
  assertEquals(joinJapaneseLines("セルが\n（回数）"), "セルが（回数）");
  // A list item's continuation loses its indentation with the break.
  assertEquals(
    joinJapaneseLines("- **Eステップ**：負担率の\n  計算"),
    "- **Eステップ**：負担率の計算",
  );
  // Between Japanese and Latin, a number, code or maths the break stays (a space, as written).
  for (
    const kept of [
      "平均の\nOld Faithful",
      "点の\n`fit`",
      "負担率\n$x$",
      "成分\n1000 点",
      "EM is\nslow",
    ]
  ) {
    assertEquals(joinJapaneseLines(kept), kept);
  }
  // Blocks of their own stay apart: list items, headings, tables, display maths, fences, hard breaks.
  for (
    const kept of [
      "項目：\n- 一つ目",
      "## 見出し\n本文",
      "| 成分 |\n| 一 |",
      "式は\n$$\nx\n$$\n続き",
      "```sh\nあ\nい\n```",
      "一行目。  \n二行目",
      "段落。\n\n次の段落",
    ]
  ) {
    assertEquals(joinJapaneseLines(kept), kept);
  }
  // Display maths keeps its lines even where they hold Japanese words.
  assertEquals(
    joinJapaneseLines("$$\n\\text{あ}\n\\text{い}\n$$"),
    "$$\n\\text{あ}\n\\text{い}\n$$",
  );
});

Deno.test("built notebooks: the Japanese edition's Markdown is its sources' with Japanese lines joined", () => {
  const ja = EDITIONS.ja;
  let joined = 0;
  for (const entry of NOTEBOOKS) {
    const source = Deno.readTextFileSync(join(ja.sourceDir, entry.file.replace(/\.ipynb$/, ".md")));
    const markdown = parseSource(source).filter((c) => c.type === "markdown").map((c) => c.source);
    const nb = JSON.parse(Deno.readTextFileSync(join(ja.notebookDir, entry.file)));
    const cells = (nb.cells as { cell_type: string; source: string[] }[])
      .filter((c) => c.cell_type === "markdown").map((c) => c.source.join(""));
    markdown.slice(1).forEach((m, i) => {
      assertEquals(cells[i + 1], joinJapaneseLines(m), entry.file);
      if (joinJapaneseLines(m) !== m) joined++;
      // No line of the built cell ends in a Japanese character when the next starts with one.
      const lines = cells[i + 1]!.split("\n");
      lines.slice(1).forEach((line, j) => {
        const before = lines[j]!;
        if (/^\s*(?:[-*+] |\d+[.)] |\||#|\$\$)/.test(line) || before.trim() === "$$") return;
        assert(
          !(/[\p{Script=Han}\p{Script=Hiragana}、。]$/u.test(before) &&
            /^\s*[\p{Script=Han}\p{Script=Hiragana}]/u.test(line)),
          `${entry.file}: a break inside a Japanese sentence: ${before} / ${line}`,
        );
      });
    });
    // The English source of the same notebook has nothing to join: its build is verbatim (above).
    const english = Deno.readTextFileSync(join(SOURCE_DIR, entry.file.replace(/\.ipynb$/, ".md")));
    assertEquals(joinJapaneseLines(english), english, entry.file);
  }
  assert(joined > 5, `${joined} Japanese cells had lines to join`);
});

Deno.test("texMaths() leaves out the words of \\text{…} and keeps every symbol", () => {
  assertEquals(texMaths("a \\text{ for } d = 2"), texMaths("a \\text{、} d = 2 \\text{ のとき}"));
  assertEquals(texMaths("\\alpha x"), "\\alpha x"); // a space that ends a control word stays
  assertEquals(texMaths("x  +   y"), "x+y");
  assert(texMaths("\\text{only } \\lambda") !== texMaths("\\text{only } \\mu"));
  assert(texMaths("\\text{only } \\lambda") !== texMaths("\\text{only λ}"));
  // Braces inside \\text{…} are its own.
  assertEquals(texMaths("\\text{a {b} c}_i"), "_i");
});

Deno.test("notebook sources: every answer cell and its solution open with the edition's marker", () => {
  let cells = 0;
  for (const language of ["en", "ja"] as const) {
    for (const entry of NOTEBOOKS.filter((n) => n.built)) {
      const dir = EDITIONS[language].sourceDir;
      const text = Deno.readTextFileSync(join(dir, entry.file.replace(/\.ipynb$/, ".md")));
      for (const solutions of [false, true]) {
        for (
          const c of parseSource(text, { solutions }).filter((c) => c.tags.includes("exercise"))
        ) {
          assert(
            c.source.startsWith(`${ANSWER_MARKER[language]}\n`),
            `${language}/${entry.file}: ${c.source.split("\n")[0]}`,
          );
          cells++;
        }
      }
    }
  }
  assert(cells >= 2 * 2 * 18, `${cells} answer cells and solutions`);
});
