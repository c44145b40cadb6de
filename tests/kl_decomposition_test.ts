import { assert, assertAlmostEquals, assertGreater, assertThrows } from "@std/assert";
import {
  coordinateAscent,
  eStep,
  initRandom,
  klDecomposition,
  logLikelihood,
  lowerBound,
  mixture,
  mStep,
  ParameterRangeError,
  ParameterTypeError,
  qFunction,
  responsibilityEntropy,
  sampleMixture,
  seededSource,
} from "../lib/mod.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
const { x } = sampleMixture(truth, 500, { seed: 3 });

/** A seeded random distribution over k components for each of n points. */
function randomQ(n: number, k: number, seed: number): number[][] {
  const u = seededSource(seed);
  return Array.from({ length: n }, () => {
    const row = Array.from({ length: k }, () => -Math.log(1 - u()));
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / s);
  });
}

Deno.test("klDecomposition() log L = 𝓛 + KL to rounding for arbitrary q and θ", () => {
  for (let seed = 0; seed < 20; seed++) {
    const theta = initRandom(3, { seed });
    const q = randomQ(x.length, 3, seed + 100);
    const d = klDecomposition(x, q, theta);
    // Each term checked against an independent computation.
    assertAlmostEquals(d.logLikelihood, logLikelihood(x, theta), 1e-9 * Math.abs(d.logLikelihood));
    const bound = qFunction(x, q, theta) + responsibilityEntropy(q);
    assertAlmostEquals(d.lowerBound, bound, 1e-9 * Math.abs(bound));
    assertGreater(d.kl, 0);
    assert(Math.abs(d.residual) < 1e-10 * Math.abs(d.logLikelihood), `residual ${d.residual}`);
  }
});

Deno.test("klDecomposition() KL is the sum of q log(q / posterior) written out", () => {
  const theta = initRandom(2, { seed: 8 });
  const q = randomQ(x.length, 2, 9);
  const posterior = eStep(x, theta).responsibilities;
  let kl = 0;
  for (let i = 0; i < x.length; i++) {
    for (let h = 0; h < 2; h++) kl += q[i]![h]! * Math.log(q[i]![h]! / posterior[i]![h]!);
  }
  assertAlmostEquals(klDecomposition(x, q, theta).kl, kl, 1e-9 * kl);
});

Deno.test("klDecomposition() KL = 0 after an E-step and the bound touches log L", () => {
  for (let seed = 0; seed < 10; seed++) {
    const theta = initRandom(2, { seed });
    const d = klDecomposition(x, eStep(x, theta).responsibilities, theta);
    assert(Math.abs(d.kl) < 1e-10, `KL ${d.kl}`);
    assertAlmostEquals(d.lowerBound, d.logLikelihood, 1e-9 * Math.abs(d.logLikelihood));
  }
});

Deno.test("klDecomposition() the E-step maximises 𝓛 over q", () => {
  const theta = initRandom(2, { seed: 4 });
  const posterior = eStep(x, theta).responsibilities;
  const best = klDecomposition(x, posterior, theta).lowerBound;
  for (let seed = 0; seed < 30; seed++) {
    // Random q, and q a small mixture of the posterior with a random q.
    const other = randomQ(x.length, 2, seed);
    const t = seed / 30;
    const near = posterior.map((row, i) => row.map((p, h) => (1 - t) * p + t * other[i]![h]!));
    assert(klDecomposition(x, other, theta).lowerBound < best);
    if (t > 0) assert(klDecomposition(x, near, theta).lowerBound < best);
  }
});

Deno.test("klDecomposition() the M-step maximises 𝓛 over θ with q fixed", () => {
  const q = eStep(x, initRandom(2, { seed: 6 })).responsibilities;
  const next = mStep(x, q).mixture;
  const best = klDecomposition(x, q, next).lowerBound;
  for (let seed = 0; seed < 30; seed++) {
    assert(klDecomposition(x, q, initRandom(2, { seed })).lowerBound < best);
    const e = 0.01 * (seed % 2 === 0 ? 1 : -1);
    const moved = mixture(
      [next.weights[0]! + e, next.weights[1]! - e],
      next.means.map((m, h) => m + (h === seed % 2 ? e : 0)),
      next.stdDevs.map((s) => s * (1 + e)),
    );
    assert(klDecomposition(x, q, moved).lowerBound < best);
  }
  // 𝓛(q, θ) − H(q) is Q: the same maximiser.
  assertAlmostEquals(best, lowerBound(x, q, next), 1e-9 * Math.abs(best));
});

Deno.test("coordinateAscent() neither step lowers 𝓛, and log L(θ_new) ≥ 𝓛", () => {
  const steps = coordinateAscent(x, initRandom(2, { seed: 1 }), { iterations: 40 });
  const tol = 1e-9 * Math.abs(steps[0]!.logLikelihoodBefore);
  for (const [t, s] of steps.entries()) {
    assert(s.boundAfterE >= s.boundBefore - tol, `E-step lowered 𝓛 at ${s.iteration}`);
    assert(s.boundAfterM >= s.boundAfterE - tol, `M-step lowered 𝓛 at ${s.iteration}`);
    assert(Math.abs(s.klAfterE) < 1e-9);
    assertAlmostEquals(s.boundAfterE, s.logLikelihoodBefore, tol);
    assert(s.klAfterM >= -1e-9);
    assertAlmostEquals(s.logLikelihoodAfter, s.boundAfterM + s.klAfterM, tol);
    const next = steps[t + 1];
    if (next) assertAlmostEquals(next.logLikelihoodBefore, s.logLikelihoodAfter, tol);
  }
  // The first E-step from a uniform q raises 𝓛 strictly.
  assertGreater(steps[0]!.boundAfterE, steps[0]!.boundBefore);
});

Deno.test("klDecomposition() rejects a q that is not a distribution per point", () => {
  const m = mixture([0.5, 0.5], [0, 1], [1, 1]);
  assertThrows(() => klDecomposition([0, 1], [[0.5, 0.6], [1, 0]], m), ParameterRangeError, "q[0]");
  assertThrows(() => klDecomposition([0, 1], [[1], [1]], m), ParameterRangeError, "q[0]");
  assertThrows(() => klDecomposition([0, 1], [[1, 0]], m), ParameterRangeError, "q must be");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => klDecomposition([0, 1], "q" as any, m), ParameterTypeError, "q must be");
  assertThrows(
    () => coordinateAscent([0, 1], m, { iterations: 0 }),
    ParameterRangeError,
    "options.iterations",
  );
});
