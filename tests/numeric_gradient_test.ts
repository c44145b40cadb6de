import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { numericGradient, ParameterRangeError, ParameterTypeError } from "../lib/mod.ts";

Deno.test("numericGradient() recovers the gradient of a smooth function", () => {
  const f = ([a, b, c]: number[]) => Math.sin(a!) * b! + Math.exp(c! / 10) * 1000;
  const [ga, gb, gc] = numericGradient(f, [0.3, 2, 5]);
  assertAlmostEquals(ga!, Math.cos(0.3) * 2, 1e-8);
  assertAlmostEquals(gb!, Math.sin(0.3), 1e-8);
  assertAlmostEquals(gc!, 100 * Math.exp(0.5), 1e-6);
});

Deno.test("numericGradient() passes copies, leaving the point unchanged", () => {
  const point = [1, 2];
  numericGradient((p) => {
    p[0] = 99;
    return 0;
  }, point);
  assertEquals(point, [1, 2]);
});

Deno.test("numericGradient() rejects bad arguments and non-finite values", () => {
  // deno-lint-ignore no-explicit-any
  assertThrows(() => numericGradient(3 as any, [1]), ParameterTypeError, "f must be");
  assertThrows(() => numericGradient(() => 0, [1], { step: -1 }), ParameterRangeError, "step");
  assertThrows(
    () => numericGradient(([s]) => Math.log(s!), [0]),
    ParameterRangeError,
    "finite within",
  );
});
