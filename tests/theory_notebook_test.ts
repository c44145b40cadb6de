/**
 * Notebook 06 (EM as coordinate ascent) in the real Deno kernel: every check
 * cell prints its ✓ line (a failed check throws, so a missing line is a
 * failure), every chart cell shows an SVG, and each k-means animation ends on
 * the iteration where k-means converged.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  emRate,
  fit,
  kMeans,
  kMeansMv,
  mixture,
  mvMixture,
  sampleMixture,
  sampleMvMixture,
  symmetricSaddle,
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
    // The saddle's eigenvalues as printed are the ones the prose quotes.
    const printed = code.map(text).join("\n");
    for (const value of ["1.000355", "1.000000", "0.1969223"]) {
      assertMatch(printed, new RegExp(`eigenvalues of J at the symmetric point: .*${value}`));
    }
  },
});

const SOURCES = [
  "tools/notebooks/06-em-as-coordinate-ascent.md",
  "tools/notebooks/ja/06-em-as-coordinate-ascent.md",
];

/** The prose of a notebook source: its text outside code fences. */
function prose(source: string): string {
  return source.split(/^```.*$/m).filter((_, i) => i % 2 === 0).join("\n");
}

Deno.test("notebook 06 quotes the saddle's numbers and §6's maxima as the library computes them", async () => {
  // The saddle: the sample of section 4 and its mirror image.
  const x = sampleMixture(mixture([0.5, 0.5], [0, 3], [0.5, 0.5]), 1000, { seed: 11 }).x;
  const saddle = symmetricSaddle(x);
  const measured = emRate(x, saddle.mixture).eigenvalues;
  const m = saddle.mixture.means[0]!;
  const mirrored = [...x.map((v) => v - m), ...x.map((v) => m - v)];
  const mirror = emRate(mirrored, symmetricSaddle(mirrored).mixture);
  // The claims: ρ(J) > 1 from the skewness, the λ eigenvalue 1, ρ(J) = 1 on mirror data.
  assert(measured[0]! > 1 && saddle.skewness !== 0);
  assertEquals(mirror.rate.toFixed(6), "1.000000");
  assertEquals(mirror.eigenvalues[1]!.toFixed(6), "1.000000");
  const single = fit(
    sampleMixture(mixture([0.2, 0.3, 0.5], [-1, 0.5, 3], [0.3, 0.5, 0.8]), 600, { seed: 4 }).x,
    3,
    { seed: 1 },
  );
  const quoted = [
    measured[0]!.toFixed(6), // 1.000355
    measured[1]!.toFixed(6), // 1.000000: the λ direction
    measured[2]!.toPrecision(7),
    (measured[0]! - 1).toFixed(6),
    `g = ${saddle.skewness.toFixed(3)}`,
    `\\kappa = ${saddle.kurtosis.toFixed(2)}`,
    // §6: the poor maximum a single start stops at.
    `\\log L = ${single.logLikelihood.toFixed(2)}`,
  ];
  for (const path of SOURCES) {
    const text = prose(await Deno.readTextFile(path));
    for (const q of quoted) assert(text.includes(q), `${path} does not say ${q}`);
  }
});

/** Whether an output is a player (lib/notebook/player.ts): HTML marked data-emlab-player. */
function isPlayer(output: { data?: Record<string, unknown> }): boolean {
  const html = output.data?.["text/html"];
  return (Array.isArray(html) ? html.join("") : String(html ?? "")).includes("data-emlab-player=");
}
