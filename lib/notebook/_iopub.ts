/**
 * Wait until the Deno kernel has published a cell's outputs so far.
 *
 * Why: the Deno kernel (2.9, `cli/js/jupyter_kernel.js`) does not publish a
 * cell's outputs itself. `Deno.jupyter.display`, `console.log` and the cell's
 * result go into a channel (`op_jupyter_broadcast`/`op_print`,
 * `cli/ops/jupyter.rs`) that a separate loop (`iopubDrainer`) empties,
 * stamping each message with the parent header current *when it publishes*.
 * When the evaluation ends, `handleExecute` publishes `idle` directly, without
 * waiting for that channel. An output still queued then is published after
 * `idle` (nbclient has stopped listening: the output is lost) or, when the
 * front end has queued the next cell (Run All), under the next cell's header
 * (JupyterLab shows it under the next cell).
 *
 * The drainer publishes in order, one message at a time. So: subscribe to the
 * kernel's IOPub socket (ZMTP 3.0 over TCP, address from the kernel's
 * connection file), send a probe through the same channel (an
 * `update_display_data` for an id no output has: front ends ignore it), and
 * return when the probe comes back — everything queued before it has been
 * published, under this cell's header, before the cell can end.
 *
 * @module
 */

/** Sends a message through the kernel's channel: `Deno.jupyter.broadcast`. */
export type Broadcast = (type: string, content: Record<string, unknown>) => unknown;

/** Where the kernel's IOPub socket listens. */
export interface IopubAddress {
  /** Host, e.g. 127.0.0.1. */
  readonly hostname: string;
  /** TCP port. */
  readonly port: number;
}

// deno-lint-ignore no-explicit-any
type AnyRecord = Record<string, any>;

/**
 * The IOPub address of the kernel this process runs, read from the
 * connection file named after `--conn` on its command line; undefined
 * outside a kernel (or where /proc is not readable).
 */
export function kernelIopubAddress(): IopubAddress | undefined {
  try {
    const deno = (globalThis as AnyRecord).Deno as AnyRecord | undefined;
    if (deno === undefined) return undefined;
    const argv = (deno.readTextFileSync("/proc/self/cmdline") as string).split("\0");
    const i = argv.indexOf("--conn");
    const file = i >= 0 ? argv[i + 1] : undefined;
    if (!file) return undefined;
    const info = JSON.parse(deno.readTextFileSync(file));
    if (info.transport !== undefined && info.transport !== "tcp") return undefined;
    const port = Number(info.iopub_port);
    if (!Number.isInteger(port) || port <= 0) return undefined;
    return { hostname: String(info.ip ?? "127.0.0.1"), port };
  } catch {
    return undefined;
  }
}

const ENC = new TextEncoder();

/** A ZMTP 3.0 greeting: NULL mechanism, not as-server. */
function greeting(): Uint8Array {
  const g = new Uint8Array(64);
  g[0] = 0xff;
  g[9] = 0x7f;
  g[10] = 3;
  g.set(ENC.encode("NULL"), 12);
  return g;
}

/** A short ZMTP frame (body < 256 bytes); `command` sets the command flag. */
function frame(body: Uint8Array, command = false): Uint8Array {
  const f = new Uint8Array(2 + body.length);
  f[0] = command ? 0x04 : 0x00;
  f[1] = body.length;
  f.set(body, 2);
  return f;
}

/** The READY command of a SUB socket. */
function ready(): Uint8Array {
  const name = ENC.encode("READY"), key = ENC.encode("Socket-Type"), value = ENC.encode("SUB");
  const body = new Uint8Array(1 + name.length + 1 + key.length + 4 + value.length);
  let o = 0;
  body[o++] = name.length;
  body.set(name, o);
  o += name.length;
  body[o++] = key.length;
  body.set(key, o);
  o += key.length;
  new DataView(body.buffer).setUint32(o, value.length);
  o += 4;
  body.set(value, o);
  return frame(body, true);
}

/** Index of `needle` in `hay`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Options for {@linkcode flushIopub}. */
export interface FlushOptions {
  /** Give up after this many milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Send a new probe when none came back after this many milliseconds. @default 50 */
  retryMs?: number;
}

/**
 * Subscribe to the kernel's IOPub socket, send probes with `broadcast` until
 * one comes back, and close.
 *
 * @returns true when a probe came back (every earlier output is published),
 * false when it could not be confirmed (no connection, timeout).
 */
export async function flushIopub(
  address: IopubAddress,
  broadcast: Broadcast,
  options: FlushOptions = {},
): Promise<boolean> {
  const { timeoutMs = 10_000, retryMs = 50 } = options;
  const deno = (globalThis as AnyRecord).Deno as AnyRecord;
  const id = `emlab-flush-${crypto.randomUUID()}`;
  const needle = ENC.encode(id);
  let conn: AnyRecord | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  try {
    conn = await deno.connect({ hostname: address.hostname, port: address.port });
    const c = conn!;
    const write = async (bytes: Uint8Array) => {
      for (let o = 0; o < bytes.length;) o += await c.write(bytes.subarray(o));
    };
    await write(greeting());
    // Everything the kernel sends from here is read into one stream and searched for the probe.
    let seen = false;
    const found = (async () => {
      const buf = new Uint8Array(1 << 16);
      let tail = new Uint8Array(0);
      while (true) {
        const n = await c.read(buf);
        if (n === null) return false;
        const chunk = new Uint8Array(tail.length + n);
        chunk.set(tail);
        chunk.set(buf.subarray(0, n), tail.length);
        if (indexOfBytes(chunk, needle) >= 0) return (seen = true);
        tail = chunk.slice(Math.max(0, chunk.length - needle.length));
      }
    })();
    await write(ready());
    await write(frame(Uint8Array.of(1))); // SUBSCRIBE to every topic
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    while (!seen) {
      broadcast("update_display_data", { data: {}, metadata: {}, transient: { display_id: id } });
      const retry = new Promise<"retry">((resolve) => {
        retryTimer = setTimeout(() => resolve("retry"), retryMs);
      });
      const outcome = await Promise.race([found, timeout, retry]);
      if (outcome === false) return false;
      if (outcome === true) return true;
    }
    return true;
  } catch {
    return false;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    try {
      conn?.close();
    } catch { /* already closed */ }
  }
}
