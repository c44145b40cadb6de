/**
 * `deno task -q lab` as a lecturer runs it, in a terminal of its own (a new
 * session, so Ctrl-C is SIGINT to its process group): two kernels started
 * through Jupyter's REST API, a notebook opened, cells run over the kernel's
 * websocket, an animation stopped with Jupyter's interrupt, then SIGINT. The
 * lab must end with no kernel left running, and its terminal must show
 * nothing but the stages, the URL and the stop line.
 *
 * Linux only (`setsid`, `/proc`).
 */
import { assert, assertEquals, assertGreater, assertMatch } from "@std/assert";
import { freePort, isLabNoise } from "../tools/lab.ts";
import { KERNEL_NAME, ROOT } from "../tools/setup.ts";
import { NOTEBOOKS } from "../tools/build_notebooks.ts";
import { ensureExplorable, explorableSourceHash } from "../tools/export_explorable.ts";
import { framePlayer } from "../lib/notebook/jupyter.ts";
import { join } from "node:path";

const LINUX = Deno.build.os === "linux";

/** What the lab's terminal may show, line by line (colour codes removed). */
const ALLOWED: readonly RegExp[] = [
  /^$/,
  /^\d\/5 \S/, // a stage
  /^ {4}\S/, // a stage's detail, and the URL
  /^JupyterLab is ready \([\d.]+ s\)\. Open:$/,
  /^Serving the working copy \S/,
  /^\(notebooks\/ stays as committed; .* Stop with Ctrl-C\.$/,
  /^Stopping JupyterLab and its kernels\.$/,
];

Deno.test("isLabNoise() drops the routine lines and keeps warnings and errors", () => {
  const noise = [
    '\x1b[0m\x1b[33mWarning\x1b[0m "deno jupyter" is unstable and might change in the future.',
    "[W 2026-12-06 19:53:25.063 ServerApp] Notebook 01-em-walkthrough.ipynb is not trusted",
    "[W 2026-12-06 19:53:26.817 ServerApp] The websocket_ping_timeout (90000) cannot be longer " +
    "than the websocket_ping_interval (30000).",
    "    Setting websocket_ping_timeout=30000",
    'CDP response has null result. Full response: {"id":4,"error":{"code":-32000,' +
    '"message":"Execution was terminated"},"result":null}',
    'CDP response has null result. Full response: {"id":9,"error":{"code":-32000,' +
    '"message":"Promise was collected"},"result":null}',
  ];
  for (const line of noise) assert(isLabNoise(line), line);
  const kept = [
    "[E 2026-12-06 19:53:25.063 ServerApp] Uncaught exception GET /api/contents",
    "[W 2026-12-06 19:53:25.063 ServerApp] Notebook ja/04-pitfalls.ipynb could not be read",
    "[W 2026-12-06 20:01:02.000 ServerApp] Kernel 1ab4f92e died, restarting",
    "Traceback (most recent call last):",
    "\x1b[0m\x1b[32mDownload\x1b[0m https://registry.npmjs.org/linkedom",
    "error: Uncaught (in promise) TypeError: x is not a function",
    'CDP response has null result. Full response: {"id":5,"error":{"code":-32601}}',
  ];
  for (const line of kept) assert(!isLabNoise(line), line);
});

Deno.test("every animation in the notebooks is called before any await of its cell", async () => {
  // The kernel can stop a cell cleanly only while the cell's own evaluation runs: an animation
  // started after an `await` (or an `import`, which the kernel turns into one) and interrupted
  // there leaves the kernel busy until a garbage collection happens to release it.
  const animation = /\b(watchEm|animateEm|watchEmMv|animateEmMv)\(/;
  let cells = 0;
  for (const dir of ["notebooks", "notebooks/ja"]) {
    for (const { file } of NOTEBOOKS) {
      const nb = JSON.parse(await Deno.readTextFile(join(ROOT, dir, file)));
      for (const cell of nb.cells as { cell_type: string; source: string | string[] }[]) {
        const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
        const call = animation.exec(source);
        if (cell.cell_type !== "code" || !call) continue;
        cells++;
        // Text before the call, without the call's own `await`.
        const before = source.slice(0, call.index).replace(/\bawait\s*$/, "");
        const awaited = /\bawait\b|^\s*import\b/m.exec(before);
        assertEquals(awaited, null, `${dir}/${file}: ${call[1]} after an await:\n${source}`);
      }
    }
  }
  assertGreater(cells, 8, "the animated cells of both editions were found");
});

Deno.test("ensureExplorable() builds the page once and again only when its sources change", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emlab-explorable-" });
  try {
    const page = join(dir, "out", "explorable.html");
    assert(await ensureExplorable(page), "missing: built");
    assertMatch(await Deno.readTextFile(page), /<title>EM, step by step/);
    const stamp = join(dir, "out", ".explorable.html.source");
    assertEquals(await Deno.readTextFile(stamp), await explorableSourceHash());
    assert(!(await ensureExplorable(page)), "up to date: left as it is");
    await Deno.writeTextFile(stamp, "built from other sources");
    assert(await ensureExplorable(page), "stale: built again");
    assertEquals(await Deno.readTextFile(stamp), await explorableSourceHash());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("framePlayer() outside the kernel, or with a display of one's own, does not block", () => {
  const player = framePlayer({ delayMs: 0, display: () => {} });
  assertEquals(player.blocking, false);
});

/** The `deno jupyter --kernel` processes whose connection file names a kernel id. */
async function kernelProcesses(ids: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const argv = await Deno.readTextFile(`/proc/${entry.name}/cmdline`).then(
      (t) => t.split("\0"),
      (): string[] => [],
    );
    if (!argv.includes("--kernel")) continue;
    const id = ids.find((id) => argv.some((a) => a.includes(`kernel-${id}.json`)));
    if (id) found.set(id, Number(entry.name));
  }
  return found;
}

/** A client of one kernel's websocket, as JupyterLab's (one session id for all its messages). */
class KernelChannel {
  #ws: WebSocket;
  #session: string;
  #waiting = new Map<string, (m: Message) => void>();
  #outputs = new Map<string, Message[]>();
  private constructor(ws: WebSocket, session: string) {
    this.#ws = ws;
    this.#session = session;
    ws.onmessage = (event) => {
      const m = JSON.parse(event.data) as Message;
      const parent = m.parent_header?.msg_id;
      if (!parent) return;
      if (m.msg_type === "status" && m.content.execution_state === "idle") {
        this.#waiting.get(parent)?.(m);
      } else if (m.channel === "iopub") {
        this.#outputs.get(parent)?.push(m);
      }
    };
  }

  static async open(baseUrl: string, token: string, id: string): Promise<KernelChannel> {
    const url = `${baseUrl.replace(/^http/, "ws")}api/kernels/${id}/channels`;
    const session = crypto.randomUUID();
    const ws = new WebSocket(`${url}?session_id=${session}&token=${token}`);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    return new KernelChannel(ws, session);
  }

  /** Send a cell; resolves with its iopub messages once the kernel is idle again. */
  execute(code: string): Promise<Message[]> {
    const msgId = crypto.randomUUID();
    this.#outputs.set(msgId, []);
    const done = new Promise<Message[]>((resolve) => {
      this.#waiting.set(msgId, () => resolve(this.#outputs.get(msgId)!));
    });
    this.#ws.send(JSON.stringify({
      header: {
        msg_id: msgId,
        msg_type: "execute_request",
        session: this.#session,
        username: "lecturer",
        version: "5.3",
        date: new Date().toISOString(),
      },
      parent_header: {},
      metadata: {},
      channel: "shell",
      content: {
        code,
        silent: false,
        store_history: true,
        user_expressions: {},
        allow_stdin: false,
      },
      buffers: [],
    }));
    return done;
  }

  close(): void {
    this.#ws.close();
  }
}

interface Message {
  channel: string;
  msg_type: string;
  parent_header: { msg_id?: string };
  content: Record<string, unknown> & { execution_state?: string };
}

/** The text of a cell's outputs (results, streams, displays), one string. */
function outputText(messages: Message[]): string {
  return messages.map((m) => {
    const c = m.content as { text?: string; data?: Record<string, string>; evalue?: string };
    return c.text ?? c.data?.["text/plain"] ?? c.evalue ?? "";
  }).join("\n");
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms);
    }),
  ]);
}

Deno.test({
  name: "deno task -q lab: ■ keeps the kernel, Ctrl-C ends every kernel, the terminal stays quiet",
  ignore: !LINUX,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const port = freePort(0);
    const token = crypto.randomUUID().replaceAll("-", "");
    const lab = new Deno.Command("setsid", {
      args: [Deno.execPath(), "task", "-q", "lab", "--no-browser", "--port", String(port)],
      cwd: ROOT,
      env: { JUPYTER_TOKEN: token, EMLAB_FRAME_DELAY: "600" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let transcript = "";
    const decoder = new TextDecoder();
    const pump = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream) transcript += decoder.decode(chunk, { stream: true });
    };
    const pumps = Promise.all([pump(lab.stdout), pump(lab.stderr)]);
    const baseUrl = `http://127.0.0.1:${port}/`;
    const headers = { Authorization: `token ${token}`, "Content-Type": "application/json" };
    const ids: string[] = [];
    let exited = false;
    const status = lab.status.then((s) => {
      exited = true;
      return s;
    });
    try {
      // Ready: the URL is printed (the first run installs JupyterLab: allow for it).
      const deadline = Date.now() + 600_000;
      while (!transcript.includes(`token=${token}`)) {
        assert(!exited, `the lab exited before it was ready:\n${transcript}`);
        assert(Date.now() < deadline, `the lab printed no URL:\n${transcript}`);
        await new Promise((r) => setTimeout(r, 200));
      }

      await t.step("two kernels start, a notebook opens, a cell runs", async () => {
        for (let i = 0; i < 2; i++) {
          const res = await fetch(`${baseUrl}api/kernels`, {
            method: "POST",
            headers,
            body: JSON.stringify({ name: KERNEL_NAME }),
          });
          assertEquals(res.status, 201);
          ids.push((await res.json()).id);
        }
        // JupyterLab reads the notebook through the contents API when it opens it.
        const nb = await fetch(`${baseUrl}api/contents/01-em-walkthrough.ipynb?content=1`, {
          headers,
        });
        assertEquals(nb.status, 200);
        await nb.body?.cancel();
        for (const id of ids) {
          const channel = await KernelChannel.open(baseUrl, token, id);
          try {
            const out = await withTimeout(
              channel.execute(
                'import { mixture, sampleMixture, show } from "@emlab/emlab";\n' +
                  "const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), " +
                  "1000, { seed: 16 });\nawait show(`${x.length} points`);",
              ),
              120_000,
              "the first cell",
            );
            assertMatch(outputText(out), /1000 points/);
          } finally {
            channel.close();
          }
        }
        assertEquals((await kernelProcesses(ids)).size, 2, "both kernels run");
      });

      await t.step(
        "■ (interrupt) stops an animation; the kernel and its variables stay",
        async () => {
          const id = ids[0]!;
          const pid = (await kernelProcesses([id])).get(id);
          const channel = await KernelChannel.open(baseUrl, token, id);
          try {
            await channel.execute('import { initRandom, watchEm } from "@emlab/emlab";');
            // As in the notebooks: the animation is called before any await of its cell.
            const run = channel.execute(
              "const history = await watchEm(x, initRandom(2, { seed: 17 }), { tol: 1e-3 });",
            );
            // Frames 600 ms apart: a run of a dozen or more iterations takes several seconds.
            await new Promise((r) => setTimeout(r, 2500));
            const res = await fetch(`${baseUrl}api/kernels/${id}/interrupt`, {
              method: "POST",
              headers,
            });
            assertEquals(res.status, 204);
            const frames = await withTimeout(run, 30_000, "the interrupted animation");
            const shown = frames.filter((m) => /display_data$/.test(m.msg_type)).length;
            assertGreater(shown, 1, "frames were shown before the interrupt");
            const player = frames.some((m) => "text/html" in ((m.content.data ?? {}) as object));
            assert(!player, "the interrupt came before the run's end (no player yet)");
            console.log(`interrupted after ${shown} frames`);
            const after = await withTimeout(
              channel.execute("console.log(`still ${x.length} points`)"),
              30_000,
              "a cell after the interrupt",
            );
            assertMatch(outputText(after), /still 1000 points/, "x survived the interrupt");
            assertEquals((await kernelProcesses([id])).get(id), pid, "the same kernel process");
          } finally {
            channel.close();
          }
        },
      );

      await t.step(
        "Ctrl-C (SIGINT to the process group) ends the lab and every kernel",
        async () => {
          const pids = await kernelProcesses(ids);
          assertEquals(pids.size, 2);
          const t0 = performance.now();
          Deno.kill(-lab.pid, "SIGINT");
          const s = await withTimeout(status, 60_000, "the lab after SIGINT");
          const seconds = (performance.now() - t0) / 1000;
          assertEquals(s.code, 0, `exit code\n${transcript}`);
          // Give the kernel processes a moment to be reaped, then none may be left.
          const until = Date.now() + 10_000;
          let left = await kernelProcesses(ids);
          while (left.size > 0 && Date.now() < until) {
            await new Promise((r) => setTimeout(r, 200));
            left = await kernelProcesses(ids);
          }
          assertEquals([...left.values()], [], "kernel processes left running");
          console.log(`lab and its 2 kernels stopped ${seconds.toFixed(1)} s after SIGINT`);
        },
      );
    } finally {
      if (!exited) {
        try {
          Deno.kill(-lab.pid, "SIGTERM");
        } catch { /* gone */ }
        await status;
      }
      for (const pid of (await kernelProcesses(ids)).values()) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone */ }
      }
      await pumps;
    }

    await t.step("the terminal shows only stages, the URL and the stop line", () => {
      // deno-lint-ignore no-control-regex
      const lines = transcript.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").split("\n")
        .map((l) => l.replace(/\r/g, "").trimEnd());
      const unexpected = lines.filter((l) => !ALLOWED.some((re) => re.test(l)));
      assertEquals(unexpected, [], `unexpected terminal lines:\n${transcript}`);
      assert(lines.some((l) => l.includes(`token=${token}`)), "the URL is shown");
      assert(lines.includes("Stopping JupyterLab and its kernels."), "the stop is shown");
    });
  },
});
