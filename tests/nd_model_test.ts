import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  aicMv,
  bicMv,
  defaultRidge,
  emMv,
  eStepMv,
  fitMv,
  initKMeansPlusPlusMv,
  mStepMv,
  mvLogLikelihood,
  mvMixture,
  mvParameterCount,
  ParameterRangeError,
  ParameterTypeError,
  predictMv,
  sampleMvMixture,
  validateMvMixture,
} from "../lib/mod.ts";

const TRUTH = mvMixture([0.3, 0.7], [[-2, 1], [3, -1]], [
  [[1, 0.8], [0.8, 2]],
  [[0.5, -0.2], [-0.2, 0.3]],
]);

Deno.test("sampleMvMixture() is reproducible and matches each component's mean and covariance", () => {
  const n = 40_000;
  const a = sampleMvMixture(TRUTH, n, { seed: 17 });
  assertEquals(sampleMvMixture(TRUTH, n, { seed: 17 }).x, a.x);
  assert(sampleMvMixture(TRUTH, 10, { seed: 18 }).x[0]![0] !== a.x[0]![0]);
  for (let h = 0; h < 2; h++) {
    const pts = a.x.filter((_, i) => a.labels[i] === h);
    assertEquals(pts.length, Math.round(n * TRUTH.weights[h]!)); // stratified counts
    const mu = [0, 1].map((j) => pts.reduce((s, p) => s + p[j]!, 0) / pts.length);
    const cov = [0, 1].map((r) =>
      [0, 1].map((c) =>
        pts.reduce((s, p) => s + (p[r]! - mu[r]!) * (p[c]! - mu[c]!), 0) / pts.length
      )
    );
    // Standard errors ≤ 0.015 here; allow about 4 of them.
    for (const j of [0, 1]) assertAlmostEquals(mu[j]!, TRUTH.means[h]![j]!, 0.05);
    for (const [r, c] of [[0, 0], [0, 1], [1, 1]] as const) {
      assertAlmostEquals(cov[r]![c]!, TRUTH.covariances[h]![r]![c]!, 0.06);
    }
  }
  const random = sampleMvMixture(TRUTH, 20_000, { seed: 3, assignment: "random" });
  const share = random.labels.filter((l) => l === 0).length / 20_000;
  assertAlmostEquals(share, 0.3, 0.015);
});

Deno.test("bicMv() and aicMv() use the full-covariance parameter count; fitMv() reports them", () => {
  for (const [k, d] of [[1, 1], [2, 2], [3, 2], [2, 5]] as const) {
    const p = mvParameterCount(k, d);
    // Count by hand: weights, means, then the upper triangle of each Σ.
    let count = k - 1;
    for (let h = 0; h < k; h++) {
      count += d;
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) count++;
    }
    assertEquals(p, count);
    assertAlmostEquals(bicMv(-50, k, d, 100), 100 + p * Math.log(100), 1e-12);
    assertEquals(aicMv(-50, k, d), 100 + 2 * p);
  }
  const { x } = sampleMvMixture(TRUTH, 300, { seed: 2 });
  const r = fitMv(x, 2, { seed: 4 });
  assertAlmostEquals(r.bic, bicMv(mvLogLikelihood(x, r.mixture), 2, 2, 300), 1e-9);
  assertAlmostEquals(r.aic, -2 * r.logLikelihood + 2 * 11, 1e-9);
});

Deno.test("fitMv() keeps the best of nInit runs, records seeds and is reproducible", () => {
  const { x } = sampleMvMixture(TRUTH, 500, { seed: 9 });
  const a = fitMv(x, 3, { nInit: 4, seed: 20 });
  assertEquals(a.runs.map((r) => r.seed), [20, 21, 22, 23]);
  assertEquals(a.logLikelihood, Math.max(...a.runs.map((r) => r.logLikelihood)));
  assertEquals(a.runs[a.bestRun]!.logLikelihood, a.logLikelihood);
  assertEquals(fitMv(x, 3, { nInit: 4, seed: 20 }).mixture, a.mixture);
  assertEquals(a.history[0]!.mixture, initKMeansPlusPlusMv(x, 3, { seed: 20 + a.bestRun }));
  assertEquals(a.ridge, defaultRidge(x));
  const labels = predictMv(a.mixture, x);
  assertEquals(labels.length, 500);
  assert(labels.every((l) => l >= 0 && l < 3));
});

Deno.test("initKMeansPlusPlusMv() gives a valid seeded start with one centre per separated cluster", () => {
  const { x } = sampleMvMixture(
    mvMixture([1 / 3, 1 / 3, 1 / 3], [[0, 0], [20, 0], [0, 20]], [
      [[1, 0], [0, 1]],
      [[1, 0], [0, 1]],
      [[1, 0], [0, 1]],
    ]),
    300,
    { seed: 1 },
  );
  for (let seed = 0; seed < 10; seed++) {
    const start = initKMeansPlusPlusMv(x, 3, { seed });
    assertEquals(validateMvMixture(start), { k: 3, d: 2 });
    const corners = start.means.map((m) => `${Math.round(m[0]! / 20)},${Math.round(m[1]! / 20)}`);
    assertEquals(corners.toSorted(), ["0,0", "0,1", "1,0"], `seed ${seed}`);
  }
  assertEquals(initKMeansPlusPlusMv(x, 3, { seed: 5 }), initKMeansPlusPlusMv(x, 3, { seed: 5 }));
});

Deno.test("d-dimensional functions reject bad input with typed errors that name the parameter", () => {
  const good = [[0, 0], [1, 2], [2, 1], [3, 3]];
  const start = mvMixture([0.5, 0.5], [[0, 0], [3, 3]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
  const cases: [() => unknown, ErrorConstructor | typeof ParameterRangeError, string][] = [
    // deno-lint-ignore no-explicit-any
    [() => fitMv("1,2" as any, 2), ParameterTypeError, "data must be"],
    [() => fitMv([], 1), ParameterRangeError, "data must be a non-empty"],
    [() => fitMv([[0, 1], [2]], 1), ParameterRangeError, "data[1] must be a point with 2"],
    [() => fitMv([[0, 1], [2, NaN]], 1), ParameterRangeError, "data[1][1] must be a finite"],
    [() => fitMv([[1, 1], [1, 1]], 1), ParameterRangeError, "at least two distinct points"],
    [() => fitMv(good, 5), ParameterRangeError, "k must be an integer ≤ the number"],
    [() => fitMv(good, 2, { ridge: -1 }), ParameterRangeError, "options.ridge must be"],
    [() => fitMv(good, 2, { ridge: [1, 2, 3] }), ParameterRangeError, "one per dimension"],
    [() => fitMv(good, 2, { start, nInit: 2 }), ParameterRangeError, "options.nInit"],
    [() => fitMv(good, 3, { start }), ParameterRangeError, "k = 3 components"],
    [
      () => [...emMv(good.map((p) => [...p, 0]), start)],
      ParameterRangeError,
      "start must be a mixture in 3 dimensions",
    ],
    [() => eStepMv([[1, 2, 3]], start), ParameterRangeError, "points with 2 coordinates"],
    [() => mStepMv(good, [[1, 0]]), ParameterRangeError, "one row per data point"],
    [() => mStepMv(good, good.map(() => [0.5, 0.6])), ParameterRangeError, "summing to 1"],
    [
      () =>
        mStepMv([[0, 0], [1, 1], [5, 5], [9, 1]], [[1, 0], [1, 0], [0, 1], [0, 1]], { ridge: 0 }),
      ParameterRangeError,
      "ridge > 0",
    ],
    [
      () => mvMixture([0.5, 0.5], [[0, 0], [1, 1]], [[[1, 0], [0, 1]], [[1, 0.5], [0.4, 1]]]),
      ParameterRangeError,
      "symmetric",
    ],
    [
      () => mvMixture([0.5, 0.4], [[0, 0], [1, 1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]),
      ParameterRangeError,
      "summing to 1",
    ],
    [
      () => mvMixture([1], [[0, 0]], [[[1, 1], [1, 1]]]),
      ParameterRangeError,
      "positive definite",
    ],
    [() => mvMixture([1], [[0, 0]], [[[1, 0]]]), ParameterRangeError, "a 2 × 2 matrix"],
    [
      // deno-lint-ignore no-explicit-any
      () => sampleMvMixture(TRUTH, 10, { assignment: "bad" as any }),
      ParameterRangeError,
      "options.assignment",
    ],
  ];
  for (const [fn, type, text] of cases) assertThrows(fn, type, text);
});
