// Through the real Deno Jupyter kernel (nbclient from the project's venv):
// a cell that animates EM leaves exactly one output: a player over its frames,
// showing the last frame (or, with `player: false`, the last frame as SVG).
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { mimeText, runCells } from "./_kernel.ts";

const SETUP = [
  'import { em } from "../lib/core/em/em.ts";',
  'import { initRandom } from "../lib/core/init/init.ts";',
  'import { mixture } from "../lib/core/model/mixture.ts";',
  'import { sampleMixture } from "../lib/core/model/sample.ts";',
  'import { animateEm } from "../lib/notebook/jupyter.ts";',
  'import { mixtureFrame } from "../lib/plot/mixture_frame.ts";',
  "const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });",
].join("\n");

const ITERATIONS = 6;
const ANIMATE =
  `const history = await animateEm(x, em(x, initRandom(2, { seed: 7 }), { tol: 0, maxIter: ${ITERATIONS} }));`;
const PLAIN =
  `const plain = await animateEm(x, em(x, initRandom(2, { seed: 7 }), { tol: 0, maxIter: ${ITERATIONS} }), { player: false });`;

/** The pictures of a player's HTML that show without a script: decoded SVG of each <img>. */
function stillPictures(html: string): string[] {
  const withoutScript = html.replace(/<script>[\s\S]*?<\/script>/g, "");
  return [...withoutScript.matchAll(/<img[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((
    m,
  ) => new TextDecoder().decode(Uint8Array.from(atob(m[1]!), (c) => c.charCodeAt(0))));
}

Deno.test("animateEm() in the Deno kernel ends with one output: a player showing the last iteration", async () => {
  const { summary, notebook, stderr } = await runCells([
    SETUP,
    { source: ANIMATE, tags: ["animate"] },
    "history.length",
    "history",
    "mixtureFrame(x, history.at(-1)!)",
    PLAIN,
  ], { rerunTag: "animate", timeoutSec: 120 });
  assertEquals(summary.kernel_error, null, stderr);
  for (const cell of summary.cells) assertEquals(cell.error, null, cell.source_head);

  const animate = summary.cells[1]!;
  assertEquals(animate.outputs.length, 1);
  assertEquals(animate.outputs[0]!.output_type, "display_data");
  assertEquals(animate.outputs[0]!.mime_types, ["text/html", "text/plain"]);
  const output = notebook.cells[1]!.outputs![0]!;
  // Re-running the cell (rerun tag) must again leave exactly one output, with a fresh display.
  assertEquals(summary.reruns.length, 1);
  assertEquals(summary.reruns[0]!.outputs.length, 1);
  const html = mimeText(output, "text/html") ?? "";
  assertStringIncludes(html, 'data-emlab-player="play"');
  assertStringIncludes(html, `data-frames="${ITERATIONS + 1}"`);
  // Without a script: the last frame and the trace marking it, nothing of earlier frames.
  const [frame, trace] = stillPictures(html);
  assertStringIncludes(frame ?? "", `iteration ${ITERATIONS} · log-likelihood = `);
  for (let i = 0; i < ITERATIONS; i++) {
    assert(!frame!.includes(`iteration ${i} ·`), `frame ${i} left`);
  }
  assertStringIncludes(trace ?? "", `now: iteration ${ITERATIONS}`);
  assertStringIncludes(mimeText(output, "text/plain") ?? "", `iteration ${ITERATIONS}`);

  // player: false keeps the last frame as a plain SVG output.
  const plain = summary.cells[5]!;
  assertEquals(plain.outputs.map((o) => o.mime_types), [["image/svg+xml", "text/plain"]]);
  assertStringIncludes(
    mimeText(notebook.cells[5]!.outputs![0]!, "image/svg+xml") ?? "",
    `iteration ${ITERATIONS} · log-likelihood = `,
  );

  // The history holds the start and every iteration; as a cell value it shows one summary line.
  assertStringIncludes(
    mimeText(notebook.cells[2]!.outputs![0]!, "text/plain") ?? "",
    `${ITERATIONS + 1}`,
  );
  assertStringIncludes(
    mimeText(notebook.cells[3]!.outputs![0]!, "text/plain") ?? "",
    `EM history: ${ITERATIONS + 1} snapshots`,
  );
  // A chart as a cell's value displays as a picture.
  assertEquals(summary.cells[4]!.outputs.map((o) => o.mime_types), [["image/svg+xml"]]);
});
