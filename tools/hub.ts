/**
 * `deno task hub`: a JupyterHub that serves the kit to a room.
 *
 * 1. Finds JupyterHub (`jupyterhub` on PATH, or `EMLAB_JUPYTERHUB`); without
 *    one it says how to install it.
 * 2. Makes the students' JupyterLab: a venv in `.hub/venv` built on the
 *    hub's own Python (so `jupyterhub.singleuser` comes from the hub's
 *    install), with the project's pinned JupyterLab (`tools/requirements.txt`).
 * 3. Registers the Deno kernel "Deno (emlab)" inside that venv: every student
 *    gets it.
 * 4. Fetches the notebooks' packages once into the Deno cache the students'
 *    kernels share.
 * 5. Starts `jupyterhub -f tools/hub/jupyterhub_config.py`. Before a
 *    student's server starts, the hub brings that student's own working copy
 *    of the notebooks up to date (`tools/hub_copy.ts`).
 *
 * Ctrl-C stops the hub, which stops every student's server and their kernels.
 *
 * @module
 */
import { join } from "node:path";
import { writeKernelspec, writePageConfig } from "./kernelspec.ts";
import { freePort } from "./lab.ts";
import { findPython, ROOT, SetupError, SLOW_IMPORTS } from "./setup.ts";

/** The hub's own folder: its database, cookie secret, the students' venv (git-ignored). */
export const HUB_STATE: string = join(ROOT, ".hub");
/** The venv of the students' JupyterLab. */
export const HUB_VENV: string = join(HUB_STATE, "venv");
/** The hub's configuration file. */
export const HUB_CONFIG: string = join(ROOT, "tools", "hub", "jupyterhub_config.py");

/** Options of {@link startHub}. */
export interface HubOptions {
  /** Address to listen on. @default "127.0.0.1" */
  ip?: string;
  /** Port; `0` picks a free one. @default 8000 or the next free one */
  port?: number;
  /** Students (and admins) allowed to log in; empty: anyone with the password. */
  users?: string[];
  /** Admin user names. */
  admins?: string[];
  /** "shared" (one class password) or "pam" (the server's accounts). @default "shared" */
  auth?: "shared" | "pam";
  /** The class password of `auth: "shared"`. @default a new random one, printed */
  password?: string;
  /** "simple" (one account, homes under `homes`) or "local" (system accounts). @default "simple" */
  spawner?: "simple" | "local";
  /** Folder of the students' homes for the "simple" spawner. @default .hub/home */
  homes?: string;
  /** Per-student memory limit, e.g. "1G". */
  memLimit?: string;
  /** TLS certificate and key files. */
  sslCert?: string;
  /** TLS key file (with `sslCert`). */
  sslKey?: string;
  /** A token for an admin service (scripts and tests use the hub's API with it). */
  apiToken?: string;
  /** A Python file of extra JupyterHub settings, loaded last. */
  extraConfig?: string;
  /** Write the hub's log here instead of the terminal. */
  logFile?: string;
  /** Extra environment for the hub and the students' servers. */
  env?: Record<string, string>;
  /** Lines of progress. */
  log?: (line: string) => void;
  /** How long to wait for the hub to answer. @default 120000 */
  timeoutMs?: number;
}

/** A running hub. */
export interface Hub {
  /** The public URL. */
  url: string;
  /** The class password (shared authentication). */
  password?: string;
  /** The hub process. */
  process: Deno.ChildProcess;
  /** Seconds from the start of {@link startHub} until the hub answered. */
  startSeconds: number;
  /** Stop the hub and every student's server. */
  close(): Promise<void>;
}

async function run(cmd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new SetupError(`${cmd} ${args.join(" ")} failed:\n${text.trim()}`);
  return text;
}

/** The `jupyterhub` command and its version, or a SetupError saying how to install it. */
export async function findJupyterHub(): Promise<{ command: string; version: string }> {
  const command = Deno.env.get("EMLAB_JUPYTERHUB") || "jupyterhub";
  try {
    const version = (await run(command, ["--version"])).trim().split("\n").at(-1) ?? "";
    return { command, version };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof SetupError) {
      throw new SetupError(
        "JupyterHub is not installed. On Debian/Ubuntu: `sudo apt-get install jupyterhub`; " +
          "elsewhere `python3 -m pip install jupyterhub` (then run `deno task hub` again). " +
          "EMLAB_JUPYTERHUB may name the command.",
      );
    }
    throw e;
  }
}

/** The Python interpreter that runs `command` (from its `#!` line), or null. */
async function interpreterOf(command: string): Promise<string | null> {
  try {
    const path = (await run("sh", ["-c", `command -v "${command}"`])).trim();
    const first = (await Deno.readTextFile(path)).split("\n", 1)[0] ?? "";
    const m = /^#!\s*(\S+python[\d.]*)\s*$/.exec(first);
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The students' JupyterLab: `.hub/venv` on the hub's Python with the
 * project's pinned requirements, and `jupyterhub.singleuser` importable.
 */
export async function ensureHubVenv(hubCommand: string, log: (s: string) => void): Promise<string> {
  const python = join(HUB_VENV, "bin", "python");
  const requirements = await Deno.readTextFile(join(ROOT, "tools", "requirements.txt"));
  const stamp = join(HUB_VENV, ".emlab-requirements");
  const want = await sha256(requirements + hubCommand + SLOW_IMPORTS.join(" "));
  if ((await Deno.readTextFile(stamp).catch(() => "")) === want) return python;
  const base = (await interpreterOf(hubCommand)) ?? (await findPython());
  log(`    creating the students' venv ${HUB_VENV} on ${base} (first run only)`);
  await Deno.remove(HUB_VENV, { recursive: true }).catch(() => {});
  await run(base, ["-m", "venv", "--system-site-packages", HUB_VENV]);
  log("    installing JupyterLab into it with pip (first run only, about a minute)");
  await run(python, ["-m", "pip", "install", "-q", "-r", join(ROOT, "tools", "requirements.txt")]);
  const probe = await new Deno.Command(python, {
    args: ["-c", "import jupyterhub.singleuser"],
    stdout: "null",
    stderr: "null",
  }).output();
  if (!probe.success) {
    const version = (await run(hubCommand, ["--version"])).trim().split("\n").at(-1) ?? "";
    log(`    installing jupyterhub ${version} into it (the hub's Python has no shared site)`);
    await run(python, ["-m", "pip", "install", "-q", `jupyterhub==${version}`]);
  }
  // As in the lab's venv: without the import that costs every server start over 2 s of CPU.
  await run(python, ["-m", "pip", "uninstall", "--yes", "--quiet", ...SLOW_IMPORTS]).catch(
    () => {},
  );
  await Deno.writeTextFile(stamp, want);
  return python;
}

/** The Deno kernelspec inside the students' venv (the same kernel the lab registers). */
export async function ensureHubKernel(): Promise<string> {
  const deno = await Deno.realPath(Deno.execPath());
  const bin = join(HUB_VENV, "bin", "deno");
  await Deno.remove(bin).catch(() => {});
  await Deno.symlink(deno, bin).catch(async () => await Deno.copyFile(deno, bin));
  await writePageConfig(HUB_VENV);
  return await writeKernelspec(join(HUB_VENV, "share", "jupyter"), bin);
}

/** Fetch the notebooks' npm packages (the lock's) into the Deno cache. */
async function fetchPackages(): Promise<void> {
  await run(Deno.execPath(), ["cache", "--quiet", join(ROOT, "lib", "mod.ts")], {
    ...Deno.env.toObject(),
    DENO_NO_UPDATE_CHECK: "1",
  });
}

/** The Deno cache this process uses: the students' kernels share it (packages fetched once). */
async function denoDir(): Promise<string> {
  const info = JSON.parse(await run(Deno.execPath(), ["info", "--json"]));
  return String(info.denoDir);
}

function newSecret(bytes = 18): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

function wait(ms: number): Promise<"timeout"> {
  return new Promise((resolve) => setTimeout(() => resolve("timeout"), ms));
}

/** A process of a student's: its pid, the student and its command line. */
export interface StudentProcess {
  pid: number;
  user: string;
  cmd: string;
}

/**
 * The processes still running that belong to the students of the hub whose
 * API listens on `hubPort` (a student's server and its kernels carry the
 * hub's JUPYTERHUB_API_URL in their environment). Linux (/proc); empty
 * elsewhere.
 *
 * @example A port no hub listens on has no students
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { studentProcesses } from "./hub.ts";
 * assertEquals(await studentProcesses("1"), []);
 * ```
 */
export async function studentProcesses(hubPort: string): Promise<StudentProcess[]> {
  const found: StudentProcess[] = [];
  const api = new RegExp(`(?:^|\0)JUPYTERHUB_API_URL=[^\0]*:${hubPort}/`);
  try {
    for await (const entry of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      try {
        const environ = await Deno.readTextFile(`/proc/${entry.name}/environ`);
        if (!api.test(environ)) continue;
        const stat = await Deno.readTextFile(`/proc/${entry.name}/stat`);
        if (/^\d+ \(.*\) Z/.test(stat)) continue; // ended, not yet reaped
        const user = /(?:^|\0)JUPYTERHUB_USER=([^\0]*)/.exec(environ)?.[1] ?? "?";
        const cmd = (await Deno.readTextFile(`/proc/${entry.name}/cmdline`)).replaceAll("\0", " ");
        found.push({ pid: Number(entry.name), user, cmd: cmd.trim() });
      } catch { /* ended meanwhile, or not ours to read */ }
    }
  } catch { /* no /proc */ }
  return found;
}

/**
 * Stop what a hub's students left running after the hub stopped: a kernel
 * whose server was stopped before it had shut the kernel down runs on in a
 * session of its own (and keeps the hub's log pipe open). SIGTERM, then
 * SIGKILL after 5 s. Returns what it stopped.
 */
export async function stopStudentProcesses(hubPort: string): Promise<StudentProcess[]> {
  const left = await studentProcesses(hubPort);
  const signal = (pid: number, sig: Deno.Signal) => {
    try {
      Deno.kill(pid, sig);
    } catch { /* already gone */ }
  };
  for (const p of left) signal(p.pid, "SIGTERM");
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && (await studentProcesses(hubPort)).length > 0) await wait(100);
  for (const p of await studentProcesses(hubPort)) signal(p.pid, "SIGKILL");
  return left;
}

/**
 * Set up and start the hub; resolves once its login page answers.
 *
 * @param options Address, users, authentication, spawner, limits.
 * @returns The running hub; `close()` stops it with every student's server.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const t0 = performance.now();
  const log = options.log ?? ((s: string) => console.error(s));
  log("1/5 Finding JupyterHub");
  const hub = await findJupyterHub();
  log(`    ${hub.command} ${hub.version}`);
  log("2/5 The students' JupyterLab in .hub/venv/ (pinned in tools/requirements.txt)");
  await Deno.mkdir(HUB_STATE, { recursive: true });
  const python = await ensureHubVenv(hub.command, log);
  log('3/5 Registering the kernel "Deno (emlab)" for every student');
  await ensureHubKernel();
  log("4/5 Fetching the notebooks' packages (Observable Plot, linkedom, resvg) if needed");
  await fetchPackages();
  log("5/5 Starting JupyterHub");
  const ip = options.ip ?? "127.0.0.1";
  const port = options.port === undefined ? freePort(8000) : options.port || freePort(0);
  const auth = options.auth ?? "shared";
  const password = auth === "shared" ? options.password ?? newSecret(6) : undefined;
  const scheme = options.sslCert ? "https" : "http";
  const url = `${scheme}://${ip}:${port}/`;
  const hubPort = String(freePort(0));
  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    EMLAB_HUB_ROOT: ROOT,
    EMLAB_HUB_STATE: HUB_STATE,
    EMLAB_HUB_BIND_URL: url,
    EMLAB_HUB_HUB_PORT: hubPort,
    EMLAB_HUB_PROXY_API_PORT: String(freePort(0)),
    EMLAB_HUB_AUTH: auth,
    EMLAB_HUB_USERS: (options.users ?? []).join(","),
    EMLAB_HUB_ADMINS: (options.admins ?? []).join(","),
    EMLAB_HUB_SPAWNER: options.spawner ?? "simple",
    EMLAB_HUB_HOMES: options.homes ?? join(HUB_STATE, "home"),
    EMLAB_HUB_PYTHON: python,
    EMLAB_HUB_DENO: await Deno.realPath(Deno.execPath()),
    DENO_NO_UPDATE_CHECK: "1",
    ...(password ? { EMLAB_HUB_PASSWORD: password } : {}),
    ...(options.memLimit ? { EMLAB_HUB_MEM_LIMIT: options.memLimit } : {}),
    ...(options.sslCert ? { EMLAB_HUB_SSL_CERT: options.sslCert } : {}),
    ...(options.sslKey ? { EMLAB_HUB_SSL_KEY: options.sslKey } : {}),
    ...(options.apiToken ? { EMLAB_HUB_API_TOKEN: options.apiToken } : {}),
    ...(options.extraConfig ? { EMLAB_HUB_EXTRA_CONFIG: options.extraConfig } : {}),
    ...(options.env ?? {}),
  };
  env.EMLAB_HUB_DENO_DIR = await denoDir();
  const logFile = options.logFile
    ? await Deno.open(options.logFile, { write: true, create: true, truncate: true })
    : null;
  const child = new Deno.Command(hub.command, {
    args: ["-f", HUB_CONFIG],
    cwd: HUB_STATE,
    env,
    stdin: "null",
    stdout: logFile ? "piped" : "inherit",
    stderr: logFile ? "piped" : "inherit",
  }).spawn();
  const pumps: Promise<void>[] = [];
  if (logFile) {
    const pump = async (s: ReadableStream<Uint8Array>) => {
      for await (const chunk of s) await logFile.write(chunk);
    };
    pumps.push(pump(child.stdout), pump(child.stderr));
  }
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (!exited) {
        child.kill("SIGTERM"); // the hub stops every student's server (cleanup_servers)
        if (await Promise.race([status, wait(30_000)]) === "timeout") {
          child.kill("SIGKILL");
          await status;
        }
      }
      const left = await stopStudentProcesses(hubPort);
      // The log pipes close when the last process holding them ends.
      await Promise.race([Promise.allSettled(pumps), wait(10_000)]);
      if (left.length > 0) {
        const line = `emlab hub: stopped ${left.length} process(es) left running after the hub ` +
          `stopped: ${left.map((p) => `${p.user} ${p.pid} ${p.cmd}`).join("; ")}`;
        options.log?.(line);
        await logFile?.write(new TextEncoder().encode(`${line}\n`));
      }
      logFile?.close();
    })();
    return closing;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (true) {
    if (exited) {
      await close();
      throw new SetupError(
        `JupyterHub exited with code ${(await status).code} before it was ready` +
          (options.logFile ? ` (log: ${options.logFile})` : "") + ".",
      );
    }
    try {
      const res = await fetch(`${url}hub/login`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await close();
      throw new SetupError(`JupyterHub did not answer on ${url} in time.`);
    }
    await wait(200);
  }
  return {
    url,
    password,
    process: child,
    startSeconds: (performance.now() - t0) / 1000,
    close,
  };
}

const HELP = `deno task hub [options]: serve the notebooks to a room with JupyterHub

  --ip <address>       listen on this address (default 127.0.0.1; 0.0.0.0 for a room)
  --port <n>           port (default 8000 or the next free one)
  --users <a,b,…>      user names allowed to log in (default: anyone with the password)
  --admins <a,b,…>     admin user names
  --auth shared|pam    one class password (default) or the server's own accounts
  --password <p>       the class password (default: a new one, printed)
  --spawner simple|local
                       simple: every student's server runs under this account, homes
                       in --homes (default); local: under each student's own account
  --homes <dir>        homes of the simple spawner (default .hub/home)
  --mem-limit <size>   per-student memory limit, e.g. 1G (needs a spawner that enforces it)
  --ssl-cert <file>    TLS certificate (with --ssl-key): serve https
  --ssl-key <file>     TLS key
  --config <file.py>   extra JupyterHub settings, loaded last
  --help               this text
`;

/** The command line of `deno task hub`, parsed. */
export function parseHubArgs(argv: string[]): HubOptions & { help?: boolean } {
  const out: HubOptions & { help?: boolean } = {};
  const list = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new SetupError(`${flag} needs a value (deno task hub --help).`);
      return v;
    };
    switch (flag) {
      case "--help":
      case "-h":
        out.help = true;
        break;
      case "--ip":
        out.ip = value();
        break;
      case "--port": {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) {
          throw new SetupError(`--port must be a port number 0–65535, got ${JSON.stringify(v)}.`);
        }
        out.port = n;
        break;
      }
      case "--users":
        out.users = list(value());
        break;
      case "--admins":
        out.admins = list(value());
        break;
      case "--auth": {
        const v = value();
        if (v !== "shared" && v !== "pam") {
          throw new SetupError(`--auth must be shared or pam, got ${JSON.stringify(v)}.`);
        }
        out.auth = v;
        break;
      }
      case "--password":
        out.password = value();
        break;
      case "--spawner": {
        const v = value();
        if (v !== "simple" && v !== "local") {
          throw new SetupError(`--spawner must be simple or local, got ${JSON.stringify(v)}.`);
        }
        out.spawner = v;
        break;
      }
      case "--homes":
        out.homes = value();
        break;
      case "--mem-limit":
        out.memLimit = value();
        break;
      case "--ssl-cert":
        out.sslCert = value();
        break;
      case "--ssl-key":
        out.sslKey = value();
        break;
      case "--config":
        out.extraConfig = value();
        break;
      default:
        throw new SetupError(`Unknown option ${flag} (deno task hub --help lists them).`);
    }
  }
  if (Boolean(out.sslCert) !== Boolean(out.sslKey)) {
    throw new SetupError("--ssl-cert and --ssl-key go together: give both or neither.");
  }
  return out;
}

if (import.meta.main) {
  try {
    const options = parseHubArgs(Deno.args);
    if (options.help) {
      console.log(HELP);
      Deno.exit(0);
    }
    const hub = await startHub(options);
    console.log(
      `\nJupyterHub is ready (${hub.startSeconds.toFixed(1)} s). Open:\n\n    ${hub.url}\n`,
    );
    if (hub.password) console.log(`Class password: ${hub.password}\n`);
    const stop = async () => {
      console.log("Stopping the hub and every student's server…");
      await hub.close();
      Deno.exit(0);
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
    await hub.process.status;
  } catch (e) {
    if (e instanceof SetupError) {
      console.error(`emlab hub: ${e.message}`);
      Deno.exit(1);
    }
    throw e;
  }
}
