import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { CHART_SCALE_ENV } from "../lib/plot/_scale.ts";
import {
  criterionChart,
  type KChoiceRow,
  mixture,
  ParameterRangeError,
  ParameterTypeError,
  sampleMixture,
  selectK,
} from "../lib/mod.ts";

/** A row as selectK makes it, with the fields the chart reads. */
function row(k: number, bic: number, degenerate = false): KChoiceRow {
  return {
    k,
    model: "V",
    parameters: 3 * k - 1,
    logLikelihood: -bic / 2,
    bic,
    aic: bic - 10,
    converged: true,
    degenerate,
    collapsed: false,
    reason: degenerate ? "component 1: σ² at the variance floor" : "",
    degenerateComponents: [],
    seed: 1,
    runs: 5,
    degenerateRuns: degenerate ? 5 : 0,
  };
}

/** The texts of the chart's value labels (one per proper k other than the lowest). */
function labels(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([0-9]+\.[0-9])<\/text>/g)].map((m) => m[1]!);
}

Deno.test("criterionChart() rings the lowest BIC of a real selectK and labels each difference", () => {
  const { x } = sampleMixture(mixture([0.4, 0.6], [-2, 2], [0.5, 0.7]), 300, { seed: 3 });
  const choice = selectK(x, [1, 2, 3, 4], { nInit: 3, seed: 1 });
  const svg = criterionChart(choice).outerHTML;
  assertStringIncludes(svg, `lowest BIC: k = ${choice.best}`);
  const lowest = Math.min(...choice.rows.map((r) => r.bic));
  const expected = choice.rows.filter((r) => r.bic !== lowest).map((r) =>
    (r.bic - lowest).toFixed(1)
  );
  for (const label of expected) assert(labels(svg).includes(label), `no label ${label}`);
  assert(!svg.includes("degenerate"), "no degenerate row, no degenerate mark");
});

Deno.test("criterionChart() marks a degenerate row and measures nothing from it", () => {
  // k = 4 is degenerate with the lowest BIC of all: its value must not become the reference.
  const rows = [row(1, 900), row(2, 600), row(3, 580), row(4, 500, true), row(5, 590)];
  const svg = criterionChart({ rows, criterion: "bic" }).outerHTML;
  assertStringIncludes(svg, "lowest BIC: k = 3");
  assertStringIncludes(svg, "degenerate at k = 4");
  assertStringIncludes(svg, "×");
  assertEquals(labels(svg).sort(), ["10.0", "20.0", "320.0"]);
  // With k = 4 proper, it would be the reference instead.
  const proper = rows.map((r) => (r.k === 4 ? row(4, 500) : r));
  const other = criterionChart({ rows: proper, criterion: "bic" }).outerHTML;
  assertStringIncludes(other, "lowest BIC: k = 4");
  assert(!other.includes("degenerate"));
});

Deno.test("criterionChart() follows the choice's criterion", () => {
  const rows = [row(1, 900), row(2, 600), row(3, 580)];
  const svg = criterionChart({ rows, criterion: "aic" }).outerHTML;
  assertStringIncludes(svg, "lowest AIC: k = 3");
  assertStringIncludes(svg, "AIC by number of components");
});

Deno.test("criterionChart() grows with EMLAB_CHART_SCALE", () => {
  const rows = [row(1, 900), row(2, 600)];
  const before = Deno.env.get(CHART_SCALE_ENV);
  try {
    Deno.env.set(CHART_SCALE_ENV, "2");
    const chart = criterionChart({ rows, criterion: "bic" }, { width: 600, height: 300 });
    assertEquals(chart.getAttribute("width"), "1200");
    assertEquals(chart.getAttribute("height"), "600");
    assertEquals(chart.getAttribute("viewBox"), "0 0 600 300");
  } finally {
    if (before === undefined) Deno.env.delete(CHART_SCALE_ENV);
    else Deno.env.set(CHART_SCALE_ENV, before);
  }
});

Deno.test("criterionChart() refuses a choice without a proper row, or without rows", () => {
  assertThrows(
    () => criterionChart({ rows: [row(1, 10, true)], criterion: "bic" }),
    ParameterRangeError,
    "choice.rows must be at least one proper",
  );
  assertThrows(
    () => criterionChart({ rows: [], criterion: "bic" }),
    ParameterTypeError,
    "choice must be",
  );
  assertThrows(
    () => criterionChart({ rows: [row(1, 10)], criterion: "bic" }, { width: 10 }),
    ParameterRangeError,
    "options.width",
  );
});
