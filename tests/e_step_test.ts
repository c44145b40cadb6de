import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { eStep, logNormalPdf, mixture, sampleMixture } from "../lib/mod.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);

Deno.test("eStep() gives responsibilities that sum to 1 for every point", () => {
  for (const seed of [1, 2, 3]) {
    const { x } = sampleMixture(truth, 500, { seed });
    const start = mixture([0.2, 0.3, 0.5], [-1, 0, 1], [0.5, 0.2, 1.5]);
    const { responsibilities } = eStep(x, start);
    assertEquals(responsibilities.length, x.length);
    for (const row of responsibilities) {
      assertEquals(row.length, 3);
      assert(row.every((r) => r >= 0 && r <= 1));
      assertAlmostEquals(row.reduce((a, b) => a + b, 0), 1, 1e-12);
    }
  }
});

Deno.test("eStep() matches Bayes' rule computed directly", () => {
  const m = mixture([0.4, 0.6], [0, 2], [1, 0.5]);
  const x = 1.1;
  const a = 0.4 * Math.exp(logNormalPdf(x, 0, 1));
  const b = 0.6 * Math.exp(logNormalPdf(x, 2, 0.5));
  const { responsibilities, logLikelihood } = eStep([x], m);
  assertAlmostEquals(responsibilities[0]![0]!, a / (a + b), 1e-14);
  assertAlmostEquals(logLikelihood, Math.log(a + b), 1e-14);
});

Deno.test("eStep() stays finite for a point 1e3 standard deviations away", () => {
  const m = mixture([0.5, 0.5], [0, 1], [1, 1]);
  const far = 1e3;
  const { responsibilities, logLikelihood } = eStep([far, -far], m);
  assert(Number.isFinite(logLikelihood));
  for (const row of responsibilities) {
    assert(row.every(Number.isFinite), `non-finite responsibilities ${row}`);
    assertAlmostEquals(row[0]! + row[1]!, 1, 1e-12);
  }
  // Far to the right the component with the larger mean takes it all, and vice versa.
  assertAlmostEquals(responsibilities[0]![1]!, 1, 1e-12);
  assertAlmostEquals(responsibilities[1]![0]!, 1, 1e-12);
  // The naive computation underflows to 0/0 here.
  assert(
    Number.isNaN(0 / (0.5 * Math.exp(-0.5 * far * far) + 0.5 * Math.exp(-0.5 * (far - 1) ** 2))),
  );
});
