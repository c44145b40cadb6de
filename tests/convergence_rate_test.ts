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
} from "../lib/mod.ts";
import { multiply, realEigenvalues } from "../lib/core/_eigen.ts";

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

Deno.test("changeRatios() rejects bad step sizes", () => {
  assertThrows(() => changeRatios([1, -1]), ParameterRangeError, "changes[1]");
  assertThrows(
    () => emJacobian([0, 1, 2], mixture([1], [1], [1]), { step: 0 }),
    ParameterRangeError,
    "options.step",
  );
});
