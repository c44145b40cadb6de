import { assert, assertAlmostEquals, assertEquals, assertGreater, assertThrows } from "@std/assert";
import {
  eStep,
  fit,
  kMeans,
  kMeansLimit,
  kMeansMv,
  mixture,
  mStep,
  mvMixture,
  ParameterRangeError,
  ParameterTypeError,
  sampleMixture,
  sampleMvMixture,
  sharedSigmaEm,
  sharedSigmaEmMv,
} from "../lib/mod.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
const { x } = sampleMixture(truth, 400, { seed: 5 });
const truth2 = mvMixture(
  [0.4, 0.6],
  [[0, 0], [3, 2]],
  [[[0.5, 0.2], [0.2, 0.4]], [[0.6, -0.1], [-0.1, 0.3]]],
);
const points = sampleMvMixture(truth2, 300, { seed: 2 }).x;

/** Lloyd's algorithm written out directly, for comparison. */
function lloyd(data: number[][], start: number[][], iterations: number): number[][][] {
  const out = [start];
  let c = start;
  for (let t = 0; t < iterations; t++) {
    const groups: number[][][] = c.map(() => []);
    for (const p of data) {
      const dist = c.map((m) => m.reduce((s, v, j) => s + (p[j]! - v) ** 2, 0));
      groups[dist.indexOf(Math.min(...dist))]!.push(p);
    }
    c = groups.map((g, h) =>
      g.length === 0 ? c[h]! : c[h]!.map((_, j) => g.reduce((s, p) => s + p[j]!, 0) / g.length)
    );
    out.push(c);
  }
  return out;
}

Deno.test("kMeansMv() follows Lloyd's algorithm written out, step by step", () => {
  const start = [[0, 0.5], [0.5, 0]];
  const run = [...kMeansMv(points, start)];
  const ref = lloyd(points.map((p) => [...p]), start, run.length - 1);
  for (const s of run) {
    for (let h = 0; h < 2; h++) {
      for (let j = 0; j < 2; j++) {
        assertAlmostEquals(s.centres[h]![j]!, ref[s.iteration]![h]![j]!, 1e-12);
      }
    }
  }
  assert(run.at(-1)!.converged);
});

Deno.test("kMeans() never raises the distortion and stops when assignments settle", () => {
  const run = [...kMeans(x, [-1, -0.9])];
  for (let t = 1; t < run.length; t++) assert(run[t]!.inertia <= run[t - 1]!.inertia + 1e-12);
  const last = run.at(-1)!;
  assert(last.converged);
  // At convergence each centre is the mean of its points.
  for (let h = 0; h < 2; h++) {
    const mine = Array.from(x).filter((_, i) => last.assignments[i] === h);
    assertAlmostEquals(last.centres[h]!, mine.reduce((a, b) => a + b, 0) / mine.length, 1e-12);
  }
});

Deno.test("kMeans() with k chooses seeded k-means++ centres", () => {
  const a = [...kMeans(x, 2, { seed: 3 })];
  const b = [...kMeans(x, 2, { seed: 3 })];
  assertEquals(a.at(-1)!.centres, b.at(-1)!.centres);
  assert(a[0]!.centres.every((c) => Array.from(x).includes(c)));
});

Deno.test("sharedSigmaEm() is EM with equal fixed weights and one fixed σ", () => {
  // One step equals eStep + the mean update of mStep on the mixture with λ = 1/2, σ fixed.
  const sigma = 0.2;
  const run = [...sharedSigmaEm(x, [-0.5, 0.8], sigma, { maxIter: 5 })];
  for (let t = 1; t < run.length; t++) {
    const prev = run[t - 1]!.means;
    const { responsibilities } = eStep(x, mixture([0.5, 0.5], prev, [sigma, sigma]));
    const means = mStep(x, responsibilities).mixture.means;
    for (let h = 0; h < 2; h++) assertAlmostEquals(run[t]!.means[h]!, means[h]!, 1e-12);
  }
});

Deno.test("sharedSigmaEm() matches k-means step by step as σ → 0 (1-D)", () => {
  const rows = kMeansLimit(x, [-1, 1], [1, 0.1, 0.01, 0.001], { steps: 15 });
  for (let j = 1; j < rows.length; j++) {
    assert(rows[j]!.maxMeanGap <= rows[j - 1]!.maxMeanGap);
    assert(rows[j]!.meanSoftness < rows[j - 1]!.meanSoftness);
  }
  assertGreater(rows[0]!.maxMeanGap, 0.1);
  assert(rows[2]!.maxMeanGap < 1e-2);
  assert(rows[3]!.maxMeanGap < 1e-9, `gap ${rows[3]!.maxMeanGap} at σ = 0.001`);
});

Deno.test("sharedSigmaEmMv() matches k-means step by step as σ → 0 (2-D)", () => {
  const rows = kMeansLimit(points, [[0, 0.5], [0.5, 0]], [1, 0.1, 0.01, 0.001], { steps: 15 });
  assertGreater(rows[0]!.maxMeanGap, 0.01);
  for (let j = 1; j < rows.length; j++) assert(rows[j]!.meanSoftness < rows[j - 1]!.meanSoftness);
  assert(rows[3]!.maxMeanGap < 1e-9, `gap ${rows[3]!.maxMeanGap} at σ = 0.001`);
  const em = [...sharedSigmaEmMv(points, [[0, 0.5], [0.5, 0]], 0.001, { maxIter: 30, tol: 1e-12 })];
  const km = [...kMeansMv(points, [[0, 0.5], [0.5, 0]])];
  assertEquals(em.at(-1)!.softness < 1e-12, true);
  for (let h = 0; h < 2; h++) {
    for (let j = 0; j < 2; j++) {
      assertAlmostEquals(em.at(-1)!.means[h]![j]!, km.at(-1)!.centres[h]![j]!, 1e-12);
    }
  }
});

Deno.test("kMeans() and EM part ways on unequal spreads and on unequal, overlapping groups", () => {
  for (
    const t of [
      mixture([0.5, 0.5], [0, 2.5], [0.2, 1.2]), // unequal spreads
      mixture([0.8, 0.2], [0, 3], [1, 1]), // overlapping groups of unequal size
    ]
  ) {
    const data = sampleMixture(t, 20000, { seed: 7 }).x;
    const km = [...kMeans(data, [...t.means])].at(-1)!.centres;
    const emMeans = fit(data, 2, { start: t, tol: 1e-8 }).mixture.means;
    const kmError = Math.max(...km.map((c, h) => Math.abs(c - t.means[h]!)));
    const emError = Math.max(...emMeans.map((c, h) => Math.abs(c - t.means[h]!)));
    assertGreater(kmError, 0.15);
    assert(emError < 0.05, `EM error ${emError}`);
  }
});

Deno.test("kMeans() and sharedSigmaEm() reject bad arguments with typed errors", () => {
  assertThrows(() => [...sharedSigmaEm([0, 1, 2], [0, 1], 0)], ParameterRangeError, "sigma");
  assertThrows(() => [...kMeans([0, 1, 2], [0, 1, 2, 3])], ParameterRangeError, "centres");
  assertThrows(
    () => [...kMeansMv([[0, 1], [1, 2]], [[0], [1]])],
    ParameterRangeError,
    "centres[0]",
  );
  // deno-lint-ignore no-explicit-any
  assertThrows(() => [...kMeans([0, 1], "two" as any)], ParameterTypeError, "centres");
  assertThrows(() => kMeansLimit([0, 1, 2], [0, 1], []), ParameterTypeError, "sigmas");
  assertThrows(() => kMeansLimit([0, 1, 2], [0, 1], [-1]), ParameterRangeError, "sigmas[0]");
});
