/**
 * Run a notebook through a kernel of a running Jupyter server (a hub user's
 * server, say) over the server's REST and websocket API, as JupyterLab does.
 *
 * ```ts ignore
 * import { runRemoteNotebook } from "./_remote_kernel.ts";
 * const run = await runRemoteNotebook("http://127.0.0.1:8000/user/ann/", token, "01-em-walkthrough.ipynb");
 * ```
 *
 * @module
 */

/** One output of a cell, as the kernel sent it. */
export interface RemoteOutput {
  /** "stream", "display_data", "execute_result", "error" or "update_display_data". */
  type: string;
  /** MIME types of a data output. */
  mimeTypes: string[];
  /** Text of a stream, or of text/plain. */
  text: string;
  /** Error name and value of an error output. */
  ename?: string;
  /** Error value. */
  evalue?: string;
}

/** One executed code cell. */
export interface RemoteCell {
  /** Index among the notebook's cells. */
  index: number;
  /** The reply's status: "ok", "error" or "aborted". */
  status: string;
  /** Everything the cell sent on iopub. */
  outputs: RemoteOutput[];
  /** Seconds from request to idle. */
  seconds: number;
}

/** A notebook run through a remote kernel. */
export interface RemoteRun {
  /** The executed code cells. */
  cells: RemoteCell[];
  /** The kernel's id on the server. */
  kernelId: string;
  /** Seconds for the whole run (kernel start included). */
  seconds: number;
}

function uuid(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * Execute every code cell of `path` (relative to the server's root) in a new
 * session of the server, in order, stopping at the first error; the session
 * is deleted afterwards (its kernel shut down).
 *
 * @param serverUrl The server's base URL, ending in "/".
 * @param token A token the server accepts.
 * @param path The notebook's path on the server.
 * @param options `timeoutMs` per cell (default 300 s), `kernel` name (default "deno"),
 *   `afterCell` called after each cell (while the kernel is still running).
 * @returns Every cell's outputs and status.
 */
export async function runRemoteNotebook(
  serverUrl: string,
  token: string,
  path: string,
  options: {
    timeoutMs?: number;
    kernel?: string;
    afterCell?: (cell: RemoteCell) => Promise<unknown>;
  } = {},
): Promise<RemoteRun> {
  const t0 = performance.now();
  const headers = { Authorization: `token ${token}`, "Content-Type": "application/json" };
  const nbRes = await fetch(`${serverUrl}api/contents/${encodeURI(path)}?content=1`, { headers });
  if (!nbRes.ok) throw new Error(`GET ${path}: ${nbRes.status} ${await nbRes.text()}`);
  const nb = (await nbRes.json()).content as {
    cells: { cell_type: string; source: string | string[] }[];
  };
  const sRes = await fetch(`${serverUrl}api/sessions`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      path,
      type: "notebook",
      name: "",
      kernel: { name: options.kernel ?? "deno" },
    }),
  });
  if (!sRes.ok) throw new Error(`POST api/sessions: ${sRes.status} ${await sRes.text()}`);
  const session = await sRes.json() as { id: string; kernel: { id: string } };
  const kernelId = session.kernel.id;
  const wsUrl = `${
    serverUrl.replace(/^http/, "ws")
  }api/kernels/${kernelId}/channels?token=${token}`;
  const ws = new WebSocket(wsUrl);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = (e) => reject(new Error(`websocket ${wsUrl}: ${(e as ErrorEvent).message}`));
  });
  const sessionId = uuid();
  type Msg = {
    channel: string;
    header: { msg_type: string };
    parent_header: { msg_id?: string };
    content: Record<string, unknown>;
  };
  const waiting = new Map<string, (m: Msg) => void>();
  ws.onmessage = (e) => {
    const msg = JSON.parse(e.data as string) as Msg;
    const id = msg.parent_header?.msg_id;
    if (id) waiting.get(id)?.(msg);
  };
  const cells: RemoteCell[] = [];
  try {
    for (const [index, cell] of nb.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const code = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      const msgId = uuid();
      const started = performance.now();
      const outputs: RemoteOutput[] = [];
      let status = "";
      let idle = false;
      const done = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`cell ${index} did not finish in time`)),
          options.timeoutMs ?? 300_000,
        );
        waiting.set(msgId, (m) => {
          const t = m.header.msg_type;
          const c = m.content;
          if (m.channel === "shell" && t === "execute_reply") status = String(c.status);
          else if (t === "status" && c.execution_state === "idle") idle = true;
          else if (t === "stream") {
            outputs.push({ type: t, mimeTypes: [], text: String(c.text ?? "") });
          } else if (
            t === "display_data" || t === "execute_result" || t === "update_display_data"
          ) {
            const data = (c.data ?? {}) as Record<string, unknown>;
            outputs.push({
              type: t,
              mimeTypes: Object.keys(data).sort(),
              text: String(data["text/plain"] ?? ""),
            });
          } else if (t === "error") {
            outputs.push({
              type: t,
              mimeTypes: [],
              text: "",
              ename: String(c.ename),
              evalue: String(c.evalue),
            });
          }
          if (idle && status) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      ws.send(JSON.stringify({
        header: {
          msg_id: msgId,
          username: "emlab",
          session: sessionId,
          msg_type: "execute_request",
          version: "5.3",
          date: new Date().toISOString(),
        },
        parent_header: {},
        metadata: {},
        content: {
          code,
          silent: false,
          store_history: true,
          user_expressions: {},
          allow_stdin: false,
          stop_on_error: true,
        },
        channel: "shell",
        buffers: [],
      }));
      await done;
      waiting.delete(msgId);
      const done_ = { index, status, outputs, seconds: (performance.now() - started) / 1000 };
      cells.push(done_);
      await options.afterCell?.(done_);
      if (status !== "ok") break;
    }
  } finally {
    ws.close();
    await fetch(`${serverUrl}api/sessions/${session.id}`, { method: "DELETE", headers })
      .then((r) => r.body?.cancel()).catch(() => {});
  }
  return { cells, kernelId, seconds: (performance.now() - t0) / 1000 };
}
