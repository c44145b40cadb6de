import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { mimeText, runCells } from "./_kernel.ts";

Deno.test("runCells() executes a Plot cell in the Deno kernel and reports an SVG output", async () => {
  const { summary, notebook } = await runCells([
    'import * as Plot from "@observablehq/plot";\nimport { parseHTML } from "linkedom";\n' +
    'const { document } = parseHTML("<a></a>");',
    "Plot.plot({ document, marks: [Plot.dot([1, 2, 3], { x: (d) => d, y: (d) => d })] })",
    'import { mixture } from "../lib/mod.ts";\nmixture([0.5, 0.5], [0, 1], [1, 1]).weights.length',
    { source: 'throw new RangeError("on purpose")', tags: ["again"] },
  ], { rerunTag: "again" });
  assertEquals(summary.kernel_error, null);
  assertEquals(summary.cells.length, 4);
  assertEquals(summary.cells[1]!.outputs.map((o) => o.mime_types), [["image/svg+xml"]]);
  const svg = mimeText(notebook.cells[1]!.outputs![0]!, "image/svg+xml");
  assertStringIncludes(svg ?? "", "<svg");
  assertStringIncludes(mimeText(notebook.cells[2]!.outputs![0]!, "text/plain") ?? "", "2");
  assertEquals(summary.cells[3]!.error, { ename: "RangeError", evalue: "on purpose" });
  assertEquals(summary.reruns.map((c) => c.index), [3]);
  assert(summary.reruns[0]!.execution_count! > summary.cells[3]!.execution_count!);
  assertEquals(summary.ok, false);
  assert(summary.wall_seconds > 0);
});

Deno.test("runCells() records a cell that times out, and the cells after it as not run", async () => {
  const { summary } = await runCells([
    "1 + 1",
    "await new Promise((resolve) => setTimeout(resolve, 10_000));",
    "3",
  ], { timeoutSec: 2 });
  assertStringIncludes(summary.kernel_error ?? "", "CellTimeoutError");
  assertEquals(summary.cells[0]!.error, null);
  assertEquals(summary.cells[1]!.error?.ename, "CellTimeoutError");
  assertEquals(summary.cells[2]!.execution_count, null);
  assertEquals(summary.ok, false);
});
