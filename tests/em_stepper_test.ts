import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  DegenerateFitError,
  em,
  EmStepper,
  initRandom,
  mixture,
  ParameterRangeError,
  sampleMixture,
} from "../lib/mod.ts";

const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 4 });
const start = initRandom(2, { seed: 16 });

Deno.test("EmStepper alternating E and M steps follows em() exactly", () => {
  const run = [...em(x, start, { tol: 0, maxIter: 10 })];
  const stepper = new EmStepper(x, start);
  assertAlmostEquals(stepper.logLikelihood, run[0]!.logLikelihood, 1e-9);
  for (let t = 1; t <= 10; t++) {
    const e = stepper.eStep();
    assertEquals(e.iteration, t - 1);
    const m = stepper.mStep();
    assert(!m.ranEStep);
    assertEquals(m.iteration, t);
    for (let h = 0; h < 2; h++) {
      assertAlmostEquals(m.mixture.means[h]!, run[t]!.mixture.means[h]!, 1e-9);
      assertAlmostEquals(m.mixture.stdDevs[h]!, run[t]!.mixture.stdDevs[h]!, 1e-9);
      assertAlmostEquals(m.mixture.weights[h]!, run[t]!.mixture.weights[h]!, 1e-9);
    }
    assertAlmostEquals(m.logLikelihood, run[t]!.logLikelihood, 1e-8);
    assert(m.delta >= -1e-9);
  }
});

Deno.test("EmStepper.eStep() repeated changes nothing; mStep() repeated does the E-step itself", () => {
  const stepper = new EmStepper(x, start);
  const a = stepper.eStep(), b = stepper.eStep();
  assertEquals(a.responsibilities, b.responsibilities);
  assertEquals(stepper.iteration, 0);
  stepper.mStep();
  assertEquals(stepper.responsibilities, null);
  const again = stepper.mStep();
  assert(again.ranEStep);
  assertEquals(again.iteration, 2);
  const run = [...em(x, start, { tol: 0, maxIter: 2 })];
  assertAlmostEquals(again.mixture.means[1]!, run[2]!.mixture.means[1]!, 1e-9);
});

Deno.test("EmStepper throws DegenerateFitError when a component collapses without a floor", () => {
  const data = [0, 0.5, 1, 1.5, 7];
  const stepper = new EmStepper(data, mixture([0.5, 0.5], [0.75, 7], [0.5, 1e-3]), {
    varianceFloor: 0,
  });
  assertThrows(() => {
    for (let i = 0; i < 5; i++) stepper.mStep();
  }, DegenerateFitError);
});

Deno.test("EmStepper rejects a bad start", () => {
  assertThrows(
    () => new EmStepper(x, { weights: [1, 1], means: [0, 1], stdDevs: [1, 1] }),
    ParameterRangeError,
    "start.weights",
  );
});
