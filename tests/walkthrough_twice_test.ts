/**
 * Running every cell of the walkthrough twice in one Deno kernel gives the
 * same outputs the second time: the notebook keeps no hidden state that
 * changes what a re-run shows.
 */
import { assert, assertEquals } from "@std/assert";
import { mimeText, type NotebookOutput, runCells } from "./_kernel.ts";

const WALKTHROUGH = new URL("../notebooks/01-em-walkthrough.ipynb", import.meta.url);
/** Whole runs to try when the kernel drops an output (see below). */
const ATTEMPTS = 8;

/** An output reduced to what a reader sees, with per-process counters normalised. */
function visible(output: NotebookOutput): string {
  const parts: string[] = [output.output_type];
  if (output.output_type === "stream") {
    const text = Array.isArray(output.text) ? output.text.join("") : output.text ?? "";
    parts.push(text);
  } else if (output.output_type === "error") {
    parts.push(`${output.ename}: ${output.evalue}`);
  } else {
    for (const mime of Object.keys(output.data ?? {}).sort()) {
      parts.push(`${mime}: ${mimeText(output, mime)}`);
    }
  }
  // Observable Plot numbers its clip paths with a process-wide counter.
  return parts.join("\n").replace(/plot-clip-\d+/g, "plot-clip-#");
}

Deno.test("running every cell of the walkthrough twice in one kernel gives the same outputs", async () => {
  const notebook = JSON.parse(await Deno.readTextFile(WALKTHROUGH));
  const code: string[] = notebook.cells
    .filter((c: { cell_type: string }) => c.cell_type === "code")
    .map((c: { source: string | string[] }) =>
      Array.isArray(c.source) ? c.source.join("") : c.source
    );
  assert(code.length >= 5, "the walkthrough has code cells");
  const n = code.length;

  // The Deno kernel sends a cell's value (execute_result) and display updates
  // from JavaScript, and now and then it reports "idle" before the last of
  // them, so nbclient drops an output or an update: a few percent of the
  // cells per run on this machine. A run where a cell's two passes differ is
  // therefore repeated, until every cell has shown the same outputs in both
  // passes of one run. A cell that really shows something else the second
  // time differs in every run, and fails with the diff of the last one.
  const matched = new Set<number>();
  let first: string[][] = [], last: string[][] = [];
  for (let attempt = 1; attempt <= ATTEMPTS && matched.size < n; attempt++) {
    const { summary, notebook: executed } = await runCells([...code, ...code], { timeoutSec: 120 });
    assertEquals(summary.kernel_error, null);
    for (const cell of summary.cells) assertEquals(cell.error, null, `cell ${cell.index}`);
    last = executed.cells.map((c) => (c.outputs ?? []).map(visible));
    if (attempt === 1) first = last.slice(0, n);
    for (let i = 0; i < n; i++) {
      if (JSON.stringify(last[i]) === JSON.stringify(last[n + i])) matched.add(i);
      else console.log(`attempt ${attempt}: code cell ${i + 1} differs between the passes`);
    }
  }
  for (let i = 0; i < n; i++) {
    if (matched.has(i)) continue;
    assertEquals(last[n + i], last[i], `code cell ${i + 1}: ${code[i]!.split("\n")[0]}`);
  }
  // Not a vacuous comparison: the walkthrough shows charts and text.
  assert(first.flat().some((o) => o.includes("image/svg+xml: <svg")), "a chart");
  assert(first.flat().some((o) => o.startsWith("stream")), "printed text");
});
