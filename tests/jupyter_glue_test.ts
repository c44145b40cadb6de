import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  animateEm,
  type DisplayOptions,
  em,
  frameDelay,
  initRandom,
  jupyterDisplay,
  type MimeBundle,
  ParameterRangeError,
  ParameterTypeError,
  watchEm,
} from "../lib/mod.ts";
import { originalRun } from "./_plot_fixtures.ts";

/** Records the frames (SVG bundles) and, apart, the player that ends an animation. */
function recorder() {
  const calls: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  const players: { bundle: MimeBundle; options: DisplayOptions }[] = [];
  return {
    calls,
    players,
    display: (bundle: MimeBundle, options: DisplayOptions) =>
      (bundle["text/html"] === undefined ? calls : players).push({ bundle, options }),
  };
}

Deno.test("animateEm() displays once with a fresh display_id, then updates that id every iteration", async () => {
  const { x } = originalRun();
  const { calls, display } = recorder();
  const history = await animateEm(x, em(x, initRandom(2, { seed: 7 })), { display, delayMs: 0 });
  assertEquals(calls.length, history.length);
  const id = calls[0]!.options.display_id;
  assert(id.startsWith("emlab-em-"));
  assertEquals(calls[0]!.options.update, undefined);
  for (const call of calls.slice(1)) {
    assertEquals(call.options, { raw: true, display_id: id, update: true });
  }
  calls.forEach((call, i) => {
    assertStringIncludes(call.bundle["image/svg+xml"]!, `iteration ${history[i]!.iteration} · `);
    assert(call.bundle["text/plain"]!.startsWith(`iteration ${history[i]!.iteration} · `));
  });
  assert(history.at(-1)!.converged);

  const again = recorder();
  await animateEm(x, history, { display: again.display, delayMs: 0 });
  assert(again.calls[0]!.options.display_id !== id, "a second run gets a fresh display_id");
});

Deno.test("animateEm() ends by turning the same output into a player over every frame", async () => {
  const { x } = originalRun();
  const { calls, players, display } = recorder();
  const history = await animateEm(x, em(x, initRandom(2, { seed: 7 })), { display, delayMs: 0 });
  assertEquals(players.length, 1);
  const { bundle, options } = players[0]!;
  assertEquals(options, { raw: true, display_id: calls[0]!.options.display_id, update: true });
  const html = bundle["text/html"]!;
  assertStringIncludes(html, 'data-emlab-player="play"');
  assertStringIncludes(html, `data-frames="${history.length}"`);
  const last = history.at(-1)!;
  assertStringIncludes(html, `<div class="emlab-caption">iteration ${last.iteration} · `);
  assert(bundle["text/plain"]!.startsWith(`iteration ${last.iteration} · `));
  // Every frame's title is in the player's data, in order.
  const titles = JSON.parse(/"titles":(\[[^\]]*\])/.exec(html)![1]!) as string[];
  assertEquals(titles, calls.map((c) => c.bundle["text/plain"]));

  const off = recorder();
  await animateEm(x, history, { display: off.display, delayMs: 0, player: false });
  assertEquals([off.players.length, off.calls.length], [0, history.length]);
});

Deno.test("animateEm() keeps at most playerFrames frames in the player, the last included", async () => {
  const { x, history } = originalRun();
  const { players, display } = recorder();
  await animateEm(x, history, { display, delayMs: 0, playerFrames: 5 });
  const html = players[0]!.bundle["text/html"]!;
  assertStringIncludes(html, 'data-frames="5"');
  const titles = JSON.parse(/"titles":(\[[^\]]*\])/.exec(html)![1]!) as string[];
  assert(titles[0]!.startsWith("iteration 0 · "));
  assert(titles.at(-1)!.startsWith(`iteration ${history.at(-1)!.iteration} · `));
  await assertRejects(
    () => animateEm(x, history, { display, delayMs: 0, playerFrames: 1 }),
    ParameterRangeError,
    "options.playerFrames",
  );
});

Deno.test("animateEm() draws every frame on the same axes when fixedAxes (default)", async () => {
  const { x, history } = originalRun();
  const { calls, display } = recorder();
  await animateEm(x, history, { display, delayMs: 0 });
  const ticks = calls.map((c) =>
    [...c.bundle["image/svg+xml"]!.matchAll(/aria-label="y-axis tick label"[\s\S]*?<\/g>/g)][0]![0]
  );
  assert(ticks.every((t) => t === ticks[0]), "y-axis ticks differ between frames");

  const live = recorder();
  await animateEm(x, history, { display: live.display, delayMs: 0, fixedAxes: false });
  const liveTicks = live.calls.map((c) =>
    [...c.bundle["image/svg+xml"]!.matchAll(/aria-label="y-axis tick label"[\s\S]*?<\/g>/g)][0]![0]
  );
  assert(liveTicks.some((t) => t !== liveTicks[0]), "live frames fit their own axes");
  assertEquals(live.calls.length, history.length);
});

Deno.test("animateEm() with every = n draws every n-th iteration and always the last", async () => {
  const { x, history } = originalRun();
  const { calls, display } = recorder();
  const result = await animateEm(x, history, { display, delayMs: 0, every: 10 });
  assertEquals(result.length, history.length);
  const shown = calls.map((c) => Number(/^iteration (\d+)/.exec(c.bundle["text/plain"]!)![1]));
  const last = history.at(-1)!.iteration;
  assertEquals(shown, [...new Set([0, 10, 20, 30, last])].filter((i) => i <= last));
});

Deno.test("animateEm() thins a long run to about maxFrames frames", async () => {
  const { x } = originalRun();
  const { calls, display } = recorder();
  const history = await animateEm(x, em(x, initRandom(2, { seed: 7 }), { tol: 0, maxIter: 100 }), {
    display,
    delayMs: 0,
    maxFrames: 11,
  });
  assertEquals(history.length, 101);
  const shown = calls.map((c) => Number(/^iteration (\d+)/.exec(c.bundle["text/plain"]!)![1]));
  assertEquals(shown, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
});

Deno.test("animateEm() waits delayMs between frames unless EMLAB_FRAME_DELAY overrides it", async () => {
  const { x, history } = originalRun();
  const short = history.slice(0, 4);
  const previous = Deno.env.get("EMLAB_FRAME_DELAY");
  try {
    Deno.env.delete("EMLAB_FRAME_DELAY");
    assertEquals(frameDelay(), 150);
    assertEquals(frameDelay(40), 40);
    const times: number[] = [];
    await animateEm(x, short, {
      display: () => times.push(performance.now()),
      delayMs: 40,
      player: false,
    });
    for (let i = 1; i < times.length; i++) {
      assert(times[i]! - times[i - 1]! >= 35, "frames too close");
    }

    Deno.env.set("EMLAB_FRAME_DELAY", "0");
    assertEquals(frameDelay(5000), 0);
    Deno.env.set("EMLAB_FRAME_DELAY", "not a number");
    assertEquals(frameDelay(25), 25);
  } finally {
    if (previous === undefined) Deno.env.delete("EMLAB_FRAME_DELAY");
    else Deno.env.set("EMLAB_FRAME_DELAY", previous);
  }
  assertThrows(() => frameDelay(-1), ParameterRangeError, "options.delayMs");
});

Deno.test("animateEm() outside a kernel does not crash: it runs EM and returns the history", async () => {
  assertEquals(jupyterDisplay(), undefined);
  const { x } = originalRun();
  const history = await animateEm(x, em(x, initRandom(2, { seed: 7 })), { delayMs: 0 });
  assert(history.length > 1);
  assert(history.at(-1)!.converged);
});

Deno.test("watchEm() starts, animates and returns the converged history in one call", async () => {
  const { x } = originalRun();
  const { calls, display } = recorder();
  const history = await watchEm(x, 2, { seed: 7, init: "random", display, delayMs: 0 });
  assertEquals(history, [...em(x, initRandom(2, { seed: 7 }))]);
  assertEquals(calls.length, history.length);
  const start = initRandom(2, { seed: 3 });
  const fromStart = await watchEm(x, start, { display: () => {}, delayMs: 0, maxIter: 3, tol: 0 });
  assertEquals(fromStart.length, 4);
  assertEquals(fromStart[0]!.mixture, start);
});

Deno.test("animateEm() rejects bad arguments with typed errors", async () => {
  const { x } = originalRun();
  await assertRejects(
    // deno-lint-ignore no-explicit-any
    () => animateEm(x, 42 as any, { delayMs: 0 }),
    ParameterTypeError,
    "run must be",
  );
  await assertRejects(
    () => animateEm(x, [], { delayMs: 0, every: 0 }),
    ParameterRangeError,
    "options.every",
  );
  await assertRejects(
    // deno-lint-ignore no-explicit-any
    () => animateEm(x, [], { display: "yes" as any }),
    ParameterTypeError,
    "options.display",
  );
});
