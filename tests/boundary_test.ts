import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  bootstrapSample,
  decisionBoundaries,
  logNormalPdf,
  mixture,
  ParameterRangeError,
  ParameterTypeError,
  predict,
  sampleMixture,
} from "../lib/mod.ts";

Deno.test("decisionBoundaries() finds both crossings of unequal spreads, to machine precision", () => {
  const m = mixture([0.3, 0.7], [0, 2], [0.5, 1.5]);
  const found = decisionBoundaries(m, { from: -10, to: 12 });
  assertEquals(found.length, 2);
  for (const b of found) {
    const l = Math.log(m.weights[b.left]!) +
      logNormalPdf(b.x, m.means[b.left]!, m.stdDevs[b.left]!);
    const r = Math.log(m.weights[b.right]!) +
      logNormalPdf(b.x, m.means[b.right]!, m.stdDevs[b.right]!);
    assertAlmostEquals(l, r, 1e-12);
    // predict() agrees on either side.
    assertEquals(predict(m, [b.x - 1e-6])[0], b.left);
    assertEquals(predict(m, [b.x + 1e-6])[0], b.right);
  }
  // The wide component wins on both far sides; the narrow one in between.
  assertEquals(found.map((b) => [b.left, b.right]), [[1, 0], [0, 1]]);
  // The closed form: the roots of the quadratic log λ₀N₀ = log λ₁N₁.
  const [s0, s1] = [0.5, 1.5], [m0, m1] = [0, 2], [w0, w1] = [0.3, 0.7];
  const a = 1 / (2 * s1 ** 2) - 1 / (2 * s0 ** 2);
  const bq = m0 / s0 ** 2 - m1 / s1 ** 2;
  const c = m1 ** 2 / (2 * s1 ** 2) - m0 ** 2 / (2 * s0 ** 2) +
    Math.log((w0 / s0) / (w1 / s1));
  const disc = Math.sqrt(bq * bq - 4 * a * c);
  const roots = [(-bq - disc) / (2 * a), (-bq + disc) / (2 * a)].sort((u, v) => u - v);
  assertAlmostEquals(found[0]!.x, roots[0]!, 1e-9);
  assertAlmostEquals(found[1]!.x, roots[1]!, 1e-9);
});

Deno.test("decisionBoundaries() keeps only the crossings inside [from, to]", () => {
  const m = mixture([0.3, 0.7], [0, 2], [0.5, 1.5]);
  const all = decisionBoundaries(m, { from: -10, to: 12 });
  const inner = decisionBoundaries(m, { from: -1, to: 5 });
  assertEquals(inner.length, 1);
  assertAlmostEquals(inner[0]!.x, all[1]!.x, 1e-9);
  assertEquals(decisionBoundaries(mixture([1], [0], [1])), []);
  assertThrows(() => decisionBoundaries(m, { from: 2, to: 1 }), ParameterRangeError, "options.to");
  assertThrows(() => decisionBoundaries(m, { points: 1 }), ParameterRangeError, "options.points");
  assertThrows(() => decisionBoundaries({} as never), ParameterTypeError);
});

Deno.test("bootstrapSample() is seeded and its means scatter around the sample mean", () => {
  const { x } = sampleMixture(mixture([1], [3], [2]), 400, { seed: 5 });
  assertEquals(bootstrapSample(x, 1), bootstrapSample(x, 1));
  assert(bootstrapSample(x, 1).some((v, i) => v !== bootstrapSample(x, 2)[i]));
  const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, t) => s + t, 0) / v.length;
  const means = Array.from({ length: 300 }, (_, b) => mean(bootstrapSample(x, b)));
  const sd = Math.sqrt(means.reduce((s, m) => s + (m - mean(means)) ** 2, 0) / (means.length - 1));
  // Standard error of the mean: σ/√n = 2/20 = 0.1.
  assertAlmostEquals(mean(means), mean(x), 0.03);
  assertAlmostEquals(sd, 0.1, 0.02);
  assertThrows(() => bootstrapSample(x, NaN), ParameterRangeError, "seed");
  assertThrows(() => bootstrapSample([], 1), ParameterRangeError, "data");
});
