import { assert, assertAlmostEquals, assertEquals, assertGreater, assertThrows } from "@std/assert";
import {
  changeRatios,
  emFixedPoint,
  emJacobian,
  emRate,
  emStep,
  logLikelihood,
  mixture,
  mixtureFromVector,
  ParameterRangeError,
  parameterVector,
  sampleMixture,
  symmetricSaddle,
} from "../lib/mod.ts";
import { multiply, realEigenvalues } from "../lib/core/math/_eigen.ts";

Deno.test("realEigenvalues() recovers the eigenvalues of S D S⁻¹", () => {
  const s = [[1, 2, 0, 1], [0, 1, 3, 0], [1, 0, 1, 2], [2, 1, 0, 1]];
  // S⁻¹ by Gauss–Jordan, written out here.
  const n = 4;
  const aug = s.map((
    row,
    i,
  ) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(aug[r]![c]!) > Math.abs(aug[p]![c]!)) p = r;
    [aug[c], aug[p]] = [aug[p]!, aug[c]!];
    const piv = aug[c]![c]!;
    aug[c] = aug[c]!.map((v) => v / piv);
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = aug[r]![c]!;
      aug[r] = aug[r]!.map((v, j) => v - f * aug[c]![j]!);
    }
  }
  const inv = aug.map((row) => row.slice(n));
  const d = [[0.93, 0, 0, 0], [0, -0.4, 0, 0], [0, 0, 0.2, 0], [0, 0, 0, 0.05]];
  const eig = realEigenvalues(multiply(multiply(s, d), inv));
  [0.93, -0.4, 0.2, 0.05].forEach((e, i) => assertAlmostEquals(eig[i]!, e, 1e-9));
});

Deno.test("parameterVector() and mixtureFromVector() are inverses", () => {
  const m = mixture([0.2, 0.3, 0.5], [-1, 0, 2], [0.5, 1, 2]);
  const v = parameterVector(m);
  assertEquals(v.length, 8);
  const back = mixtureFromVector(v);
  back.weights.forEach((w, h) => assertAlmostEquals(w, m.weights[h]!, 1e-15));
  assertEquals(back.means, m.means);
  assertThrows(() => mixtureFromVector([0.5, 0, 1, 1]), ParameterRangeError, "3k − 1");
});

Deno.test("emJacobian() predicts one EM step from a nearby point", () => {
  const { x } = sampleMixture(mixture([0.4, 0.6], [0, 1.5], [0.5, 0.5]), 500, { seed: 2 });
  const fixed = emFixedPoint(x, mixture([0.5, 0.5], [-0.5, 2], [1, 1])).mixture;
  const jac = emJacobian(x, fixed);
  const theta = parameterVector(fixed);
  const delta = [1e-4, -2e-4, 1e-4, 5e-5, -5e-5];
  const moved = mixtureFromVector(theta.map((v, j) => v + delta[j]!));
  const stepped = parameterVector(emStep(x, moved));
  for (let i = 0; i < theta.length; i++) {
    const predicted = theta[i]! + jac[i]!.reduce((s, a, j) => s + a * delta[j]!, 0);
    assertAlmostEquals(stepped[i]!, predicted, 1e-7);
  }
});

for (
  const [name, sep, low, high] of [
    ["well separated", 3, 0.05, 0.4],
    ["overlapping", 1.5, 0.85, 0.99],
  ] as const
) {
  Deno.test(`emRate() the ratio of successive changes tends to the Jacobian's rate (${name})`, () => {
    const { x } = sampleMixture(mixture([0.4, 0.6], [0, sep], [0.5, 0.5]), 1000, { seed: 11 });
    const run = emFixedPoint(x, mixture([0.5, 0.5], [-0.5, sep + 0.5], [1, 1]));
    assert(run.converged);
    const { rate, eigenvalues } = emRate(x, run.mixture);
    assert(rate > low && rate < high, `rate ${rate}`);
    assert(eigenvalues.every((e) => e > -1e-6 && e < 1), `eigenvalues ${eigenvalues}`);
    // Late ratios, before rounding takes over (steps above 1e-9).
    const ratios = changeRatios(run.changes).filter((_, t) => run.changes[t + 1]! > 1e-9);
    const tail = ratios.slice(-3);
    for (const r of tail) assertAlmostEquals(r, rate, 1e-3 * Math.max(rate, 0.1));
  });
}

Deno.test("emRate() overlap pushes the rate towards 1", () => {
  const rates = [3, 2, 1.5].map((sep) => {
    const { x } = sampleMixture(mixture([0.4, 0.6], [0, sep], [0.5, 0.5]), 1000, { seed: 11 });
    const run = emFixedPoint(x, mixture([0.5, 0.5], [-0.5, sep + 0.5], [1, 1]));
    return emRate(x, run.mixture).rate;
  });
  assert(rates[0]! < rates[1]! && rates[1]! < rates[2]!, `rates ${rates}`);
});

Deno.test("emFixedPoint() a symmetric start is a stationary point that is not a maximum", () => {
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [0.5, 0.5]), 1000, { seed: 11 });
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
  const symmetric = mixture([0.5, 0.5], [mean, mean], [sd, sd]);
  // EM stays: one step maps the symmetric point onto itself.
  const stay = emFixedPoint(x, symmetric);
  assertEquals(stay.iterations, 1);
  assertAlmostEquals(stay.mixture.means[0]!, mean, 1e-12);
  assertAlmostEquals(stay.mixture.means[1]!, mean, 1e-12);
  // Not a maximum: splitting the means while keeping the total variance raises log L.
  const l0 = logLikelihood(x, symmetric);
  const split = (d: number) =>
    mixture([0.5, 0.5], [mean - d, mean + d], [
      Math.sqrt(sd * sd - d * d),
      Math.sqrt(sd * sd - d * d),
    ]);
  assertGreater(logLikelihood(x, split(0.1 * sd)), l0);
  // The EM map repels: its largest eigenvalue there exceeds 1.
  assertGreater(emRate(x, symmetric).rate, 1);
  // A tiny push escapes to a far better fit.
  const escaped = emFixedPoint(x, mixture([0.5, 0.5], [mean + 1e-3 * sd, mean], [sd, sd]), {
    tol: 1e-9,
  });
  assertGreater(escaped.logLikelihood - l0, 100);
  assertGreater(Math.abs(escaped.mixture.means[0]! - escaped.mixture.means[1]!), 2.5);
});

Deno.test("symmetricSaddle() its closed-form eigenvalues are the measured Jacobian's", () => {
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [0.5, 0.5]), 1000, { seed: 11 });
  const saddle = symmetricSaddle(x);
  // The point is a fixed point of EM.
  const next = emStep(x, saddle.mixture);
  for (const h of [0, 1]) {
    assertAlmostEquals(next.means[h]!, saddle.mixture.means[h]!, 1e-12);
    assertAlmostEquals(next.stdDevs[h]!, saddle.mixture.stdDevs[h]!, 1e-12);
  }
  // The skewness and kurtosis, from their definitions (÷N moments).
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const s = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length);
  const moment = (p: number) => x.reduce((a, b) => a + ((b - m) / s) ** p, 0) / x.length;
  assertAlmostEquals(saddle.skewness, moment(3), 1e-12);
  assertAlmostEquals(saddle.kurtosis, moment(4), 1e-12);
  const measured = emRate(x, saddle.mixture).eigenvalues;
  saddle.eigenvalues.forEach((e, i) => assertAlmostEquals(measured[i]!, e, 1e-6));
  // This sample is slightly skewed: ρ(J) is above 1 by about g² / (2(1 − c)).
  const c = (saddle.kurtosis - 1) / 2;
  assertGreater(measured[0]! - 1, 1e-4);
  assertAlmostEquals(measured[0]! - 1, saddle.skewness ** 2 / (2 * (1 - c)), 2e-6);
  // The weight's eigenvalue: a line of fixed points (every λ gives the same single Gaussian).
  assertAlmostEquals(measured[1]!, 1, 1e-7);
  const otherWeight = mixture([0.3, 0.7], saddle.mixture.means, saddle.mixture.stdDevs);
  assertAlmostEquals(emStep(x, otherWeight).weights[0]!, 0.3, 1e-12);
});

Deno.test("symmetricSaddle() on mirror-symmetric data ρ(J) is exactly 1, and EM still escapes", () => {
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [0.5, 0.5]), 1000, { seed: 11 });
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const mirrored = [...x.map((v) => v - m), ...x.map((v) => m - v)];
  const saddle = symmetricSaddle(mirrored);
  assertAlmostEquals(saddle.skewness, 0, 1e-12);
  const { eigenvalues, rate } = emRate(mirrored, saddle.mixture);
  assertAlmostEquals(rate, 1, 1e-8);
  assertAlmostEquals(eigenvalues[1]!, 1, 1e-7);
  // Not a maximum all the same: splitting the means (equal σ, same total variance) raises log L,
  // at fourth order — a tenfold split gains about 10⁴ times as much.
  const [mu] = saddle.mixture.means, [sd] = saddle.mixture.stdDevs;
  const l0 = logLikelihood(mirrored, saddle.mixture);
  const split = (d: number) => {
    const s = Math.sqrt(sd! * sd! - d * d);
    return logLikelihood(mirrored, mixture([0.5, 0.5], [mu! - d, mu! + d], [s, s])) - l0;
  };
  const ratio = split(0.1 * sd!) / split(0.01 * sd!);
  assert(ratio > 0.8e4 && ratio < 1.2e4, `ratio ${ratio}`);
  // Escape time grows like 1/ε², not like ln(1/ε): a push √10 times smaller takes 10 times as long.
  const escape = (eps: number) =>
    emFixedPoint(mirrored, mixture([0.5, 0.5], [mu! + eps * sd!, mu!], [sd!, sd!]), { tol: 1e-10 });
  const far = escape(0.1), near = escape(0.1 / Math.sqrt(10));
  assertGreater(far.logLikelihood - l0, 100);
  assertGreater(near.logLikelihood - l0, 100);
  const growth = near.iterations / far.iterations;
  assert(growth > 8 && growth < 12, `growth ${growth}`);
});

Deno.test("symmetricSaddle() rejects data without spread", () => {
  assertThrows(() => symmetricSaddle([2, 2, 2]), ParameterRangeError, "data");
});

Deno.test("changeRatios() rejects bad step sizes", () => {
  assertThrows(() => changeRatios([1, -1]), ParameterRangeError, "changes[1]");
  assertThrows(
    () => emJacobian([0, 1, 2], mixture([1], [1], [1]), { step: 0 }),
    ParameterRangeError,
    "options.step",
  );
});
