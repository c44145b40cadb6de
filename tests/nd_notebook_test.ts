import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { emMv, fixed, mvMixture, parseCsvColumn, selectKMv } from "../lib/mod.ts";
import { mimeText, runNotebook } from "./_kernel.ts";

const NOTEBOOK = "notebooks/05-old-faithful-2d.ipynb";

function oldFaithful(): number[][] {
  const text = Deno.readTextFileSync(
    new URL("../notebooks/data/old_faithful.csv", import.meta.url),
  );
  const e = parseCsvColumn(text, "eruptions"), w = parseCsvColumn(text, "waiting");
  return e.map((v, i) => [v, w[i]!]);
}

const source = (cell: { source: string | string[] }) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

Deno.test("05-old-faithful-2d.ipynb is committed without outputs, with the Deno kernelspec and navigation", async () => {
  const nb = JSON.parse(await Deno.readTextFile(NOTEBOOK));
  assertEquals(nb.metadata.kernelspec, {
    name: "deno",
    display_name: "Deno (emlab)",
    language: "typescript",
  });
  const first = source(nb.cells[0]), last = source(nb.cells.at(-1));
  assert(first.startsWith("# "), "the first cell starts with a # Title");
  for (const text of [first, last]) {
    assertStringIncludes(text, "(04-pitfalls.ipynb)");
    assertStringIncludes(text, "(README.md)");
  }
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    assertEquals(cell.outputs, [], "no committed outputs");
    assertEquals(cell.execution_count, null);
  }
});

Deno.test("05-old-faithful-2d.ipynb runs in the Deno kernel: animation in place, fit and BIC as the library computes them", async () => {
  const { summary, notebook, stderr } = await runNotebook(NOTEBOOK, {
    rerunTag: "em-run",
    timeoutSec: 180,
  });
  assertEquals(summary.kernel_error, null, stderr);
  const errors = summary.cells.filter((c) => c.error !== null).map((c) => [c.index, c.error]);
  assertEquals(errors, []);
  assert(summary.ok);

  const code = notebook.cells.map((c, i) => ({ ...c, i })).filter((c) => c.cell_type === "code");
  const outputsOf = (needle: string) => {
    const cell = code.find((c) => source(c).includes(needle));
    assert(cell !== undefined, `no cell with ${needle}`);
    return cell.outputs ?? [];
  };
  // What a cell shows as text: printed lines and the plain-text form of shown results and tables.
  const stdout = (needle: string) =>
    outputsOf(needle).map((o) =>
      o.output_type === "stream"
        ? (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")
        : mimeText(o, "text/plain") ?? ""
    ).join("\n");

  // The animation leaves exactly one output: a player, whose picture without a script is the
  // last frame.
  const animation = outputsOf("watchEmMv(");
  const frames = animation.filter((o) => o.output_type === "display_data");
  assertEquals(frames.length, 1);
  const html = mimeText(frames[0]!, "text/html") ?? "";
  assertStringIncludes(html, 'data-emlab-player="play"');
  const still = /<img[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)?.[1] ?? "";
  const svg = new TextDecoder().decode(Uint8Array.from(atob(still), (c) => c.charCodeAt(0)));
  assertStringIncludes(svg, "<svg");

  // The same run outside the kernel: the notebook shows what the library computes.
  const points = oldFaithful();
  const start = mvMixture([0.5, 0.5], [[2.5, 75], [4.0, 60]], [
    [[0.5, 0], [0, 50]],
    [[0.5, 0], [0, 50]],
  ]);
  const history = [...emMv(points, start, { tol: 1e-6 })];
  const last = history.at(-1)!;
  assertStringIncludes(svg, `iteration ${last.iteration} · log-likelihood`);
  const summaryText = stdout("const fitted = history.at(-1)!");
  assertStringIncludes(summaryText, `converged after ${last.iteration} iterations`);
  assertStringIncludes(summaryText, `log-likelihood: ${fixed(last.logLikelihood, 6)}`);

  // The BIC table: selectKMv's rows, degenerate runs counted, the lowest proper BIC named.
  const bic = stdout("selectKMv(points");
  const choice = selectKMv(points, [1, 2, 3, 4, 5], {
    nInit: 5,
    seed: 1,
    tol: 1e-6,
    covariance: "full",
  });
  assertStringIncludes(bic, `lowest BIC: k = ${choice.best}`);
  for (const r of choice.rows) {
    assertStringIncludes(bic, r.bic.toFixed(2));
    assertStringIncludes(bic, `${r.degenerateRuns} of ${r.runs}`);
  }
  // The third component's summary is the k = 3 fit's, next to notebook 03's 1-D fit.
  const three = choice.fits[2]!;
  const gain = three.logLikelihood - choice.fits[1]!.logLikelihood;
  assertStringIncludes(stdout("const three = choice.fits[2]!"), `k = 2 to 3: ${gain.toFixed(2)}`);

  // Every chart cell shows an SVG.
  for (
    const needle of [
      'title: "the start"',
      "three.history.at(-1)!",
      "criterionChart(choice",
      "modelCriterionChart(models",
      "modelEllipsesChart(points",
    ]
  ) {
    const out = outputsOf(needle).filter((o) => o.data?.["image/svg+xml"] !== undefined);
    assertStringIncludes(mimeText(out[0]!, "image/svg+xml") ?? "", "<svg");
  }
  assertStringIncludes(
    mimeText(outputsOf("criterionChart(choice").find((o) => o.data)!, "image/svg+xml") ?? "",
    `lowest BIC: k = ${choice.best}`,
  );

  // The covariance families: selectKMv over k × {full, tied, diag}, the winner named; the
  // prose's numbers (mclust's choice, EEE with k = 3).
  const families = selectKMv(points, [1, 2, 3, 4, 5], {
    covariances: ["full", "tied", "diag"],
    nInit: 5,
    seed: 1,
    tol: 1e-6,
  });
  const shownFamilies = stdout("covariances: [");
  assertStringIncludes(
    shownFamilies,
    `lowest BIC among the proper fits: model ${families.bestModel}, k = ${families.best}`,
  );
  for (const r of families.rows) assertStringIncludes(shownFamilies, r.bic.toFixed(2));
  assertEquals([families.bestModel, families.best], ["EEE", 3]);
  const bicOf = (model: string, k: number) =>
    families.rows.find((r) => r.model === model && r.k === k)!.bic.toFixed(2);
  assertEquals([bicOf("EEE", 3), bicOf("VVV", 2)], ["2314.30", "2322.19"]);
  const diag = families.rows.filter((r) => r.model === "VVI");
  const bestDiag = diag.reduce((a, b) => (b.bic < a.bic ? b : a));
  assertEquals([bestDiag.k, bestDiag.bic.toFixed(2)], [4, "2332.27"]);

  // The geometry of the models: every model compared, the winner in the chart, the prose's numbers.
  const models = selectKMv(points, [1, 2, 3, 4, 5], { nInit: 5, seed: 1, tol: 1e-6 });
  assertEquals(models.models.length, 14);
  assertStringIncludes(
    mimeText(outputsOf("modelCriterionChart(models").find((o) => o.data)!, "image/svg+xml") ?? "",
    `lowest BIC: ${models.bestModel}, k = ${models.best}`,
  );
  const bicAll = (model: string, k: number) =>
    models.rows.find((r) => r.model === model && r.k === k)!.bic.toFixed(2);
  assertEquals(
    [["EEE", 3], ["EEE", 4], ["VVE", 2], ["VEE", 3], ["VVV", 2], ["EEI", 3]].map(([m, k]) =>
      bicAll(m as string, k as number)
    ),
    ["2314.30", "2320.14", "2320.43", "2321.93", "2322.19", "2322.97"],
  );
  const round = models.rows.filter((r) => r.model === "EII" || r.model === "VII");
  assertEquals(Math.min(...round.map((r) => r.bic)).toFixed(2), "3129.05");
  const ranked = models.rows.filter((r) => !r.degenerate).sort((a, b) => a.bic - b.bic);
  assertEquals(ranked.slice(0, 5).map((r) => `${r.model},${r.k}`), [
    "EEE,3",
    "EEE,4",
    "VVE,2",
    "VEE,3",
    "VVV,2",
  ]);

  // Re-running the animation cell in the same kernel works.
  assertEquals(summary.reruns.length, 1);
  assertEquals(summary.reruns[0]!.error, null);
});
