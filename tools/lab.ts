/**
 * `deno task lab`: open the notebooks in JupyterLab with one command.
 *
 * The first run creates `.venv/` with the pinned JupyterLab and writes a
 * kernelspec for this project's Deno into it; later runs skip both and start
 * in a few seconds. JupyterLab serves a working copy of `notebooks/` in
 * `.lab/` (see `working_copy.ts`), so saving in the lab never changes the
 * committed notebooks, on 127.0.0.1 only, with Jupyter's token
 * authentication on; the URL with the token is printed. Each stage of the
 * start prints one line.
 *
 * The same code starts JupyterLab for the browser test ({@link startLab}).
 *
 * @module
 */
import { LAB_OVERRIDES as KIT_OVERRIDES, writeJson, writePageConfig } from "./kernelspec.ts";
import { join, relative } from "node:path";
import {
  ensureKernelspec,
  ensureVenv,
  JUPYTER_DATA,
  jupyterEnv,
  KERNEL_DISPLAY_NAME,
  ROOT,
  SetupError,
  VENV,
  VENV_PYTHON,
} from "./setup.ts";
import {
  describeSync,
  MANIFEST_NAME,
  NOTEBOOKS,
  syncWorkingCopy,
  WORKING_COPY,
} from "./working_copy.ts";
import { CHART_SCALE_ENV, parseChartScale } from "../lib/plot/_scale.ts";
import { buildSolutions, SOLUTIONS_DIR } from "./build_notebooks.ts";
import { ensureExplorable, EXPLORABLE_JA } from "./export_explorable.ts";

/** The working copy of the lecturer's notebooks (`--solutions`), git-ignored. */
export const SOLUTIONS_COPY: string = join(ROOT, ".lab-solutions");

export { NOTEBOOKS, WORKING_COPY };
/** The port tried first when none is given. */
export const DEFAULT_PORT = 8888;

const HELP = `deno task lab [options] [-- jupyter-lab options]

Open emlab's notebooks in JupyterLab. The first run creates .venv/ with
JupyterLab (pinned in tools/requirements.txt) and registers the kernel
"${KERNEL_DISPLAY_NAME}" inside it; later runs skip that. JupyterLab listens
on 127.0.0.1 only, with token authentication; open the printed URL.

The lab serves a working copy of notebooks/ in .lab/ (git-ignored): what you
run, edit and save there never changes the committed notebooks. Your edits are
kept from one run to the next. When notebooks/ changes (git pull), new files
are copied in, notebooks you have not edited are updated (their outputs are
dropped), and edited ones are kept and listed.

Options:
  --fresh         Reset the working copy: delete .lab/ (your edits and outputs
                  there) and copy notebooks/ anew.
  --solutions     The lecturer's notebooks, exercises solved: build them into
                  notebooks-solutions/ and serve a working copy of those in
                  .lab-solutions/ (both git-ignored; --fresh resets that copy).
  --scale <f>     Draw every chart f times as large, e.g. 1.5 on a projector
                  (0.25 to 4; sets ${CHART_SCALE_ENV} for the notebooks).
  --port <n>      Port to listen on (default: ${DEFAULT_PORT}, or the next free one;
                  with --port the given port must be free).
  --no-browser    Do not open a browser; just print the URL.
  -h, --help      Show this help.
  --              Everything after it goes to \`jupyter lab\` unchanged,
                  e.g. \`deno task lab -- --log-level=INFO\`.

Stop JupyterLab with Ctrl-C. Without Deno installed, use
\`npx -y deno@2.9.6 task lab\` with the same options.
Environment: EMLAB_PYTHON picks the Python that creates .venv/ (default python3);
EMLAB_VENV uses that venv instead of .venv/ (one set up before, shared by copies);
EMLAB_FRAME_DELAY sets the milliseconds between animation frames (0: no pause);
${CHART_SCALE_ENV} scales every chart, as --scale does (which wins).`;

/** Options of {@link startLab}. */
export interface LabOptions {
  /**
   * Port to listen on; `0` picks a free one.
   * @default the first free port from 8888 on
   */
  port?: number;
  /**
   * Open the user's browser.
   * @default false
   */
  openBrowser?: boolean;
  /**
   * Folder to serve.
   * @default WORKING_COPY
   */
  root?: string;
  /**
   * Extra arguments for `jupyter lab`.
   * @default []
   */
  args?: string[];
  /**
   * Extra environment variables for JupyterLab and its kernels.
   * @default {}
   */
  env?: Record<string, string>;
  /**
   * Write JupyterLab's output to this file instead of this process's stdout/stderr.
   * @default undefined
   */
  logFile?: string;
  /**
   * How long to wait for JupyterLab to answer, in milliseconds.
   * @default 120000
   */
  timeoutMs?: number;
}

/** A running JupyterLab started by {@link startLab}. */
export interface Lab {
  /** The URL to open, token included: `http://127.0.0.1:<port>/lab?token=…`. */
  url: string;
  /** The server's base URL, `http://127.0.0.1:<port>/`. */
  baseUrl: string;
  /** The token the server accepts. */
  token: string;
  /** The port it listens on. */
  port: number;
  /** The `jupyter lab` process. */
  process: Deno.ChildProcess;
  /** Stop the server, its kernels and every process it started. */
  close(): Promise<void>;
}

/**
 * JupyterLab defaults for this project's venv only (`overrides.json`): no
 * prompt about Jupyter news and no update checks, so a first-time user sees
 * the notebooks and nothing else. Users can still change both in Settings.
 */
const LAB_OVERRIDES = {
  ...KIT_OVERRIDES,
  // The explorable (out/explorable.html, linked from the notebooks) is a page that runs EM in its
  // script; JupyterLab's HTML viewer runs scripts only in pages it trusts.
  "@jupyterlab/htmlviewer-extension:plugin": { trustByDefault: true },
};

/** Run the one-time set-up: the venv with JupyterLab and the Deno kernelspec. */
export async function prepareLab(
  log: (s: string) => void = (s) => console.error(`emlab: ${s}`),
): Promise<void> {
  await ensureVenv(log);
  await registerKernel();
}

/** The kernelspec, JupyterLab's defaults and its page config for this project's venv. */
async function registerKernel(): Promise<void> {
  await ensureKernelspec();
  await writePageConfig(VENV);
  await writeJson(join(JUPYTER_DATA, "lab", "settings", "overrides.json"), LAB_OVERRIDES);
}

function portFree(port: number): boolean {
  try {
    const l = Deno.listen({ hostname: "127.0.0.1", port });
    l.close();
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse || e instanceof Deno.errors.PermissionDenied) {
      return false;
    }
    throw e;
  }
}

/**
 * A port on 127.0.0.1 that is free now.
 *
 * @param preferred The first port to try; `0` asks the OS for any free port.
 * @param tries How many consecutive ports to try from `preferred` on.
 * @returns The port.
 */
export function freePort(preferred = DEFAULT_PORT, tries = 50): number {
  if (preferred === 0) {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = l.addr as Deno.NetAddr;
    l.close();
    return port;
  }
  for (let port = preferred; port < preferred + tries; port++) {
    if (portFree(port)) return port;
  }
  throw new SetupError(
    `No free port in ${preferred}–${preferred + tries - 1}; pass another one with --port <n>.`,
  );
}

/**
 * Starts `jupyter lab` in Python, in a process group of its own, so a
 * terminal's Ctrl-C reaches only `deno task lab`, which then stops the server
 * and its kernels in order ({@link Lab.close}). When the process that started
 * it is gone (killed), it ends its kernels (they run in sessions of their
 * own and would outlive it) and stops itself, so a killed `deno task lab` or
 * test run never leaves a server or kernels behind.
 */
const LAUNCHER = `
import os, signal, sys, threading, time
parent = os.getppid()
if hasattr(os, "setpgid"):
    os.setpgid(0, 0)
def children():
    found = []
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        try:
            with open("/proc/%s/stat" % name) as f:
                stat = f.read()
            if int(stat[stat.rindex(")") + 2:].split()[1]) == os.getpid():
                found.append(int(name))
        except (OSError, ValueError):
            pass
    return found
def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    for pid in children():
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    os.kill(os.getpid(), signal.SIGTERM)
threading.Thread(target=watch, daemon=True).start()
sys.argv[0] = "jupyter-lab"
from jupyterlab.labapp import main
sys.exit(main())
`;

/**
 * Lines of JupyterLab's and the kernels' output that tell a lecturer nothing
 * to act on, matched after colour codes are removed. Everything else is
 * passed through: warnings, errors, tracebacks, a kernel that died.
 */
const LAB_NOISE: readonly RegExp[] = [
  // Every kernel start: Deno's notice that the `deno jupyter` subcommand is unstable.
  /^Warning "deno jupyter" is unstable and might change in the future\.$/,
  // Opening a notebook whose outputs were not signed on this machine: JupyterLab
  // trusts them again when its cells run.
  /^\[W [^\]]*\] Notebook .+ is not trusted$/,
  // jupyter_server's own websocket ping defaults, at the first kernel connection.
  /^\[W [^\]]*\] The websocket_ping_timeout \(\d+\) cannot be longer than the websocket_ping_interval \(\d+\)\.$/,
  /^\s*Setting websocket_ping_timeout=\d+$/,
  // A cell stopped with ■ (Interrupt): the kernel notes that its evaluation was terminated
  // (or, stopped after an \`await\`, that the cell's promise was collected).
  /^CDP response has null result\. Full response: .*"(Execution was terminated|Promise was collected)"/,
];

/**
 * Whether a line of the lab's terminal output is routine noise that
 * `deno task lab` does not show (see the README's lab section).
 *
 * @param line One line, without its newline.
 * @returns `true` to drop it.
 */
export function isLabNoise(line: string): boolean {
  // deno-lint-ignore no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, "").trimEnd();
  return LAB_NOISE.some((re) => re.test(plain));
}

/** Copy a stream to `sink` line by line, leaving out {@link isLabNoise} lines. */
async function filterLines(
  stream: ReadableStream<Uint8Array>,
  sink: { write(p: Uint8Array): Promise<number> },
): Promise<void> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = "";
  const emit = async (lines: string[]) => {
    const kept = lines.filter((l) => !isLabNoise(l));
    if (kept.length) await writeAll(sink, encoder.encode(kept.map((l) => `${l}\n`).join("")));
  };
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    await emit(lines);
  }
  pending += decoder.decode();
  if (pending) await emit([pending]);
}

async function writeAll(
  sink: { write(p: Uint8Array): Promise<number> },
  bytes: Uint8Array,
): Promise<void> {
  for (let done = 0; done < bytes.length;) done += await sink.write(bytes.subarray(done));
}

function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Linux only: the process ids of `pid`'s descendants (with start times, to avoid reused ids). */
async function descendants(pid: number): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  if (Deno.build.os !== "linux") return found;
  const parent = new Map<number, number>();
  const start = new Map<number, string>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(entry.name), Number(fields[1]));
      start.set(Number(entry.name), fields[19] ?? "");
    } catch { /* the process ended meanwhile */ }
  }
  let frontier = [pid];
  while (frontier.length) {
    const next: number[] = [];
    for (const [child, ppid] of parent) {
      if (frontier.includes(ppid) && !found.has(child)) {
        found.set(child, start.get(child) ?? "");
        next.push(child);
      }
    }
    frontier = next;
  }
  return found;
}

async function killLeftovers(procs: Map<number, string>): Promise<void> {
  for (const [pid, started] of procs) {
    try {
      const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[19] === started) Deno.kill(pid, "SIGKILL");
    } catch { /* already gone */ }
  }
}

function timeout(ms: number): Promise<"timeout"> {
  return new Promise((resolve) => setTimeout(() => resolve("timeout"), ms));
}

/**
 * Start JupyterLab on 127.0.0.1 with token authentication, serving the
 * notebooks with this project's Deno kernel, and wait until it answers.
 * Call {@link prepareLab} first.
 *
 * @param options Port, browser, folder, extra arguments and environment.
 * @returns The running server; `close()` it when done.
 */
export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const chosen = options.port;
  if (chosen !== undefined && chosen !== 0 && !portFree(chosen)) {
    throw new SetupError(`Port ${chosen} is in use; pick another with --port <n>.`);
  }
  // A port found free can be taken by another server (a second lab, a test
  // running beside this one) before JupyterLab binds it: then try another.
  for (let attempt = 1;; attempt++) {
    const port = chosen === undefined
      ? freePort(DEFAULT_PORT)
      : chosen === 0
      ? freePort(0)
      : chosen;
    try {
      return await launchLab(port, options);
    } catch (e) {
      if (!(e instanceof PortTakenError) || chosen || attempt >= 5) throw e;
    }
  }
}

/** JupyterLab exited before it was ready because another process took its port meanwhile. */
class PortTakenError extends SetupError {}

async function launchLab(port: number, options: LabOptions): Promise<Lab> {
  const token = Deno.env.get("JUPYTER_TOKEN") || newToken();
  const baseUrl = `http://127.0.0.1:${port}/`;
  const root = options.root ?? WORKING_COPY;
  if (!(await Deno.stat(root).then((s) => s.isDirectory, () => false))) {
    throw new SetupError(`${root} is not a folder: nothing to serve.`);
  }
  const args = [
    "-c",
    LAUNCHER,
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.root_dir=${root}`,
    `--ServerApp.open_browser=${options.openBrowser ? "True" : "False"}`,
    "--ServerApp.answer_yes=True", // one Ctrl-C stops the server
    "--log-level=WARN",
    "--LabApp.log_level=WARN",
    // No language-server probes (R, Julia, …) at start: the Deno kernel does not use them.
    "--LanguageServerManager.autodetect=False",
    ...(Deno.uid() === 0 ? ["--ServerApp.allow_root=True"] : []), // containers, CI
    ...(options.args ?? []),
  ];
  const log = options.logFile
    ? await Deno.open(options.logFile, { write: true, create: true, truncate: true })
    : null;
  const child = new Deno.Command(VENV_PYTHON, {
    args,
    cwd: root,
    env: { ...jupyterEnv(), ...(options.env ?? {}), JUPYTER_TOKEN: token },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const pumps: Promise<void>[] = [];
  if (log) {
    const writer = log;
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) await writeAll(writer, chunk);
    };
    pumps.push(pump(child.stdout), pump(child.stderr));
  } else {
    // The kernels write to the server's stdout and stderr too: both pass through the filter.
    pumps.push(
      filterLines(child.stdout, Deno.stdout).catch(() => {}),
      filterLines(child.stderr, Deno.stderr).catch(() => {}),
    );
  }
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const procs = await descendants(child.pid);
      if (!exited) {
        // Ask the server to stop: it shuts its kernels down cleanly.
        await fetch(`${baseUrl}api/shutdown`, {
          method: "POST",
          headers: { Authorization: `token ${token}` },
          signal: AbortSignal.timeout(5000),
        }).then((r) => r.body?.cancel()).catch(() => {});
        if (await Promise.race([status, timeout(10_000)]) === "timeout") {
          try {
            child.kill("SIGTERM");
          } catch { /* gone */ }
          if (await Promise.race([status, timeout(5_000)]) === "timeout") {
            try {
              child.kill("SIGKILL");
            } catch { /* gone */ }
            await status;
          }
        }
      }
      await killLeftovers(procs);
      await Promise.allSettled(pumps);
      log?.close();
    })();
    return closing;
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (true) {
    if (exited) {
      await close();
      const s = await status;
      if (!portFree(port)) {
        throw new PortTakenError(`Port ${port} was taken before JupyterLab could listen on it.`);
      }
      throw new SetupError(
        `JupyterLab exited with code ${s.code} before it was ready` +
          (options.logFile ? ` (log: ${options.logFile})` : "") + ".",
      );
    }
    try {
      const res = await fetch(`${baseUrl}lab`, {
        headers: { Authorization: `token ${token}` },
        // Another server on this port sends a token-less request to its login page: not ready.
        redirect: "manual",
        signal: AbortSignal.timeout(2000),
      });
      await res.body?.cancel();
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await close();
      throw new SetupError(`JupyterLab did not answer on ${baseUrl} in time.`);
    }
    await timeout(100);
  }
  return { url: `${baseUrl}lab?token=${token}`, baseUrl, token, port, process: child, close };
}

/** Parsed command line of `deno task lab`. */
export interface LabArgs {
  /** `--help` was given. */
  help: boolean;
  /** `--port <n>`, or `undefined`. */
  port?: number;
  /** `false` with `--no-browser`. */
  openBrowser: boolean;
  /** `--fresh`: reset the working copy. */
  fresh: boolean;
  /** `--scale <f>`, or `undefined`. */
  scale?: number;
  /** `--solutions`: serve the lecturer's notebooks (set only when given). */
  solutions?: true;
  /** Arguments after `--`, for `jupyter lab`. */
  passThrough: string[];
}

/**
 * Parse `deno task lab`'s arguments.
 *
 * @param argv The arguments, without the program name.
 * @returns The parsed options.
 * @throws {SetupError} for an unknown option or a bad port.
 */
export function parseLabArgs(argv: string[]): LabArgs {
  const out: LabArgs = { help: false, openBrowser: true, fresh: false, passThrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.passThrough = argv.slice(i + 1);
      break;
    } else if (a === "-h" || a === "--help") {
      out.help = true;
    } else if (a === "--no-browser") {
      out.openBrowser = false;
    } else if (a === "--fresh") {
      out.fresh = true;
    } else if (a === "--solutions") {
      out.solutions = true;
    } else if (a === "--scale" || a.startsWith("--scale=")) {
      const value = a === "--scale" ? argv[++i] : a.slice("--scale=".length);
      try {
        out.scale = parseChartScale(value ?? "", "--scale");
      } catch (e) {
        throw new SetupError((e as Error).message);
      }
      if (value === undefined || value.trim() === "") {
        throw new SetupError("--scale expects a number from 0.25 to 4, e.g. --scale 1.5.");
      }
    } else if (a === "--port" || a.startsWith("--port=")) {
      const value = a === "--port" ? argv[++i] : a.slice("--port=".length);
      const port = Number(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new SetupError(
          `--port expects an integer from 1 to 65535, got ${JSON.stringify(value ?? "")}.`,
        );
      }
      out.port = port;
    } else {
      throw new SetupError(
        `Unknown option ${JSON.stringify(a)}; see \`deno task lab --help\` ` +
          "(put options for jupyter lab after `--`).",
      );
    }
  }
  const blocked = out.passThrough.find((a) => /^--(ServerApp\.)?ip\b|token\b|password\b/i.test(a));
  if (blocked) {
    throw new SetupError(
      `${blocked}: emlab's lab listens on 127.0.0.1 with a token only; ` +
        "run .venv/bin/jupyter lab yourself for other set-ups.",
    );
  }
  return out;
}

/**
 * The environment the lab gives JupyterLab and its kernels: `--scale` as
 * `EMLAB_CHART_SCALE` (nothing when not given, so the user's own setting
 * stays in force).
 *
 * @param args The parsed command line.
 * @returns Variables to add to the environment.
 */
export function labEnv(args: Pick<LabArgs, "scale">): Record<string, string> {
  return args.scale === undefined ? {} : { [CHART_SCALE_ENV]: String(args.scale) };
}

/** Run `deno cache` on what the notebooks import, with extra arguments. */
async function denoCache(extra: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["cache", "--quiet", ...extra, join(ROOT, "lib", "mod.ts")],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new SetupError(
      `Fetching the notebooks' packages failed:\n${new TextDecoder().decode(out.stderr).trim()}\n` +
        "Check the network connection to registry.npmjs.org and run the command again.",
    );
  }
}

/**
 * The npm packages of `deno.json`'s imports whose registry information is
 * not in Deno's cache. The kernel looks every one of them up when it starts
 * and, without that information cached, downloads it again at every start
 * (Deno 2.9: one `Download https://registry.npmjs.org/…` line per package),
 * although the packages themselves are cached and locked.
 *
 * @returns Package names, e.g. `["@observablehq/plot", "gifenc"]`.
 */
export async function uncachedRegistryInfo(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  const names = Object.values(config.imports as Record<string, string>)
    .map((spec) => /^npm:\/?(@?[^@/]+(?:\/[^@/]+)?)@/.exec(spec)?.[1])
    .filter((name): name is string => name !== undefined);
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).output();
  const npmCache: string | undefined = info.success
    ? JSON.parse(new TextDecoder().decode(info.stdout)).npmCache
    : undefined;
  if (!npmCache) return names;
  const registries: string[] = [];
  try {
    for await (const entry of Deno.readDir(npmCache)) {
      if (entry.isDirectory) registries.push(join(npmCache, entry.name));
    }
  } catch { /* no npm cache yet: everything is missing */ }
  const missing: string[] = [];
  for (const name of names) {
    let found = false;
    for (const registry of registries) {
      if (await Deno.stat(join(registry, name, "registry.json")).then(() => true, () => false)) {
        found = true;
        break;
      }
    }
    if (!found) missing.push(name);
  }
  return missing;
}

/**
 * Fetch what the notebooks import (`lib/mod.ts` and its npm packages) into
 * Deno's cache, with the registry information the kernel reads at its start
 * (see {@link uncachedRegistryInfo}), so that starting a kernel downloads nothing.
 */
async function cacheNotebookModules(): Promise<void> {
  await denoCache([]);
  const missing = await uncachedRegistryInfo();
  if (missing.length) await denoCache([`--reload=${missing.map((n) => `npm:${n}`).join(",")}`]);
}

async function main(): Promise<number> {
  const t0 = performance.now();
  let args: LabArgs;
  try {
    args = parseLabArgs(Deno.args);
  } catch (e) {
    console.error(`emlab: ${(e as Error).message}`);
    return 2;
  }
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const here = (p: string) => relative(Deno.cwd(), p) || ".";
  const stage = (n: number, text: string) => console.log(`${n}/5 ${text}`);
  let lab: Lab;
  try {
    stage(1, `JupyterLab in ${here(VENV)}/ (pinned in tools/requirements.txt)`);
    await ensureVenv((line) => console.log(`    ${line}`));
    stage(2, `Registering the kernel "${KERNEL_DISPLAY_NAME}" inside ${here(VENV)}/`);
    await registerKernel();
    stage(3, "Fetching the notebooks' packages (Observable Plot, linkedom, resvg) if needed");
    await cacheNotebookModules();
    const source = args.solutions ? SOLUTIONS_DIR : NOTEBOOKS;
    const copy = args.solutions ? SOLUTIONS_COPY : WORKING_COPY;
    if (args.solutions) {
      console.log(`    building the lecturer's notebooks into ${here(SOLUTIONS_DIR)}/`);
      await buildSolutions();
    }
    const hasCopy = await Deno.stat(join(copy, MANIFEST_NAME)).then(
      () => true,
      () => false,
    );
    stage(
      4,
      `${args.fresh ? "Resetting" : hasCopy ? "Updating" : "Creating"} the working copy ` +
        `${here(copy)}/ from ${here(source)}/`,
    );
    const report = await syncWorkingCopy({ fresh: args.fresh, source, target: copy });
    for (const line of describeSync(report)) console.log(`    ${line}`);
    // The notebooks link to ../out/explorable.html: inside the lab that is the copy's out/.
    const explorable = join(copy, "out", "explorable.html");
    if (await ensureExplorable(explorable)) {
      console.log(`    built the explorable ${here(explorable)}`);
    }
    // The Japanese notebooks link its Japanese edition: JupyterLab opens a link's file by its
    // path, so a query (?lang=ja) cannot reach the page there; this file speaks Japanese itself.
    const explorableJa = join(copy, "out", EXPLORABLE_JA);
    if (await ensureExplorable(explorableJa, "ja")) {
      console.log(`    built the explorable ${here(explorableJa)}`);
    }
    stage(5, "Starting JupyterLab on 127.0.0.1");
    lab = await startLab({
      port: args.port,
      openBrowser: args.openBrowser,
      root: copy,
      args: args.passThrough,
      env: labEnv(args),
    });
  } catch (e) {
    if (e instanceof SetupError) {
      console.error(`emlab: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const scale = args.scale ?? Deno.env.get(CHART_SCALE_ENV);
  console.log(
    `\nJupyterLab is ready (${seconds} s). Open:\n\n    ${lab.url}\n\n` +
      `Serving the working copy ${args.solutions ? SOLUTIONS_COPY : WORKING_COPY}\n` +
      `(notebooks/ stays as committed; \`deno task lab --fresh\` resets the copy), ` +
      `kernel "${KERNEL_DISPLAY_NAME}"` +
      (scale && Number(scale) !== 1 ? `, charts ×${scale}` : "") + ". Stop with Ctrl-C.\n",
  );
  // JupyterLab runs in a process group of its own and its kernels in sessions of their own, so
  // Ctrl-C reaches only this process: stop the server, then end any kernel it left running.
  let stopping = false;
  const stop = () => {
    if (!stopping) console.log("\nStopping JupyterLab and its kernels.");
    stopping = true;
    void lab.close();
  };
  const signals = Deno.build.os === "windows"
    ? (["SIGINT"] as const)
    : (["SIGINT", "SIGTERM", "SIGHUP"] as const);
  for (const sig of signals) Deno.addSignalListener(sig, stop);
  const status = await lab.process.status;
  await lab.close();
  return stopping || status.code === 130 || status.signal === "SIGINT" ? 0 : status.code;
}

if (import.meta.main) {
  Deno.exit(await main());
}
