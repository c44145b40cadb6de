// The covariance families through the one EM loop, checked against
// scikit-learn and R's mclust from the same starts. The reference values are
// in tests/fixtures/families_reference.json, written by
// `deno run -A bench/families_reference.ts` (scikit-learn from the reference
// venv, mclust from Rscript).
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  em,
  emMv,
  fit,
  fitMv,
  mixture,
  mvMixture,
  ParameterRangeError,
  parseCsvColumn,
  selectK,
  selectKMv,
} from "../lib/mod.ts";
import { type Family, runEm } from "../lib/core/em/_em_core.ts";
import { familyV, type PreparedData } from "../lib/core/em/_families.ts";
import type { Mixture } from "../lib/core/model/mixture.ts";

interface Reference {
  weights: number[];
  means: number[][] | number[];
  covariances: number[][][];
  logLikelihood: number;
  bic: number;
  parameters: number;
}
interface Case {
  name: string;
  columns: string[];
  covarianceType: "full" | "tied" | "diag";
  model: "V" | "E" | "VVV" | "EEE" | "VVI";
  start: { weights: number[]; means: number[][]; covariances: number[][][] };
  maxIter: number;
  sklearn: Reference;
  mclust: Reference | null;
}

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/families_reference.json", import.meta.url)),
) as { sklearn: string; mclust: string | null; cases: Case[] };
const text = await Deno.readTextFile(
  new URL("../notebooks/data/old_faithful.csv", import.meta.url),
);
const column: Record<string, number[]> = {
  eruptions: parseCsvColumn(text, "eruptions"),
  waiting: parseCsvColumn(text, "waiting"),
};

/** The fitted parameters of one case as weights, means (rows) and covariances (matrices). */
interface Fitted {
  weights: readonly number[];
  means: readonly (readonly number[])[];
  covariances: readonly (readonly (readonly number[])[])[];
  logLikelihood: number;
  bic: number;
}

/** emlab from the case's start: `maxIter` iterations with tol 0, or to convergence. */
function emlab(c: Case, converge: boolean): Fitted {
  const options = converge ? { tol: 1e-12, maxIter: 100_000 } : { tol: 0, maxIter: c.maxIter };
  const s = c.start;
  if (c.columns.length === 1) {
    const x = column[c.columns[0]!]!;
    const start = mixture(
      s.weights,
      s.means.map((m) => m[0]!),
      s.covariances.map((v) => Math.sqrt(v[0]![0]!)),
    );
    const r = fit(x, s.weights.length, {
      ...options,
      start,
      varianceFloor: 0,
      family: c.model as "V" | "E",
    });
    return {
      weights: r.mixture.weights,
      means: r.mixture.means.map((m) => [m]),
      covariances: r.mixture.stdDevs.map((sd) => [[sd * sd]]),
      logLikelihood: r.logLikelihood,
      bic: r.bic,
    };
  }
  const points = column[c.columns[0]!]!.map((_, i) => c.columns.map((n) => column[n]![i]!));
  const r = fitMv(points, s.weights.length, {
    ...options,
    start: mvMixture(s.weights, s.means, s.covariances),
    ridge: 0,
    covariance: c.covarianceType,
  });
  assertEquals(r.model, c.model);
  return { ...r.mixture, logLikelihood: r.logLikelihood, bic: r.bic };
}

function assertClose(actual: number, expected: number, rel: number, what: string): void {
  const scale = Math.max(1, Math.abs(expected));
  assert(
    Math.abs(actual - expected) <= rel * scale,
    `${what}: ${actual} vs ${expected} (|Δ| = ${Math.abs(actual - expected)}, allowed ${
      rel * scale
    })`,
  );
}

function compare(ours: Fitted, ref: Reference, rel: number, label: string): number {
  let worst = 0;
  const check = (a: number, b: number, what: string) => {
    assertClose(a, b, rel, `${label} ${what}`);
    worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
  };
  ref.weights.forEach((w, h) => check(ours.weights[h]!, w, `λ${h + 1}`));
  ref.means.forEach((m, h) => {
    const row = Array.isArray(m) ? m : [m];
    row.forEach((v, a) => check(ours.means[h]![a]!, v, `μ${h + 1}[${a}]`));
  });
  ref.covariances.forEach((cov, h) =>
    cov.forEach((row, a) =>
      row.forEach((v, b) => check(ours.covariances[h]![a]![b]!, v, `Σ${h + 1}[${a}][${b}]`))
    )
  );
  check(ours.logLikelihood, ref.logLikelihood, "log L");
  return worst;
}

for (const c of fixture.cases) {
  Deno.test(`fit/fitMv ${c.name} matches scikit-learn ${fixture.sklearn} after ${c.maxIter} iterations from the same start`, () => {
    const ours = emlab(c, false);
    const worst = compare(ours, c.sklearn, 1e-9, "scikit-learn");
    // BIC: emlab uses scikit-learn's convention (−2 log L + p log N, lower is better).
    assertClose(ours.bic, c.sklearn.bic, 1e-9, "BIC vs scikit-learn's bic()");
    console.log(`${c.name}: largest relative difference to scikit-learn ${worst.toExponential(2)}`);
  });
  Deno.test({
    name: `fit/fitMv ${c.name} converges to R mclust's fit from the same start`,
    ignore: c.mclust === null,
    fn: () => {
      const ref = c.mclust!;
      const ours = emlab(c, true);
      const worst = compare(ours, ref, 1e-6, "mclust");
      // mclust's BIC is 2 log L − p log N (higher is better): minus emlab's.
      assertClose(ours.bic, -ref.bic, 1e-8, "BIC vs −(mclust's bic())");
      console.log(`${c.name}: largest relative difference to mclust ${worst.toExponential(2)}`);
    },
  });
}

Deno.test("family parameter counts are scikit-learn's and mclust's", () => {
  for (const c of fixture.cases) {
    const x = column.eruptions!;
    const k = c.start.weights.length;
    const counted = c.columns.length === 1
      ? selectK(x, [k], { families: [c.model as "V" | "E"], seed: 1 }).rows[0]!.parameters
      : selectKMv(
        x.map((v, i) => [v, column.waiting![i]!]),
        [k],
        { covariances: [c.covarianceType], seed: 1 },
      ).rows[0]!.parameters;
    assertEquals(counted, c.sklearn.parameters, c.name);
    if (c.mclust !== null) assertEquals(counted, c.mclust.parameters, c.name);
  }
});

Deno.test("runEm gives the same fit through the readable steps as through the fused pass", () => {
  const x = Float64Array.from(column.eruptions!);
  const data: PreparedData = { x, n: x.length, d: 1, variance: 1, varianceFloor: 1e-6 };
  const start = mixture([0.4, 0.6], [2, 4], [0.5, 0.7]);
  const readable: Family<PreparedData, Mixture> = { ...familyV, fused: undefined };
  const slow = [...runEm(readable, data, start, { tol: 1e-8, maxIter: 500 })];
  const fast = [...runEm(familyV, data, start, { tol: 1e-8, maxIter: 500 })];
  assertEquals(slow.length, fast.length);
  const a = slow.at(-1)!, b = fast.at(-1)!;
  assertAlmostEquals(a.logLikelihood, b.logLikelihood, 1e-9);
  a.mixture.means.forEach((m, h) => assertAlmostEquals(m, b.mixture.means[h]!, 1e-10));
  a.mixture.stdDevs.forEach((s, h) => assertAlmostEquals(s, b.mixture.stdDevs[h]!, 1e-10));
});

Deno.test("em() with family E keeps one variance and never lowers the log-likelihood", () => {
  const x = column.eruptions!;
  const history = [...em(x, mixture([0.5, 0.5], [2, 4], [0.3, 0.9]), { family: "E" })];
  for (const s of history.slice(1)) {
    assertEquals(new Set(s.mixture.stdDevs).size, 1);
    assert(s.delta! >= -1e-9, `log-likelihood went down by ${-s.delta!}`);
  }
});

Deno.test("emMv() with tied and diag covariances keeps their shape and never lowers log L", () => {
  const points = column.eruptions!.map((v, i) => [v, column.waiting![i]!]);
  const starts = {
    tied: mvMixture([0.5, 0.5], [[2, 55], [4.3, 80]], [[[0.3, 1], [1, 40]], [[0.3, 1], [1, 40]]]),
    diag: mvMixture([0.5, 0.5], [[2, 55], [4.3, 80]], [[[0.3, 0], [0, 40]], [[0.2, 0], [0, 30]]]),
  };
  for (const covariance of ["tied", "diag", "EEE", "VVI"] as const) {
    const start = covariance === "tied" || covariance === "EEE" ? starts.tied : starts.diag;
    const history = [...emMv(points, start, { covariance })];
    for (const s of history.slice(1)) {
      assert(s.delta! >= -1e-9, `${covariance}: log-likelihood went down by ${-s.delta!}`);
      const [c1, c2] = s.mixture.covariances;
      if (covariance === "tied" || covariance === "EEE") assertEquals(c1, c2);
      else assertEquals([c1![0]![1], c2![1]![0]], [0, 0]);
    }
  }
});

Deno.test("selectK and selectKMv tabulate k × family and name the best model", () => {
  const x = column.eruptions!;
  const choice = selectK(x, [1, 2, 3], { families: ["V", "E"], nInit: 3, seed: 1, tol: 1e-6 });
  assertEquals(choice.rows.map((r) => `${r.model}${r.k}`), ["V1", "V2", "V3", "E1", "E2", "E3"]);
  // k = 1: the two families are the same model.
  assertAlmostEquals(choice.rows[0]!.bic, choice.rows[3]!.bic, 1e-9);
  const proper = choice.rows.filter((r) => !r.degenerate);
  const lowest = proper.reduce((a, b) => (b.bic < a.bic ? b : a));
  assertEquals([choice.best, choice.bestModel], [lowest.k, lowest.model]);
  const points = x.map((v, i) => [v, column.waiting![i]!]);
  const mv = selectKMv(points, [2, 3], {
    covariances: ["full", "tied", "diag"],
    nInit: 3,
    seed: 1,
    tol: 1e-6,
  });
  assertEquals(mv.rows.map((r) => r.model), ["VVV", "VVV", "EEE", "EEE", "VVI", "VVI"]);
  assertEquals(mv.fits.map((f) => f!.covariance), ["full", "full", "tied", "tied", "diag", "diag"]);
});

Deno.test("fit and fitMv reject an unknown family with the names to use", () => {
  // deno-lint-ignore no-explicit-any
  assertThrows(() => fit([1, 2, 3, 4], 2, { family: "X" as any }), ParameterRangeError, '"E"');
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => fitMv([[0, 0], [1, 1], [2, 0]], 2, { covariance: "round" as any }),
    ParameterRangeError,
    '"tied"',
  );
});
