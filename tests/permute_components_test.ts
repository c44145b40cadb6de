import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  allPermutations,
  equivalentMixtures,
  fit,
  logLikelihood,
  matchComponents,
  mixture,
  ParameterRangeError,
  permuteComponents,
  sampleMixture,
} from "../lib/mod.ts";

const truth = mixture([0.2, 0.3, 0.5], [-1, 0.5, 3], [0.3, 0.5, 0.8]);
const { x } = sampleMixture(truth, 600, { seed: 4 });

Deno.test("equivalentMixtures() k! distinct parameter points with the same log-likelihood", () => {
  const fitted = fit(x, 3, { seed: 1 }).mixture;
  const copies = equivalentMixtures(fitted);
  assertEquals(copies.length, 6);
  const keys = new Set(copies.map((m) => m.means.join(",")));
  assertEquals(keys.size, 6);
  const ll = logLikelihood(x, fitted);
  for (const m of copies) assertAlmostEquals(logLikelihood(x, m), ll, 1e-9 * Math.abs(ll));
});

Deno.test("matchComponents() undoes permuteComponents() for every permutation", () => {
  for (const order of allPermutations(3)) {
    const shuffled = permuteComponents(truth, order);
    const back = matchComponents(truth, shuffled);
    // shuffled component back[h] is truth's component h.
    for (let h = 0; h < 3; h++) assertEquals(order[back[h]!], h);
    assertEquals(permuteComponents(shuffled, back).means, truth.means);
  }
});

Deno.test("allPermutations() lists each permutation once", () => {
  for (let k = 1; k <= 5; k++) {
    const perms = allPermutations(k);
    assertEquals(perms.length, [1, 1, 2, 6, 24, 120][k]);
    assertEquals(new Set(perms.map((p) => p.join())).size, perms.length);
    assert(perms.every((p) => p.toSorted().join() === [...Array(k).keys()].join()));
  }
});

Deno.test("permuteComponents() rejects an order that is not a permutation", () => {
  assertThrows(() => permuteComponents(truth, [0, 0, 1]), ParameterRangeError, "order");
  assertThrows(() => permuteComponents(truth, [0, 1]), ParameterRangeError, "order");
  assertThrows(() => allPermutations(9), ParameterRangeError, "k");
});
