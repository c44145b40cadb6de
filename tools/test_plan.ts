/**
 * How `deno task test` splits the suite into `deno test` processes that run
 * side by side: which files are tests, which are slow (kernel, JupyterLab,
 * browser), how the files are grouped and ordered (longest first), and how
 * each process's closing line and JUnit report are read back.
 *
 * ```ts
 * import { planUnits } from "./test_plan.ts";
 * const units = planUnits(
 *   [{ path: "tests/a_test.ts", heavy: true }, { path: "tests/b_test.ts", heavy: false }],
 *   {},
 *   2,
 * );
 * console.log(units.map((u) => u.files)); // [["tests/a_test.ts"], ["tests/b_test.ts"]]
 * ```
 *
 * @module
 */
import { join, relative } from "node:path";

/**
 * Rough seconds of the slow files on the project's CI machine kind (2 cores,
 * three processes at a time), used only to start the longest first when this
 * machine has no timings of an earlier run (`.cache/test-times.json`, written
 * by every full run). A file split in parts ({@link SPLIT_FILES}) counts all
 * its parts; each part is estimated at its share. Files not listed are
 * estimated from what they do (see {@link isHeavySource}).
 *
 * The handouts test exports the students' handouts (every notebook of both
 * editions executed, converted and printed), one of the longest processes of
 * a run; the site test checks the same export (tests/_handouts.ts) and is
 * listed at its own checks' time, so that it starts once the export is done.
 */
export const KNOWN_SECONDS: Readonly<Record<string, number>> = {
  // A full run on the CI machine kind, 2026-12-07 (light load): 1058 s.
  "tests/browser_test.ts": 700,
  "tests/exercises_kernel_test.ts": 630,
  "tests/handouts_test.ts": 360,
  "tests/notebooks_test.ts": 265,
  "tests/hub_test.ts": 180,
  "lib/": 175,
  "tests/homework_test.ts": 115,
  "tests/export_html_test.ts": 95,
  "tests/player_browser_test.ts": 85,
  "tests/mclust_models_test.ts": 77,
  "tests/lab_interrupt_browser_test.ts": 50,
  "tests/properties_test.ts": 33,
  "tests/walkthrough_twice_test.ts": 29,
  "tests/lab_test.ts": 29,
  "tests/old_faithful_notebook_test.ts": 23,
  "tests/postbuild_test.ts": 18,
  "tests/nd_fused_forms_test.ts": 17,
  "tests/jupyter_harness_test.ts": 17,
  "tests/lab_class_test.ts": 16,
  "tests/explorable_test.ts": 14,
  "tests/nd_notebook_test.ts": 13,
  "tests/theory_notebook_test.ts": 10,
  // After the export it shares with the handouts test (its own checks: 35 s).
  "tests/site_test.ts": 35,
};

/** Estimated seconds of a slow file that has no timing yet. */
export const HEAVY_DEFAULT_SECONDS = 60;
/** Estimated seconds of any other file that has no timing yet. */
export const LIGHT_DEFAULT_SECONDS = 3;
/** Files estimated at this many seconds or more get a `deno test` process of their own. */
export const OWN_PROCESS_SECONDS = 15;

/**
 * Whether a test file's source starts the Deno kernel, JupyterLab, Chromium or
 * another program: such a file is slow and mostly waits, so it runs in a
 * process of its own.
 *
 * @param source The file's text.
 * @returns `true` for a kernel, lab, browser or subprocess test.
 *
 * @example
 * ```ts
 * import { isHeavySource } from "./test_plan.ts";
 * console.log(isHeavySource("await runNotebook(path)")); // true
 * console.log(isHeavySource("assertEquals(1, 1)")); // false
 * ```
 */
export function isHeavySource(source: string): boolean {
  return /\b(?:runNotebook|runCells|runRemoteNotebook|startLab|startHub|launchChromium|exportNotebook|gradeSubmissions)\(|new Deno\.Command\(/
    .test(source);
}

/**
 * Whether a file name is one `deno test` picks up in a folder:
 * `{*_,*.,}test.{ts,tsx,mts,js,mjs,jsx}`.
 *
 * @param name A file name or path.
 * @returns `true` for a test module.
 *
 * @example
 * ```ts
 * import { isTestFile } from "./test_plan.ts";
 * console.log(isTestFile("tests/em_test.ts"), isTestFile("tests/_kernel.ts")); // true false
 * ```
 */
export function isTestFile(name: string): boolean {
  const base = name.split(/[\\/]/).at(-1) ?? "";
  return /^(?:.*[._])?test\.(?:ts|tsx|mts|js|mjs|jsx)$/.test(base);
}

/** Folders never searched (besides hidden ones), as `deno.json` excludes them. */
const SKIP_DIRS = new Set(["node_modules", "out"]);

/** Modules whose JSDoc (or, for Markdown, whose code blocks) `deno test --doc` runs. */
const DOC_MODULE = /\.(?:ts|tsx|mts|js|mjs|jsx|md|markdown)$/;

/**
 * What `deno test --doc <dir>` runs, file by file: the test files under
 * `dir`, and the other modules and Markdown files, whose code examples are tested.
 *
 * @param root The project's root.
 * @param dir A folder relative to `root`.
 * @returns Paths relative to `root`, `/`-separated and sorted, e.g. `tests/em_test.ts`.
 *
 * @example
 * ```ts ignore
 * import { findTestFiles } from "./test_plan.ts";
 * const { tests, docs } = await findTestFiles(Deno.cwd(), "tests");
 * console.log(tests.length, docs); // 70 ["tests/_browser.ts", …]
 * ```
 */
export async function findTestFiles(
  root: string,
  dir: string,
): Promise<{ tests: string[]; docs: string[] }> {
  const tests: string[] = [];
  const docs: string[] = [];
  const walk = async (abs: string) => {
    for await (const e of Deno.readDir(abs)) {
      if (e.name.startsWith(".")) continue;
      const path = join(abs, e.name);
      const rel = relative(root, path).replaceAll("\\", "/");
      if (e.isDirectory && !SKIP_DIRS.has(e.name)) await walk(path);
      else if (e.isFile && isTestFile(e.name)) tests.push(rel);
      else if (e.isFile && DOC_MODULE.test(e.name)) docs.push(rel);
    }
  };
  await walk(join(root, dir));
  return { tests: tests.sort(), docs: docs.sort() };
}

/** One `deno test` process of the run. */
export interface TestUnit {
  /** What the output calls it: the file, or `N quick files`. */
  name: string;
  /** The files or folders passed to `deno test`. */
  files: string[];
  /** Estimated seconds, for the order. */
  estimate: number;
  /** Environment that selects a part of a split file (see {@link SPLIT_FILES}). */
  env?: Record<string, string>;
}

/**
 * Slow files whose tests run in parts, side by side: each part is the file
 * run with its environment, which registers only that part's tests; the
 * parts cover every test once and share no fixed folder. Each of these runs
 * every notebook of both editions in turn (in the kernel, or in JupyterLab
 * in Chromium): its English and Japanese halves run in two processes.
 */
export const SPLIT_FILES: Readonly<
  Record<string, readonly { part: string; env: Record<string, string> }[]>
> = {
  "tests/notebooks_test.ts": [
    { part: "English", env: { EMLAB_NOTEBOOKS_EDITION: "en" } },
    { part: "Japanese", env: { EMLAB_NOTEBOOKS_EDITION: "ja" } },
  ],
  "tests/browser_test.ts": [
    { part: "English", env: { EMLAB_E2E_EDITION: "en" } },
    { part: "Japanese", env: { EMLAB_E2E_EDITION: "ja" } },
  ],
  "tests/exercises_kernel_test.ts": [
    { part: "English", env: { EMLAB_EXERCISES_EDITION: "en" } },
    { part: "Japanese", env: { EMLAB_EXERCISES_EDITION: "ja" } },
  ],
};

/** A file to plan: its path and whether {@link isHeavySource} says it is slow. */
export interface PlannedFile {
  /** Path relative to the root (`tests/x_test.ts`, or a folder such as `lib/`). */
  path: string;
  /** Slow: kernel, lab, browser or subprocess. */
  heavy: boolean;
}

/**
 * Split the files into `deno test` processes: every file estimated at
 * {@link OWN_PROCESS_SECONDS} or more (from `times`, else
 * {@link KNOWN_SECONDS}, else from `heavy`) alone, the quick rest in at most
 * `jobs` groups of about equal estimated time (one type check per group
 * instead of one per file); longest first.
 *
 * @param files The files (or folders) to run.
 * @param times Seconds measured in an earlier run, by path.
 * @param jobs How many processes run at once.
 * @returns The processes to start, longest first.
 *
 * @example
 * ```ts
 * import { planUnits } from "./test_plan.ts";
 * const units = planUnits(
 *   [
 *     { path: "tests/a_test.ts", heavy: false },
 *     { path: "tests/b_test.ts", heavy: false },
 *     { path: "tests/slow_test.ts", heavy: false },
 *   ],
 *   { "tests/slow_test.ts": 100, "tests/a_test.ts": 2, "tests/b_test.ts": 1 },
 *   1,
 * );
 * console.log(units.map((u) => u.name)); // ["tests/slow_test.ts", "2 quick files"]
 * ```
 */
export function planUnits(
  files: readonly PlannedFile[],
  times: Readonly<Record<string, number>>,
  jobs: number,
): TestUnit[] {
  const estimate = (f: PlannedFile) =>
    times[f.path] ?? KNOWN_SECONDS[f.path] ??
      (f.heavy ? HEAVY_DEFAULT_SECONDS : LIGHT_DEFAULT_SECONDS);
  const own: TestUnit[] = [];
  const quick: { path: string; seconds: number }[] = [];
  for (const f of files) {
    const seconds = estimate(f);
    const parts = SPLIT_FILES[f.path];
    if (parts) {
      for (const { part, env } of parts) {
        own.push({
          name: `${f.path} (${part})`,
          files: [f.path],
          estimate: seconds / parts.length,
          env,
        });
      }
    } else if (seconds >= OWN_PROCESS_SECONDS || f.heavy) {
      own.push({ name: f.path, files: [f.path], estimate: seconds });
    } else quick.push({ path: f.path, seconds });
  }
  // Longest first into the currently lightest group.
  quick.sort((a, b) => b.seconds - a.seconds || a.path.localeCompare(b.path));
  const groups: { files: string[]; seconds: number }[] = Array.from(
    { length: Math.max(1, Math.min(jobs, quick.length)) },
    () => ({ files: [], seconds: 0 }),
  );
  for (const q of quick) {
    const g = groups.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    g.files.push(q.path);
    g.seconds += q.seconds;
  }
  const grouped = groups.filter((g) => g.files.length).map((g) => ({
    name: g.files.length === 1 ? g.files[0]! : `${g.files.length} quick files`,
    files: g.files.sort(),
    estimate: g.seconds,
  }));
  return [...own, ...grouped].sort((a, b) => b.estimate - a.estimate);
}

/** What one `deno test` process reported. */
export interface TestCounts {
  /** Tests passed. */
  passed: number;
  /** Tests failed. */
  failed: number;
  /** Tests ignored (skipped). */
  ignored: number;
}

/**
 * Read Deno's closing line (`ok | 5 passed (3 steps) | 0 failed | 1 ignored (2s)`).
 *
 * @param output Everything the process printed (colours allowed).
 * @returns The counts, or `null` when there is no closing line (the process crashed).
 *
 * @example
 * ```ts
 * import { parseSummary } from "./test_plan.ts";
 * console.log(parseSummary("ok | 5 passed (3 steps) | 1 failed | 2 ignored (2s)"));
 * // { passed: 5, failed: 1, ignored: 2 }
 * ```
 */
export function parseSummary(output: string): TestCounts | null {
  // deno-lint-ignore no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const m = [...plain.matchAll(/\|\s*(\d+) passed[^|]*\|\s*(\d+) failed([^\n]*)/g)].at(-1);
  if (!m) return null;
  return {
    passed: Number(m[1]),
    failed: Number(m[2]),
    ignored: Number(/(\d+) ignored/.exec(m[3] ?? "")?.[1] ?? 0),
  };
}

/**
 * The names of the failed tests in Deno's `FAILURES` list (`name => ./file:line:col`).
 *
 * @param output Everything the process printed.
 * @returns One `name => place` line per failed test.
 *
 * @example
 * ```ts
 * import { failedTests } from "./test_plan.ts";
 * console.log(failedTests(" FAILURES \n\nadds => ./tests/a_test.ts:3:6\n\nFAILED | 0 passed | 1 failed"));
 * // ["adds => ./tests/a_test.ts:3:6"]
 * ```
 */
export function failedTests(output: string): string[] {
  // deno-lint-ignore no-control-regex
  const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
  const start = plain.lastIndexOf(" FAILURES ");
  if (start < 0) return [];
  return plain.slice(start).split("\n").filter((l) => / => \S+:\d+:\d+$/.test(l)).map((l) =>
    l.trim()
  );
}

/**
 * Seconds per file from a JUnit report written by `deno test --junit-path`:
 * the sum of its tests' times (steps, named `parent > step`, are inside their
 * test's time). A module's JSDoc examples count for the module.
 *
 * @param xml The report.
 * @returns Seconds by path relative to the root (`tests/x_test.ts`).
 *
 * @example
 * ```ts
 * import { junitSeconds } from "./test_plan.ts";
 * console.log(junitSeconds('<testcase name="a" classname="./tests/a_test.ts" time="1.5">'));
 * // { "tests/a_test.ts": 1.5 }
 * ```
 */
export function junitSeconds(xml: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of xml.matchAll(/<testcase\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1] ?? "";
    const file = /\bclassname="([^"]*)"/.exec(m[0])?.[1];
    const time = /\btime="([\d.]+)"/.exec(m[0])?.[1];
    if (file === undefined || time === undefined || name.includes(" &gt; ")) continue;
    const path = file.replace(/^\.\//, "").replace(/#\d+-\d+\.\w+$/, "");
    out[path] = Math.round(((out[path] ?? 0) + Number(time)) * 1000) / 1000;
  }
  return out;
}
