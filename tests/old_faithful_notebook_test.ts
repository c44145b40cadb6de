// Notebook 03 prints what the library computes: every number its prose leans on
// is recomputed here, outside the kernel, from the notebook's own seed.
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  bootstrapSample,
  decisionBoundaries,
  distinctMaxima,
  fit,
  parseCsvColumn,
  selectK,
} from "../lib/mod.ts";
import { mimeText, runNotebook } from "./_kernel.ts";

const NOTEBOOK = "notebooks/03-old-faithful.ipynb";

const source = (cell: { source: string | string[] }) =>
  Array.isArray(cell.source) ? cell.source.join("") : cell.source;

Deno.test({
  name: "03-old-faithful.ipynb shows the library's BIC table, maxima and bootstrap range",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { summary, notebook, stderr } = await runNotebook(NOTEBOOK, { timeoutSec: 240 });
    assertEquals(summary.kernel_error, null, stderr);
    assert(summary.ok, JSON.stringify(summary.cells.find((c) => c.error)));
    const code = notebook.cells.filter((c) => c.cell_type === "code");
    const shown = (needle: string) => {
      const cell = code.find((c) => source(c).includes(needle));
      assert(cell !== undefined, `no cell with ${needle}`);
      return (cell.outputs ?? []).map((o) =>
        o.output_type === "stream"
          ? (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")
          : mimeText(o, "image/svg+xml") ?? mimeText(o, "text/plain") ?? ""
      ).join("\n");
    };
    const setup = code.map(source).find((s) => /const seed = \d+;/.test(s))!;
    const seed = Number(/const seed = (\d+);/.exec(setup)![1]);
    const text = await Deno.readTextFile(
      new URL("../notebooks/data/old_faithful.csv", import.meta.url),
    );
    const durations = parseCsvColumn(text, "eruptions");

    // The BIC table and the chart: selectK's rows, the lowest proper BIC named in both.
    const choice = selectK(durations, [1, 2, 3, 4, 5], { nInit: 30, seed, tol: 1e-6 });
    const bic = shown("selectK(durations");
    assertStringIncludes(bic, `lowest BIC among the proper fits: k = ${choice.best}`);
    for (const r of choice.rows) {
      assertStringIncludes(bic, r.bic.toFixed(3));
      assertStringIncludes(bic, `${r.degenerateRuns} of ${r.runs}`);
    }
    assertStringIncludes(shown("criterionChart(choice)"), `lowest BIC: k = ${choice.best}`);
    // The prose says k = 3 wins and that its maximum is found by a minority of the starts.
    assertEquals(choice.best, 3);
    const maxima3 = distinctMaxima(choice.fits[2]!.runs);
    assert(maxima3.length > 1 && maxima3[0]!.runs < choice.rows[2]!.runs / 2);
    // At k = 4 a degenerate run sits above the proper maximum (the prose's warning).
    const floored = choice.fits[3]!.runs.filter((r) => r.degenerate);
    assert(floored.some((r) => r.logLikelihood > choice.rows[3]!.logLikelihood));
    for (const r of floored) assertStringIncludes(shown("distinctMaxima(choice"), `seed ${r.seed}`);

    // The restarts of k = 2 reach one maximum.
    const two = fit(durations, 2, { init: "random", nInit: 10, seed, maxIter: 2000 });
    assertEquals(distinctMaxima(two.runs).length, 1);

    // The bootstrap range of the boundary.
    const range = { from: Math.min(...durations), to: Math.max(...durations) };
    const boundaries: number[] = [];
    for (let b = 0; b < 400; b++) {
      const found = decisionBoundaries(
        fit(bootstrapSample(durations, seed + b), 2, { seed }).mixture,
        range,
      );
      if (found.length === 1) boundaries.push(found[0]!.x);
    }
    boundaries.sort((a, b) => a - b);
    const q = (p: number) => boundaries[Math.round(p * (boundaries.length - 1))]!;
    assertStringIncludes(
      shown("bootstrapSample(durations"),
      `between ${q(0.025).toFixed(2)} and ${q(0.975).toFixed(2)} min`,
    );

    // The family comparison: selectK over k × {V, E}, the winner named; the prose's numbers.
    const families = selectK(durations, [1, 2, 3, 4, 5], {
      families: ["V", "E"],
      nInit: 30,
      seed,
      tol: 1e-6,
    });
    const shownFamilies = shown("families: [");
    assertStringIncludes(
      shownFamilies,
      `lowest BIC among the proper fits: model ${families.bestModel}, k = ${families.best}`,
    );
    for (const r of families.rows) assertStringIncludes(shownFamilies, r.bic.toFixed(2));
    assertEquals([families.bestModel, families.best], ["V", 3]);
    const e = families.rows.filter((r) => r.model === "E");
    const bestE = e.reduce((a, b) => (b.bic < a.bic ? b : a));
    assertEquals([bestE.k, bestE.bic.toFixed(2)], [3, "580.83"]);
    assert(bestE.bic > families.rows[1]!.bic, "E's best is above V at k = 2");
  },
});
