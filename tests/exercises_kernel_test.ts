/**
 * The lecturer's notebooks (`tools/build_notebooks.ts --solutions`) run top
 * to bottom in the real Deno kernel, and every exercise's check cell there
 * says "right" — in Japanese in the Japanese edition (`ja/…`); every notebook
 * has at least three exercises, one check cell each. (The students' notebooks, whose checks say "not answered yet", run
 * in `tests/notebooks_test.ts`.)
 */
import { assert, assertEquals, assertGreaterOrEqual, assertMatch } from "@std/assert";
import { join } from "node:path";
import { EXERCISE_MESSAGES } from "../lib/mod.ts";
import { ANSWER_MARKER, buildSolutions, NOTEBOOKS } from "../tools/build_notebooks.ts";
import { checkNotebookOutputs } from "../tools/manifest.ts";
import { ROOT } from "../tools/setup.ts";
import { mimeText, type NotebookCell, runCells, runNotebook } from "./_kernel.ts";
import { verdicts } from "./_exercises.ts";

/** Folder of this test's solutions build: one level below the root, like notebooks/ (git-ignored). */
const DIR = join(ROOT, ".lab-exercises");

let built: Promise<string[]> | undefined;

for (
  const [file, lang] of NOTEBOOKS.filter((n) => n.built).flatMap((n) =>
    [[n.file, "en"], [`ja/${n.file}`, "ja"]] as const
  )
) {
  Deno.test({
    name: `exercises: ${file} with its solutions runs in the kernel and every check says right` +
      (lang === "ja" ? ", in Japanese" : ""),
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      built ??= buildSolutions(DIR);
      await built;
      const { summary, notebook, stderr } = await runNotebook(join(DIR, file));
      console.log(`${file} (solutions): ${summary.wall_seconds.toFixed(1)} s in the runner`);
      assertEquals(summary.kernel_error, null, stderr);
      assertEquals(
        summary.cells.filter((c) => c.error).map((c) => `cell ${c.index}: ${c.error!.evalue}`),
        [],
      );
      assertEquals(
        checkNotebookOutputs(notebook).map((m) => `cell ${m.index}: ${m.problem}`),
        [],
        `${file}: outputs differ from the manifest`,
      );
      const tags = (c: NotebookCell) => (c.metadata.tags as string[] | undefined) ?? [];
      const exercises = notebook.cells.filter((c) => tags(c).includes("exercise"));
      const found = verdicts(notebook.cells);
      assertGreaterOrEqual(exercises.length, 3, `${file}: at least three exercises`);
      assertEquals(found.length, exercises.length, `${file}: one check per exercise`);
      for (const v of found) assertEquals(v.status, "right", `${file}: ${v.exercise}`);
      // In the notebook's language: the status line and the message of its table.
      for (const c of notebook.cells.filter((c) => tags(c).includes("check"))) {
        const text = (c.outputs ?? []).map((o) => mimeText(o, "text/plain") ?? "").join("");
        assert(text.startsWith(EXERCISE_MESSAGES[lang].right), `${file}: ${text}`);
        if (lang === "ja") assertMatch(text, /[\u3040-\u30ff]/, `${file}: ${text}`);
      }
      for (const c of exercises) {
        const source = Array.isArray(c.source) ? c.source.join("") : c.source;
        assert(source.startsWith(ANSWER_MARKER[lang]), `${file}: the answer cell's marker`);
        assert(
          !/=\s*undefined;\s*$/.test(source),
          `${file}: a solution, not the placeholder`,
        );
      }
    },
  });
}

Deno.test({
  name: "exercises: in the kernel a wrong answer's check shows why, and the cell does not fail; " +
    'after setLanguage("ja") in Japanese',
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { summary, notebook } = await runCells([
      'import { checkParameterCount, setLanguage, show } from "../lib/mod.ts";',
      { source: "await show(checkParameterCount(20, 3, 2));", tags: ["check"] },
      'setLanguage("ja");',
      { source: "await show(checkParameterCount(20, 3, 2));", tags: ["check"] },
    ]);
    assertEquals(summary.cells.filter((c) => c.error), []);
    assertEquals(verdicts(notebook.cells).map((v) => v.status), ["wrong", "wrong"]);
    const text = (i: number) => mimeText(notebook.cells[i]!.outputs![0]!, "text/plain") ?? "";
    assert(text(1).includes("d(d+1)/2 free entries, not d²"), text(1));
    assert(text(3).startsWith(EXERCISE_MESSAGES.ja.wrong), text(3));
    assert(text(3).includes("自由な成分は d² 個ではなく d(d+1)/2 個です"), text(3));
  },
});

Deno.test({
  name: "exercises: remove the solutions build of this test",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await Deno.remove(DIR, { recursive: true }).catch(() => {});
  },
});
