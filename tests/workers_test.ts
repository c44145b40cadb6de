import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  em,
  emMv,
  fit,
  fitMv,
  initKMeansPlusPlusMv,
  mixture,
  mvMixture,
  ParameterRangeError,
  sampleMixture,
  sampleMvMixture,
} from "../lib/mod.ts";
import { workersAvailable } from "../lib/core/fused/_workers.ts";
import { relErr } from "./_kernels.ts";

const TOL = 1e-12;

/** Every number in a list of mixtures, flattened, for comparison. */
function numbers(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbers);
  return [];
}

function assertSameRuns(runs: { logLikelihood: number; mixture: unknown }[][], label: string) {
  const [first, ...others] = runs;
  for (const other of others) {
    assertEquals(other.length, first!.length, label);
    other.forEach((s, i) => {
      assert(relErr(s.logLikelihood, first![i]!.logLikelihood) <= TOL, `${label} it ${i}`);
      const a = numbers(s.mixture), b = numbers(first![i]!.mixture);
      assertEquals(a.length, b.length);
      a.forEach((v, j) => assert(relErr(v, b[j]!) <= TOL, `${label} it ${i} parameter ${j}`));
    });
  }
}

Deno.test("workers are available in Deno", () => {
  assert(workersAvailable());
});

Deno.test("em() gives the same iterations with 1, 2 and 3 workers (N = 100 000, k = 4)", () => {
  const truth = mixture([0.2, 0.3, 0.3, 0.2], [-3, -1, 1, 4], [0.6, 0.5, 1, 0.8]);
  const { x } = sampleMixture(truth, 100_000, { seed: 4 });
  const start = mixture([0.25, 0.25, 0.25, 0.25], [-2, -0.5, 0.5, 2], [1, 1, 1, 1]);
  const runs = [1, 2, 3].map((workers) => [...em(x, start, { tol: 0, maxIter: 4, workers })]);
  assertSameRuns(runs, "1-D");
});

for (const d of [2, 3]) {
  Deno.test(`emMv() gives the same iterations with 1, 2 and 3 workers (N = 100 000, d = ${d}, k = 3)`, () => {
    const means = [[0, 0, 0], [3, 1, -1], [1, 4, 2]].map((m) => m.slice(0, d));
    const cov = (s: number) =>
      Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? s : 0.2)));
    const truth = mvMixture([0.3, 0.3, 0.4], means, [cov(1), cov(1.5), cov(0.7)]);
    const { x } = sampleMvMixture(truth, 100_000, { seed: d });
    const start = initKMeansPlusPlusMv(x.slice(0, 2000), 3, { seed: 1 });
    const runs = [1, 2, 3].map((workers) => [...emMv(x, start, { tol: 0, maxIter: 4, workers })]);
    assertSameRuns(runs, `d = ${d}`);
  });
}

Deno.test("fit() and fitMv() with workers match the one-thread fits", () => {
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 0.7]), 100_000, { seed: 1 });
  const a = fit(x, 2, { seed: 3, workers: 1 }), b = fit(x, 2, { seed: 3, workers: 2 });
  assert(relErr(a.logLikelihood, b.logLikelihood) <= TOL);
  assertEquals(a.iterations, b.iterations);
  const truth = mvMixture([0.5, 0.5], [[0, 0], [4, 1]], [[[1, 0.5], [0.5, 1]], [[1, 0], [0, 1]]]);
  const points = sampleMvMixture(truth, 100_000, { seed: 2 }).x;
  const c = fitMv(points, 2, { seed: 3, workers: 1 }),
    e = fitMv(points, 2, { seed: 3, workers: 2 });
  assert(relErr(c.logLikelihood, e.logLikelihood) <= TOL);
  assertEquals(c.iterations, e.iterations);
});

Deno.test("em() and emMv() with the default worker count give the one-thread result", () => {
  // Large enough for the default to try workers (N × (1 + 3k) ≥ 3.2e6); whether
  // it keeps them depends on timing, the result must not. The sanitizers
  // check that no worker is left running.
  const { x } = sampleMixture(mixture([0.3, 0.3, 0.4], [-2, 0, 2], [0.7, 0.5, 1]), 400_000, {
    seed: 5,
  });
  const start = mixture([1 / 3, 1 / 3, 1 / 3], [-1, 0.5, 1], [1, 1, 1]);
  assertSameRuns([
    [...em(x, start, { tol: 0, maxIter: 12, workers: 1 })],
    [...em(x, start, { tol: 0, maxIter: 12 })],
  ], "1-D default");
  const points = x.slice(0, 200_000).map((v, i) => [v, x[200_000 + i]!]);
  const startMv = initKMeansPlusPlusMv(points.slice(0, 1000), 3, { seed: 2 });
  assertSameRuns([
    [...emMv(points, startMv, { tol: 0, maxIter: 12, workers: 1 })],
    [...emMv(points, startMv, { tol: 0, maxIter: 12 })],
  ], "2-D default");
});

Deno.test("an EM run stopped early closes its workers", () => {
  // The test's resource and op sanitizers fail it if a worker is left running.
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 0.7]), 150_000, { seed: 1 });
  const run = em(x, mixture([0.5, 0.5], [-1, 1], [1, 1]), { workers: 2 });
  run.next();
  run.next();
  run.return();
  const points = Array.from(x, (v, i) => [v, i % 7]);
  const runMv = emMv(
    points,
    mvMixture([0.5, 0.5], [[0, 1], [3, 5]], [
      [[1, 0], [0, 4]],
      [[1, 0], [0, 4]],
    ]),
    { workers: 3 },
  );
  runMv.next();
  runMv.return();
});

Deno.test("em() and emMv() reject a bad worker count", () => {
  const x = [0, 1, 2, 5, 6];
  assertThrows(
    () => em(x, mixture([0.5, 0.5], [0, 5], [1, 1]), { workers: 0 }).next(),
    ParameterRangeError,
    "options.workers",
  );
  assertThrows(
    () =>
      emMv([[0, 0], [1, 1], [3, 2]], mvMixture([1], [[1, 1]], [[[1, 0], [0, 1]]]), { workers: 1.5 })
        .next(),
    ParameterRangeError,
    "options.workers",
  );
});
