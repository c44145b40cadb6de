/**
 * Project-local set-up shared by `deno task lab` and `deno task test`:
 * a Python venv with JupyterLab, and a Deno kernelspec inside it.
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root folder. */
export const ROOT: string = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The project-local virtual environment. */
export const VENV: string = join(ROOT, ".venv");
/** Python inside the venv. */
export const VENV_PYTHON: string = join(VENV, "bin", "python");
/** Where Jupyter looks for this project's kernelspec (put first on JUPYTER_PATH). */
export const JUPYTER_DATA: string = join(VENV, "share", "jupyter");
/** Name of the kernelspec the notebooks use. */
export const KERNEL_NAME = "deno";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[], opts: { quiet?: boolean } = {}): Promise<void> {
  const p = new Deno.Command(cmd, {
    args,
    stdout: opts.quiet ? "piped" : "inherit",
    stderr: opts.quiet ? "piped" : "inherit",
  }).spawn();
  const status = await p.status;
  if (!status.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${status.code}`);
  }
}

/** Environment for Jupyter processes: this project's kernelspec comes first. */
export function jupyterEnv(): Record<string, string> {
  const path = Deno.env.get("JUPYTER_PATH");
  return { JUPYTER_PATH: path ? `${JUPYTER_DATA}:${path}` : JUPYTER_DATA };
}

/** Create the venv and install the pinned Python packages, unless already done. */
export async function ensureVenv(log: (s: string) => void = console.error): Promise<void> {
  const requirements = await Deno.readTextFile(join(ROOT, "tools", "requirements.txt"));
  const stamp = join(VENV, ".emlab-requirements");
  if (
    await exists(VENV_PYTHON) && (await exists(stamp)) &&
    (await Deno.readTextFile(stamp)) === requirements
  ) {
    return;
  }
  if (!(await exists(VENV_PYTHON))) {
    log(`emlab: creating a Python venv in ${VENV}`);
    try {
      await run("python3", ["-m", "venv", VENV]);
    } catch (e) {
      throw new Error(
        `Could not create a Python venv (${
          (e as Error).message
        }). emlab needs python3 with its venv ` +
          "module: on Debian/Ubuntu `sudo apt-get install python3 python3-venv`, on macOS " +
          "`brew install python`, on Windows the installer from python.org.",
      );
    }
  }
  log("emlab: installing JupyterLab and nbclient into the venv (first run only)");
  await run(VENV_PYTHON, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "-r",
    join(ROOT, "tools", "requirements.txt"),
  ]);
  await Deno.writeTextFile(stamp, requirements);
}

/** Write the Deno kernelspec into the venv, pointing at the running deno. */
export async function ensureKernelspec(): Promise<string> {
  const dir = join(JUPYTER_DATA, "kernels", KERNEL_NAME);
  await Deno.mkdir(dir, { recursive: true });
  const spec = {
    argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno (emlab)",
    language: "typescript",
  };
  const file = join(dir, "kernel.json");
  const text = JSON.stringify(spec, null, 2) + "\n";
  if (!(await exists(file)) || (await Deno.readTextFile(file)) !== text) {
    await Deno.writeTextFile(file, text);
  }
  return dir;
}
