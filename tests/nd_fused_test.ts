import { assert, assertEquals } from "@std/assert";
import {
  eStepMv,
  fitMv,
  flattenPoints,
  fusedStepMv,
  initKMeansPlusPlusMv,
  mStepMv,
  type MvMixture,
  mvMixture,
  sampleMvMixture,
  seededSource,
  sufficientStatisticsMv,
} from "../lib/mod.ts";
import { ndKernel, ndKernelFor } from "../lib/core/nd/_fused_nd_wasm.ts";
import { accumulateMvRange, mvSlotSize, passParameters } from "../lib/core/nd/_fused_pass.ts";
import { MAX_UNROLLED_TERMS, unrolledMvPass } from "../lib/core/nd/_fused_pass_unrolled.ts";
import { buildKernelModule } from "../tools/build_wasm.ts";
import { bothKernels, relErr } from "./_kernels.ts";

const TOL = 1e-12;

/** Both implementations of the pass: the WebAssembly SIMD kernel and the TypeScript loop. */
const KERNELS = bothKernels(ndKernel);

/** A random full-covariance mixture in d dimensions on the given scale and offset. */
function randomMvMixture(k: number, d: number, seed: number, scale: number, offset: number) {
  const u = seededSource(seed);
  const raw = Array.from({ length: k }, () => 0.2 + u());
  const total = raw.reduce((s, v) => s + v, 0);
  const means = Array.from(
    { length: k },
    () => Array.from({ length: d }, () => offset + scale * (6 * u() - 3)),
  );
  const covariances = Array.from({ length: k }, () => {
    // A Aᵀ + εI for a random A: positive definite, correlated.
    const a = Array.from({ length: d }, () => Array.from({ length: d }, () => u() - 0.5));
    return a.map((ra, i) =>
      a.map((rb, j) =>
        scale * scale * (ra.reduce((s, v, p) => s + v * rb[p]!, 0) + (i === j ? 0.05 : 0))
      )
    );
  });
  return mvMixture(raw.map((v) => v / total), means, covariances);
}

/** Assert one fused step equals eStepMv + mStepMv to TOL; returns the worst error and the next mixture. */
function assertSameStepMv(
  x: number[][],
  m: MvMixture,
  ridge: number | number[],
  label: string,
): { worst: number; next: MvMixture } {
  const e = eStepMv(x, m);
  const slow = mStepMv(x, e.responsibilities, { ridge, previous: m });
  const fast = fusedStepMv(x, m, { ridge });
  const a = fast.mStep.mixture, b = slow.mixture;
  let worst = relErr(fast.logLikelihood, e.logLikelihood);
  const d = x[0]!.length;
  for (let h = 0; h < b.weights.length; h++) {
    worst = Math.max(worst, relErr(a.weights[h]!, b.weights[h]!));
    const cb = b.covariances[h]!, ca = a.covariances[h]!;
    for (let i = 0; i < d; i++) {
      // Means on the scale of their spread, covariances on √(Σᵢᵢ Σⱼⱼ): an
      // entry near 0 has no relative precision of its own.
      worst = Math.max(worst, relErr(a.means[h]![i]!, b.means[h]![i]!, Math.sqrt(cb[i]![i]!)));
      for (let j = 0; j < d; j++) {
        const s = Math.sqrt(cb[i]![i]! * cb[j]![j]!);
        worst = Math.max(worst, relErr(ca[i]![j]!, cb[i]![j]!, s));
      }
    }
  }
  assert(worst <= TOL, `${label}: fused and readable differ by ${worst} (relative)`);
  assertEquals(fast.mStep.emptyComponents, slow.emptyComponents, label);
  return { worst, next: slow.mixture };
}

for (const kernel of KERNELS) {
  Deno.test(`fusedStepMv() agrees with eStepMv + mStepMv to 1e-12 over d = 1…5, k = 1…5, 8 iterations (${kernel.name})`, () =>
    kernel.run(() => {
      let worst = 0, cases = 0;
      for (let seed = 0; seed < 60; seed++) {
        const d = 1 + (seed % 5), k = 1 + (Math.floor(seed / 5) % 5);
        const scale = [1, 1e-3, 1e4][seed % 3]!;
        const offset = [0, 0, 100, 1e5][seed % 4]! * scale;
        const truth = randomMvMixture(k, d, seed, scale, offset);
        const { x } = sampleMvMixture(truth, 200 + 41 * seed, { seed });
        // The default ridge on the data's scale, and a large one.
        const ridge = seed % 2 === 0
          ? 1e-6 * scale * scale
          : Array.from({ length: d }, (_, j) => 0.1 * (j + 1) * scale * scale);
        let m = initKMeansPlusPlusMv(x, k, { seed: seed + 1000 });
        for (let it = 0; it < 8; it++) {
          const step = assertSameStepMv(x, m, ridge, `seed ${seed} d ${d} k ${k} it ${it}`);
          worst = Math.max(worst, step.worst);
          m = step.next;
          cases++;
        }
      }
      assertEquals(cases, 480);
      assert(worst <= TOL, `worst ${worst}`);
    }));
}

for (const kernel of KERNELS) {
  Deno.test(`fusedStepMv() agrees with the readable steps over several chunks (N = 50 000) (${kernel.name})`, () =>
    kernel.run(() => {
      const truth = randomMvMixture(3, 2, 7, 1, 0);
      const { x } = sampleMvMixture(truth, 50_000, { seed: 7 });
      let m = initKMeansPlusPlusMv(x, 3, { seed: 8 });
      for (let it = 0; it < 3; it++) m = assertSameStepMv(x, m, 1e-6, `chunks it ${it}`).next;
    }));
}

for (const kernel of KERNELS) {
  Deno.test(`fusedStepMv() agrees with the readable steps when a start is far from the data (means move) (${kernel.name})`, () =>
    kernel.run(() => {
      for (let seed = 0; seed < 20; seed++) {
        const d = 2 + (seed % 3), k = 2 + (seed % 3);
        const truth = randomMvMixture(k, d, seed, 1, 0);
        const { x } = sampleMvMixture(truth, 500, { seed });
        // A start 50 standard deviations away with small covariances: the means jump.
        const far = randomMvMixture(k, d, seed + 50, 0.1, 50);
        assertSameStepMv(x, far, 1e-6, `far seed ${seed}`);
      }
    }));
}

Deno.test("sufficientStatisticsMv() counts are the column sums of eStepMv's responsibilities", () => {
  const truth = randomMvMixture(3, 3, 2, 1, 0);
  const { x } = sampleMvMixture(truth, 300, { seed: 2 });
  const stats = sufficientStatisticsMv(x, truth);
  const { responsibilities } = eStepMv(x, truth);
  for (let h = 0; h < 3; h++) {
    const nh = responsibilities.reduce((s, r) => s + r[h]!, 0);
    assert(relErr(stats.counts[h]!, nh) <= TOL);
    // Σ r (x − μ) in coordinate 1.
    const s1 = responsibilities.reduce(
      (s, r, i) => s + r[h]! * (x[i]![1]! - truth.means[h]![1]!),
      0,
    );
    assert(Math.abs(stats.sums[h * 3 + 1]! - s1) <= TOL * nh * 10);
  }
});

Deno.test("flattenPoints() lays the points out row by row", () => {
  const flat = flattenPoints([[1, 2, 3], [4, 5, 6]]);
  assertEquals([flat.n, flat.d, ...flat.x], [2, 3, 1, 2, 3, 4, 5, 6]);
});

Deno.test("fitMv() responsibilities are computed on first use and match eStepMv", () => {
  const truth = randomMvMixture(2, 2, 3, 1, 0);
  const { x } = sampleMvMixture(truth, 400, { seed: 3 });
  const fit = fitMv(x, 2, { seed: 1 });
  assertEquals(fit.responsibilities, eStepMv(x, fit.mixture).responsibilities);
});

Deno.test("the d = 2 … 8 WebAssembly kernels load here and match the TypeScript loop to 1e-12", () => {
  for (let seed = 0; seed < 28; seed++) {
    const k = 1 + (seed % 6), d = 2 + (seed % 7);
    assert(ndKernelFor(d, k), "WebAssembly SIMD should be available in Deno");
    const truth = randomMvMixture(k, d, seed, [1, 1e-3, 1e4][seed % 3]!, 0);
    // An odd N, so that the last point goes through the TypeScript tail.
    const { x } = sampleMvMixture(truth, 1001 + 100 * seed, { seed });
    const flat = flattenPoints(x);
    const start = initKMeansPlusPlusMv(x, k, { seed });
    const p = passParameters(start);
    const slot = mvSlotSize(k, d);
    const viaKernel = sufficientStatisticsMv(x, start);
    const viaLoop = new Float64Array(slot);
    accumulateMvRange(flat.x, p, 0, flat.n, viaLoop, 0);
    const got = [
      viaKernel.logLikelihood,
      ...viaKernel.counts,
      ...viaKernel.sums,
      ...viaKernel.squares,
    ];
    const scale = Math.max(...viaLoop.map(Math.abs));
    got.forEach((v, j) =>
      assert(relErr(v, viaLoop[j]!, 1e-3 * scale) <= TOL, `seed ${seed} entry ${j}`)
    );
  }
});

Deno.test("the pass written out for (k, d) gives the generic loop's numbers exactly", () => {
  for (const [k, d] of [[1, 1], [2, 1], [3, 2], [4, 3], [5, 5], [2, 7], [3, 10]] as const) {
    for (const scale of [1, 1e-3, 1e4]) {
      const seed = 10 * k + d;
      const truth = randomMvMixture(k, d, seed, scale, 0);
      // N not a multiple of the 64-point block, so the last block is partial.
      const { x } = sampleMvMixture(truth, 777, { seed });
      const flat = flattenPoints(x);
      const p = passParameters(initKMeansPlusPlusMv(x, k, { seed }));
      const slot = mvSlotSize(k, d);
      const generic = new Float64Array(slot + 3), unrolled = new Float64Array(slot + 3);
      accumulateMvRange(flat.x, p, 5, flat.n, generic, 2);
      const pass = unrolledMvPass(k, d);
      assert(pass !== null, `k = ${k}, d = ${d} should be written out`);
      pass(flat.x, p, 5, flat.n, unrolled, 2);
      assertEquals([...unrolled], [...generic], `k = ${k}, d = ${d}, scale ${scale}`);
    }
  }
  // Beyond the size limit the generic loop runs.
  assertEquals(unrolledMvPass(8, 8), null);
  assert(8 * 8 * 9 / 2 > MAX_UNROLLED_TERMS);
});

Deno.test("lib/core/fused/_kernel_nd_bytes.ts is the compiled text of tools/wasm/kernel_nd.ts", async () => {
  const current = await Deno.readTextFile(
    new URL("../lib/core/fused/_kernel_nd_bytes.ts", import.meta.url),
  );
  assertEquals(
    current,
    await buildKernelModule("_kernel_nd"),
    "run: deno run -A tools/build_wasm.ts",
  );
});
