/**
 * The fused pass shared with workers inside the real Deno Jupyter kernel:
 * fits with 2 threads give the one-thread results, and the kernel stays
 * usable afterwards (and when a cell re-runs them).
 */
import { assert, assertEquals } from "@std/assert";
import { runCells } from "./_kernel.ts";

Deno.test("kernel: fit() and fitMv() with 2 workers match one thread, and the kernel lives on", async () => {
  const { summary } = await runCells([
    'import { fit, fitMv, mixture, mvMixture, sampleMixture, sampleMvMixture } from "../lib/mod.ts";\n' +
    'import { workersAvailable } from "../lib/core/fused/_workers.ts";\n' +
    'if (!workersAvailable()) throw new Error("no workers in the kernel");\n' +
    "const { x } = sampleMixture(mixture([0.4, 0.6], [0, 3], [1, 0.7]), 200_000, { seed: 1 });\n" +
    "const points = sampleMvMixture(mvMixture([0.5, 0.5], [[0, 0], [4, 1]], " +
    "[[[1, 0.5], [0.5, 1]], [[1, 0], [0, 1]]]), 200_000, { seed: 2 }).x;",
    {
      source: "const same = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.abs(a);\n" +
        "const a = fit(x, 2, { seed: 3, workers: 1 }), b = fit(x, 2, { seed: 3, workers: 2 });\n" +
        'if (!same(a.logLikelihood, b.logLikelihood)) throw new Error("1-D fits differ");\n' +
        "const c = fitMv(points, 2, { seed: 3, workers: 1 });\n" +
        "const e = fitMv(points, 2, { seed: 3, workers: 2 });\n" +
        'if (!same(c.logLikelihood, e.logLikelihood)) throw new Error("2-D fits differ");\n' +
        "b.iterations + e.iterations",
      tags: ["again"],
    },
    '"alive"',
  ], { rerunTag: "again", timeoutSec: 120 });
  assertEquals(summary.kernel_error, null);
  for (const cell of summary.cells) {
    assertEquals(cell.error, null, JSON.stringify(cell.error));
    assert(cell.execution_count !== null);
  }
  assertEquals(summary.reruns.length, 1);
  assertEquals(summary.reruns[0]!.error, null, JSON.stringify(summary.reruns[0]!.error));
  assertEquals(summary.ok, true);
});
