import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  compareMixtures,
  fit,
  matchComponents,
  mixture,
  ParameterRangeError,
  sampleMixture,
} from "../lib/mod.ts";

const truth = mixture([0.2, 0.3, 0.5], [-2, 0, 3], [0.5, 0.4, 1]);

Deno.test("matchComponents() undoes any relabelling of three components", () => {
  const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
  for (const p of perms) {
    // estimate component p[h] is truth component h
    const w = [0, 0, 0], m = [0, 0, 0], s = [0, 0, 0];
    for (let h = 0; h < 3; h++) {
      w[p[h]!] = truth.weights[h]!;
      m[p[h]!] = truth.means[h]! + 0.05;
      s[p[h]!] = truth.stdDevs[h]! * 1.1;
    }
    assertEquals(matchComponents(truth, mixture(w, m, s)), p);
  }
});

Deno.test("compareMixtures() pairs a real fit with the truth whatever its labels", () => {
  const { x } = sampleMixture(truth, 2000, { seed: 3 });
  const result = fit(x, 3, { nInit: 3, seed: 3 });
  const table = compareMixtures(truth, result.mixture);
  for (const row of table.rows) {
    const tol = row.parameter.startsWith("μ") ? 0.2 : 0.1;
    if (Math.abs(row.error) > tol) throw new Error(`${row.parameter} off by ${row.error}`);
  }
  assertEquals(table.rows.map((r) => r.parameter), [
    "λ₁",
    "λ₂",
    "λ₃",
    "μ₁",
    "μ₂",
    "μ₃",
    "σ₁",
    "σ₂",
    "σ₃",
  ]);
});

Deno.test("compareMixtures() renders Markdown, text and a Jupyter bundle", () => {
  const table = compareMixtures(truth, truth, { digits: 2, estimateLabel: "fit" });
  assertStringIncludes(table.markdown, "| parameter | true | fit | error |");
  assertStringIncludes(table.markdown, "| μ₁ | −2.00 | −2.00 | 0.00 |");
  assertStringIncludes(table.toString(), "σ₃");
  const display = (table as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]!();
  assertEquals(display["text/markdown"], table.markdown);
});

Deno.test("compareMixtures() without matching keeps the numbering", () => {
  const swapped = mixture([0.5, 0.3, 0.2], [3, 0, -2], [1, 0.4, 0.5]);
  assertEquals(compareMixtures(truth, swapped, { match: false }).order, [0, 1, 2]);
  assertEquals(compareMixtures(truth, swapped).order, [2, 1, 0]);
});

Deno.test("matchComponents() rejects different k", () => {
  assertThrows(
    () => matchComponents(truth, mixture([1], [0], [1])),
    ParameterRangeError,
    "k = 3",
  );
});
