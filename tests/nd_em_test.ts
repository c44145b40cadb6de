import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  em,
  emMv,
  emStepMv,
  eStep,
  eStepMv,
  fit,
  fitMv,
  initKMeansPlusPlusMv,
  initRandom,
  logMvNormalPdf,
  logNormalPdf,
  mixture,
  mStep,
  mStepMv,
  mvMixture,
  sampleMixture,
  sampleMvMixture,
  SingularCovarianceError,
} from "../lib/mod.ts";

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

const column = (x: readonly (readonly number[])[], j: number) => x.map((row) => row[j]!);

const truth1 = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);

Deno.test("logMvNormalPdf() with a diagonal Σ is the sum of the 1-D log-densities", () => {
  const mu = [0.3, -2, 5], sd = [0.5, 2, 0.01];
  const cov = sd.map((s, a) => sd.map((_, b) => (a === b ? s * s : 0)));
  for (const x of [[0, 0, 0], [0.3, -2, 5], [10, -40, 5.02], [-3, 1, 4.9]]) {
    const expected = x.reduce((s, v, j) => s + logNormalPdf(v, mu[j]!, sd[j]!), 0);
    assertAlmostEquals(logMvNormalPdf(x, mu, cov), expected, 1e-12 * Math.abs(expected) + 1e-12);
  }
});

Deno.test("mStepMv() on the same responsibilities gives the 1-D μ and σ² of each coordinate", () => {
  // Any responsibilities: the diagonal of Σₕ is the 1-D variance update of that
  // coordinate, exactly (ridge 0 here, floor 0 there).
  const { x: a } = sampleMixture(truth1, 400, { seed: 11 });
  const { x: b } = sampleMixture(mixture([0.5, 0.5], [10, 20], [3, 1]), 400, { seed: 12 });
  const data = a.map((v, i) => [v, b[i]!]);
  const r = eStep(a, initRandom(2, { seed: 5 })).responsibilities;
  const nd = mStepMv(data, r, { ridge: 0 }).mixture;
  for (const [j, col] of [a, b].entries()) {
    const oned = mStep(col, r, { varianceFloor: 0 }).mixture;
    for (let h = 0; h < 2; h++) {
      assert(relErr(nd.weights[h]!, oned.weights[h]!) < 1e-12);
      assert(relErr(nd.means[h]![j]!, oned.means[h]!) < 1e-12);
      assert(relErr(nd.covariances[h]![j]![j]!, oned.stdDevs[h]! ** 2) < 1e-12);
    }
  }
  // With a ridge r, the diagonal is the 1-D update plus r (not max(update, r)).
  const ridged = mStepMv(data, r, { ridge: [0.5, 2] }).mixture;
  for (let h = 0; h < 2; h++) {
    assertAlmostEquals(ridged.covariances[h]![0]![0]!, nd.covariances[h]![0]![0]! + 0.5, 1e-12);
    assertAlmostEquals(ridged.covariances[h]![1]![1]!, nd.covariances[h]![1]![1]! + 2, 1e-10);
    assertEquals(ridged.covariances[h]![0]![1], nd.covariances[h]![0]![1]);
  }
});

Deno.test("emMv() in d = 1 equals the 1-D em() from the same start, every iteration", () => {
  for (const seed of [1, 2, 3]) {
    const { x } = sampleMixture(truth1, 500, { seed });
    const start = initRandom(2, { seed: seed + 50 });
    const start1 = mvMixture(
      start.weights,
      start.means.map((m) => [m]),
      start.stdDevs.map((s) => [[s * s]]),
    );
    const one = [...em(x, start, { tol: 0, maxIter: 40, varianceFloor: 0 })];
    const nd = [...emMv(x.map((v) => [v]), start1, { tol: 0, maxIter: 40, ridge: 0 })];
    assertEquals(nd.length, one.length);
    for (let it = 0; it < one.length; it++) {
      const p = one[it]!.mixture, q = nd[it]!.mixture;
      for (let h = 0; h < 2; h++) {
        assert(relErr(q.weights[h]!, p.weights[h]!) < 1e-9, `λ seed ${seed} it ${it}`);
        assert(relErr(q.means[h]![0]!, p.means[h]!) < 1e-9, `μ seed ${seed} it ${it}`);
        assert(relErr(q.covariances[h]![0]![0]!, p.stdDevs[h]! ** 2) < 1e-9, `σ² it ${it}`);
      }
      assert(relErr(nd[it]!.logLikelihood, one[it]!.logLikelihood) < 1e-11);
    }
  }
});

// When is 2-D EM on data with diagonal covariances *exactly* the 1-D EM run
// per coordinate? The responsibilities couple the coordinates: a point's
// p̄(h | x) depends on both, so two separate 1-D fits generally differ from one
// 2-D fit. It is exact when one coordinate carries no information about the
// components: take every pair (aᵢ, bⱼ) of a 1-D sample A and a set B, and
// start every component with the same mean and variance in the b coordinate.
// Then N(bⱼ | ·) is the same factor for every component, the responsibilities
// are those of 1-D EM on A, the M-step gives every component μ_b = mean(B),
// σ_b² = var(B) again, and Σᵢⱼ p̄(h | aᵢ)(aᵢ − μₕ)(bⱼ − mean B) = 0, so Σₕ stays
// diagonal. The run never leaves that set, and
//   log L₂D = |B| · log L₁D(A) + |A| · Σⱼ log N(bⱼ | mean B, sd B).
Deno.test("emMv() on a product of a 1-D sample and a set equals 1-D em() on the sample", () => {
  const { x: a } = sampleMixture(truth1, 120, { seed: 21, assignment: "random" });
  const b = [-1.5, -0.2, 0.4, 0.9, 2.1, 3];
  const meanB = b.reduce((s, v) => s + v, 0) / b.length;
  const varB = b.reduce((s, v) => s + (v - meanB) ** 2, 0) / b.length;
  const data = a.flatMap((ai) => b.map((bj) => [ai, bj]));
  for (const seed of [4, 5, 6]) {
    const s1 = initRandom(2, { seed });
    const start = mvMixture(
      s1.weights,
      s1.means.map((m) => [m, meanB]),
      s1.stdDevs.map((s) => [[s * s, 0], [0, varB]]),
    );
    const one = [...em(a, s1, { tol: 0, maxIter: 30, varianceFloor: 0 })];
    const two = [...emMv(data, start, { tol: 0, maxIter: 30, ridge: 0 })];
    const bTerm = a.length * b.reduce((s, v) => s + logNormalPdf(v, meanB, Math.sqrt(varB)), 0);
    for (let it = 0; it <= 30; it++) {
      const p = one[it]!.mixture, q = two[it]!.mixture;
      for (let h = 0; h < 2; h++) {
        assert(relErr(q.weights[h]!, p.weights[h]!) < 1e-9, `λ seed ${seed} it ${it}`);
        assert(relErr(q.means[h]![0]!, p.means[h]!) < 1e-9, `μ_a seed ${seed} it ${it}`);
        assert(relErr(q.covariances[h]![0]![0]!, p.stdDevs[h]! ** 2) < 1e-9, `σ_a² it ${it}`);
        assertAlmostEquals(q.means[h]![1]!, meanB, 1e-12);
        assert(relErr(q.covariances[h]![1]![1]!, varB) < 1e-12, `σ_b² it ${it}`);
        assertAlmostEquals(q.covariances[h]![0]![1]!, 0, 1e-13);
      }
      const expected = b.length * one[it]!.logLikelihood + bTerm;
      assert(relErr(two[it]!.logLikelihood, expected) < 1e-11, `log L it ${it}`);
    }
  }
});

Deno.test("fitMv() with k = 1 gives each coordinate's 1-D mean and variance", () => {
  // k = 1 is exact on any data: every responsibility is 1.
  const m = mvMixture([0.5, 0.5], [[0, 0], [3, 1]], [[[1, 0.7], [0.7, 1]], [[0.3, 0], [0, 2]]]);
  const { x } = sampleMvMixture(m, 300, { seed: 8 });
  const nd = fitMv(x, 1, { ridge: 0, seed: 1 }).mixture;
  for (const j of [0, 1]) {
    const oned = fit(column(x, j), 1, { varianceFloor: 0, seed: 1 }).mixture;
    assert(relErr(nd.means[0]![j]!, oned.means[0]!) < 1e-12);
    assert(relErr(nd.covariances[0]![j]![j]!, oned.stdDevs[0]! ** 2) < 1e-12);
  }
});

Deno.test("emMv() never decreases the log-likelihood (many seeds, k = 1…4, d = 2, 3)", () => {
  const truth2 = mvMixture([0.3, 0.3, 0.4], [[0, 0], [3, 0], [1, 3]], [
    [[1, 0.5], [0.5, 1]],
    [[0.4, -0.3], [-0.3, 1.5]],
    [[2, 0], [0, 0.3]],
  ]);
  const truth3 = mvMixture([0.5, 0.5], [[0, 0, 0], [2, 2, -1]], [
    [[1, 0.3, 0], [0.3, 1, 0.2], [0, 0.2, 1]],
    [[0.5, 0, 0], [0, 2, -0.5], [0, -0.5, 1]],
  ]);
  for (let seed = 0; seed < 24; seed++) {
    const k = 1 + (seed % 4);
    const truth = seed % 2 === 0 ? truth2 : truth3;
    const { x } = sampleMvMixture(truth, 150 + 10 * seed, { seed });
    let previous = -Infinity;
    const start = initKMeansPlusPlusMv(x, k, { seed: 100 + seed });
    for (const s of emMv(x, start, { tol: 0, maxIter: 40 })) {
      const slack = 1e-9 * Math.max(1, Math.abs(previous));
      assert(
        s.logLikelihood >= previous - slack,
        `seed ${seed} k ${k} it ${s.iteration}: ${s.logLikelihood} < ${previous}`,
      );
      previous = s.logLikelihood;
    }
  }
});

Deno.test("fitMv() recovers λ, μ, Σ of a known 3-component mixture within sampling error", () => {
  const truth = mvMixture([0.2, 0.3, 0.5], [[-4, 0], [0, 4], [3, -1]], [
    [[1, 0.8], [0.8, 1]],
    [[2, -0.6], [-0.6, 0.5]],
    [[0.7, 0], [0, 1.5]],
  ]);
  const { x } = sampleMvMixture(truth, 20_000, { seed: 99, assignment: "random" });
  const result = fitMv(x, 3, { nInit: 4, seed: 3, tol: 1e-6 });
  assert(result.converged);
  // Match fitted components to the truth by the nearest mean.
  for (let h = 0; h < 3; h++) {
    const mu = truth.means[h]!;
    const g = result.mixture.means
      .map((m, i) => [Math.hypot(m[0]! - mu[0]!, m[1]! - mu[1]!), i] as const)
      .sort((p, q) => p[0] - q[0])[0]![1];
    const fitted = result.mixture;
    // Standard errors at N = 2e4 are ≲ 0.02 for these entries; allow about 4 of them.
    assertAlmostEquals(fitted.weights[g]!, truth.weights[h]!, 0.02);
    for (const j of [0, 1]) assertAlmostEquals(fitted.means[g]![j]!, mu[j]!, 0.06);
    for (const [a, b] of [[0, 0], [0, 1], [1, 1]] as const) {
      assertAlmostEquals(fitted.covariances[g]![a]![b]!, truth.covariances[h]![a]![b]!, 0.1);
    }
  }
  // The final E-step matches the returned mixture.
  assertEquals(result.responsibilities, eStepMv(x, result.mixture).responsibilities);
});

Deno.test("emStepMv() stepped n times equals emMv() after n iterations", () => {
  const truth = mvMixture([0.5, 0.5], [[0, 0], [2, 2]], [[[1, 0], [0, 1]], [[1, 0.5], [0.5, 1]]]);
  const { x } = sampleMvMixture(truth, 200, { seed: 4 });
  let m = initKMeansPlusPlusMv(x, 2, { seed: 4 });
  const snaps = [...emMv(x, m, { tol: 0, maxIter: 8 })];
  for (let i = 0; i < 8; i++) m = emStepMv(x, m);
  assertEquals(m, snaps[8]!.mixture);
});

Deno.test("emMv() with ridge 0 stops with SingularCovarianceError when a component collapses", () => {
  // Three points on a line: a one-component fit has a singular covariance.
  const data = [[0, 0], [1, 1], [2, 2], [10, 3], [11, 5], [12, 4.5]];
  const start = mvMixture([0.5, 0.5], [[1, 1], [11, 4]], [
    [[1, 0], [0, 1]],
    [[1, 0], [0, 1]],
  ]);
  const err = assertThrows(
    () => [...emMv(data, start, { ridge: 0 })],
    SingularCovarianceError,
    "ridge",
  );
  assertEquals([err.component, err.index], [1, 0]);
  assertStringIncludes(err.message, "Component 1 collapsed onto a point or a line");
  assertEquals(err.history.length, 1);
  // The default ridge keeps it finite.
  const last = [...emMv(data, start)].at(-1)!;
  assert(Number.isFinite(last.logLikelihood));
});
