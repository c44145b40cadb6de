/**
 * A student's working copy of the notebooks on the hub (`deno task hub`).
 *
 * Run by the hub before it starts a student's server:
 * `deno run -A tools/hub_copy.ts <home>/emlab`. It brings the copy up to date
 * like the lab's working copy (`tools/working_copy.ts`: new files added,
 * notebooks the student has not edited updated, edited ones kept), and writes
 * a `deno.json` beside the notebooks that maps `@emlab/emlab` and the
 * notebooks' packages to this checkout, so that the kernel resolves them
 * wherever the student's home is.
 *
 * @module
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "./setup.ts";
import { NOTEBOOKS, syncWorkingCopy } from "./working_copy.ts";

/**
 * The `deno.json` of a student's copy: the project's imports, `@emlab/emlab`
 * (and its subpath entries) pointing at this checkout's `lib/`.
 *
 * @param root The emlab checkout.
 * @returns The file's JSON value.
 */
export async function studentDenoJson(root: string = ROOT): Promise<Record<string, unknown>> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const imports: Record<string, string> = { ...config.imports };
  for (const [entry, path] of Object.entries(config.exports as Record<string, string>)) {
    const name = entry === "." ? config.name : `${config.name}/${entry.slice(2)}`;
    imports[name] = pathToFileURL(join(root, path)).href;
  }
  return { imports, lock: false };
}

/**
 * Bring a student's copy up to date and write its `deno.json`.
 *
 * @param target The folder of the copy (created on first use).
 * @returns Lines saying what changed.
 */
export async function syncStudentCopy(target: string): Promise<string[]> {
  const report = await syncWorkingCopy({ source: NOTEBOOKS, target });
  const denoJson = JSON.stringify(await studentDenoJson(), null, 2) + "\n";
  await Deno.writeTextFile(join(target, "deno.json"), denoJson);
  const lines: string[] = [];
  if (report.created) lines.push(`created ${target}`);
  if (report.added.length) lines.push(`new: ${report.added.join(", ")}`);
  if (report.updated.length) lines.push(`updated: ${report.updated.join(", ")}`);
  if (report.edited.length) lines.push(`kept (edited): ${report.edited.join(", ")}`);
  if (report.differs.length) lines.push(`kept, changed upstream: ${report.differs.join(", ")}`);
  return lines;
}

if (import.meta.main) {
  const target = Deno.args[0];
  if (!target) {
    console.error("usage: deno run -A tools/hub_copy.ts <folder of the student's copy>");
    Deno.exit(2);
  }
  for (const line of await syncStudentCopy(target)) console.log(line);
}
