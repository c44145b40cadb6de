import { join } from "node:path";
import { GifReader } from "omggif";
import { assertEquals, assertGreater, assertStringIncludes } from "@std/assert";
import { exportAnimation, GIF_TIMING, walkthroughRun } from "../tools/export.ts";
import { ROOT } from "../tools/setup.ts";

Deno.test("walkthroughRun() uses the walkthrough notebook's data, seed and tolerance", async () => {
  // The export draws the same run as the first run of the walkthrough's EM cell: if the
  // notebook's set-up changes, this fails and walkthroughRun() must follow.
  const source = await Deno.readTextFile(join(ROOT, "tools", "notebooks", "01-em-walkthrough.md"));
  assertStringIncludes(source, "const seed = 16;");
  assertStringIncludes(source, "mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3])");
  assertStringIncludes(source, "sampleMixture(truth, 1000, { seed })");
  assertStringIncludes(source, "initRandom(2, { seed: startSeed })");
  assertStringIncludes(source, "{ tol: 1e-3 }");
  assertStringIncludes(source, "let run = 0;");
  assertStringIncludes(
    source,
    `animationGif(x, history, { delay: ${GIF_TIMING.delay}, pause: ${GIF_TIMING.pause} })`,
    "out/em.gif uses the walkthrough GIF cell's timing: update GIF_TIMING in tools/export.ts",
  );
  const { x, history } = walkthroughRun();
  assertEquals(x.length, 1000);
  assertEquals(history[0]!.iteration, 0);
  assertEquals(history.at(-1)!.converged, true);
});

Deno.test("exportAnimation() writes 000.png, 001.png, … and em.gif with one frame each", async () => {
  const { x, history } = walkthroughRun();
  const run = { x, history: history.slice(0, 3) };
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(dir, "frames"));
    await Deno.writeFile(join(dir, "frames", "007.png"), new Uint8Array([1])); // a stale frame
    const { frames, gif } = await exportAnimation(dir, run);
    const names = [...Deno.readDirSync(join(dir, "frames"))].map((e) => e.name).sort();
    assertEquals(names, ["000.png", "001.png", "002.png"]);
    assertEquals(frames.map((f) => f.slice(dir.length)), names.map((n) => `/frames/${n}`));
    for (const name of names) {
      const png = await Deno.readFile(join(dir, "frames", name));
      const view = new DataView(png.buffer);
      assertEquals([view.getUint32(16), view.getUint32(20)], [1280, 800]);
    }
    assertEquals(gif, join(dir, "em.gif"));
    const reader = new GifReader(await Deno.readFile(gif));
    assertEquals(reader.numFrames(), 3);
    assertEquals([reader.width, reader.height], [640, 400]);
    assertEquals([0, 1, 2].map((i) => reader.frameInfo(i).delay), [20, 20, 200]);
    assertGreater((await Deno.stat(gif)).size, 10_000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
