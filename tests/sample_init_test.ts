import { assert, assertAlmostEquals, assertEquals, assertNotEquals } from "@std/assert";
import {
  initialize,
  initKMeansPlusPlus,
  initQuantiles,
  initRandom,
  initRandomPoints,
  mixture,
  sampleMixture,
  seededSource,
  validateMixture,
} from "../lib/mod.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);

Deno.test("sampleMixture() stratified draws n·λ points per component, concatenated", () => {
  const { x, labels } = sampleMixture(truth, 1000, { seed: 1 });
  assertEquals(labels.slice(0, 350), new Array(350).fill(0));
  assertEquals(labels.slice(350), new Array(650).fill(1));
  const first = x.slice(0, 350);
  const mean = first.reduce((a, b) => a + b, 0) / first.length;
  assertAlmostEquals(mean, -0.3, 0.03);
});

Deno.test("sampleMixture() random assignment follows the weights", () => {
  const { labels } = sampleMixture(truth, 20000, { seed: 2, assignment: "random" });
  const share = labels.filter((l) => l === 0).length / labels.length;
  assertAlmostEquals(share, 0.35, 0.015);
});

Deno.test("sampleMixture() is reproducible by seed and differs across seeds", () => {
  assertEquals(sampleMixture(truth, 50, { seed: 3 }).x, sampleMixture(truth, 50, { seed: 3 }).x);
  assertNotEquals(sampleMixture(truth, 50, { seed: 3 }).x, sampleMixture(truth, 50, { seed: 4 }).x);
});

Deno.test("seededSource() gives unrelated first draws for neighbouring seeds", () => {
  const first = Array.from({ length: 20 }, (_, s) => seededSource(s)());
  const sorted = first.toSorted((a, b) => a - b);
  // Neighbouring seeds must not all land in one small interval.
  assert(sorted.at(-1)! - sorted[0]! > 0.5);
});

Deno.test("initRandom() follows the original start: λ = 1/k, μ in [−1, 1], σ > 0", () => {
  for (let seed = 0; seed < 50; seed++) {
    const m = initRandom(3, { seed });
    validateMixture(m);
    assertEquals(m.weights, [1 / 3, 1 / 3, 1 / 3]);
    assert(m.means.every((mu) => mu >= -1 && mu <= 1));
    assert(m.stdDevs.every((s) => s > 0 && Number.isFinite(s)));
  }
  // σ² ~ InvGamma(1, 1): its median is 1/ln 2 ≈ 1.4427.
  const v = Array.from({ length: 4001 }, (_, s) => initRandom(1, { seed: s }).stdDevs[0]! ** 2)
    .sort((a, b) => a - b);
  assertAlmostEquals(v[2000]!, 1 / Math.LN2, 0.12);
});

Deno.test("data-aware starts are valid mixtures and seeded", () => {
  const { x } = sampleMixture(truth, 400, { seed: 6 });
  for (const method of ["random", "kmeans++", "random-points", "quantiles"] as const) {
    const a = initialize(x, 4, method, { seed: 11 });
    validateMixture(a);
    assertEquals(a, initialize(x, 4, method, { seed: 11 }));
  }
  assertEquals(initQuantiles([5, 1, 4, 2, 3, 6], 3).means, [1.5, 3.5, 5.5]);
  const km = initKMeansPlusPlus(x, 2, { seed: 1 });
  assert(Math.min(...km.means) < 0 && Math.max(...km.means) > 0.2);
  const rp = initRandomPoints(x, 3, { seed: 1 });
  assert(rp.means.every((m) => x.includes(m)));
});
