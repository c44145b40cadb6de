/**
 * Notebook 06 (EM as coordinate ascent) in the real Deno kernel: every check
 * cell prints its ✓ line (a failed check throws, so a missing line is a
 * failure), every chart cell shows an SVG, and each k-means animation ends on
 * the iteration where k-means converged.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  kMeans,
  kMeansMv,
  mixture,
  mvMixture,
  sampleMixture,
  sampleMvMixture,
} from "../lib/mod.ts";
import { mimeText, type NotebookCell, runNotebook } from "./_kernel.ts";

const NAME = "notebooks/06-em-as-coordinate-ascent.ipynb";
const CHARTS = /\b(boundTrace|rateTrace|kMeansFrame|mixtureFrame)\(/;

function text(cell: NotebookCell): string {
  // Printed lines (streams) and text shown through show() (display data without a chart).
  return (cell.outputs ?? []).map((o) => {
    if (o.output_type === "stream") return [o.text ?? ""].flat().join("");
    if (o.data?.["image/svg+xml"] !== undefined || o.data?.["text/html"] !== undefined) return "";
    return `${mimeText(o, "text/plain") ?? ""}\n`;
  }).join("");
}

function source(cell: NotebookCell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

Deno.test({
  name: "notebook 06 runs its checks, draws its charts and animates k-means to convergence",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { summary, notebook, stderr } = await runNotebook(NAME);
    assertEquals(summary.kernel_error, null, stderr);
    assertEquals(summary.cells.filter((c) => c.error !== null), []);
    const code = notebook.cells.filter((c) => c.cell_type === "code");
    // One ✓ line per check the notebook states (each guarded by a throw).
    const checks = code.flatMap((c) => text(c).split("\n").filter((l) => l.startsWith("✓")));
    const expected = code.reduce((n, c) => n + (source(c).match(/["`]✓/g)?.length ?? 0), 0);
    assert(expected >= 14, `only ${expected} checks in the source`);
    assertEquals(checks.length, expected, checks.join("\n"));
    for (const cell of code) {
      if (!CHARTS.test(source(cell))) continue;
      const svgs = (cell.outputs ?? []).filter((o) =>
        o.data?.["image/svg+xml"] !== undefined || isPlayer(o)
      );
      assert(svgs.length >= 1, `no chart from:\n${source(cell).slice(0, 200)}`);
    }
    // The animations: one output each, updated in place, ending as a player on k-means' last
    // iteration.
    const animated = code.filter((c) => /player\d\.show\(/.test(source(c)));
    assertEquals(animated.length, 2);
    // The notebook's data and starts, to know where k-means converges.
    const x = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 16 }).x;
    const points = sampleMvMixture(
      mvMixture([0.4, 0.6], [[0, 0], [3, 2]], [[[0.5, 0.2], [0.2, 0.4]], [[0.6, -0.1], [
        -0.1,
        0.3,
      ]]]),
      300,
      { seed: 2 },
    ).x;
    const lastIterations = [
      [...kMeans(x, [-1, -0.8])].length - 1,
      [...kMeansMv(points, [[0, 0.5], [0.5, 0]])].length - 1,
    ];
    animated.forEach((cell, j) => {
      const frames = (cell.outputs ?? []).filter((o) =>
        o.data?.["image/svg+xml"] !== undefined || isPlayer(o)
      );
      assertEquals(frames.length, 1, "an animation should leave one output");
      assert(isPlayer(frames[0]!), "the animation ends as a player");
      const label = mimeText(frames[0]!, "text/plain") ?? "";
      assertMatch(label, /^iteration \d+/);
      assertEquals(Number(/^iteration (\d+)/.exec(label)![1]), lastIterations[j]);
    });
  },
});

/** Whether an output is a player (lib/notebook/player.ts): HTML marked data-emlab-player. */
function isPlayer(output: { data?: Record<string, unknown> }): boolean {
  const html = output.data?.["text/html"];
  return (Array.isArray(html) ? html.join("") : String(html ?? "")).includes("data-emlab-player=");
}
