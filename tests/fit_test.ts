import { assert, assertAlmostEquals, assertEquals, assertGreater } from "@std/assert";
import {
  aic,
  bic,
  densityGrid,
  fit,
  logLikelihood,
  mixture,
  mixturePdf,
  predict,
  predictProba,
  sampleMixture,
} from "../lib/mod.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);

function sortByMean(
  m: { weights: readonly number[]; means: readonly number[]; stdDevs: readonly number[] },
) {
  const order = m.means.map((_, h) => h).sort((a, b) => m.means[a]! - m.means[b]!);
  return {
    weights: order.map((h) => m.weights[h]!),
    means: order.map((h) => m.means[h]!),
    stdDevs: order.map((h) => m.stdDevs[h]!),
  };
}

Deno.test("fit() recovers λ, μ, σ of the original case from 1e5 samples within sampling error", () => {
  const n = 100_000;
  const { x } = sampleMixture(truth, n, { seed: 2024, assignment: "random" });
  const result = fit(x, 2, { seed: 1, nInit: 2, tol: 1e-6 });
  assert(result.converged);
  const m = sortByMean(result.mixture);
  // Standard errors for these parameters are ≲ 0.002 at N = 1e5; allow 5 of them.
  const tol = 0.01;
  [0.35, 0.65].forEach((w, h) => assertAlmostEquals(m.weights[h]!, w, tol));
  [-0.3, 0.5].forEach((mu, h) => assertAlmostEquals(m.means[h]!, mu, tol));
  [0.15, 0.3].forEach((s, h) => assertAlmostEquals(m.stdDevs[h]!, s, tol));
});

Deno.test("fit() keeps the best of nInit runs and reports every run", () => {
  const { x } = sampleMixture(truth, 1000, { seed: 4 });
  const result = fit(x, 3, { init: "random", nInit: 6, seed: 10 });
  assertEquals(result.runs.length, 6);
  assertEquals(result.runs.map((r) => r.seed), [10, 11, 12, 13, 14, 15]);
  const best = Math.max(...result.runs.map((r) => r.logLikelihood));
  assertEquals(result.logLikelihood, best);
  assertEquals(result.runs[result.bestRun]!.logLikelihood, best);
  assertEquals(result.history.at(-1)!.mixture, result.mixture);
});

Deno.test("fit() is reproducible from its seed", () => {
  const { x } = sampleMixture(truth, 500, { seed: 4 });
  const a = fit(x, 2, { nInit: 3 });
  const b = fit(x, 2, { nInit: 3, seed: a.seed });
  assertEquals(a.mixture, b.mixture);
});

Deno.test("fit() reports BIC, AIC and responsibilities consistent with its mixture", () => {
  const { x } = sampleMixture(truth, 1000, { seed: 4 });
  const r = fit(x, 2, { seed: 3 });
  assertAlmostEquals(r.logLikelihood, logLikelihood(x, r.mixture), 1e-9);
  assertEquals(r.bic, bic(r.logLikelihood, 2, 1000));
  assertEquals(r.aic, aic(r.logLikelihood, 2));
  assertEquals(r.responsibilities, predictProba(r.mixture, x));
});

Deno.test("fit() prefers k = 2 by BIC on two-component data", () => {
  const { x } = sampleMixture(truth, 1000, { seed: 8 });
  const bics = [1, 2, 3, 4].map((k) => fit(x, k, { seed: 1, nInit: 3 }).bic);
  assertEquals(bics.indexOf(Math.min(...bics)), 1);
});

Deno.test("densityGrid() integrates to about 1 and matches mixturePdf()", () => {
  const g = densityGrid(truth, { from: -2, to: 2.5, points: 2001 });
  const dx = g.x[1]! - g.x[0]!;
  const integral = g.mixture.reduce((a, b) => a + b, 0) * dx;
  assertAlmostEquals(integral, 1, 1e-3);
  assertAlmostEquals(g.mixture[700]!, mixturePdf(truth, g.x[700]!), 1e-15);
});

Deno.test("predict() picks the most responsible component", () => {
  const m = mixture([0.5, 0.5], [-1, 1], [0.3, 0.3]);
  assertEquals(predict(m, [-2, -0.5, 0.4, 3]), [0, 0, 1, 1]);
  const [row] = predictProba(m, [0]);
  assertAlmostEquals(row![0]!, 0.5, 1e-12);
  assertGreater(predictProba(m, [0.1])[0]![1]!, 0.5);
});
