// The covariance-model charts: snapshots of the criterion over models and k
// and of the ellipses per model (from fixed rows and mixtures, so the
// pictures do not depend on a fit), and their checks of bad input.
import { assertStringIncludes, assertThrows } from "@std/assert";
import {
  type KChoiceRow,
  modelCriterionChart,
  modelEllipsesChart,
  mvMixture,
  ParameterRangeError,
  ParameterTypeError,
} from "../lib/mod.ts";
import { snapshotTest } from "./_snapshot.ts";

function row(model: string, k: number, bic: number, degenerate = false): KChoiceRow {
  return {
    k,
    model,
    parameters: k * 5,
    logLikelihood: -bic / 2,
    bic,
    aic: bic - 10,
    converged: true,
    degenerate,
    collapsed: false,
    reason: "",
    degenerateComponents: [],
    seed: 1,
    runs: 5,
    degenerateRuns: degenerate ? 5 : 0,
  };
}

// BIC of three models on Old Faithful (emlab's README table, rounded).
const ROWS: KChoiceRow[] = [
  ...[3055.83, 2354.6, 2322.97, 2323.6, 2325.91].map((b, i) => row("EEI", i + 1, b)),
  ...[2607.62, 2325.22, 2314.3, 2320.14, 2327.61].map((b, i) => row("EEE", i + 1, b)),
  ...[2607.62, 2322.19, 2324.18, 2336.7, 2360.52].map((b, i) => row("VVV", i + 1, b, i === 4)),
];

snapshotTest("model-criterion", () => modelCriterionChart({ rows: ROWS, criterion: "bic" }));

const POINTS = Array.from({ length: 40 }, (_, i) => {
  const t = (i / 40) * 2 * Math.PI;
  return i % 2 === 0
    ? [2 + 0.3 * Math.cos(t), 55 + 5 * Math.sin(t)]
    : [4.3 + 0.4 * Math.cos(t), 80 + 6 * Math.sin(t)];
});
const FITS = [
  { model: "EII", covariances: [[[9, 0], [0, 9]], [[9, 0], [0, 9]]] },
  { model: "VVI", covariances: [[[0.05, 0], [0, 30]], [[0.1, 0], [0, 35]]] },
  { model: "EEE", covariances: [[[0.08, 0.5], [0.5, 33]], [[0.08, 0.5], [0.5, 33]]] },
  { model: "VVV", covariances: [[[0.07, 0.4], [0.4, 34]], [[0.17, 0.9], [0.9, 36]]] },
  { model: "EEV", covariances: [[[0.08, -0.5], [-0.5, 33]], [[0.08, 0.5], [0.5, 33]]] },
].map((f, i) => ({
  model: f.model,
  k: 2,
  bic: 2320 + i,
  mixture: mvMixture([0.35, 0.65], [[2, 55], [4.3, 80]], f.covariances),
}));

snapshotTest("model-ellipses", () => modelEllipsesChart(POINTS, FITS));

Deno.test("modelCriterionChart() names the lowest proper cell and counts the ones left out", () => {
  const svg = modelCriterionChart({ rows: ROWS, criterion: "bic" }).outerHTML;
  assertStringIncludes(svg, "lowest BIC: EEE, k = 3");
  assertStringIncludes(svg, "1 degenerate or collapsed cell left out");
  assertThrows(() => modelCriterionChart({ rows: [], criterion: "bic" }), ParameterTypeError);
  assertThrows(
    () => modelCriterionChart({ rows: [row("VVV", 1, 1, true)], criterion: "bic" }),
    ParameterRangeError,
  );
});

Deno.test("modelEllipsesChart() labels every panel and refuses fits that are not 2-D", () => {
  const svg = modelEllipsesChart(POINTS, FITS).outerHTML;
  for (const f of FITS) assertStringIncludes(svg, `${f.model}, k = 2`);
  assertThrows(() => modelEllipsesChart(POINTS, []), ParameterTypeError);
  const oneD = { ...FITS[0]!, mixture: mvMixture([1], [[0]], [[[1]]]) };
  assertThrows(() => modelEllipsesChart(POINTS, [oneD]), ParameterRangeError);
});
