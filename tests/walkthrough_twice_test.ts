/**
 * Running every cell of the walkthrough twice in one Deno kernel gives the
 * same outputs the second time: the notebook keeps no hidden state that
 * changes what a re-run shows.
 */
import { assert, assertEquals } from "@std/assert";
import { mimeText, type NotebookOutput, runCells } from "./_kernel.ts";

const WALKTHROUGH = new URL("../notebooks/01-em-walkthrough.ipynb", import.meta.url);

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
  // Observable Plot numbers its clip paths with a process-wide counter; a player's element
  // id is fresh for every output.
  return parts.join("\n").replace(/plot-clip-\d+/g, "plot-clip-#")
    .replace(/emlab-player-[0-9a-f-]{36}/g, "emlab-player-#");
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

  const { summary, notebook: executed } = await runCells([...code, ...code], { timeoutSec: 120 });
  assertEquals(summary.kernel_error, null);
  for (const cell of summary.cells) assertEquals(cell.error, null, `cell ${cell.index}`);
  const outputs = executed.cells.map((c) => (c.outputs ?? []).map(visible));
  const first = outputs.slice(0, n);
  for (let i = 0; i < n; i++) {
    assertEquals(outputs[n + i], outputs[i], `code cell ${i + 1}: ${code[i]!.split("\n")[0]}`);
  }
  // Not a vacuous comparison: the walkthrough shows charts and text.
  assert(first.flat().some((o) => o.includes("image/svg+xml: <svg")), "a chart");
  assert(first.flat().some((o) => o.startsWith("stream")), "printed text");
});
