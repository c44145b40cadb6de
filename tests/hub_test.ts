/**
 * `deno task hub` for real: JupyterHub on 127.0.0.1 with five students, one of
 * them logging in through the login page in Chromium and landing in 01 in
 * JupyterLab, every student's server started, 01 run to the end through each
 * student's own Deno kernel, the working copies kept across a restart, and
 * nothing left running after the hub stops.
 *
 * Skipped without JupyterHub or Chromium (`.ci/run` installs both).
 */
import { assert, assertEquals, assertGreater, assertStringIncludes } from "@std/assert";
import { join } from "node:path";
import {
  findJupyterHub,
  type Hub,
  parseHubArgs,
  startHub,
  stopStudentProcesses,
  studentProcesses as findStudentProcesses,
} from "../tools/hub.ts";
import { freePort } from "../tools/lab.ts";
import { findChromium, ROOT } from "../tools/setup.ts";
import { launchChromium } from "./_browser.ts";
import { runRemoteNotebook } from "./_remote_kernel.ts";

const hubAvailable = await findJupyterHub().then(() => true, () => false);
const chromiumPath = await findChromium();
const ARTIFACTS = join(ROOT, "tests", "artifacts", "hub");
const STUDENTS = ["ann", "ben", "cai", "dee", "eve"];
const PASSWORD = "class-password-1";
const API_TOKEN = crypto.randomUUID().replaceAll("-", "");

/** Processes whose environment says they belong to a hub user (the servers and their kernels). */
async function studentProcesses(): Promise<
  Map<number, { user: string; rssKiB: number; cmd: string }>
> {
  const found = new Map<number, { user: string; rssKiB: number; cmd: string }>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const environ = await Deno.readTextFile(`/proc/${entry.name}/environ`);
      const user = /(?:^|\0)JUPYTERHUB_USER=([^\0]+)/.exec(environ)?.[1];
      if (!user) continue;
      const status = await Deno.readTextFile(`/proc/${entry.name}/status`);
      const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd = (await Deno.readTextFile(`/proc/${entry.name}/cmdline`)).replaceAll("\0", " ");
      found.set(Number(entry.name), { user, rssKiB, cmd });
    } catch { /* ended meanwhile, or not ours to read */ }
  }
  return found;
}

async function memoryOf(user: string): Promise<number> {
  let kib = 0;
  for (const p of (await studentProcesses()).values()) if (p.user === user) kib += p.rssKiB;
  return kib / 1024;
}

function api(hub: Hub, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${hub.url}hub/api${path}`, {
    ...init,
    headers: { Authorization: `token ${API_TOKEN}`, "Content-Type": "application/json" },
  });
}

/** Start a student's server through the hub's API; seconds until it is ready. */
async function startServer(hub: Hub, user: string): Promise<number> {
  const t0 = performance.now();
  const res = await api(hub, `/users/${user}/server`, { method: "POST" });
  await res.body?.cancel();
  assert(res.status === 201 || res.status === 202, `starting ${user}'s server: ${res.status}`);
  for (let i = 0; i < 600; i++) {
    const info = await (await api(hub, `/users/${user}`)).json();
    if (info.servers?.[""]?.ready) return (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${user}'s server did not become ready`);
}

async function stopServer(hub: Hub, user: string): Promise<void> {
  const res = await api(hub, `/users/${user}/server`, { method: "DELETE" });
  await res.body?.cancel();
  for (let i = 0; i < 240; i++) {
    const info = await (await api(hub, `/users/${user}`)).json();
    if (!info.servers?.[""]) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${user}'s server did not stop`);
}

Deno.test("a kernel a student's server left running is found by the hub's port and stopped", async () => {
  const port = String(freePort(0));
  // A process in a session of its own with a student's environment, as a
  // kernel whose server was stopped before it could shut the kernel down.
  const child = new Deno.Command("setsid", {
    args: ["sleep", "60"],
    env: { JUPYTERHUB_API_URL: `http://127.0.0.1:${port}/hub/api`, JUPYTERHUB_USER: "zed" },
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    let found: Awaited<ReturnType<typeof findStudentProcesses>> = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = await findStudentProcesses(port);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assertEquals(found.map((p) => [p.user, p.cmd]), [["zed", "sleep 60"]]);
    assertEquals(await findStudentProcesses(String(Number(port) + 1)), []);
    const stopped = await stopStudentProcesses(port);
    assertEquals(stopped.map((p) => p.user), ["zed"]);
    assertEquals(await findStudentProcesses(port), []);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* stopped */ }
    await child.status;
  }
});

Deno.test("hub options: parsed, and wrong ones named", () => {
  const o = parseHubArgs([
    "--ip",
    "0.0.0.0",
    "--port",
    "443",
    "--users",
    "a, b",
    "--mem-limit",
    "1G",
  ]);
  assertEquals([o.ip, o.port, o.users, o.memLimit], ["0.0.0.0", 443, ["a", "b"], "1G"]);
  for (
    const [argv, text] of [
      [["--port", "x"], "--port must be"],
      [["--auth", "ldap"], "--auth must be shared or pam"],
      [["--ssl-cert", "c.pem"], "--ssl-cert and --ssl-key go together"],
      [["--bogus"], "Unknown option --bogus"],
    ] as const
  ) {
    let message = "";
    try {
      parseHubArgs([...argv]);
    } catch (e) {
      message = (e as Error).message;
    }
    assertStringIncludes(message, text);
  }
});

Deno.test({
  name: "hub: five students log in, each gets a working copy and runs 01 in their own kernel",
  ignore: !(hubAvailable && chromiumPath) && !Deno.env.get("CI"),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    await Deno.mkdir(ARTIFACTS, { recursive: true });
    const homes = await Deno.makeTempDir({ prefix: "emlab-hub-homes-" });
    const leftRunning: string[] = [];
    const hub = await startHub({
      port: 0,
      users: STUDENTS,
      password: PASSWORD,
      apiToken: API_TOKEN,
      homes,
      logFile: join(ARTIFACTS, "hub.log"),
      env: { EMLAB_FRAME_DELAY: "0" },
      // What close() had to stop after the hub itself (normally nothing).
      log: (line) => line.includes("left running") && leftRunning.push(line),
    });
    const rss = async (pid: number) =>
      Number(/VmRSS:\s+(\d+)/.exec(await Deno.readTextFile(`/proc/${pid}/status`))?.[1] ?? 0) /
      1024;
    const proxyPid = Number(await Deno.readTextFile(join(ROOT, ".hub", "jupyterhub-proxy.pid")));
    const report: Record<string, unknown> = {
      hubStartSeconds: hub.startSeconds,
      servers: {},
    };
    const servers = report.servers as Record<string, Record<string, number>>;
    try {
      assert(hub.url.startsWith("http://127.0.0.1:"), hub.url);

      // One student logs in through the login page and lands in 01 in JupyterLab.
      const browser = await launchChromium(chromiumPath!);
      try {
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        const t0 = performance.now();
        await page.goto(hub.url);
        await page.fill("#username_input", "ann");
        await page.fill("#password_input", "wrong password");
        await page.click("#login_submit");
        await page.waitForSelector("#login_submit");
        assertStringIncludes(await page.content(), "Invalid");
        await page.fill("#username_input", "ann");
        await page.fill("#password_input", PASSWORD);
        await page.click("#login_submit");
        await page.waitForURL(/\/user\/ann\/lab/, { timeout: 180_000 });
        const kernelName = page.locator(
          ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName",
        );
        await kernelName.waitFor({ timeout: 180_000 });
        await page.waitForFunction(
          () =>
            document.querySelector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName")
              ?.textContent?.includes("Deno (emlab)"),
          null,
          { timeout: 180_000 },
        );
        const heading = await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) h1").first()
          .textContent();
        assertStringIncludes(heading ?? "", "EM");
        servers.ann = { startSeconds: (performance.now() - t0) / 1000 };
        // No build check on a student's page (each would run `node yarn.js config` on the machine).
        const pageConfig = await page.evaluate(() =>
          JSON.parse(document.getElementById("jupyter-config-data")!.textContent!)
        );
        assertEquals([pageConfig.buildCheck, pageConfig.buildAvailable], [false, false]);
        await page.screenshot({ path: join(ARTIFACTS, "ann-01.png") });
      } finally {
        await browser.close();
      }

      // Everyone else's server, started together as a class arriving does.
      const others = STUDENTS.slice(1);
      const times = await Promise.all(others.map((u) => startServer(hub, u)));
      others.forEach((u, i) => servers[u] = { startSeconds: times[i]! });

      report.hubMiB = await rss(hub.process.pid);
      report.proxyMiB = await rss(proxyPid);
      // Each student's own working copy, with the kit's deno.json.
      for (const user of STUDENTS) {
        const copy = join(homes, user, "emlab");
        assert((await Deno.stat(join(copy, "01-em-walkthrough.ipynb"))).isFile);
        assert((await Deno.stat(join(copy, "ja", "01-em-walkthrough.ipynb"))).isFile);
        const denoJson = JSON.parse(await Deno.readTextFile(join(copy, "deno.json")));
        assertEquals(denoJson.imports["@emlab/emlab"], `file://${join(ROOT, "lib", "mod.ts")}`);
      }

      // 01 to the end through every student's kernel, all at once.
      const runs = await Promise.all(STUDENTS.map(async (user) => {
        let peak = 0;
        const run = await runRemoteNotebook(
          `${hub.url}user/${user}/`,
          API_TOKEN,
          "01-em-walkthrough.ipynb",
          { afterCell: async () => peak = Math.max(peak, await memoryOf(user)) },
        );
        servers[user]!.run01Seconds = run.seconds;
        servers[user]!.peakMiB = peak;
        return { user, run };
      }));
      for (const { user, run } of runs) {
        const failed = run.cells.filter((c) => c.status !== "ok");
        assertEquals(failed.map((c) => [c.index, c.outputs.at(-1)?.evalue]), [], `${user}: 01`);
        const outputs = run.cells.flatMap((c) => c.outputs);
        assertEquals(outputs.filter((o) => o.type === "error"), [], `${user}: error outputs`);
        assert(outputs.some((o) => o.mimeTypes.includes("image/svg+xml")), `${user}: no chart`);
        assert(outputs.some((o) => o.mimeTypes.includes("text/html")), `${user}: no player`);
        assertGreater(run.cells.length, 15, `${user}: cells run`);
      }

      // A student's edits survive a restart of their server; an untouched notebook stays.
      const edited = join(homes, "ben", "emlab", "02-deriving-the-updates.ipynb");
      const nb = JSON.parse(await Deno.readTextFile(edited));
      nb.cells.push({ cell_type: "markdown", metadata: {}, source: ["ben's note"] });
      await Deno.writeTextFile(edited, JSON.stringify(nb));
      await stopServer(hub, "ben");
      await startServer(hub, "ben");
      assertStringIncludes(await Deno.readTextFile(edited), "ben's note");
      assertStringIncludes(await Deno.readTextFile(join(ARTIFACTS, "hub.log")), "kept (edited)");
    } finally {
      await hub.close();
      report.stoppedAfterTheHub = leftRunning;
      await Deno.writeTextFile(join(ARTIFACTS, "report.json"), JSON.stringify(report, null, 2));
      console.log(JSON.stringify(report));
    }
    // Nothing of the students' is left running.
    await new Promise((r) => setTimeout(r, 1000));
    const left = [...(await studentProcesses()).values()].map((p) => `${p.user}: ${p.cmd}`);
    assertEquals(left, [], "processes left after the hub stopped");
    await Deno.remove(homes, { recursive: true }).catch(() => {});
  },
});
