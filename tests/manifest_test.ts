import { assertEquals, assertThrows } from "@std/assert";
import {
  checkNotebookOutputs,
  classifyOutputs,
  formatManifest,
  parseManifest,
  tableHeader,
} from "../tools/manifest.ts";
import { parseSource } from "../tools/build_notebooks.ts";

Deno.test("parseManifest() reads kinds and table headers; formatManifest() writes them back", () => {
  const spec = "text, table[k; log L; B(old|old), x], svg, gif";
  const parsed = parseManifest(spec);
  assertEquals(parsed, [
    { kind: "text" },
    { kind: "table", header: ["k", "log L", "B(old|old), x"] },
    { kind: "svg" },
    { kind: "gif" },
  ]);
  assertEquals(formatManifest(parsed), spec);
  assertEquals(parseManifest("  "), []);
  assertThrows(() => parseManifest("text, png"), Error, 'unknown output "png"');
  assertThrows(() => parseManifest("table[a; ]"), Error, "empty column");
});

Deno.test("parseSource() takes tags before | and the manifest after it", () => {
  const cells = parseSource("# T\n\n```ts em-run | text, svg\nx\n```\n\n```ts\ny\n```\n");
  assertEquals(cells[1], {
    type: "code",
    source: "x",
    tags: ["em-run"],
    outputs: [{ kind: "text" }, { kind: "svg" }],
  });
  assertEquals(cells[2]!.outputs, []);
});

Deno.test("tableHeader() reads HTML and Markdown headers", () => {
  assertEquals(
    tableHeader("<table>\n<thead><tr><th>k</th><th>a &amp; b</th></tr></thead></table>"),
    ["k", "a & b"],
  );
  assertEquals(tableHeader("| parameter | true |\n| --- | ---: |"), ["parameter", "true"]);
  assertEquals(tableHeader("plain"), undefined);
});

const svg = { output_type: "display_data", data: { "image/svg+xml": "<svg/>" } };
const line = (t: string) => ({ output_type: "stream", name: "stdout", text: t });
const html = {
  output_type: "display_data",
  data: { "text/html": "<table><thead><tr><th>k</th></tr></thead></table>", "text/plain": "k" },
};

Deno.test("classifyOutputs() merges consecutive text and names tables by their header", () => {
  assertEquals(
    classifyOutputs([
      line("a"),
      line("b"),
      { output_type: "display_data", data: { "text/plain": "c" } },
      html,
      svg,
    ]),
    [{ kind: "text" }, { kind: "table", header: ["k"] }, { kind: "svg" }],
  );
});

Deno.test("checkNotebookOutputs() finds an output that landed under the next cell", () => {
  const meta = (outputs: unknown[]) => ({ emlab: { outputs } });
  const notebook = {
    cells: [
      { cell_type: "code", metadata: meta([{ kind: "text" }, { kind: "table", header: ["k"] }]) },
      { cell_type: "markdown" },
      { cell_type: "code", metadata: meta([{ kind: "svg" }]) },
      { cell_type: "code", metadata: {} },
    ],
  } as Parameters<typeof checkNotebookOutputs>[0];
  const c = notebook.cells;
  c[0]!.outputs = [line("x"), html];
  c[2]!.outputs = [svg];
  c[3]!.outputs = [];
  assertEquals(checkNotebookOutputs(notebook), [
    { index: 3, problem: "no output manifest in the cell's metadata" },
  ]);
  // The table arrives late: missing in cell 0, extra in cell 2.
  c[0]!.outputs = [line("x")];
  c[2]!.outputs = [html, svg];
  assertEquals(checkNotebookOutputs(notebook).map((m) => m.index), [0, 2, 3]);
  assertEquals(
    checkNotebookOutputs(notebook)[0]!.problem,
    "expected [text, table[k]], shown [text]",
  );
});
