/**
 * `deno task homework`: the notebooks' exercises as graded homework.
 *
 *     deno task homework assign [--out homework/assignment]
 *     deno task homework grade <submissions> [--out homework/graded] [--timeout 60]
 *
 * `assign` writes the students' assignment notebooks (both editions, with
 * their data): every cell locked with the metadata JupyterLab honours
 * (`editable: false`, `deletable: false`) except the answer cells (✏️), which
 * stay editable.
 *
 * `grade` grades a folder of submissions, one folder per student
 * (`<submissions>/<student>/*.ipynb`, any depth). Each submission is rebuilt
 * from the assignment: the student's answer cells (found by cell id, else in
 * order) go in, and everything else — narrative, library and check cells —
 * comes from the source, so a student who edits or deletes a check cell gains
 * nothing. It runs through the Deno kernel with a time limit per cell (a cell
 * that runs too long is interrupted and the run goes on), and each check
 * cell's verdict becomes the grade of its exercise. It writes
 * `gradebook.csv` (one row per student × exercise, with the diagnosis),
 * `scores.csv` (one row per student, one column per exercise) and one
 * feedback page per student, `feedback/<student>.html`, in the language of
 * the submission. A file that is not a notebook, an answer that does not
 * parse or throws, an endless loop, a notebook set to another kernel: each
 * scores zero where it fails, gets a feedback line saying why, and the rest is
 * graded.
 *
 * @module
 */
import { basename, join, relative } from "node:path";
import { DATA_DIR, EDITIONS, NOTEBOOKS } from "./build_notebooks.ts";
import { ensureKernelspec, ensureVenv, jupyterEnv, ROOT, VENV_PYTHON } from "./setup.ts";

type Language = "en" | "ja";

interface Cell {
  cell_type: string;
  id?: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** The notebook-level metadata an assignment carries. */
export interface AssignmentMeta {
  /** The notebook's file name, e.g. "01-em-walkthrough.ipynb". */
  notebook: string;
  /** Its edition. */
  language: Language;
}

/** One graded exercise of one submission. */
export interface ExerciseGrade {
  /** The student (the submission's folder). */
  student: string;
  /** The notebook file name. */
  notebook: string;
  /** Exercise label: notebook number and position, e.g. "01.2". */
  exercise: string;
  /** The exercise's id in the library's checks, e.g. "01.responsibility", when known. */
  check: string;
  /** right, wrong, unanswered, or error (the answer or its check failed to run). */
  status: "right" | "wrong" | "unanswered" | "error";
  /** 1 when right, else 0. */
  points: number;
  /** The check's message key (the diagnosis), or the error's name. */
  diagnosis: string;
  /** What the check said, or why the exercise could not be graded, in the submission's language. */
  message: string;
}

/** One submission's grading. */
export interface SubmissionGrade {
  /** The student. */
  student: string;
  /** The submitted file, relative to the submissions folder. */
  file: string;
  /** The assignment it was matched to, if any. */
  assignment: AssignmentMeta | null;
  /** Lines about the submission as a whole (not a notebook, other kernel, deleted cells…). */
  notes: string[];
  /** One entry per exercise of the assignment. */
  exercises: ExerciseGrade[];
}

const TEXT = {
  en: {
    title: "Feedback",
    notebook: "Notebook",
    exercise: "Exercise",
    result: "Result",
    feedback: "Feedback",
    score: "Score",
    right: "✓ right",
    wrong: "✗ wrong",
    unanswered: "– not answered",
    error: "✗ did not run",
    notNotebook: (why: string) => `This file is not a notebook (${why}): it scored 0.`,
    unknown: "Which notebook this is could not be told (no emlab metadata, unknown file name).",
    kernel: (name: string) =>
      `The notebook was set to the kernel “${name}”; it was graded with Deno (emlab).`,
    missing: (n: number) =>
      `${n} answer cell(s) were deleted: those exercises count as not answered.`,
    answerError: (name: string, value: string) => `Your answer cell failed: ${name}: ${value}`,
    timeout: (s: number) => `Your answer ran longer than ${s} s and was stopped.`,
    checkError: (name: string, value: string) => `The check could not run: ${name}: ${value}`,
    killed: "Your answer stopped the kernel: it scored 0, and the rest was graded without it.",
    syntax: "Your answer cell does not compile: check its brackets, commas and quotes.",
    notRun: "Not run: an earlier cell stopped the notebook.",
  },
  ja: {
    title: "採点結果",
    notebook: "ノートブック",
    exercise: "演習",
    result: "結果",
    feedback: "コメント",
    score: "得点",
    right: "✓ 正解",
    wrong: "✗ 不正解",
    unanswered: "– 未解答",
    error: "✗ 実行できず",
    notNotebook: (why: string) => `このファイルはノートブックではありません（${why}）。0 点です。`,
    unknown:
      "どのノートブックか判別できませんでした（emlab のメタデータがなく、ファイル名も不明です）。",
    kernel: (name: string) =>
      `カーネルが「${name}」に設定されていました。採点は Deno (emlab) で行いました。`,
    missing: (n: number) =>
      `解答セルが ${n} 個削除されていました。その演習は未解答として扱います。`,
    answerError: (name: string, value: string) => `解答セルで例外が発生しました：${name}: ${value}`,
    timeout: (s: number) => `解答の実行が ${s} 秒を超えたため、中断しました。`,
    checkError: (name: string, value: string) => `確認を実行できませんでした：${name}: ${value}`,
    killed:
      "解答セルでカーネルが停止しました。この演習は 0 点とし、残りはこの解答を除いて採点しました。",
    syntax: "解答セルをコンパイルできません。括弧、カンマ、引用符を確認してください。",
    notRun: "実行されませんでした。前のセルでノートブックが止まりました。",
  },
} as const;

const sourceText = (c: Cell) => Array.isArray(c.source) ? c.source.join("") : c.source;
const tags = (c: Cell) => (c.metadata?.tags ?? []) as string[];

/** The students' notebook of an assignment, as committed. */
async function readSource(meta: AssignmentMeta): Promise<Notebook> {
  return JSON.parse(
    await Deno.readTextFile(join(EDITIONS[meta.language].notebookDir, meta.notebook)),
  );
}

/**
 * The assignment version of a students' notebook: answer cells editable, every
 * other cell locked, the notebook tagged with its name and edition.
 *
 * @param nb The students' notebook.
 * @param meta Its name and edition.
 * @returns A new notebook.
 */
export function lockNotebook(nb: Notebook, meta: AssignmentMeta): Notebook {
  const cells = nb.cells.map((c) => ({
    ...c,
    metadata: {
      ...c.metadata,
      editable: tags(c).includes("exercise"),
      deletable: false,
    },
  }));
  return { ...nb, cells, metadata: { ...nb.metadata, emlab: { assignment: meta } } };
}

/** The assignments: every notebook with exercises, in both editions. */
export async function assignments(): Promise<AssignmentMeta[]> {
  const out: AssignmentMeta[] = [];
  for (const language of ["en", "ja"] as const) {
    for (const { file } of NOTEBOOKS) {
      const nb = await readSource({ notebook: file, language });
      if (nb.cells.some((c) => tags(c).includes("exercise"))) {
        out.push({ notebook: file, language });
      }
    }
  }
  return out;
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/**
 * Write the assignment notebooks: `<out>/<nb>.ipynb` and `<out>/ja/<nb>.ipynb`,
 * with `data/` beside each edition.
 *
 * @param out The folder.
 * @returns The files written.
 */
export async function writeAssignments(out: string): Promise<string[]> {
  const written: string[] = [];
  for (const meta of await assignments()) {
    const dir = meta.language === "en" ? out : join(out, meta.language);
    await Deno.mkdir(dir, { recursive: true });
    const path = join(dir, meta.notebook);
    const nb = lockNotebook(await readSource(meta), meta);
    await Deno.writeTextFile(path, JSON.stringify(nb, null, 1) + "\n");
    written.push(path);
  }
  await copyDir(DATA_DIR, join(out, "data"));
  await copyDir(DATA_DIR, join(out, "ja", "data"));
  return written;
}

/** Which assignment a submission is: its metadata, else its file name and folder. */
function identify(nb: Notebook | null, file: string): AssignmentMeta | null {
  const meta = (nb?.metadata?.emlab as { assignment?: AssignmentMeta } | undefined)?.assignment;
  if (meta && NOTEBOOKS.some((n) => n.file === meta.notebook) && (meta.language in EDITIONS)) {
    return meta;
  }
  const name = basename(file);
  const entry = NOTEBOOKS.find((n) => n.file === name);
  if (!entry) return null;
  const isJa = file.split(/[\\/]/).includes("ja") ||
    (nb?.cells ?? []).some((c) => /setLanguage\("ja"\)/.test(sourceText(c)));
  return { notebook: entry.file, language: isJa ? "ja" : "en" };
}

/** The notebook to run: the source's cells, with the student's answers in the answer cells. */
function rebuild(
  source: Notebook,
  submitted: Notebook | null,
  skip: Set<number> = new Set(),
): { nb: Notebook; missing: number } {
  const theirs = (submitted?.cells ?? []).filter((c) => c.cell_type === "code");
  const theirAnswers = theirs.filter((c) => tags(c).includes("exercise"));
  let order = 0;
  let missing = 0;
  const cells = source.cells.map((c, i) => {
    const copy: Cell = { ...c, outputs: c.cell_type === "code" ? [] : undefined };
    if (c.cell_type === "markdown") delete copy.outputs;
    if (!tags(c).includes("exercise")) return copy;
    const byId = theirs.find((t) => t.id && t.id === c.id);
    const answer = byId ?? theirAnswers[order];
    order++;
    if (skip.has(i)) return copy;
    if (!answer) {
      missing++;
      return copy;
    }
    return { ...copy, source: sourceText(answer) };
  });
  return { nb: { ...source, cells }, missing: submitted ? missing : 0 };
}

interface RunCell {
  index: number;
  cell_type: string;
  tags: string[];
  execution_count: number | null;
  outputs: {
    output_type: string;
    verdict?: { status: string; exercise: string; key: string };
    text?: string;
    ename?: string;
    evalue?: string;
  }[];
  error: { ename: string; evalue: string } | null;
}

async function runNotebook(
  path: string,
  timeout: number,
): Promise<{ cells: RunCell[]; kernel_error: string | null }> {
  const json = path.replace(/\.ipynb$/, ".summary.json");
  const out = await new Deno.Command(VENV_PYTHON, {
    args: [
      join(ROOT, "tools", "nbrun.py"),
      path,
      "--json",
      json,
      "--out",
      path.replace(/\.ipynb$/, ".graded.ipynb"),
      "--timeout",
      String(timeout),
      "--interrupt-on-timeout",
    ],
    env: { ...jupyterEnv(), EMLAB_FRAME_DELAY: "0" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  try {
    return JSON.parse(await Deno.readTextFile(json));
  } catch {
    const err = new TextDecoder().decode(out.stderr).trim().split("\n").at(-1) ?? "";
    return { cells: [], kernel_error: `the kernel run failed: ${err}` };
  }
}

const firstLine = (s: string) => s.split("\n")[0]!.slice(0, 300);

/** Grade one submission file. */
async function gradeSubmission(
  student: string,
  file: string,
  workDir: string,
  timeout: number,
): Promise<SubmissionGrade> {
  const grade: SubmissionGrade = { student, file, assignment: null, notes: [], exercises: [] };
  const bytes = await Deno.readTextFile(file).catch((e) => `\u0000${e}`);
  let nb: Notebook | null = null;
  let notNotebook = "";
  try {
    const parsed = JSON.parse(bytes);
    if (!parsed || !Array.isArray(parsed.cells) || typeof parsed.nbformat !== "number") {
      notNotebook = "no cells or nbformat";
    } else nb = parsed;
  } catch (e) {
    notNotebook = `invalid JSON: ${firstLine((e as Error).message)}`;
  }
  const meta = identify(nb, file);
  grade.assignment = meta;
  const lang: Language = meta?.language ?? "en";
  const t = TEXT[lang];
  if (notNotebook) grade.notes.push(t.notNotebook(notNotebook));
  if (!meta) {
    grade.notes.push(t.unknown);
    return grade;
  }
  const kernel = (nb?.metadata?.kernelspec as { name?: string } | undefined)?.name;
  if (nb && kernel && kernel !== "deno") grade.notes.push(t.kernel(kernel));
  const source = await readSource(meta);
  const prefix = meta.notebook.slice(0, 2);
  const checkCells = source.cells.map((c, i) => [c, i] as const).filter(([c]) =>
    tags(c).includes("check")
  );
  const answerIndex = (checkAt: number) => {
    for (let i = checkAt - 1; i >= 0; i--) {
      if (tags(source.cells[i]!).includes("exercise")) return i;
    }
    return -1;
  };
  // An answer that kills the kernel scores zero, and the notebook runs again
  // without it (its placeholder back in place), so the other exercises are graded.
  const failed = new Map<number, { ename: string; evalue: string }>();
  let run: { cells: RunCell[]; kernel_error: string | null } = { cells: [], kernel_error: null };
  if (nb) {
    // Run beside lib/ like the lab's working copy, with the edition's data.
    const dir = join(workDir, meta.language);
    await Deno.mkdir(dir, { recursive: true });
    await copyDir(DATA_DIR, join(dir, "data"));
    const path = join(dir, meta.notebook);
    let missing = 0;
    for (let attempt = 0; attempt <= checkCells.length; attempt++) {
      const rebuilt = rebuild(source, nb, new Set(failed.keys()));
      missing = rebuilt.missing;
      await Deno.writeTextFile(path, JSON.stringify(rebuilt.nb));
      run = await runNotebook(path, timeout);
      const dead = run.cells.find((c) => c.error && /DeadKernel/.test(c.error.ename));
      if (!dead) break;
      const cellTags = tags(source.cells[dead.index]!);
      const answer = cellTags.includes("exercise")
        ? dead.index
        : cellTags.includes("check")
        ? answerIndex(dead.index)
        : -1;
      if (answer < 0 || failed.has(answer)) break;
      failed.set(answer, dead.error!);
    }
    if (missing) grade.notes.push(t.missing(missing));
  }
  const describe = (error: { ename: string; evalue: string }, own: boolean) => {
    if (error.ename === "CellTimeoutError") return t.timeout(timeout);
    if (error.ename === "DeadKernelError") return t.killed;
    if (own && error.evalue === "Execution failed") return t.syntax;
    return own
      ? t.answerError(error.ename, firstLine(error.evalue))
      : t.checkError(error.ename, firstLine(error.evalue));
  };
  checkCells.forEach(([, at], k) => {
    const exercise = `${prefix}.${k + 1}`;
    const base = { student, notebook: meta.notebook, exercise, check: "", points: 0 };
    if (!nb) {
      grade.exercises.push({
        ...base,
        status: "error",
        diagnosis: "not-a-notebook",
        message: t.notNotebook(notNotebook),
      });
      return;
    }
    const own = failed.get(answerIndex(at)) ?? run.cells[answerIndex(at)]?.error;
    if (own) {
      grade.exercises.push({
        ...base,
        status: "error",
        diagnosis: own.ename,
        message: describe(own, true),
      });
      return;
    }
    const check = run.cells[at];
    const verdict = check?.outputs.find((o) => o.verdict);
    if (verdict?.verdict) {
      const v = verdict.verdict;
      const status = v.status === "right" ? "right" : v.status === "wrong" ? "wrong" : "unanswered";
      grade.exercises.push({
        ...base,
        check: v.exercise,
        status,
        points: status === "right" ? 1 : 0,
        diagnosis: v.key,
        message: verdict.text ?? "",
      });
      return;
    }
    let message: string = t.notRun;
    let diagnosis = "not-run";
    if (check?.error) {
      diagnosis = check.error.ename;
      message = describe(check.error, false);
    } else if (run.kernel_error) {
      diagnosis = "kernel";
      message = run.kernel_error;
    }
    grade.exercises.push({ ...base, status: "error", diagnosis, message });
  });
  return grade;
}

async function listSubmissions(dir: string): Promise<{ student: string; file: string }[]> {
  const found: { student: string; file: string }[] = [];
  const walk = async (d: string, student: string | null) => {
    const entries = [];
    for await (const e of Deno.readDir(d)) entries.push(e);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p, student ?? e.name);
      else if (student && e.name.endsWith(".ipynb")) found.push({ student, file: p });
    }
  };
  await walk(dir, null);
  return found;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll(
    '"',
    "&quot;",
  );

/** One student's feedback page, in the language of their submissions. */
export function feedbackPage(student: string, grades: SubmissionGrade[]): string {
  const lang: Language = grades.find((g) => g.assignment)?.assignment?.language ?? "en";
  const t = TEXT[lang];
  const total = grades.flatMap((g) => g.exercises).reduce((s, e) => s + e.points, 0);
  const count = grades.flatMap((g) => g.exercises).length;
  const sections = grades.map((g) => {
    const rows = g.exercises.map((e) =>
      `<tr class="${e.status}"><td>${e.exercise}</td><td>${t[e.status]}</td><td>${
        escapeHtml(e.message)
      }</td></tr>`
    ).join("\n");
    const notes = g.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("\n");
    return `<section><h2>${t.notebook}: ${
      escapeHtml(g.assignment?.notebook ?? basename(g.file))
    }</h2>
${notes}
<table><thead><tr><th>${t.exercise}</th><th>${t.result}</th><th>${t.feedback}</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
  }).join("\n");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title} · ${escapeHtml(student)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ccc; padding: .4rem; text-align: left; vertical-align: top; }
tr.right td:nth-child(2) { color: #17692f; } tr.wrong td:nth-child(2), tr.error td:nth-child(2) { color: #a4161a; }
.note { background: #fff4d6; padding: .5rem; }
</style></head><body>
<h1>${t.title}: ${escapeHtml(student)}</h1>
<p class="score">${t.score}: ${total} / ${count}</p>
${sections}
</body></html>
`;
}

/** Options of {@link gradeSubmissions}. */
export interface GradeOptions {
  /** Where the gradebook and feedback go. */
  out: string;
  /** Seconds a cell may run. @default 60 */
  timeout?: number;
  /** Submissions graded at once. @default 2 */
  parallel?: number;
  /** Progress lines. */
  log?: (s: string) => void;
}

/**
 * Grade every submission under `dir` (one folder per student).
 *
 * @param dir The submissions.
 * @param options Output folder, time limit per cell, parallelism.
 * @returns Every submission's grading.
 */
export async function gradeSubmissions(
  dir: string,
  options: GradeOptions,
): Promise<SubmissionGrade[]> {
  await ensureVenv();
  await ensureKernelspec();
  const subs = await listSubmissions(dir);
  const work = await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "grading-" }).catch(
    async () => {
      await Deno.mkdir(join(ROOT, ".cache"), { recursive: true });
      return await Deno.makeTempDir({ dir: join(ROOT, ".cache"), prefix: "grading-" });
    },
  );
  const results: SubmissionGrade[] = new Array(subs.length);
  let next = 0;
  const worker = async () => {
    while (next < subs.length) {
      const i = next++;
      const { student, file } = subs[i]!;
      options.log?.(`grading ${relative(dir, file)}`);
      const g = await gradeSubmission(student, file, join(work, String(i)), options.timeout ?? 60);
      g.file = relative(dir, file);
      results[i] = g;
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 2 }, worker));
  await Deno.remove(work, { recursive: true }).catch(() => {});

  await Deno.mkdir(join(options.out, "feedback"), { recursive: true });
  const rows = results.flatMap((g) => g.exercises);
  const header = [
    "student",
    "notebook",
    "exercise",
    "check",
    "status",
    "points",
    "diagnosis",
    "message",
  ];
  const csv = [
    header.join(","),
    ...rows.map((r) => header.map((h) => csvCell(r[h as keyof ExerciseGrade])).join(",")),
  ];
  await Deno.writeTextFile(join(options.out, "gradebook.csv"), csv.join("\n") + "\n");
  const students = [...new Set(results.map((g) => g.student))];
  const columns = [...new Set(rows.map((r) => `${r.notebook.slice(0, 2)}${r.exercise.slice(2)}`))]
    .sort();
  const scores = [["student", ...columns, "total"].join(",")];
  for (const s of students) {
    const mine = rows.filter((r) => r.student === s);
    const by = (c: string) =>
      mine.filter((r) => r.exercise === c).reduce((a, r) => a + r.points, 0);
    scores.push([csvCell(s), ...columns.map(by), mine.reduce((a, r) => a + r.points, 0)].join(","));
  }
  await Deno.writeTextFile(join(options.out, "scores.csv"), scores.join("\n") + "\n");
  for (const s of students) {
    await Deno.writeTextFile(
      join(options.out, "feedback", `${s}.html`),
      feedbackPage(s, results.filter((g) => g.student === s)),
    );
  }
  await Deno.writeTextFile(
    join(options.out, "grades.json"),
    JSON.stringify(results, null, 2) + "\n",
  );
  return results;
}

const HELP = `deno task homework assign [--out DIR]
    write the assignment notebooks (both editions; answer cells editable, the rest locked)
    into DIR (default homework/assignment)
deno task homework grade SUBMISSIONS [--out DIR] [--timeout S] [--parallel N]
    grade SUBMISSIONS/<student>/*.ipynb through the Deno kernel; write DIR/gradebook.csv,
    DIR/scores.csv and DIR/feedback/<student>.html (default DIR homework/graded,
    S = 60 seconds per cell, N = 2 submissions at once)`;

if (import.meta.main) {
  const [command, ...rest] = Deno.args;
  const flag = (name: string, fallback: string) => {
    const i = rest.indexOf(name);
    return i >= 0 && rest[i + 1] ? rest[i + 1]! : fallback;
  };
  if (command === "assign") {
    const out = flag("--out", join(ROOT, "homework", "assignment"));
    const files = await writeAssignments(out);
    console.log(`${files.length} assignment notebooks written to ${out}`);
  } else if (command === "grade" && rest[0] && !rest[0].startsWith("--")) {
    const out = flag("--out", join(ROOT, "homework", "graded"));
    const timeout = Number(flag("--timeout", "60"));
    const parallel = Number(flag("--parallel", "2"));
    if (!(timeout > 0) || !Number.isInteger(parallel) || parallel < 1) {
      console.error(
        "--timeout must be a positive number of seconds, --parallel a positive integer",
      );
      Deno.exit(2);
    }
    const results = await gradeSubmissions(rest[0], { out, timeout, parallel, log: console.log });
    const n = results.flatMap((r) => r.exercises);
    console.log(
      `${results.length} submissions graded: ${
        n.filter((e) => e.points).length
      } of ${n.length} exercises right. ` +
        `Gradebook: ${join(out, "gradebook.csv")}; feedback: ${join(out, "feedback")}/`,
    );
  } else {
    console.log(HELP);
    Deno.exit(command === "--help" || command === "-h" ? 0 : 2);
  }
}
