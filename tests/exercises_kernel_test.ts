/**
 * The exercises as students meet them, in the real Deno kernel, both editions:
 *
 * - the lecturer's notebooks (`tools/build_notebooks.ts --solutions`) run top
 *   to bottom and every check says right, in the notebook's language;
 * - the students' notebooks run top to bottom, and then, in the same kernel
 *   session, every exercise's answer cell is typed again with a right
 *   answer (the solution's own code), a right answer in another form (the
 *   catalogue's `otherForm`: fewer digits, another but equivalent function),
 *   the right value at 3 significant digits, and every catalogued mistake
 *   (computed on the notebook's own data, and at 3 significant digits), each
 *   followed by the notebook's own check cell: right answers must be
 *   accepted and every mistake diagnosed by its own message;
 * - on the notebook's own data (the arguments of its check cells), the
 *   catalogue is told apart (`separationProblems`: no mistake, typed at 3 to
 *   10 significant digits, falls in the acceptance band of the right answer
 *   or of another mistake);
 * - no output a student sees before the exercises (text, Markdown, HTML and
 *   SVG text, scripts left out) shows an exercise's answer at 4 significant
 *   digits or more.
 *
 * The verdicts seen make the README's table (between `<!-- exercise-table -->`
 * markers); the last test compares it, and with `EMLAB_UPDATE_README=1`
 * writes it.
 *
 * `EMLAB_EXERCISES_EDITION=en` or `ja` registers one edition's kernel tests
 * only, with a solutions build of its own (`deno task test` runs the two
 * halves side by side). Each half then leaves what its student runs saw in
 * the run's shared folder (`EMLAB_SHARED_NOTEBOOK_RUNS`), and the half that
 * finds both compares the editions and the README's table.
 */
import { assert, assertEquals, assertGreaterOrEqual, assertMatch } from "@std/assert";
import { join } from "node:path";
import { EXERCISE_MESSAGES, EXERCISES } from "../lib/mod.ts";
import { ANSWER_MARKER, buildSolutions, NOTEBOOKS } from "../tools/build_notebooks.ts";
import { checkNotebookOutputs } from "../tools/manifest.ts";
import { ROOT } from "../tools/setup.ts";
import {
  mimeText,
  type Notebook,
  type NotebookCell,
  runCells,
  runNotebook,
  SHARED_RUNS_ENV,
} from "./_kernel.ts";
import { verdicts } from "./_exercises.ts";

/** `en` or `ja`: one edition's kernel tests only (the runner runs the two side by side). */
const EDITION = Deno.env.get("EMLAB_EXERCISES_EDITION") ?? "";
if (EDITION !== "" && EDITION !== "en" && EDITION !== "ja") {
  throw new TypeError(
    `EMLAB_EXERCISES_EDITION: expected "en", "ja" or unset, received "${EDITION}"`,
  );
}

/** Folder of this test's solutions build: one level below the root, like notebooks/ (git-ignored). */
const DIR = join(ROOT, EDITION ? `.lab-exercises-${EDITION}` : ".lab-exercises");

let built: Promise<string[]> | undefined;

/** Every built notebook of both editions, with its language. */
const EDITIONS = NOTEBOOKS.filter((n) => n.built).flatMap((n) =>
  [[n.file, "en"], [`ja/${n.file}`, "ja"]] as const
);
/** The notebooks whose kernel tests this process registers. */
const RUNS = EDITIONS.filter(([, lang]) => EDITION === "" || lang === EDITION);

const tags = (c: NotebookCell) => (c.metadata.tags as string[] | undefined) ?? [];
const text = (c: NotebookCell) => (Array.isArray(c.source) ? c.source.join("") : c.source);

for (const [file, lang] of RUNS) {
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
      const exercises = notebook.cells.filter((c) => tags(c).includes("exercise"));
      const found = verdicts(notebook.cells);
      assertGreaterOrEqual(exercises.length, 3, `${file}: at least three exercises`);
      assertEquals(found.length, exercises.length, `${file}: one check per exercise`);
      for (const v of found) assertEquals(v.status, "right", `${file}: ${v.exercise}`);
      // In the notebook's language: the status line and the message of its table.
      for (const c of notebook.cells.filter((c) => tags(c).includes("check"))) {
        const shown = (c.outputs ?? []).map((o) => mimeText(o, "text/plain") ?? "").join("");
        assert(shown.startsWith(EXERCISE_MESSAGES[lang].right), `${file}: ${shown}`);
        if (lang === "ja") assertMatch(shown, /[\u3040-\u30ff]/, `${file}: ${shown}`);
      }
      for (const c of exercises) {
        const source = text(c);
        assert(source.startsWith(ANSWER_MARKER[lang]), `${file}: the answer cell's marker`);
        assert(!/=\s*undefined;\s*$/.test(source), `${file}: a solution, not the placeholder`);
      }
    },
  });
}

/** One answer typed into an exercise's cell, and what the check said. */
interface Seen {
  exercise: string;
  number: string;
  variant: string;
  expected: string;
  said: string;
}

/** What each edition's student run saw, by file. */
const seen = new Map<string, Seen[]>();

/** The variants typed for one exercise: label, expression, the verdict wanted. */
function variants(id: string, args: string, solution: string) {
  const ex = EXERCISES.find((e) => e.id === id)!;
  const cat = `exerciseById(${JSON.stringify(id)})`;
  const out: { variant: string; source: string | null; expr: string; expected: string }[] = [
    { variant: "right (the solution's code)", source: solution, expr: "", expected: "right" },
    {
      variant: "right, another form",
      source: null,
      expr: `${cat}.otherForm(${args})`,
      expected: "right",
    },
  ];
  if (ex.kind === "number") {
    out.push({
      variant: "right, 3 significant digits",
      source: null,
      expr: `Number((${cat}.solution(${args}) as number).toPrecision(3))`,
      expected: "right",
    });
  }
  ex.mistakes.forEach((m, j) => {
    const value = `${cat}.mistakes[${j}]!.answer(${args})`;
    out.push({ variant: `${m.id}: ${m.label}`, source: null, expr: value, expected: m.key });
    if (ex.kind === "number") {
      out.push({
        variant: `${m.id}: ${m.label}, 3 significant digits`,
        source: null,
        expr: `Number((${value} as number).toPrecision(3))`,
        expected: m.key,
      });
    }
  });
  return out;
}

/** The text a student sees in an output: scripts and tags left out. */
function visibleText(c: NotebookCell): string {
  const parts: string[] = [];
  for (const o of c.outputs ?? []) {
    if (o.output_type === "stream") {
      const t = (o as unknown as { text: string | string[] }).text;
      parts.push(Array.isArray(t) ? t.join("") : t);
      continue;
    }
    for (const mime of ["text/plain", "text/markdown", "text/html", "image/svg+xml"]) {
      const t = mimeText(o, mime);
      if (t === undefined) continue;
      parts.push(
        mime === "text/html" || mime === "image/svg+xml"
          ? t.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]*>/g, " ")
          : t,
      );
    }
  }
  return parts.join("\n");
}

/** How a value could be shown at 4 to 8 significant digits (rounded or cut off, either minus). */
function shownForms(value: number): string[] {
  const forms = new Set<string>();
  for (let p = 4; p <= 8; p++) {
    // rounded, and cut off (two more digits, the last two dropped); a tiny value by its mantissa
    const tiny = Math.abs(value) < 1e-3;
    const rounded = tiny ? value.toExponential(p - 1).replace(/e.*$/, "") : value.toPrecision(p);
    const longer = tiny ? value.toExponential(p + 1).replace(/e.*$/, "") : value.toPrecision(p + 2);
    const cut = /e/.test(longer) ? rounded : longer.slice(0, -2).replace(/\.$/, "");
    for (const f of [rounded, cut]) {
      if (/e/.test(f) || f.replace(/[-.]/g, "").replace(/^0+/, "").length < 4) continue;
      forms.add(f);
      forms.add(f.replace("-", "−"));
    }
  }
  return [...forms];
}

/** The first form in which `text` shows `value` at 4 significant digits or more, or null. */
function shownIn(text: string, value: number): string | null {
  for (const form of shownForms(value)) {
    if (new RegExp(`(^|[^0-9.])${form.replace(/[.\-+]/g, "\\$&")}`).test(text)) return form;
  }
  return null;
}

for (const [file, lang] of RUNS) {
  Deno.test({
    name: `exercises: ${file} as a student runs it: right answers accepted, every catalogued ` +
      `mistake diagnosed by name, the catalogue told apart on its data, no answer shown before`,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      built ??= buildSolutions(DIR);
      await built;
      const students: Notebook = JSON.parse(
        await Deno.readTextFile(join(ROOT, "notebooks", file)),
      );
      const solutions: Notebook = JSON.parse(await Deno.readTextFile(join(DIR, file)));
      const answerCells = students.cells.filter((c) => tags(c).includes("exercise"));
      const checkCells = students.cells.filter((c) => tags(c).includes("check"));
      const solved = solutions.cells.filter((c) => tags(c).includes("exercise"));
      assertEquals(answerCells.length, checkCells.length);
      const original = students.cells.filter((c) => c.cell_type === "code").map((c) => ({
        source: text(c),
        tags: tags(c),
      }));
      const cells: { source: string; tags?: string[] }[] = [...original];
      cells.push({ source: 'import { exerciseById, separationProblems } from "@emlab/emlab";' });
      const plan: { id: string; variant: string; expected: string }[] = [];
      for (const [i, check] of checkCells.entries()) {
        const call = text(check).match(/show\((check\w+)\((\w+),\s*([\s\S]*)\)\);\s*$/);
        assert(call, `${file}: the check cell ${text(check)}`);
        const [, fn, , args] = call;
        const head = text(answerCells[i]!).match(
          new RegExp(`^(${ANSWER_MARKER[lang]}\\nconst \\w+: [^=]+)= undefined;\\s*$`),
        );
        assert(head, `${file}: the answer cell ${text(answerCells[i]!)}`);
        // the exercise's id, from the placeholder's verdict, and its catalogue on these data
        cells.push({
          source: `{ const id = ${fn}(undefined, ${args!.trim()}).exercise;\n` +
            `const ex = exerciseById(id);\n` +
            `console.log(JSON.stringify({ id, problems: separationProblems(ex, ${args!.trim()}), ` +
            `truth: ex.kind === "number" ? ex.solution(${args!.trim()}) : null })); }`,
          tags: ["catalogue"],
        });
        const exerciseId = idOf(fn!);
        for (const v of variants(exerciseId, args!.trim(), text(solved[i]!))) {
          cells.push({ source: v.source ?? `${head[1]}= (${v.expr}) as never;` });
          cells.push({ source: text(check), tags: ["check", "variant"] });
          plan.push({ id: exerciseId, variant: v.variant, expected: v.expected });
        }
      }
      const { summary, notebook, stderr } = await runCells(cells, {
        dir: join(DIR, lang === "ja" ? "ja" : "."),
        timeoutSec: 300,
      });
      console.log(
        `${file} (student, ${plan.length} answers): ${summary.wall_seconds.toFixed(1)} s`,
      );
      assertEquals(summary.kernel_error, null, stderr);
      assertEquals(
        summary.cells.filter((c) => c.error).map((c) => `cell ${c.index}: ${c.error!.evalue}`),
        [],
      );
      const ran = notebook.cells;
      // the students' copy says "not answered yet" at every check
      const own = verdicts(ran.slice(0, original.length));
      assertEquals(own.map((v) => v.status), checkCells.map(() => "unanswered"));
      // the catalogue on the notebook's own data
      const catalogue = ran.filter((c) => tags(c).includes("catalogue")).map((c) =>
        JSON.parse(visibleText(c)) as { id: string; problems: string[]; truth: number | null }
      );
      assertEquals(catalogue.map((c) => c.id), own.map((v) => v.exercise));
      assertEquals(catalogue.flatMap((c) => c.problems), [], `${file}: catalogue told apart`);
      // no answer shown before its exercise
      const firstExercise = original.findIndex((c) => c.tags.includes("exercise"));
      const before = ran.slice(0, firstExercise).map(visibleText).join("\n");
      for (const { id, truth } of catalogue) {
        if (truth === null || Number.isInteger(Number(truth.toPrecision(10)))) continue;
        const form = shownIn(before, truth);
        assert(
          form === null,
          `${file}: ${id}'s answer ${truth} is shown as ${form} before the exercises`,
        );
      }
      // the search finds an answer where one is shown: the catalogue cell prints it in full
      const catalogueText = ran.filter((c) => tags(c).includes("catalogue")).map(visibleText);
      for (const [i, { id, truth }] of catalogue.entries()) {
        if (truth === null || Number.isInteger(Number(truth.toPrecision(10)))) continue;
        assert(
          shownIn(catalogueText[i]!, truth) !== null,
          `${file}: the search finds ${id}'s answer`,
        );
      }
      const variantCells = ran.filter((c) => tags(c).includes("variant"));
      // every typed answer judged as wanted
      const got = verdicts(variantCells);
      assertEquals(got.length, plan.length);
      const rows = plan.map((p, i) => {
        const v = got[i]!;
        assertEquals(v.exercise, p.id, `${file}: ${p.variant}`);
        const said = v.status === "right" ? "right" : v.key;
        return {
          exercise: p.id,
          number: EXERCISES.find((e) => e.id === p.id)!.number,
          variant: p.variant,
          expected: p.expected,
          said,
        };
      });
      seen.set(file, rows);
      assertEquals(
        rows.filter((r) => r.said !== r.expected).map((r) => `${r.number} ${r.variant}: ${r.said}`),
        [],
        `${file}: every answer judged as wanted`,
      );
    },
  });
}

/** The exercise a check function judges (the kernel run checks it against the placeholder's verdict). */
function idOf(fn: string): string {
  const e = EXERCISES.find((x) => CHECK_NAMES[x.id] === fn);
  assert(e, `no catalogued exercise is checked by ${fn}`);
  return e.id;
}

/** The notebooks' check function of each exercise. */
const CHECK_NAMES: Record<string, string> = {
  "01.responsibility": "checkResponsibility",
  "01.weight": "checkMStepWeight",
  "01.logLikelihood": "checkLogLikelihood",
  "02.sigma": "checkSigmaUpdate",
  "02.beta": "checkLagrangeMultiplier",
  "02.mean": "checkMeanUpdate",
  "03.bic": "checkBic",
  "03.pickK": "checkPickK",
  "03.predict": "checkPredictLong",
  "04.spike": "checkSpike",
  "04.floor": "checkFloor",
  "04.matching": "checkMatching",
  "05.covariance": "checkCovarianceUpdate",
  "05.mahalanobis": "checkMahalanobis",
  "05.parameters": "checkParameterCount",
  "05.modelParameters": "checkModelParameterCount",
  "05.volume": "checkVolume",
  "05.shape": "checkShape",
  "06.kl": "checkKl",
  "06.bound": "checkBound",
  "06.assign": "checkAssignment",
};

const verdictWord = (said: string) =>
  said === "right" ? "accepted" : said === "wrong" ? "rejected" : `diagnosed \`${said}\``;

/** The README's table, from what the student runs saw. */
function table(rows: readonly Seen[]): string {
  const lines = [
    "| exercise | answer typed | the check says |",
    "| -------- | ------------ | -------------- |",
  ];
  // A label's own "|" is escaped, or Markdown (and deno fmt) would read it as a new cell.
  const cell = (text: string) => text.replaceAll("|", "\\|");
  for (const r of rows) {
    lines.push(`| ${r.number} | ${cell(r.variant)} | ${verdictWord(r.said)} |`);
  }
  return lines.join("\n");
}

Deno.test({
  name:
    "exercises: the README's table is what the student runs saw, and both editions saw the same",
  ignore: Deno.env.get("EMLAB_EXERCISE_TABLE") === "skip",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await shareSeen();
    const missing = EDITIONS.filter(([file]) => !seen.has(file)).map(([file]) => file);
    if (missing.length > 0) {
      console.log(
        `not compared here: the student runs of ${missing.join(", ")} ` +
          (EDITION
            ? "are the other half's (it compares when it ends after this one)"
            : "did not run here"),
      );
      return;
    }
    const english = EDITIONS.filter(([, l]) => l === "en").flatMap(([f]) => seen.get(f)!);
    const japanese = EDITIONS.filter(([, l]) => l === "ja").flatMap(([f]) => seen.get(f)!);
    assertEquals(japanese, english, "both editions judge every answer alike");
    console.log(`both editions judged ${english.length} answers alike; the README's table next`);
    const rendered = table(english);
    const path = join(ROOT, "README.md");
    const readme = await Deno.readTextFile(path);
    const at = readme.match(/<!-- exercise-table -->\n+([\s\S]*?)\n+<!-- \/exercise-table -->/);
    assert(at, "README.md has the exercise-table markers");
    if (Deno.env.get("EMLAB_UPDATE_README") === "1") {
      await Deno.writeTextFile(
        path,
        readme.replace(at[0], `<!-- exercise-table -->\n\n${rendered}\n\n<!-- /exercise-table -->`),
      );
      return;
    }
    // deno fmt aligns the table's columns: compare cell by cell
    const cells = (t: string) =>
      t.trim().split("\n").map((line) =>
        line.split("|").map((c) => c.trim().replace(/^-+$/, "-")).join("|")
      );
    assertEquals(
      cells(at[1]!),
      cells(rendered),
      "README's exercise table (EMLAB_UPDATE_README=1 rewrites it)",
    );
  },
});

/**
 * With one edition's half running (EMLAB_EXERCISES_EDITION) under the runner: leave what this
 * half's student runs saw in the run's shared folder, and take what the other half left there.
 * Each half writes before it reads, so the half that ends last finds both.
 */
async function shareSeen(): Promise<void> {
  const shared = Deno.env.get(SHARED_RUNS_ENV);
  if (!EDITION || !shared) return;
  const file = (lang: string) => join(shared, `exercise-table-${lang}.json`);
  const mine = RUNS.filter(([f]) => seen.has(f)).map(([f]) => [f, seen.get(f)!] as const);
  const staged = `${file(EDITION)}.${Deno.pid}`;
  await Deno.writeTextFile(staged, JSON.stringify(mine));
  await Deno.rename(staged, file(EDITION));
  const other = EDITION === "en" ? "ja" : "en";
  const theirs: [string, Seen[]][] = await Deno.readTextFile(file(other)).then(
    (text) => JSON.parse(text),
    () => [],
  );
  for (const [f, rows] of theirs) seen.set(f, rows);
}

// A kernel test beside the notebooks': with the English half.
if (EDITION !== "ja") {
  Deno.test({
    name:
      "exercises: in the kernel a wrong answer's check shows why, and the cell does not fail; " +
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
      const said = (i: number) => mimeText(notebook.cells[i]!.outputs![0]!, "text/plain") ?? "";
      assert(said(1).includes("d(d+1)/2 free entries, not d²"), said(1));
      assert(said(3).startsWith(EXERCISE_MESSAGES.ja.wrong), said(3));
      assert(said(3).includes("自由な要素は d² 個ではなく d(d+1)/2 個です"), said(3));
    },
  });
}

Deno.test({
  name: "exercises: remove the solutions build of this test",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await Deno.remove(DIR, { recursive: true }).catch(() => {});
  },
});
