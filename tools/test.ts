/**
 * `deno task test`: every test of the project in one command.
 *
 * 1. Resolves imports with `tools/dev_import_map.json` (the library's imports
 *    plus the test- and tool-only packages, which `deno.json` leaves out so
 *    that `deno task lab` never fetches them) and locks them in
 *    `tools/dev.lock`. Uses `jsr:@std/assert` when JSR is reachable;
 *    otherwise a copy of that map that points `@std/assert` at
 *    `tools/offline/std_assert.ts` (and says so).
 * 2. Sets up the Python venv with JupyterLab and the Deno kernelspec, used by
 *    the tests that execute notebooks through the real kernel, and looks for
 *    Chromium for the browser test. It installs nothing system-wide: without
 *    Chromium it prints how to install one (`.ci/run` does), and the browser
 *    test is reported as skipped.
 * 3. Runs `deno fmt --check` and `deno lint`, then `deno check` (of the code,
 *    and `--doc-only` of the JSDoc examples of lib/ and tests/) and the tests
 *    (unit, doc examples, kernel and browser tests) as several processes side by
 *    side (`EMLAB_TEST_JOBS` at a time, default: the cores + 2): every slow
 *    test file (kernel, JupyterLab, browser; see `tools/test_plan.ts`) in a
 *    `deno test` of its own, the quick ones in a few groups, the longest
 *    first (by the timings of the last run, `.cache/test-times.json`).
 *    Each process's output is printed whole when it ends, then a table of
 *    the times and the list of failed tests. With the checks in the run, the
 *    `deno test` processes skip their own type check (`--no-check`): each
 *    would check the library again.
 * 4. Ends with one line `N passed, M failed` (`, K skipped` when tests were
 *    skipped), summed over every process.
 *
 * Extra arguments choose what to test: files or folders (planned as above,
 * side by side; a single file runs with its output live), or any
 * `deno test` option (e.g. `--filter`), which runs one `deno test` with the
 * arguments as given. fmt, lint and check run only when no argument is given.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { prepareLab } from "./lab.ts";
import { findChromium, jupyterEnv, ROOT } from "./setup.ts";
import {
  failedTests,
  findTestFiles,
  isHeavySource,
  junitSeconds,
  KNOWN_SECONDS,
  parseSummary,
  type PlannedFile,
  planUnits,
} from "./test_plan.ts";

const JSR_PROBE = "https://jsr.io/@std/assert/meta.json";

async function jsrReachable(): Promise<boolean> {
  try {
    const res = await fetch(JSR_PROBE, { signal: AbortSignal.timeout(8000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

/** The import map of the tests and tools, and their lockfile. */
const DEV_IMPORT_MAP = join(ROOT, "tools", "dev_import_map.json");
const DEV_LOCK = join(ROOT, "tools", "dev.lock");

async function offlineImportMap(): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(DEV_IMPORT_MAP));
  const mapUrl = new URL(`file://${DEV_IMPORT_MAP}`);
  const rootUrl = new URL(`file://${ROOT}/`);
  const imports: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.imports as Record<string, string>)) {
    imports[key] = value.startsWith(".") ? new URL(value, mapUrl).href : value;
  }
  imports["@std/assert"] = new URL("tools/offline/std_assert.ts", rootUrl).href;
  const dir = join(ROOT, ".cache");
  await Deno.mkdir(dir, { recursive: true });
  const file = join(dir, "offline-import-map.json");
  await Deno.writeTextFile(file, JSON.stringify({ imports }, null, 2) + "\n");
  return file;
}

/** One process of the run: a check (fmt, lint, type check) or a `deno test` of some files. */
interface Job {
  /** What the output calls it. */
  name: string;
  /** Arguments of `deno`. */
  args: string[];
  /** Estimated seconds, for the order. */
  estimate: number;
  /** A `deno test` process (counted by its closing line), not a check (counted as one). */
  test: boolean;
  /** Where `deno test` writes its JUnit report (per-file timings). */
  junit?: string;
  /** More environment for this process (a part of a split file). */
  env?: Record<string, string>;
}

/** What a finished job printed and how it ended. */
interface Done {
  job: Job;
  ok: boolean;
  output: string;
  seconds: number;
}

/**
 * Run one job, its stdout and stderr captured together in arrival order.
 * With `live`, the output is also passed through as it comes (a single job).
 */
async function runJob(job: Job, env: Record<string, string>, live: boolean): Promise<Done> {
  const t0 = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: job.args,
    cwd: ROOT,
    // Colours only when the output goes straight to the terminal.
    env: { ...env, ...job.env, ...(live ? {} : { NO_COLOR: "1" }) },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: typeof Deno.stdout) => {
    const d = new TextDecoder();
    for await (const chunk of stream) {
      output += d.decode(chunk, { stream: true });
      for (let rest = chunk; live && rest.length;) rest = rest.subarray(await sink.write(rest));
    }
  };
  const [status] = await Promise.all([
    child.status,
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  return { job, ok: status.success, output, seconds: (performance.now() - t0) / 1000 };
}

let printing: Promise<void> = Promise.resolve();

/** Print text whole: the writes of jobs side by side are queued, never interleaved. */
function print(text: string): Promise<void> {
  printing = printing.then(async () => {
    let data = new TextEncoder().encode(text);
    while (data.length) data = data.subarray(await Deno.stdout.write(data));
  });
  return printing;
}

/** Run the jobs, at most `jobs` at a time, in the given order; print each one's output whole. */
async function runAll(
  list: Job[],
  jobs: number,
  env: Record<string, string>,
): Promise<Done[]> {
  const live = list.length === 1;
  const queue = [...list];
  const done: Done[] = [];
  const t0 = performance.now();
  const worker = async () => {
    while (queue.length) {
      const job = queue.shift()!;
      if (!live) {
        const at = ((performance.now() - t0) / 1000).toFixed(0).padStart(4);
        await print(`[${at} s] started ${job.name}\n`);
      }
      const result = await runJob(job, env, live);
      done.push(result);
      if (!live) {
        const text = result.output.endsWith("\n") ? result.output : result.output + "\n";
        const head = `\n=== ${job.name}: deno ${job.args.join(" ")}\n`;
        const foot = `=== ${job.name}: ${result.ok ? "ok" : "FAILED"} in ${
          result.seconds.toFixed(1)
        } s (${done.length}/${list.length} done)\n`;
        // One write per job: outputs of jobs running side by side never interleave.
        await print(head + text + foot);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, list.length)) }, worker));
  return done;
}

/** Timings of earlier runs on this machine: the longest start first. */
const TIMES_FILE = join(ROOT, ".cache", "test-times.json");

async function readTimes(): Promise<Record<string, number>> {
  try {
    return JSON.parse(await Deno.readTextFile(TIMES_FILE));
  } catch {
    return {};
  }
}

const extra = Deno.args;

const online = await jsrReachable();
const importMapArgs: string[] = [`--lock=${DEV_LOCK}`];
if (online) {
  importMapArgs.push(`--import-map=${DEV_IMPORT_MAP}`);
  console.log("@std/assert: jsr:@std/assert (JSR reachable)");
} else {
  const map = await offlineImportMap();
  importMapArgs.push(`--import-map=${map}`);
  console.log(
    `@std/assert: JSR unreachable, using the offline stand-in tools/offline/std_assert.ts (${map})`,
  );
}

// Set up once, before any test process starts: tests running side by side
// then only read the venv, the kernelspec and JupyterLab's settings.
await prepareLab();
if (!(await findChromium())) {
  console.log(
    "browser test: no Chromium found; install it (Debian/Ubuntu: `sudo apt-get install " +
      "chromium`; `.ci/run` does) or set EMLAB_CHROMIUM to a Chromium or Chrome binary. " +
      "The browser test will be skipped.",
  );
}

const jobsEnv = Number(Deno.env.get("EMLAB_TEST_JOBS"));
const cores = navigator.hardwareConcurrency || 2;
/** Processes at once: kernel, lab and browser tests mostly wait, so two more than the cores. */
const jobs = Number.isInteger(jobsEnv) && jobsEnv > 0 ? jobsEnv : cores + 2;

const testEnv: Record<string, string> = {
  ...jupyterEnv(),
  EMLAB_FRAME_DELAY: "0",
  EMLAB_CHART_SCALE: "", // charts at their normal size, whatever the shell says
};
const testArgs = ["test", "-A", "--doc", "--permit-no-files", ...importMapArgs];
const scratch = await Deno.makeTempDir({ prefix: "emlab-test-run-" });
// Test files that execute the same notebook share one execution in this run
// (tests/_kernel.ts, SHARED_RUNS_ENV); the folder goes with the run.
const sharedRuns = join(scratch, "notebook-runs");
await Deno.mkdir(sharedRuns);
// Test files that check the students' handouts share one export (tests/_handouts.ts).
const sharedExports = join(scratch, "exports");
await Deno.mkdir(sharedExports);
// A notebook that exportNotebook() executes for several test files is executed once
// (tools/export.ts, SHARED_EXECUTIONS_ENV).
const sharedExecutions = join(scratch, "executions");
await Deno.mkdir(sharedExecutions);
Object.assign(testEnv, {
  EMLAB_SHARED_NOTEBOOK_RUNS: sharedRuns,
  EMLAB_SHARED_EXPORTS: sharedExports,
  EMLAB_SHARED_EXECUTIONS: sharedExecutions,
});

const first: Job[] = [];
const list: Job[] = [];
/** The files planned, whose timings are kept for the next run's order. */
const planned = new Set<string>();
if (extra.some((a) => a.startsWith("-"))) {
  // Options for `deno test` (e.g. --filter): one process, as given.
  list.push({
    name: "tests",
    args: [...testArgs, ...extra],
    estimate: 0,
    test: true,
  });
} else {
  if (extra.length === 0) {
    // fmt and lint read every file: they run before the tests write any (artifacts, working copies).
    first.push(
      { name: "format", args: ["fmt", "--check"], estimate: 10, test: false },
      { name: "lint", args: ["lint"], estimate: 10, test: false },
    );
    list.push(
      {
        name: "type check",
        args: ["check", ...importMapArgs, "lib/", "tests/", "tools/", "bench/"],
        estimate: 90,
        test: false,
      },
      {
        name: "type check of the doc examples",
        args: ["check", "--doc-only", ...importMapArgs, "lib/", "tests/"],
        estimate: 60,
        test: false,
      },
    );
  }
  const paths = extra.length ? extra : ["lib/", "tests/"];
  const files: PlannedFile[] = [];
  for (const p of paths) {
    const info = await Deno.stat(join(ROOT, p)).catch(() => null);
    if (info?.isDirectory && p.replace(/\/$/, "") === "lib") {
      // lib/: its JSDoc examples (and any test file in it), one process.
      files.push({ path: "lib/", heavy: false });
    } else if (info?.isDirectory) {
      const found = await findTestFiles(ROOT, p);
      for (const f of found.tests) {
        files.push({ path: f, heavy: isHeavySource(await Deno.readTextFile(join(ROOT, f))) });
      }
      // The folder's other modules: their JSDoc examples, with the quick files.
      for (const f of found.docs) files.push({ path: f, heavy: false });
    } else {
      // A file (or something deno test will report on).
      const text = info?.isFile ? await Deno.readTextFile(join(ROOT, p)) : "";
      files.push({ path: p, heavy: isHeavySource(text) });
    }
  }
  for (const f of files) planned.add(f.path);
  const units = planUnits(files, { ...KNOWN_SECONDS, ...(await readTimes()) }, jobs);
  // The checks are short and report early: right after the longest test starts.
  const checks = list.splice(0);
  units.forEach((u, i) => {
    const junit = join(scratch, `${i}.xml`);
    list.push({
      name: u.name,
      // The two check jobs above type-check every file and doc example once;
      // without them (files given), each process checks what it runs.
      args: [
        ...testArgs,
        ...(checks.length ? ["--no-check"] : []),
        `--junit-path=${junit}`,
        ...u.files,
      ],
      estimate: u.estimate,
      test: true,
      junit,
      env: u.env,
    });
  });
  list.splice(Math.min(1, list.length), 0, ...checks);
}

if (list.length > 1) {
  console.log(
    `\nrunning ${
      first.length + list.length
    } processes, ${jobs} at a time (EMLAB_TEST_JOBS sets it)`,
  );
}
const t0 = performance.now();
const results = [
  ...(first.length ? await runAll(first, jobs, testEnv) : []),
  ...await runAll(list, jobs, testEnv),
];
const wall = (performance.now() - t0) / 1000;

let passed = 0, failed = 0, skipped = 0;
const failures: string[] = [];
const fileSeconds: Record<string, number> = {};
for (const r of results) {
  if (!r.job.test) {
    if (r.ok) passed++;
    else {
      failed++;
      failures.push(`${r.job.name}: FAILED`);
    }
    continue;
  }
  const counts = parseSummary(r.output);
  if (!counts) {
    failed++;
    failures.push(`${r.job.name}: deno test printed no summary line (counted as one failure)`);
  } else {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.ignored;
    for (const t of failedTests(r.output)) failures.push(`${r.job.name}: ${t}`);
    if (!r.ok && counts.failed === 0) {
      failed++;
      failures.push(`${r.job.name}: deno test exited with an error (counted as one failure)`);
    }
  }
  const measured = r.job.junit
    ? junitSeconds(await Deno.readTextFile(r.job.junit).catch(() => ""))
    : {};
  for (const [file, seconds] of Object.entries(measured)) {
    // A file run in parts (SPLIT_FILES) takes the sum of its parts.
    if (planned.has(file)) fileSeconds[file] = (r.job.env ? fileSeconds[file] ?? 0 : 0) + seconds;
  }
  if (r.job.name === "lib/" || r.job.name.endsWith(".ts")) fileSeconds[r.job.name] = r.seconds;
}
await Deno.remove(scratch, { recursive: true }).catch(() => {});

if (results.length > 1) {
  console.log("\nseconds  process");
  for (const r of [...results].sort((a, b) => b.seconds - a.seconds)) {
    console.log(`${r.seconds.toFixed(1).padStart(7)}  ${r.ok ? "" : "FAILED "}${r.job.name}`);
  }
  console.log(`wall time ${wall.toFixed(1)} s, ${jobs} processes at a time`);
  if (Object.keys(fileSeconds).length) {
    const merged: Record<string, number> = {};
    for (const [file, seconds] of Object.entries({ ...(await readTimes()), ...fileSeconds })) {
      // Files removed since are forgotten.
      if (await Deno.stat(join(ROOT, file)).then(() => true, () => false)) {
        merged[file] = Math.round(seconds * 10) / 10;
      }
    }
    await Deno.mkdir(dirname(TIMES_FILE), { recursive: true });
    await Deno.writeTextFile(TIMES_FILE, JSON.stringify(merged, null, 2) + "\n");
  }
}
if (failures.length) {
  console.log("\nfailed:");
  for (const f of failures) console.log(`  ${f}`);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
Deno.exit(failed === 0 ? 0 : 1);
