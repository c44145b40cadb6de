import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { mStep, ParameterRangeError } from "../lib/mod.ts";

Deno.test("mStep() matches hand-computed values on a tiny data set", () => {
  // x = [0, 1, 3], responsibilities for component 0: [1, 0.5, 0]; component 1: [0, 0.5, 1].
  // N0 = 1.5, λ0 = 0.5, μ0 = (0 + 0.5)/1.5 = 1/3,
  // σ0² = (1·(0 − 1/3)² + 0.5·(1 − 1/3)²)/1.5 = (1/9 + 2/9)/1.5 = 2/9.
  // N1 = 1.5, λ1 = 0.5, μ1 = (0.5 + 3)/1.5 = 7/3,
  // σ1² = (0.5·(1 − 7/3)² + 1·(3 − 7/3)²)/1.5 = (8/9 + 4/9)/1.5 = 8/9.
  const { mixture } = mStep([0, 1, 3], [[1, 0], [0.5, 0.5], [0, 1]]);
  assertAlmostEquals(mixture.weights[0]!, 0.5, 1e-15);
  assertAlmostEquals(mixture.weights[1]!, 0.5, 1e-15);
  assertAlmostEquals(mixture.means[0]!, 1 / 3, 1e-15);
  assertAlmostEquals(mixture.means[1]!, 7 / 3, 1e-15);
  assertAlmostEquals(mixture.stdDevs[0]!, Math.sqrt(2 / 9), 1e-15);
  assertAlmostEquals(mixture.stdDevs[1]!, Math.sqrt(8 / 9), 1e-15);
});

Deno.test("mStep() keeps weights summing to 1", () => {
  const r = [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.9, 0.05, 0.05], [0.25, 0.25, 0.5]];
  const { mixture } = mStep([1, 2, 3, 4], r);
  assertAlmostEquals(mixture.weights.reduce((a, b) => a + b, 0), 1, 1e-15);
});

Deno.test("mStep() holds σ² at the variance floor and reports it", () => {
  const { mixture, flooredComponents } = mStep([0, 0, 5, 6], [[1, 0], [1, 0], [0, 1], [0, 1]], {
    varianceFloor: 0.01,
  });
  assertEquals(mixture.stdDevs[0], 0.1);
  assertEquals(flooredComponents, [0]);
});

Deno.test("mStep() throws when a component sits on one point with the floor off", () => {
  assertThrows(
    () => mStep([0, 0, 5, 6], [[1, 0], [1, 0], [0, 1], [0, 1]], { varianceFloor: 0 }),
    ParameterRangeError,
    "collapsed onto one point",
  );
});

Deno.test("mStep() gives an empty component weight 0 and keeps its previous μ, σ", () => {
  const previous = { weights: [0.5, 0.5], means: [0, 100], stdDevs: [1, 2] };
  const { mixture, emptyComponents } = mStep([0, 1, 2], [[1, 0], [1, 0], [1, 0]], { previous });
  assertEquals(emptyComponents, [1]);
  assertEquals(mixture.weights, [1, 0]);
  assertEquals(mixture.means[1], 100);
  assertEquals(mixture.stdDevs[1], 2);
});
