/**
 * The Deno kernel's kernelspec, as every way of running the kit registers it
 * (`deno task lab`, `deno task hub`, and the image build in `binder/postBuild`).
 *
 * Usage: `deno run -A tools/kernelspec.ts --prefix <dir>` writes
 * `<dir>/share/jupyter/kernels/deno/kernel.json` for the `deno` that runs it,
 * and JupyterLab's defaults and page config for that prefix.
 *
 * @module
 */
import { dirname, join } from "node:path";

/** The kernel's name, as notebooks record it. */
export const KERNEL_NAME = "deno";
/** The name JupyterLab shows. */
export const KERNEL_DISPLAY_NAME = "Deno (emlab)";

/**
 * JupyterLab defaults for the kit's Jupyter (`overrides.json`): no prompt about
 * Jupyter news and no update checks, so a first-time user sees the notebooks
 * and nothing else. Users can still change both in Settings.
 */
export const LAB_OVERRIDES: Record<string, unknown> = {
  "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
};

/**
 * JupyterLab's page configuration for the kit's Jupyter: no build check.
 * Else every page load asks the server whether JupyterLab needs a rebuild,
 * and the server runs `node yarn.js config` to answer (about 0.65 s of CPU
 * each), for a rebuild that only source extensions ever need; the kit has
 * none. A `page_config.json` in the same folder (where `jupyter labextension
 * disable` writes) still overrides it.
 */
export const PAGE_CONFIG: Record<string, unknown> = { buildCheck: false, buildAvailable: false };

/**
 * Write {@linkcode PAGE_CONFIG} into a Python prefix's Jupyter config, as a
 * package's own part of it (`<prefix>/etc/jupyter/labconfig/page_config.d/emlab.json`),
 * where the JupyterLab installed in that prefix reads it; JupyterLab's own
 * `page_config.json` there is left alone.
 *
 * @param prefix The prefix, e.g. a venv.
 * @returns The file written.
 */
export async function writePageConfig(prefix: string): Promise<string> {
  const file = join(prefix, "etc", "jupyter", "labconfig", "page_config.d", "emlab.json");
  await writeJson(file, PAGE_CONFIG);
  return file;
}

/**
 * Write a value as indented JSON into a file (its folder made as needed),
 * unless the file already holds exactly that text.
 *
 * @param file The file.
 * @param value What to write.
 */
export async function writeJson(file: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value, null, 2) + "\n";
  if ((await Deno.readTextFile(file).catch(() => "")) !== text) {
    await Deno.mkdir(dirname(file), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
}

/**
 * The kernelspec of the Deno kernel run by `deno`.
 *
 * @param deno Path of the deno binary the kernel runs.
 * @returns The `kernel.json` value.
 */
export function kernelSpec(deno: string): Record<string, unknown> {
  return {
    argv: [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    // ■ in JupyterLab sends an interrupt_request, which stops the running cell
    // and keeps the kernel; a SIGINT would end the process.
    interrupt_mode: "message",
  };
}

/**
 * Write the kernelspec and JupyterLab's defaults under a Jupyter data folder
 * (`<prefix>/share/jupyter`).
 *
 * @param jupyterData The data folder, e.g. `<venv>/share/jupyter`.
 * @param deno Path of the deno binary the kernel runs.
 * @returns The kernelspec's folder.
 */
export async function writeKernelspec(jupyterData: string, deno: string): Promise<string> {
  const dir = join(jupyterData, "kernels", KERNEL_NAME);
  await writeJson(join(dir, "kernel.json"), kernelSpec(deno));
  await writeJson(join(jupyterData, "lab", "settings", "overrides.json"), LAB_OVERRIDES);
  return dir;
}

if (import.meta.main) {
  const i = Deno.args.indexOf("--prefix");
  const prefix = i >= 0 ? Deno.args[i + 1] : undefined;
  if (!prefix) {
    console.error("usage: deno run -A tools/kernelspec.ts --prefix <dir>");
    Deno.exit(2);
  }
  const dir = await writeKernelspec(join(prefix, "share", "jupyter"), Deno.execPath());
  console.log(`kernel "${KERNEL_DISPLAY_NAME}" registered in ${dir}`);
  console.log(`JupyterLab's page config (no build check) in ${await writePageConfig(prefix)}`);
}
