/**
 * Project-local set-up shared by `deno task lab` and `deno task test`:
 * a Python venv with JupyterLab, a stable copy or link of the running `deno`
 * inside it, and a Deno kernelspec inside it that points at that `deno`.
 * Nothing is written to the user's global Jupyter folders.
 *
 * @module
 */
import { kernelSpec, writeJson } from "./kernelspec.ts";
import { dirname, join, resolve, sep } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const WINDOWS = Deno.build.os === "windows";

/** The project's root folder. */
export const ROOT: string = join(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * The project-local virtual environment: `.venv/`, or the folder `EMLAB_VENV`
 * names (a venv made by an earlier set-up, shared by several copies of the
 * project).
 */
export const VENV: string = Deno.env.get("EMLAB_VENV") || join(ROOT, ".venv");
/** The venv's folder of executables (`bin`, or `Scripts` on Windows). */
export const VENV_BIN: string = join(VENV, WINDOWS ? "Scripts" : "bin");
/** Python inside the venv. */
export const VENV_PYTHON: string = join(VENV_BIN, WINDOWS ? "python.exe" : "python");
/** The `deno` the kernelspec starts: a link to, or copy of, the `deno` running the task. */
export const VENV_DENO: string = join(VENV_BIN, WINDOWS ? "deno.exe" : "deno");
/** Where Jupyter looks for this project's kernelspec (put first on JUPYTER_PATH). */
export const JUPYTER_DATA: string = join(VENV, "share", "jupyter");
/** Name of the kernelspec the notebooks use. */
export const KERNEL_NAME = "deno";
/** Display name of the kernelspec, as JupyterLab's launcher and kernel picker show it. */
export const KERNEL_DISPLAY_NAME = "Deno (emlab)";

/** Thrown when set-up cannot continue; the message says what to install or do. */
export class SetupError extends Error {
  /** @param message What went wrong and what to do about it. */
  constructor(message: string) {
    super(message);
    this.name = "SetupError";
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function output(cmd: string, args: string[]): Promise<
  { ok: boolean; stdout: string; stderr: string } | null
> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
    const d = new TextDecoder();
    return { ok: out.success, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return null;
    throw e;
  }
}

async function run(cmd: string, args: string[]): Promise<void> {
  const status = await new Deno.Command(cmd, { args, stdout: "inherit", stderr: "inherit" })
    .spawn().status;
  if (!status.success) {
    throw new SetupError(`${cmd} ${args.join(" ")} failed with exit code ${status.code}`);
  }
}

/** Environment for Jupyter processes: this project's kernelspec comes first. */
export function jupyterEnv(): Record<string, string> {
  const path = Deno.env.get("JUPYTER_PATH");
  return {
    JUPYTER_PATH: path ? `${JUPYTER_DATA}${WINDOWS ? ";" : ":"}${path}` : JUPYTER_DATA,
  };
}

/**
 * How to install Python with its venv module on this platform (one line).
 *
 * @param os The operating system, as `Deno.build.os` names it.
 * @param osRelease The text of `/etc/os-release` on Linux (decides apt/dnf/pacman/…).
 * @returns A sentence with the install command.
 */
export function pythonInstallHint(os: string = Deno.build.os, osRelease = ""): string {
  if (os === "darwin") {
    return "On macOS: `brew install python` (or the installer from https://www.python.org/downloads/).";
  }
  if (os === "windows") {
    return "On Windows: `winget install Python.Python.3.12` (or the installer from " +
      "https://www.python.org/downloads/), then open a new terminal.";
  }
  const id = /^(?:ID|ID_LIKE)=(.*)$/gm;
  const ids = [...osRelease.matchAll(id)].flatMap((m) => (m[1] ?? "").replace(/"/g, "").split(" "));
  if (ids.some((x) => x === "debian" || x === "ubuntu")) {
    return "On Debian/Ubuntu: `sudo apt-get install python3 python3-venv`.";
  }
  if (ids.some((x) => x === "fedora" || x === "rhel" || x === "centos")) {
    return "On Fedora/RHEL: `sudo dnf install python3`.";
  }
  if (ids.some((x) => x === "arch")) return "On Arch: `sudo pacman -S python`.";
  if (ids.some((x) => x === "alpine")) return "On Alpine: `sudo apk add python3`.";
  if (ids.some((x) => x === "opensuse" || x === "suse")) {
    return "On openSUSE: `sudo zypper install python3`.";
  }
  return "Install Python 3.9 or newer with its venv module from your package manager " +
    "(Debian/Ubuntu: `sudo apt-get install python3 python3-venv`).";
}

async function hint(): Promise<string> {
  let release = "";
  if (Deno.build.os === "linux") {
    try {
      release = await Deno.readTextFile("/etc/os-release");
    } catch { /* unknown distribution: generic hint */ }
  }
  return pythonInstallHint(Deno.build.os, release);
}

/**
 * Find a Python ≥ 3.9 that has the `venv` and `ensurepip` modules.
 * `EMLAB_PYTHON` overrides the search.
 *
 * @returns The command that runs it (e.g. `python3`).
 * @throws {SetupError} naming what is missing and how to install it.
 */
export async function findPython(): Promise<string> {
  const override = Deno.env.get("EMLAB_PYTHON");
  const candidates = override ? [override] : WINDOWS ? ["python", "py"] : ["python3", "python"];
  const probe = "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])";
  let found: { cmd: string; stderr: string } | null = null;
  for (const cmd of candidates) {
    const out = await output(cmd, ["-c", probe]);
    if (out === null) continue;
    if (out.ok) {
      const [major = 0, minor = 0] = out.stdout.trim().split(".").map(Number);
      if (major === 3 && minor >= 9) return cmd;
      found ??= { cmd, stderr: `it is Python ${out.stdout.trim()}, emlab needs 3.9 or newer` };
    } else {
      const missing = /No module named '?(\w+)/.exec(out.stderr)?.[1];
      found ??= {
        cmd,
        stderr: missing
          ? `it has no \`${missing}\` module (needed to create the project's venv)`
          : out.stderr.trim().split("\n").at(-1) ?? "it did not run",
      };
    }
  }
  if (found) {
    throw new SetupError(
      `Python 3.9+ with its venv module is needed to install JupyterLab into .venv/, ` +
        `but \`${found.cmd}\` cannot be used: ${found.stderr}.\n${await hint()}`,
    );
  }
  throw new SetupError(
    `Python 3.9+ (\`python3\`) is needed to install JupyterLab into .venv/, and none was found ` +
      `on PATH.\n${await hint()}\n(Or set EMLAB_PYTHON to the Python to use.)`,
  );
}

/**
 * Run `pip install` and show its progress on one line: on a terminal the
 * line is redrawn with the package being collected or installed, elsewhere
 * one line is printed at the end. pip's full output is shown only when it fails.
 */
async function pipInstall(args: string[], log: (s: string) => void): Promise<void> {
  const tty = Deno.stdout.isTerminal();
  const t0 = performance.now();
  const child = new Deno.Command(VENV_PYTHON, {
    args: ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", ...args],
    stdout: "piped",
    stderr: "piped",
    env: { PYTHONUNBUFFERED: "1" },
  }).spawn();
  const encoder = new TextEncoder();
  let collected = 0;
  let transcript = "";
  const show = (text: string) => {
    if (tty) Deno.stdout.writeSync(encoder.encode(`\r\x1b[K    ${text.slice(0, 100)}`));
  };
  const read = async (stream: ReadableStream<Uint8Array>) => {
    let pending = "";
    const decoder = new TextDecoder();
    for await (const bytes of stream) {
      const chunk = decoder.decode(bytes, { stream: true });
      transcript += chunk;
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        // "Collecting jupyterlab==4.6.4" from an index, "Processing /…/jupyterlab-4.6.4-….whl" from files
        const found = /^(?:Collecting|Processing) (\S+)/.exec(line)?.[1];
        if (found) {
          const name = found.split(/[\\/]/).at(-1)!.split(/-\d|==|>=|<|\[/)[0];
          show(`pip: collecting package ${++collected}: ${name}`);
        } else if (line.startsWith("Installing collected packages")) {
          show(`pip: installing ${collected} packages (the longest step) …`);
        }
      }
    }
  };
  const [status] = await Promise.all([child.status, read(child.stdout), read(child.stderr)]);
  if (tty) Deno.stdout.writeSync(encoder.encode("\r\x1b[K"));
  if (!status.success) {
    console.error(transcript.trim().split("\n").slice(-30).join("\n"));
    throw new SetupError(`pip install failed with exit code ${status.code}`);
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  log(`installed ${collected} Python packages in ${seconds} s`);
}

/** Create the venv and install the pinned Python packages, unless already done. */
export async function ensureVenv(
  log: (s: string) => void = (s) => console.error(`emlab: ${s}`),
): Promise<void> {
  const pinned = await Deno.readTextFile(join(ROOT, "tools", "requirements.txt"));
  // What the venv holds: the pinned packages, less the slow imports below.
  const requirements = `${pinned}# without: ${SLOW_IMPORTS.join(" ")}\n`;
  const stamp = join(VENV, ".emlab-requirements");
  if (
    await exists(VENV_PYTHON) && (await exists(stamp)) &&
    (await Deno.readTextFile(stamp)) === requirements
  ) {
    return;
  }
  if (!(await exists(VENV_PYTHON))) {
    const python = await findPython();
    log(`creating a Python venv in ${VENV} (first run only)`);
    try {
      await run(python, ["-m", "venv", VENV]);
    } catch (e) {
      // A half-made venv (no pip) would break every later run: remove it.
      await Deno.remove(VENV, { recursive: true }).catch(() => {});
      throw new SetupError(
        `Could not create a Python venv in ${VENV} (${(e as Error).message}).\n${await hint()}`,
      );
    }
  }
  log("installing JupyterLab and nbclient into the venv with pip (first run only, about a minute)");
  try {
    await pipInstall(["-r", join(ROOT, "tools", "requirements.txt")], log);
  } catch (e) {
    throw new SetupError(
      `Installing JupyterLab into ${VENV} failed (${(e as Error).message}). Check the network ` +
        "connection to PyPI (or pip's proxy settings) and run the command again; delete .venv/ " +
        "to start the set-up from scratch.",
    );
  }
  // jsonschema (under nbformat and the server) imports rfc3987-syntax when it is installed,
  // only to check the "iri" string format, which no notebook or server schema here relies on;
  // its import builds a grammar that costs over 2 s of CPU on every start of nbconvert, of a
  // headless run and of the lab. jupyter-events asks for it through an extra; without it
  // jsonschema leaves that one format unchecked.
  await run(VENV_PYTHON, ["-m", "pip", "uninstall", "--yes", "--quiet", ...SLOW_IMPORTS]);
  await Deno.writeTextFile(stamp, requirements);
}

/** Python packages the venv goes without: their import is slow and nothing here needs them. */
export const SLOW_IMPORTS: readonly string[] = ["rfc3987-syntax"];

/**
 * Whether a path lies in a cache that may be deleted at any time: npx's
 * package cache (`…/_npx/…`), npm's cache, or the temporary folder.
 *
 * @param path An absolute path.
 * @returns `true` when a kernelspec must not point at it.
 */
export function isTransientPath(path: string): boolean {
  const p = resolve(path);
  const parts = p.split(/[\\/]+/);
  if (parts.includes("_npx") || parts.includes("_cacache")) return true;
  const tmp = resolve(tmpdir());
  return p === tmp || p.startsWith(tmp + sep);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [sa, sb] = await Promise.all([Deno.stat(a), Deno.stat(b)]);
    return sa.ino !== null && sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/**
 * Make {@link VENV_DENO} run the same Deno as the one running this task.
 *
 * A `deno` installed for good (`~/.deno/bin`, Homebrew, `npm install -g`) is
 * symlinked, so upgrading it upgrades the kernel too. A `deno` that lives in
 * a cache (`npx deno@… task lab` runs it from `~/.npm/_npx/…`, which npm may
 * delete at any time) is hard-linked, or copied when that is not possible, so
 * the kernel keeps working after the cache is gone.
 *
 * @returns The path to write into the kernelspec.
 */
export async function ensureKernelDeno(log: (s: string) => void = console.error): Promise<string> {
  const exec = await Deno.realPath(Deno.execPath());
  if (await sameFile(exec, VENV_DENO)) return VENV_DENO;
  // A copy made earlier from this same binary: nothing to do.
  const info = await Deno.stat(exec);
  const source = JSON.stringify([exec, info.size, info.mtime?.getTime() ?? null]);
  const stamp = `${VENV_DENO}.source`;
  const copied = await Deno.readTextFile(stamp).catch(() => "");
  if (copied === source && (await Deno.stat(VENV_DENO).catch(() => null))?.size === info.size) {
    return VENV_DENO;
  }
  await Deno.mkdir(VENV_BIN, { recursive: true });
  const staged = `${VENV_DENO}.${Deno.pid}.new`;
  await Deno.remove(staged).catch(() => {});
  if (!WINDOWS && !isTransientPath(exec)) {
    await Deno.symlink(exec, staged);
  } else {
    try {
      await Deno.link(exec, staged);
    } catch {
      log(`emlab: copying ${exec} to ${VENV_DENO} for the Jupyter kernel`);
      await Deno.copyFile(exec, staged);
      if (!WINDOWS) await Deno.chmod(staged, 0o755);
      await Deno.rename(staged, VENV_DENO);
      await Deno.writeTextFile(stamp, source);
      return VENV_DENO;
    }
  }
  await Deno.rename(staged, VENV_DENO);
  await Deno.remove(stamp).catch(() => {});
  return VENV_DENO;
}

/** Write the Deno kernelspec into the venv, pointing at {@link VENV_DENO}. */
export async function ensureKernelspec(): Promise<string> {
  const deno = await ensureKernelDeno();
  const dir = join(JUPYTER_DATA, "kernels", KERNEL_NAME);
  await writeJson(join(dir, "kernel.json"), kernelSpec(deno));
  return dir;
}

/**
 * Find a Chromium or Chrome to drive in the browser tests. `EMLAB_CHROMIUM`
 * overrides the search; nothing is ever downloaded.
 *
 * @returns The executable's path, or `null` when none is installed.
 */
export async function findChromium(): Promise<string | null> {
  const override = Deno.env.get("EMLAB_CHROMIUM");
  if (override) return override;
  const candidates = Deno.build.os === "darwin"
    ? [
      "/Applications/Chromium.app/Contents/MacOS/Chromium",
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ]
    : [
      "/usr/bin/chromium",
      "/usr/bin/chromium-browser",
      "/snap/bin/chromium",
      "/usr/bin/google-chrome",
      "/usr/bin/google-chrome-stable",
    ];
  for (const path of candidates) {
    if (await exists(path)) return path;
  }
  return null;
}
