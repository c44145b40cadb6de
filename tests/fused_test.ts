import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  em,
  eStep,
  fusedStep,
  initRandom,
  type Mixture,
  mixture,
  mStep,
  ParameterRangeError,
  ParameterTypeError,
  sampleMixture,
  seededSource,
  sufficientStatistics,
  toFloat64Array,
} from "../lib/mod.ts";
import { loadKernel, wasmKernel } from "../lib/core/fused/_wasm.ts";
import { buildKernelModule } from "../tools/build_wasm.ts";
import { bothKernels, relErr } from "./_kernels.ts";

const TOL = 1e-12;

/** Both implementations of the pass: the WebAssembly SIMD kernel and the TypeScript loop. */
const KERNELS = bothKernels(wasmKernel);

/** The readable path: eStep's N × k matrix, then mStep. */
function readable(x: ArrayLike<number>, m: Mixture, varianceFloor: number) {
  const e = eStep(x, m);
  const s = mStep(x, e.responsibilities, { varianceFloor, previous: m });
  return { logLikelihood: e.logLikelihood, ...s };
}

/** Assert one fused step equals one readable step to TOL; returns the worst error seen. */
function assertSameStep(x: ArrayLike<number>, m: Mixture, varianceFloor: number, label: string) {
  const slow = readable(x, m, varianceFloor);
  const fast = fusedStep(x, m, { varianceFloor });
  const a = fast.mStep.mixture, b = slow.mixture;
  let worst = relErr(fast.logLikelihood, slow.logLikelihood);
  for (let h = 0; h < b.weights.length; h++) {
    // Means are compared on the scale of their component's spread as well,
    // since a mean near 0 has no relative precision of its own.
    worst = Math.max(
      worst,
      relErr(a.weights[h]!, b.weights[h]!),
      relErr(a.means[h]!, b.means[h]!, b.stdDevs[h]!),
      relErr(a.stdDevs[h]!, b.stdDevs[h]!),
    );
  }
  assert(worst <= TOL, `${label}: fused and readable differ by ${worst} (relative)`);
  assertEquals(fast.mStep.flooredComponents, slow.flooredComponents, label);
  assertEquals(fast.mStep.emptyComponents, slow.emptyComponents, label);
  return { worst, next: slow.mixture };
}

/** A random mixture for the seeded cases: k components on the scale `scale`. */
function randomMixture(k: number, seed: number, scale: number, offset: number): Mixture {
  const u = seededSource(seed);
  const raw = Array.from({ length: k }, () => 0.2 + u());
  const total = raw.reduce((s, v) => s + v, 0);
  return mixture(
    raw.map((v) => v / total),
    Array.from({ length: k }, () => offset + scale * (4 * u() - 2)),
    Array.from({ length: k }, () => scale * (0.05 + u())),
  );
}

for (const kernel of KERNELS) {
  Deno.test(`fusedStep() agrees with eStep + mStep to 1e-12 on 200 seeded cases over 10 iterations (${kernel.name})`, () =>
    kernel.run(() => {
      let worst = 0, cases = 0;
      for (let seed = 0; seed < 200; seed++) {
        const k = 1 + (seed % 5);
        const scale = [1, 1e-3, 1e4][seed % 3]!;
        const offset = [0, 0, 100, 1e6][seed % 4]! * scale;
        const truth = randomMixture(k, seed, scale, offset);
        const { x } = sampleMixture(truth, 100 + 37 * seed, { seed });
        // Start from a data-independent random start, moved onto the data's scale.
        const r = initRandom(k, { seed: seed + 5000 });
        let m = mixture(
          [...r.weights],
          r.means.map((v) => offset + scale * v),
          r.stdDevs.map((v) => scale * v),
        );
        const floor = 1e-6 * scale * scale;
        for (let it = 0; it < 10; it++) {
          const step = assertSameStep(x, m, floor, `seed ${seed} k ${k} it ${it}`);
          worst = Math.max(worst, step.worst);
          m = step.next;
          cases++;
        }
      }
      assertEquals(cases, 2000);
      assert(worst <= TOL, `worst ${worst}`);
    }));
}

for (const kernel of KERNELS) {
  Deno.test(`fusedStep() agrees with the readable steps with far outliers (${kernel.name})`, () =>
    kernel.run(() => {
      for (let seed = 0; seed < 40; seed++) {
        const k = 2 + (seed % 4);
        const truth = randomMixture(k, seed, 1, 0);
        const { x } = sampleMixture(truth, 500, { seed });
        const u = seededSource(seed + 99);
        // A few points 1e3 … 1e8 standard deviations away, on both sides.
        for (let j = 0; j < 5; j++) x.push((u() < 0.5 ? -1 : 1) * 10 ** (3 + 5 * u()));
        let m = randomMixture(k, seed + 1, 1, 0);
        for (let it = 0; it < 8; it++) {
          m = assertSameStep(x, m, 1e-6, `outliers seed ${seed} it ${it}`).next;
        }
      }
    }));
}

for (const kernel of KERNELS) {
  Deno.test(`fusedStep() agrees with the readable steps on near-collapsed components (${kernel.name})`, () =>
    kernel.run(() => {
      for (let seed = 0; seed < 40; seed++) {
        const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 0.5]), 400, { seed });
        const u = seededSource(seed + 7);
        // A tight clump: 20 points within 1e-9 of 1.5, and a component sitting on it.
        const clump = 1.5;
        for (let j = 0; j < 20; j++) x.push(clump + 1e-9 * (u() - 0.5));
        let m = mixture([0.45, 0.45, 0.1], [0, 3, clump + 1e-10], [1, 0.5, 1e-8 * (1 + u())]);
        for (let it = 0; it < 8; it++) {
          m = assertSameStep(x, m, 1e-20, `clump seed ${seed} it ${it}`).next;
        }
        assert(m.stdDevs[2]! < 1e-8, `seed ${seed}: the clump's component stayed collapsed`);
      }
    }));
}

Deno.test("fusedStep() reports the same empty and floored components as mStep()", () => {
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 0.5]), 300, { seed: 3 });
  // Component 2 is so far and so narrow that every responsibility underflows to 0.
  const m = mixture([0.4, 0.4, 0.2], [0, 3, 1e4], [1, 0.5, 1e-3]);
  const fast = fusedStep(x, m, { varianceFloor: 1e-6 }).mStep;
  assertEquals(fast.emptyComponents, [2]);
  assertEquals(fast.mixture.weights[2], 0);
  assertSameStep(x, m, 1e-6, "empty");
  // A floor above every variance floors every component.
  const floored = fusedStep(x, m, { varianceFloor: 100 }).mStep;
  assertEquals(floored.flooredComponents, [0, 1]);
  assertEquals(floored.mixture.stdDevs.slice(0, 2), [10, 10]);
});

Deno.test("sufficientStatistics() are the column sums of the readable responsibilities", () => {
  const { x } = sampleMixture(mixture([0.3, 0.7], [-1, 2], [0.5, 1]), 2000, { seed: 11 });
  const m = mixture([0.5, 0.5], [-0.5, 1.5], [1, 1]);
  const s = sufficientStatistics(x, m);
  const { responsibilities, logLikelihood } = eStep(x, m);
  assert(relErr(s.logLikelihood, logLikelihood) < TOL);
  for (let h = 0; h < 2; h++) {
    let n = 0, sx = 0, sxx = 0;
    x.forEach((xi, i) => {
      const r = responsibilities[i]![h]!, d = xi - m.means[h]!;
      n += r;
      sx += r * d;
      sxx += r * d * d;
    });
    assert(relErr(s.counts[h]!, n) < TOL);
    assert(relErr(s.sums[h]!, sx) < TOL);
    assert(relErr(s.squares[h]!, sxx) < TOL);
    assertEquals(s.centres[h], m.means[h]);
  }
});

for (const kernel of KERNELS) {
  Deno.test(`fusedStep() keeps the spread of data with a large common offset (${kernel.name})`, () =>
    kernel.run(() => {
      // 1e9 + N(0, 1): the sums around c = μ keep every digit of the spread.
      const { x } = sampleMixture(mixture([0.5, 0.5], [1e9 - 2, 1e9 + 2], [0.5, 1]), 5000, {
        seed: 5,
      });
      let m = mixture([0.5, 0.5], [1e9 - 1, 1e9 + 1], [2, 2]);
      for (let it = 0; it < 20; it++) m = assertSameStep(x, m, 1e-6, `offset it ${it}`).next;
      assert(Math.abs(m.stdDevs[0]! - 0.5) < 0.05 && Math.abs(m.stdDevs[1]! - 1) < 0.05);
    }));
}

Deno.test("em() on the fused path tracks the readable E/M loop over 40 iterations", () => {
  for (const seed of [1, 2, 3]) {
    const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
    const { x } = sampleMixture(truth, 3000, { seed });
    const start = initRandom(3, { seed });
    const snaps = [...em(x, start, { tol: 0, maxIter: 40, varianceFloor: 1e-9 })];
    let m = start;
    for (let it = 0; it <= 40; it++) {
      const e = eStep(x, m);
      const s = snaps[it]!;
      assert(relErr(s.logLikelihood, e.logLikelihood) < 1e-10, `seed ${seed} it ${it}`);
      for (let h = 0; h < 3; h++) {
        assert(relErr(s.mixture.means[h]!, m.means[h]!, m.stdDevs[h]!) < 1e-10);
        assert(relErr(s.mixture.stdDevs[h]!, m.stdDevs[h]!) < 1e-10);
      }
      m = mStep(x, e.responsibilities, { varianceFloor: 1e-9, previous: m }).mixture;
    }
  }
});

Deno.test("fusedStep() reads number[] and Float64Array alike", () => {
  const { x } = sampleMixture(mixture([0.5, 0.5], [0, 3], [1, 0.5]), 500, { seed: 2 });
  const m = mixture([0.5, 0.5], [-1, 2], [1, 1]);
  assertEquals(fusedStep(x, m), fusedStep(toFloat64Array(x), m));
});

Deno.test("fusedStep() rejects bad input with typed errors", () => {
  const m = mixture([0.5, 0.5], [0, 1], [1, 1]);
  assertThrows(() => fusedStep("abc" as unknown as number[], m), ParameterTypeError, "data");
  assertThrows(() => fusedStep([1, NaN], m), ParameterRangeError, "data[1]");
  assertThrows(
    () => fusedStep([1, 2], m, { varianceFloor: -1 }),
    ParameterRangeError,
    "options.varianceFloor",
  );
  assertThrows(() => sufficientStatistics([1, 2], { weights: [1] } as unknown as Mixture));
  // A component on a single point with the floor off: σ = 0 is an error, not a NaN.
  assertThrows(
    () => fusedStep([0, 0.1, 5], mixture([0.5, 0.5], [0.05, 5], [0.1, 1e-3]), { varianceFloor: 0 }),
    ParameterRangeError,
    "collapsed",
  );
});

for (
  const build of [
    { relaxed: true, unrolled: true },
    { relaxed: true, unrolled: false },
    { relaxed: false, unrolled: true },
    { relaxed: false, unrolled: false },
  ]
) {
  const name = `${build.relaxed ? "fused multiply-add" : "plain SIMD"} build, ${
    build.unrolled ? "unrolled passes" : "loop over components"
  }`;
  Deno.test(`the WebAssembly kernel (${name}) matches the TypeScript loop to 1e-12`, () => {
    Object.assign(wasmKernel, build);
    try {
      const kernel = loadKernel();
      assert(kernel !== null, "WebAssembly SIMD kernel did not load");
      assertEquals(kernel.relaxed, build.relaxed, "the build asked for");
      for (let seed = 0; seed < 30; seed++) {
        // k = 1 … 10: unrolled passes up to 6, the loop beyond.
        const k = 1 + (seed % 10);
        const truth = randomMixture(k, seed, 1, 0);
        // Odd and even N: the kernel covers quads, the loop the last points.
        const { x } = sampleMixture(truth, 1001 + 500 * seed + (seed % 2), { seed });
        const m = randomMixture(k, seed + 3, 1, 0.5);
        wasmKernel.enabled = true;
        const fast = sufficientStatistics(x, m);
        wasmKernel.enabled = false;
        const loop = sufficientStatistics(x, m);
        wasmKernel.enabled = true;
        // Same formulas; fused multiply-adds and the order of the running sums differ.
        assert(relErr(fast.logLikelihood, loop.logLikelihood) < TOL, `seed ${seed} log L`);
        for (let h = 0; h < k; h++) {
          const scale = Math.sqrt(loop.squares[h]! * loop.counts[h]!);
          assert(relErr(fast.counts[h]!, loop.counts[h]!) < TOL, `seed ${seed} N${h}`);
          assert(relErr(fast.sums[h]!, loop.sums[h]!, scale) < TOL, `seed ${seed} S${h}`);
          assert(relErr(fast.squares[h]!, loop.squares[h]!) < TOL, `seed ${seed} Q${h}`);
        }
      }
    } finally {
      Object.assign(wasmKernel, { enabled: true, relaxed: true, unrolled: true });
    }
  });
}

Deno.test("the kernel has fused multiply-adds and unrolled passes here", () => {
  const kernel = loadKernel();
  assert(kernel !== null && kernel.relaxed, "the relaxed-SIMD build loads in Deno");
  for (let k = 1; k <= 6; k++) assert(kernel.unrolled[k] !== undefined, `pass${k}`);
  assertEquals(kernel.unrolled[7], undefined);
});

Deno.test("lib/core/fused/_kernel_1d_bytes.ts is the compiled text of tools/wasm/kernel_1d.ts", async () => {
  const current = await Deno.readTextFile(
    new URL("../lib/core/fused/_kernel_1d_bytes.ts", import.meta.url),
  );
  assertEquals(current, await buildKernelModule(), "run: deno task wasm");
});
