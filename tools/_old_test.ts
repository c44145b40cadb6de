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
 * 3. Runs `deno fmt --check`, `deno lint`, `deno check`, then `deno test`
 *    (unit, doc examples, kernel and browser tests).
 * 4. Ends with one line `N passed, M failed` (`, K skipped` when tests were
 *    skipped).
 *
 * Extra arguments are passed to `deno test` (e.g. a file or `--filter`).
 *
 * @module
 */
import { join } from "node:path";
import { ensureKernelspec, ensureVenv, findChromium, jupyterEnv, ROOT } from "./setup.ts";

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

async function step(name: string, args: string[], env: Record<string, string> = {}): Promise<{
  ok: boolean;
  output: string;
}> {
  console.log(`\n=== ${name}: deno ${args.join(" ")}`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let output = "";
  const pump = async (stream: ReadableStream<Uint8Array>, sink: typeof Deno.stdout) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      await sink.write(chunk);
    }
  };
  const [status] = await Promise.all([
    child.status,
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  return { ok: status.success, output };
}

const extra = Deno.args;
let passed = 0, failed = 0;

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

await ensureVenv();
await ensureKernelspec();
if (!(await findChromium())) {
  console.log(
    "browser test: no Chromium found; install it (Debian/Ubuntu: `sudo apt-get install " +
      "chromium`; `.ci/run` does) or set EMLAB_CHROMIUM to a Chromium or Chrome binary. " +
      "The browser test will be skipped.",
  );
}

if (extra.length === 0) {
  for (
    const [name, args] of [
      ["format", ["fmt", "--check"]],
      ["lint", ["lint"]],
      ["type check", ["check", ...importMapArgs, "lib/", "tests/", "tools/", "bench/"]],
    ] as const
  ) {
    const { ok } = await step(name, [...args]);
    if (ok) passed++;
    else failed++;
    console.log(`${name}: ${ok ? "ok" : "FAILED"}`);
  }
}

const testArgs = [
  "test",
  "-A",
  "--doc",
  "--permit-no-files",
  ...importMapArgs,
  ...(extra.length ? extra : ["lib/", "tests/"]),
];
const { output } = await step("tests", testArgs, {
  ...jupyterEnv(),
  EMLAB_FRAME_DELAY: "0",
  EMLAB_CHART_SCALE: "", // charts at their normal size, whatever the shell says
});
// deno-lint-ignore no-control-regex
const plain = output.replace(/\x1b\[[0-9;]*m/g, "");
const summary = [...plain.matchAll(/\|\s*(\d+) passed[^|]*\|\s*(\d+) failed([^\n]*)/g)].at(-1);
const skipped = Number(/(\d+) ignored/.exec(summary?.[3] ?? "")?.[1] ?? 0);
if (summary) {
  passed += Number(summary[1]);
  failed += Number(summary[2]);
} else {
  console.log("deno test printed no summary line; counting the run as one failure");
  failed++;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
Deno.exit(failed === 0 ? 0 : 1);
