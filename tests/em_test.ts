import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  DegenerateFitError,
  em,
  emStep,
  initRandom,
  type Mixture,
  mixture,
  sampleMixture,
} from "../lib/mod.ts";
import { originalLogLikelihood, originalStep, type Params } from "./_original_algorithm.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

Deno.test("em() matches a transcription of the original algorithm to 1e-9 for 50 iterations", () => {
  for (const seed of [1, 2, 3, 4]) {
    const { x } = sampleMixture(truth, 1000, { seed });
    const start = initRandom(2, { seed: seed + 100 });
    let p: Params = { lambda: [...start.weights], mu: [...start.means], sigma: [...start.stdDevs] };
    // tol 0: never stop early; floor 0: the original had none.
    const run = em(x, start, { tol: 0, maxIter: 50, varianceFloor: 0 });
    const snapshots = [...run];
    assertEquals(snapshots.length, 51);
    for (let it = 1; it <= 50; it++) {
      p = originalStep(x, p);
      const m = snapshots[it]!.mixture;
      for (let h = 0; h < 2; h++) {
        assert(relErr(m.weights[h]!, p.lambda[h]!) < 1e-9, `λ seed ${seed} it ${it}`);
        assert(relErr(m.means[h]!, p.mu[h]!) < 1e-9, `μ seed ${seed} it ${it}`);
        assert(relErr(m.stdDevs[h]!, p.sigma[h]!) < 1e-9, `σ seed ${seed} it ${it}`);
      }
      assert(relErr(snapshots[it]!.logLikelihood, originalLogLikelihood(x, p)) < 1e-9);
    }
  }
});

Deno.test("emStep() stepped n times equals em() after n iterations", () => {
  const { x } = sampleMixture(truth, 300, { seed: 9 });
  let m: Mixture = initRandom(2, { seed: 9 });
  const snaps = [...em(x, m, { tol: 0, maxIter: 10 })];
  for (let i = 0; i < 10; i++) m = emStep(x, m);
  assertEquals(m, snaps[10]!.mixture);
});

Deno.test("em() never decreases the log-likelihood (many seeds)", () => {
  for (let seed = 0; seed < 60; seed++) {
    const k = 1 + (seed % 4);
    const { x } = sampleMixture(truth, 200 + 10 * seed, { seed });
    let previous = -Infinity;
    for (const s of em(x, initRandom(k, { seed: 1000 + seed }), { tol: 0, maxIter: 60 })) {
      // Only floating-point error may make it go down.
      const slack = 1e-9 * Math.max(1, Math.abs(previous));
      assert(
        s.logLikelihood >= previous - slack,
        `seed ${seed} k ${k} it ${s.iteration}: ${s.logLikelihood} < ${previous}`,
      );
      previous = s.logLikelihood;
    }
  }
});

Deno.test("em() yields iteration 0 first and stops when |Δ| < tol", () => {
  const { x } = sampleMixture(truth, 1000, { seed: 3 });
  const history = [...em(x, initRandom(2, { seed: 3 }))];
  assertEquals(history[0]!.iteration, 0);
  assertEquals(history[0]!.delta, null);
  const last = history.at(-1)!;
  assert(last.converged);
  assert(Math.abs(last.delta!) < 1e-3);
  for (const s of history.slice(1, -1)) assert(!s.converged && Math.abs(s.delta!) >= 1e-3);
  history.forEach((s, i) => assertEquals(s.iteration, i));
});

Deno.test("em() stops at maxIter without claiming convergence", () => {
  const { x } = sampleMixture(truth, 1000, { seed: 3 });
  const history = [...em(x, initRandom(2, { seed: 3 }), { maxIter: 3, tol: 0 })];
  assertEquals(history.length, 4);
  assertEquals(history.at(-1)!.converged, false);
});

Deno.test("em() snapshots are frozen", () => {
  const { x } = sampleMixture(truth, 100, { seed: 3 });
  const s = em(x, initRandom(2, { seed: 3 })).next().value!;
  assert(Object.isFrozen(s) && Object.isFrozen(s.mixture) && Object.isFrozen(s.mixture.means));
});

Deno.test("em() without a variance floor throws DegenerateFitError when a component collapses", () => {
  // One component centred on an isolated point with a tiny σ shrinks onto it.
  const x = [0.9, 1.1, 1.0, 0.95, 1.05, 5];
  const start = mixture([0.2, 0.8], [5, 1], [1, 0.1]);
  const err = assertThrows(
    () => [...em(x, start, { varianceFloor: 0, tol: 0, maxIter: 500 })],
    DegenerateFitError,
    "collapsed onto a single point",
  );
  assert(err.history.length > 1);
  // Counted from 1 in the field and in the message; index is the array position.
  assertEquals([err.component, err.index], [1, 0]);
  assertStringIncludes(err.message, "Component 1 collapsed");
  // With the default floor the same start runs to the end with finite values.
  const history = [...em(x, start, { tol: 0, maxIter: 200 })];
  assert(history.every((s) => Number.isFinite(s.logLikelihood)));
  assert(history.at(-1)!.warnings.some((w) => w.includes("variance floor")));
  assertAlmostEquals(history.at(-1)!.mixture.means[0]!, 5, 1e-9);
});
