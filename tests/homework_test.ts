/**
 * `deno task homework` for real: the assignment notebooks are written and
 * locked, and submissions of notebook 02 in both editions — all right, a
 * common mistake in every exercise, left blank, broken (a syntax error, an
 * endless loop, an edited check cell, another kernel), an answer cell
 * deleted, and a file that is not a notebook — are graded through the Deno
 * kernel; every score is checked, and every feedback page names the
 * diagnosis of every wrong answer in the submission's language.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import { buildNotebook, EDITIONS, NOTEBOOKS } from "../tools/build_notebooks.ts";
import { gradeSubmissions, lockNotebook, writeAssignments } from "../tools/homework.ts";
import { ROOT } from "../tools/setup.ts";
import { EXERCISES } from "../lib/mod.ts";

const NB = "02-deriving-the-updates.ipynb";
type Cell = { cell_type: string; metadata: Record<string, unknown>; source: string | string[] };
type Notebook = { cells: Cell[]; metadata: Record<string, unknown> };
const text = (c: Cell) => Array.isArray(c.source) ? c.source.join("") : c.source;
const tagged = (c: Cell, tag: string) => ((c.metadata.tags ?? []) as string[]).includes(tag);

/** Notebook 02's solutions, built from its source in an edition. */
async function solutions(language: "en" | "ja"): Promise<string[]> {
  const index = NOTEBOOKS.findIndex((n) => n.file === NB);
  const src = await Deno.readTextFile(
    join(EDITIONS[language].sourceDir, NB.replace(".ipynb", ".md")),
  );
  const nb = JSON.parse(buildNotebook(src, index, { solutions: true, language })) as Notebook;
  return nb.cells.filter((c) => tagged(c, "exercise")).map(text);
}

/** The answer cells with `answers` in place (undefined: keep the placeholder). */
function answered(assignment: Notebook, answers: (string | undefined)[]): Notebook {
  const nb = structuredClone(assignment);
  let k = 0;
  for (const c of nb.cells) {
    if (!tagged(c, "exercise")) continue;
    const a = answers[k++];
    if (a !== undefined) c.source = a;
  }
  return nb;
}

/**
 * A catalogued mistake typed into each answer cell (the first of each exercise's
 * catalogue, `EXERCISES`), computed on the notebook's own data as the check cell
 * passes it: the answer cell declares the same constant as the placeholder.
 */
function mistakeAnswers(assignment: Notebook): { sources: string[]; keys: string[] } {
  const answers = assignment.cells.filter((c) => tagged(c, "exercise"));
  const checks = assignment.cells.filter((c) => tagged(c, "check"));
  const ours = EXERCISES.filter((e) => e.notebook === NB.replace(".ipynb", ""))
    .sort((a, b) => a.number.localeCompare(b.number));
  assertEquals(ours.length, answers.length, "one catalogue entry per exercise");
  const sources: string[] = [];
  const keys: string[] = [];
  ours.forEach((exercise, i) => {
    const args = /show\(check\w+\(\w+,\s*([\s\S]*)\)\);\s*$/.exec(text(checks[i]!))![1]!.trim();
    const head = /^(.*\nconst \w+: [^=]+)= undefined;\s*$/s.exec(text(answers[i]!))![1]!;
    const mistake = exercise.mistakes[0]!;
    sources.push(
      `import { exerciseById } from "@emlab/emlab";\n${head}= exerciseById(${
        JSON.stringify(exercise.id)
      }).mistakes[0]!.answer(${args}) as never;`,
    );
    keys.push(mistake.key);
  });
  return { sources, keys };
}

Deno.test("assignments: answer cells editable, every other cell locked, both editions", async () => {
  const out = await Deno.makeTempDir({ prefix: "emlab-assign-" });
  const files = await writeAssignments(out);
  assertEquals(files.length, 12, "six notebooks with exercises in two editions");
  for (const file of files) {
    const nb = JSON.parse(await Deno.readTextFile(file)) as Notebook;
    const answers = nb.cells.filter((c) => tagged(c, "exercise"));
    const stem = file.split(/[\\/]/).at(-1)!.replace(/\.ipynb$/, "");
    const exercises = EXERCISES.filter((e) => e.notebook === stem).length;
    assert(exercises > 0, file);
    assertEquals(answers.length, exercises, file);
    for (const c of nb.cells) {
      assertEquals(c.metadata.editable, tagged(c, "exercise"), `${file}: ${text(c).slice(0, 40)}`);
      assertEquals(c.metadata.deletable, false);
    }
  }
  assert((await Deno.stat(join(out, "ja", "data", "old_faithful.csv"))).isFile);
  await Deno.remove(out, { recursive: true });
  // The lock is metadata only: a notebook's cells and sources are unchanged.
  const nb = {
    cells: [{ cell_type: "code", metadata: { tags: ["check"] }, source: "x" }],
    metadata: {},
  };
  const locked = lockNotebook(nb as never, { notebook: NB, language: "en" });
  assertEquals(text(locked.cells[0] as Cell), "x");
});

Deno.test({
  name: "homework: submissions graded through the Deno kernel, scores and feedback",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const root = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "homework-" })
      .catch(async () => {
        await Deno.mkdir(join(ROOT, ".cache"), { recursive: true });
        return await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "homework-" });
      });
    const assignmentDir = join(root, "assignment");
    await writeAssignments(assignmentDir);
    const subs = join(root, "submitted");
    const expected: Record<
      string,
      { total: number; statuses: string[]; language: string; keys?: string[] }
    > = {};
    const submit = async (
      student: string,
      nb: unknown,
      total: number,
      statuses: string[],
      language: string,
    ) => {
      await Deno.mkdir(join(subs, student), { recursive: true });
      const body = typeof nb === "string" ? nb : JSON.stringify(nb);
      await Deno.writeTextFile(join(subs, student, NB), body);
      expected[student] = { total, statuses, language };
    };
    for (const language of ["en", "ja"] as const) {
      const assignment = JSON.parse(
        await Deno.readTextFile(join(assignmentDir, language === "en" ? "" : "ja", NB)),
      ) as Notebook;
      const right = await solutions(language);
      await submit(
        `${language}-right`,
        answered(assignment, right),
        3,
        ["right", "right", "right"],
        language,
      );
      const mistakes = mistakeAnswers(assignment);
      await submit(
        `${language}-mistakes`,
        answered(assignment, mistakes.sources),
        0,
        ["wrong", "wrong", "wrong"],
        language,
      );
      expected[`${language}-mistakes`]!.keys = mistakes.keys;
      await submit(
        `${language}-blank`,
        assignment,
        0,
        ["unanswered", "unanswered", "unanswered"],
        language,
      );
      // Broken: 02.1 does not compile, 02.2 never ends, 02.3's check cell is
      // replaced by one that claims success, and the notebook names another kernel.
      const broken = answered(assignment, ["const sigmaSquaredUpdate = (;", "while (true) {}"]);
      for (const c of broken.cells) if (tagged(c, "check")) c.source = 'console.log("✓ right")';
      broken.metadata.kernelspec = {
        name: "python3",
        display_name: "Python 3",
        language: "python",
      };
      await submit(`${language}-broken`, broken, 0, ["error", "error", "unanswered"], language);
      // The third answer cell deleted; the first two right.
      const deleted = answered(assignment, right);
      const third = deleted.cells.filter((c) => tagged(c, "exercise"))[2]!;
      deleted.cells = deleted.cells.filter((c) => c !== third);
      await submit(`${language}-deleted`, deleted, 2, ["right", "right", "unanswered"], language);
    }
    await submit("junk", "this is not a notebook", 0, ["error", "error", "error"], "en");

    const out = join(root, "graded");
    const results = await gradeSubmissions(subs, { out, timeout: 15, parallel: 2 });
    const scores = (await Deno.readTextFile(join(out, "scores.csv"))).trim().split("\n");
    assertEquals(scores[0], "student,02.1,02.2,02.3,total");
    const gradebook = (await Deno.readTextFile(join(out, "gradebook.csv"))).trim().split("\n");
    assertEquals(gradebook.length, 1 + 3 * Object.keys(expected).length);
    for (const [student, want] of Object.entries(expected)) {
      const g = results.find((r) => r.student === student)!;
      assertEquals(g.exercises.map((e) => e.status), want.statuses, `${student}: statuses`);
      const total = g.exercises.reduce((s, e) => s + e.points, 0);
      assertEquals(total, want.total, `${student}: score`);
      assert(scores.some((row) => row.startsWith(`${student},`) && row.endsWith(`,${want.total}`)));
      const page = await Deno.readTextFile(join(out, "feedback", `${student}.html`));
      assertStringIncludes(page, `<html lang="${want.language}">`);
      assertStringIncludes(page, want.language === "ja" ? "採点結果" : "Feedback");
      for (const e of g.exercises) {
        if (e.status === "right") continue;
        assert(e.message.length > 0, `${student} ${e.exercise}: a diagnosis`);
        const escaped = e.message.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
          .replaceAll(">", "&gt;").replaceAll('"', "&quot;");
        assertStringIncludes(page, escaped, `${student} ${e.exercise}: feedback names it`);
      }
      if (want.keys) {
        // Each catalogued mistake diagnosed by name, in the gradebook and on the page.
        assertEquals(g.exercises.map((e) => e.diagnosis), want.keys, `${student}: diagnoses`);
      }
      if (student.endsWith("broken")) {
        const [first, second] = g.exercises;
        assertEquals(first!.diagnosis, "Error");
        assertEquals(second!.diagnosis, "CellTimeoutError");
        assertStringIncludes(second!.message, "15");
        assert(g.notes.some((n) => n.includes("python3")), `${student}: the kernel is named`);
      }
      if (student.endsWith("deleted")) assert(g.notes.length === 1, `${student}: ${g.notes}`);
    }
    assert(results.find((r) => r.student === "junk")!.notes[0]!.includes("not a notebook"));
    await Deno.remove(root, { recursive: true }).catch(() => {});
  },
});
