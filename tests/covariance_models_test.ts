// The 14 covariance models beyond the parity with mclust
// (tests/mclust_models_test.ts): starts inside the model, criteria that
// count the model, selectKMv over every model with collapsed cells marked,
// and the sufficient-statistics interface a fused pass feeds.
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  aic,
  aicMv,
  bic,
  bicMv,
  familyParameterCount,
  fit,
  fitMv,
  MV_MODELS,
  mvMixture,
  mvModelParameterCount,
  ParameterRangeError,
  parseCsvColumn,
  selectKMv,
} from "../lib/mod.ts";
import { inModel } from "../lib/core/nd/models/membership.ts";
import { statsFromMoments, statsFromResponsibilities } from "../lib/core/nd/models/_stats.ts";
import { mStepFromStats } from "../lib/core/nd/_families.ts";

const csv = await Deno.readTextFile(new URL("../notebooks/data/old_faithful.csv", import.meta.url));
const eruptions = parseCsvColumn(csv, "eruptions");
const waiting = parseCsvColumn(csv, "waiting");
const points = eruptions.map((e, i) => [e, waiting[i]!]);

Deno.test("fitMv() starts every model inside the model, and its fit stays there", () => {
  for (const model of MV_MODELS) {
    const f = fitMv(points, 3, { covariance: model, seed: 2, maxIter: 20 });
    assertEquals(f.model, model);
    assert(inModel(model, f.history[0]!.mixture.covariances), `${model}: the start`);
    assert(inModel(model, f.mixture.covariances, 1e-7), `${model}: the fit`);
  }
  const tied = fitMv(points, 3, { covariance: "tied", seed: 2, maxIter: 1 }).history[0]!.mixture;
  assertEquals(tied.covariances[0], tied.covariances[2]);
  const diag = fitMv(points, 3, { covariance: "diag", seed: 2, maxIter: 1 }).history[0]!.mixture;
  for (const c of diag.covariances) assertEquals([c[0]![1], c[1]![0]], [0, 0]);
});

Deno.test("inModel() tells the geometries apart", () => {
  const round = [[[1, 0], [0, 1]], [[4, 0], [0, 4]]];
  const tilted = [[[2, 1], [1, 2]], [[2, -1], [-1, 2]]];
  assert(inModel("VII", round) && !inModel("EII", round) && inModel("VVV", round));
  assert(inModel("EEV", tilted) && !inModel("EEE", tilted) && !inModel("VVI", tilted));
  assert(inModel("EVE", tilted), "the same axes, the shapes swapped");
  const turned = [[[3, 0], [0, 1]], [[2, 1], [1, 2]]];
  assert(inModel("EEV", turned) && !inModel("EVE", turned) && !inModel("EEE", turned));
});

Deno.test("fitMv() names the model when a start lies outside it", () => {
  const start = mvMixture([0.5, 0.5], [[2, 60], [4, 80]], [[[1, 0], [0, 30]], [[1, 0.5], [
    0.5,
    30,
  ]]]);
  assertThrows(
    () => fitMv(points, 2, { covariance: "diag", start }),
    ParameterRangeError,
    "VVI model",
  );
  assertEquals(fitMv(points, 2, { covariance: "full", start }).model, "VVV");
});

Deno.test("bicMv() and aicMv() count the model's parameters, as the fit does", () => {
  for (const model of ["EEE", "VII", "EVE", "VVV"] as const) {
    const f = fitMv(points, 3, { covariance: model, seed: 1, nInit: 2 });
    assertAlmostEquals(
      bicMv(f.logLikelihood, 3, 2, points.length, { covariance: model }),
      f.bic,
      1e-9,
    );
    assertAlmostEquals(aicMv(f.logLikelihood, 3, 2, { covariance: model }), f.aic, 1e-9);
  }
  assertEquals(mvModelParameterCount("tied", 3, 2), 11);
  assertEquals(mvModelParameterCount("EII", 3, 2), 9);
  assertThrows(() => bicMv(-1, 1, 2, 10, { covariance: "round" as never }), ParameterRangeError);
  const e = fit(eruptions, 2, { family: "E", seed: 1 });
  assertAlmostEquals(bic(e.logLikelihood, 2, eruptions.length, { family: "E" }), e.bic, 1e-9);
  assertAlmostEquals(aic(e.logLikelihood, 2, { family: "E" }), e.aic, 1e-9);
  assertEquals(familyParameterCount("E", 2), 4);
});

Deno.test("selectKMv() compares every model by default and picks EEE with k = 3 on Old Faithful", () => {
  const choice = selectKMv(points, [1, 2, 3, 4, 5], { nInit: 5, seed: 1, tol: 1e-6 });
  assertEquals(choice.models, [...MV_MODELS]);
  assertEquals(choice.ks, [1, 2, 3, 4, 5]);
  assertEquals(choice.rows.length, 70);
  assertEquals([choice.bestModel, choice.best], ["EEE", 3]);
  const eee3 = choice.rows.find((r) => r.model === "EEE" && r.k === 3)!;
  assertAlmostEquals(eee3.bic, 2314.30, 1e-2);
});

Deno.test("selectKMv() marks a cell whose every run collapses (ridge 0) instead of throwing", () => {
  const twins = [[0, 0], [0, 0], [0, 0], [1, 2], [1, 2], [1, 2], [0.5, 1.5]];
  const choice = selectKMv(twins, [1, 3], { covariance: "full", ridge: 0, nInit: 3, seed: 1 });
  const [one, three] = choice.rows;
  assertEquals(one!.collapsed, false);
  assertEquals(three!.collapsed, true);
  assert(Number.isNaN(three!.bic));
  assertEquals(choice.fits[1], null);
  assertEquals(choice.best, 1);
});

Deno.test("statsFromMoments() gives the M-step the same statistics as the responsibilities", () => {
  const x = points.slice(0, 40);
  const k = 3, n = x.length, d = 2;
  const r = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = (i % 5) + 1, b = (i % 3) + 1, c = 2;
    const s = a + b + c;
    r[i * k] = a / s, r[i * k + 1] = b / s, r[i * k + 2] = c / s;
  }
  const sumR = new Float64Array(k),
    sumX = new Float64Array(k * d),
    sumXX = new Float64Array(k * d * d);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < k; h++) {
      const w = r[i * k + h]!;
      sumR[h]! += w;
      for (let a = 0; a < d; a++) {
        sumX[h * d + a]! += w * x[i]![a]!;
        for (let b = 0; b < d; b++) sumXX[h * d * d + a * d + b]! += w * x[i]![a]! * x[i]![b]!;
      }
    }
  }
  const prev = fitMv(x, k, { seed: 1, maxIter: 1 }).mixture;
  const direct = statsFromResponsibilities(x, r, k, prev.means);
  const moments = statsFromMoments(n, d, sumR, sumX, sumXX, prev.means);
  for (const model of MV_MODELS) {
    const a = mStepFromStats(model, direct, [0, 0], prev).mixture;
    const b = mStepFromStats(model, moments, [0, 0], prev).mixture;
    a.covariances.forEach((c, h) =>
      c.forEach((row, i) =>
        row.forEach((v, j) =>
          assertAlmostEquals(b.covariances[h]![i]![j]!, v, 1e-8 * (1 + Math.abs(v)))
        )
      )
    );
  }
});
