/**
 * show() and flushOutputs() without a kernel: the bundle per kind of value,
 * and the IOPub probe against a stand-in for the kernel's PUB socket that
 * publishes what is broadcast, as the Deno kernel's drainer does.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  compareMixtures,
  type DisplayOptions,
  type MimeBundle,
  mixture,
  mixtureFrame,
  ParameterTypeError,
  show,
  showBundle,
  table,
} from "../lib/mod.ts";
import { flushIopub, indexOfBytes } from "../lib/notebook/_iopub.ts";

Deno.test("showBundle() sends charts as SVG, tables as HTML, comparisons as Markdown", () => {
  const chart = mixtureFrame([0.1, 0.4, 0.9], mixture([1], [0.5], [0.4]), { title: "a fit" });
  const svg = showBundle(chart);
  assert(svg["image/svg+xml"]!.startsWith("<svg"));
  assertEquals(svg["text/plain"], "a fit");
  const t = showBundle(table([{ k: 1, BIC: 12.5 }]));
  assertEquals(Object.keys(t), ["text/html", "text/plain"]);
  assert(t["text/html"]!.includes('<th style="text-align: right">BIC</th>'));
  const c = showBundle(compareMixtures(mixture([1], [0], [1]), mixture([1], [0.1], [1])));
  assert(c["text/markdown"]!.startsWith("| parameter |"));
  assertThrows(() => showBundle(42 as never), ParameterTypeError, "value");
});

Deno.test("show() displays once under a fresh id, then flushes", async () => {
  const calls: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  const order: string[] = [];
  const display = (bundle: MimeBundle, options: DisplayOptions) => {
    calls.push({ bundle, options });
    order.push("display");
  };
  const flush = () => {
    order.push("flush");
    return Promise.resolve(true);
  };
  await show("first", { display, flush });
  await show(table([{ a: 1 }]), { display, flush });
  assertEquals(order, ["display", "flush", "display", "flush"]);
  assertEquals(calls[0]!.bundle, { "text/plain": "first" });
  assert(calls[0]!.options.raw);
  assert(calls[0]!.options.display_id.startsWith("emlab-show-"));
  assert(calls[0]!.options.display_id !== calls[1]!.options.display_id);
  assertEquals(calls[0]!.options.update, undefined);
});

/** A stand-in for the kernel's IOPub PUB socket (ZMTP 3.0, NULL mechanism). */
function fakePub(publishes: boolean) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const subscribed: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      subscribed.push((async () => {
        const buf = new Uint8Array(1024);
        let got = 0;
        // greeting (64) + READY command + SUBSCRIBE frame: read until the subscribe frame.
        const greeting = new Uint8Array(64);
        greeting[0] = 0xff;
        greeting[9] = 0x7f;
        greeting[10] = 3;
        await conn.write(greeting);
        while (got < 64 + 2) got += (await conn.read(buf.subarray(got))) ?? 0;
        await conn.write(Uint8Array.of(0x04, 0)); // an (empty) READY of our own
      })());
    }
  })().catch(() => {});
  const port = (listener.addr as Deno.NetAddr).port;
  const probes: string[] = [];
  const broadcast = (_type: string, content: Record<string, unknown>) => {
    const id = (content.transient as { display_id: string }).display_id;
    probes.push(id);
    if (!publishes) return;
    const body = new TextEncoder().encode(JSON.stringify(content));
    const frame = new Uint8Array(9 + body.length);
    frame[0] = 0x02;
    new DataView(frame.buffer).setUint32(5, body.length);
    frame.set(body, 9);
    // Published asynchronously, after the subscription is in, like the kernel's drainer.
    Promise.all(subscribed).then(() => Promise.all(conns.map((c) => c.write(frame))));
  };
  const close = async () => {
    listener.close();
    await accepting;
    for (const c of conns) {
      try {
        c.close();
      } catch { /* closed by the client */ }
    }
  };
  return { port, probes, broadcast, close };
}

Deno.test("flushIopub() returns true once its probe comes back through the PUB socket", async () => {
  const pub = fakePub(true);
  try {
    const ok = await flushIopub({ hostname: "127.0.0.1", port: pub.port }, pub.broadcast);
    assertEquals(ok, true);
    assert(pub.probes.length >= 1);
    assert(pub.probes.every((p) => p.startsWith("emlab-flush-") && p === pub.probes[0]));
  } finally {
    await pub.close();
  }
});

Deno.test("flushIopub() gives up with false when nothing is published, after retrying", async () => {
  const pub = fakePub(false);
  try {
    const ok = await flushIopub(
      { hostname: "127.0.0.1", port: pub.port },
      pub.broadcast,
      { timeoutMs: 300, retryMs: 50 },
    );
    assertEquals(ok, false);
    assert(pub.probes.length >= 3, `${pub.probes.length} probes`);
  } finally {
    await pub.close();
  }
});

Deno.test("flushIopub() returns false when no kernel listens", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  assertEquals(await flushIopub({ hostname: "127.0.0.1", port }, () => {}), false);
});

Deno.test("indexOfBytes() finds a needle across the whole haystack", () => {
  const enc = new TextEncoder();
  assertEquals(indexOfBytes(enc.encode("abcabd"), enc.encode("abd")), 3);
  assertEquals(indexOfBytes(enc.encode("abc"), enc.encode("abcd")), -1);
});
