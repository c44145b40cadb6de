/**
 * One `deno task export --no-code` for the test files that check the
 * students' handouts (tests/handouts_test.ts, tests/site_test.ts).
 *
 * Under `deno task test` ({@linkcode SHARED_EXPORTS_ENV} set to a folder of
 * the run) the export runs once per run: the first test file to ask runs it
 * into that folder, and any other waits for it and reads the same files
 * (neither writes into them). Without it, each file exports into a folder
 * of its own. `EMLAB_HANDOUTS_DIR` names an existing export to check instead.
 *
 * ```ts ignore
 * import { handoutsExport } from "./_handouts.ts";
 * const out = await handoutsExport("handouts_test");
 * console.log(out); // …/handouts-no-code, with notebooks/index.html, explorable.html, …
 * ```
 *
 * @module
 */
import { join } from "node:path";
import { ensureKernelspec, ensureVenv, ROOT } from "../tools/setup.ts";
import { oncePerRun } from "../tools/once_per_run.ts";

/**
 * `deno task test` sets this to a folder of its own for the run, where the
 * handouts are exported once for every test file that checks them.
 */
export const SHARED_EXPORTS_ENV = "EMLAB_SHARED_EXPORTS";

/** Run `deno task export --no-code` into `out` (replaced); fails with the export's output. */
async function exportInto(out: string): Promise<void> {
  await ensureVenv();
  await ensureKernelspec();
  await Deno.remove(out, { recursive: true }).catch(() => {});
  const t0 = performance.now();
  const run = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--import-map=tools/dev_import_map.json",
      "--lock=tools/dev.lock",
      "tools/export.ts",
      "--no-code",
      `--out=${out}`,
    ],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const log = new TextDecoder().decode(run.stdout) + new TextDecoder().decode(run.stderr);
  if (!run.success) throw new Error(`the export failed:\n${log}`);
  console.log(`deno task export --no-code: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

/**
 * The folder of a `deno task export --no-code` for this test run.
 *
 * @param name The calling test's name: its own folder `.cache/<name>` when the run shares none.
 * @returns The export's folder (`EMLAB_HANDOUTS_DIR` when set).
 * @throws {Error} When the export fails (with its output).
 *
 * @example
 * ```ts ignore
 * import { handoutsExport } from "./_handouts.ts";
 * const out = await handoutsExport("site_test");
 * ```
 */
export async function handoutsExport(name: string): Promise<string> {
  if (!/^[\w-]+$/.test(name)) {
    throw new TypeError(
      `handoutsExport: name: expected a folder name ([\\w-]+), received "${name}"`,
    );
  }
  const given = Deno.env.get("EMLAB_HANDOUTS_DIR");
  if (given) return given;
  const own = join(ROOT, ".cache", name);
  const shared = Deno.env.get(SHARED_EXPORTS_ENV);
  if (!shared) {
    await exportInto(own);
    return own;
  }
  await Deno.mkdir(shared, { recursive: true });
  const out = join(shared, "handouts-no-code");
  const done = `${out}.done`;
  const t0 = performance.now();
  return await oncePerRun(`${out}.lock`, {
    run: async () => {
      await exportInto(out);
      return out;
    },
    publish: () => Deno.writeTextFile(done, ""),
    published: async () => {
      if (!(await exists(done))) return "pending";
      const waited = ((performance.now() - t0) / 1000).toFixed(1);
      console.log(`deno task export --no-code: shared with another test file (waited ${waited} s)`);
      return { value: out };
    },
    // The owner failed: this file exports for itself.
    alone: async () => {
      await exportInto(own);
      return own;
    },
    pollMs: 1000,
  });
}
