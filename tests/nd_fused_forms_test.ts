// The fused pass of every covariance form (lib/core/nd/_fused_forms.ts) and
// the M-steps from its statistics (lib/core/nd/_fused_families.ts) against a
// readable reference written here: eStepMv on the mixture as the form reads
// it, then each family's update from the responsibilities, two-pass.
import { assert, assertEquals } from "@std/assert";
import {
  em,
  emMv,
  eStepMv,
  fitMv,
  initKMeansPlusPlusMv,
  mixture,
  type MvMixture,
  mvMixture,
  sampleMixture,
  sampleMvMixture,
  seededSource,
} from "../lib/mod.ts";
import { readableStep, runEm } from "../lib/core/em/_em_core.ts";
import { familyE } from "../lib/core/em/_families.ts";
import {
  covarianceFamily,
  familyDiag,
  familyTied,
  type PreparedPoints,
} from "../lib/core/nd/_families.ts";
import {
  accumulateFormRange,
  type CovarianceForm,
  formParameters,
  formSlotSize,
  kernelFormOf,
  type MomentShape,
  writtenOutFormPass,
  writtenOutForms,
} from "../lib/core/nd/_fused_forms.ts";
import {
  formFusedPath,
  formStatistics,
  isOfForm,
  mStepDiagFromStatistics,
  type MStepFromStatistics,
  mStepFullFromStatistics,
  mStepSphericalFromStatistics,
  mStepTiedDiagonalFromStatistics,
  mStepTiedFromStatistics,
  mStepTiedSphericalFromStatistics,
} from "../lib/core/nd/_fused_families.ts";
import { accumulateWithNdKernel, ndKernel, residentPoints } from "../lib/core/nd/_fused_nd_wasm.ts";
import {
  ND_BLOCK,
  ND_CHUNK,
  ND_KERNEL_DIMS,
  ND_LAYOUT,
} from "../lib/core/fused/_kernel_nd_layout.ts";
import { shiftedExps, UNITS } from "../lib/core/fused/_exp.ts";
import { flattenPoints } from "../lib/core/nd/fused.ts";
import { relErr } from "./_kernels.ts";

const TOL = 1e-12;
/**
 * From a start far from the data q = ‖z‖² reaches 10⁶, and its rounding alone
 * (ε·q ≈ 10⁻¹⁰, in the readable path as in the fused one) moves the
 * responsibilities that much where no component dominates (the tied forms:
 * measured up to 1.5·10⁻¹⁰; the untied ones stay within 10⁻¹²).
 */
const FAR_TOL = 1e-9;

/** The implementations of the pass: the d = 2 … 8 kernels, the written-out loops, the plain loop. */
const PATHS = [
  { name: "wasm (d = 2 … 8) and written out", kernel: true, writtenOut: true },
  { name: "written out", kernel: false, writtenOut: true },
  { name: "plain loop", kernel: false, writtenOut: false },
].map((path) => ({
  ...path,
  run(fn: () => void) {
    ndKernel.enabled = path.kernel;
    writtenOutForms.enabled = path.writtenOut;
    try {
      fn();
    } finally {
      ndKernel.enabled = true;
      writtenOutForms.enabled = true;
    }
  },
}));

/** A family of the reference: its form, the moments it needs, its M-step from statistics, and its readable update. */
interface Case {
  readonly model: string;
  readonly form: CovarianceForm;
  readonly moments: MomentShape;
  readonly fromStatistics: MStepFromStatistics;
  /** Σₕ from Nₕ, the two-pass scatter matrices Wₕ/Nₕ, N and the ridge. */
  readonly covariances: (
    counts: number[],
    scatter: number[][][],
    n: number,
    ridge: number[],
  ) => number[][][];
}

const diagonal = (v: number[]) => v.map((x, a) => v.map((_, b) => (a === b ? x : 0)));
const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const trace = (m: number[][]) => m.reduce((s, row, a) => s + row[a]!, 0);
const pooled = (counts: number[], scatter: number[][][], n: number) =>
  scatter[0]!.map((row, a) =>
    row.map((_, b) => counts.reduce((s, nh, h) => s + nh * scatter[h]![a]![b]!, 0) / n)
  );

const BASE_CASES: readonly Case[] = [
  {
    model: "VVV",
    form: "full",
    moments: "full",
    fromStatistics: mStepFullFromStatistics,
    covariances: (_, w, __, ridge) =>
      w.map((m) => m.map((row, a) => row.map((v, b) => v + (a === b ? ridge[a]! : 0)))),
  },
  {
    model: "EEE",
    form: "tied-full",
    moments: "full",
    fromStatistics: mStepTiedFromStatistics,
    covariances: (counts, w, n, ridge) => {
      const s = pooled(counts, w, n).map((row, a) =>
        row.map((v, b) => v + (a === b ? ridge[a]! : 0))
      );
      return w.map(() => s);
    },
  },
  {
    model: "VVI",
    form: "diagonal",
    moments: "diagonal",
    fromStatistics: mStepDiagFromStatistics,
    covariances: (_, w, __, ridge) =>
      w.map((m) => diagonal(m.map((row, a) => row[a]! + ridge[a]!))),
  },
  {
    model: "EEI",
    form: "tied-diagonal",
    moments: "diagonal",
    fromStatistics: mStepTiedDiagonalFromStatistics,
    covariances: (counts, w, n, ridge) => {
      const s = diagonal(pooled(counts, w, n).map((row, a) => row[a]! + ridge[a]!));
      return w.map(() => s);
    },
  },
  {
    model: "VII",
    form: "spherical",
    moments: "diagonal",
    fromStatistics: mStepSphericalFromStatistics,
    covariances: (_, w, __, ridge) =>
      w.map((m) => diagonal(m.map(() => trace(m) / m.length + mean(ridge)))),
  },
  {
    model: "EII",
    form: "tied-spherical",
    moments: "diagonal",
    fromStatistics: mStepTiedSphericalFromStatistics,
    covariances: (counts, w, n, ridge) => {
      const p = pooled(counts, w, n);
      const s = diagonal(p.map(() => trace(p) / p.length + mean(ridge)));
      return w.map(() => s);
    },
  },
];

/**
 * The cases, and the same families from the smaller moments their M-steps
 * need: the pooled scatter alone for the tied ones, the trace for the
 * spherical ones.
 */
const CASES: readonly Case[] = [
  ...BASE_CASES,
  ...BASE_CASES.flatMap((c): Case[] => {
    const out: Case[] = [];
    if (c.form.startsWith("tied-")) {
      out.push({ ...c, model: `${c.model} pooled`, moments: "pooled" });
    }
    if (c.form.endsWith("spherical")) {
      out.push({ ...c, model: `${c.model} trace`, moments: "trace" });
    }
    return out;
  }),
];

/** The mixture as a form reads it: a tied form the first matrix, diagonal the diagonal, spherical Σ₀₀. */
function inForm(form: CovarianceForm, m: MvMixture): MvMixture {
  const covariances = m.covariances.map((c0) => {
    const c = form.startsWith("tied-") ? m.covariances[0]! : c0;
    if (form === "full" || form === "tied-full") return c.map((row) => [...row]);
    return diagonal(c.map((row, a) => (form.endsWith("spherical") ? c[0]![0]! : row[a]!)));
  });
  return mvMixture([...m.weights], m.means.map((mu) => [...mu]), covariances);
}

/** The readable update: eStepMv, then Nₕ, μₕ and Wₕ/Nₕ two-pass, then the family's Σₕ. */
function readableUpdate(c: Case, x: number[][], m: MvMixture, ridge: number[]) {
  const { responsibilities: r, logLikelihood } = eStepMv(x, m);
  const n = x.length, d = x[0]!.length, k = m.weights.length;
  const counts = Array.from({ length: k }, (_, h) => r.reduce((s, row) => s + row[h]!, 0));
  // A component with no responsibility left keeps its mean and (untied) covariance, weight 0.
  const empty = counts.map((nh) => !(nh / n > 0));
  const means = counts.map((nh, h) =>
    empty[h] ? [...m.means[h]!] : Array.from(
      { length: d },
      (_, a) => x.reduce((s, p, i) => s + r[i]![h]! * p[a]!, 0) / nh,
    )
  );
  const scatter = counts.map((nh, h) =>
    Array.from(
      { length: d },
      (_, a) =>
        Array.from({ length: d }, (_, b) =>
          empty[h] ? 0 : x.reduce(
            (s, p, i) => s + r[i]![h]! * (p[a]! - means[h]![a]!) * (p[b]! - means[h]![b]!),
            0,
          ) / nh),
    )
  );
  const total = counts.reduce((s, v) => s + v, 0);
  const covariances = c.covariances(counts, scatter, n, ridge).map((cov, h) =>
    empty[h] && !c.form.startsWith("tied-") ? m.covariances[h]!.map((row) => [...row]) : cov
  );
  return {
    logLikelihood,
    mixture: { weights: counts.map((nh, h) => (empty[h] ? 0 : nh / total)), means, covariances },
  };
}

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
    const a = Array.from({ length: d }, () => Array.from({ length: d }, () => u() - 0.5));
    return a.map((ra, i) =>
      a.map((rb, j) =>
        scale * scale * (ra.reduce((s, v, p) => s + v * rb[p]!, 0) + (i === j ? 0.05 : 0))
      )
    );
  });
  return mvMixture(raw.map((v) => v / total), means, covariances);
}

/** Largest relative difference of two mixtures (means on √Σₐₐ, covariances on √(Σₐₐ Σ_bb)). */
function difference(
  a: MvMixture,
  b: { weights: number[]; means: number[][]; covariances: number[][][] },
) {
  let worst = 0;
  for (let h = 0; h < b.weights.length; h++) {
    worst = Math.max(worst, relErr(a.weights[h]!, b.weights[h]!));
    const ca = a.covariances[h]!, cb = b.covariances[h]!;
    for (let i = 0; i < cb.length; i++) {
      worst = Math.max(worst, relErr(a.means[h]![i]!, b.means[h]![i]!, Math.sqrt(cb[i]![i]!)));
      for (let j = 0; j < cb.length; j++) {
        worst = Math.max(worst, relErr(ca[i]![j]!, cb[i]![j]!, Math.sqrt(cb[i]![i]! * cb[j]![j]!)));
      }
    }
  }
  return worst;
}

for (const path of PATHS) {
  Deno.test(`every covariance form's fused step agrees with the readable steps to 1e-12 over d = 1…5, k = 1…5 (${path.name})`, () =>
    path.run(() => {
      for (const c of CASES) {
        let worst = 0, cases = 0;
        for (let seed = 0; seed < 25; seed++) {
          const d = 1 + (seed % 5), k = 1 + (Math.floor(seed / 5) % 5);
          const scale = [1, 1e-3, 1e4][seed % 3]!;
          const offset = [0, 0, 100, 1e5][seed % 4]! * scale;
          const truth = randomMvMixture(k, d, seed, scale, offset);
          const { x } = sampleMvMixture(truth, 150 + 37 * seed, { seed });
          const flat = flattenPoints(x);
          // The default ridge on the data's scale, and a large one.
          const ridge = Array.from(
            { length: d },
            (_, j) => (seed % 2 === 0 ? 1e-6 : 0.1 * (j + 1)) * scale * scale,
          );
          let m = inForm(c.form, initKMeansPlusPlusMv(x, k, { seed: seed + 1000 }));
          for (let it = 0; it < 5; it++) {
            const label = `${c.model} seed ${seed} d ${d} k ${k} it ${it}`;
            const stats = formStatistics(flat, c.form, c.moments, m);
            const fast = c.fromStatistics(stats, ridge, m);
            const slow = readableUpdate(c, x, m, ridge);
            assertEquals(fast.emptyComponents, [], label);
            assertEquals(fast.collapsedComponents, [], label);
            const w = Math.max(
              relErr(stats.logLikelihood, slow.logLikelihood),
              difference(fast.mixture, slow.mixture),
            );
            assert(w <= TOL, `${label}: fused and readable differ by ${w} (relative)`);
            worst = Math.max(worst, w);
            m = fast.mixture;
            cases++;
          }
        }
        assertEquals(cases, 125);
        assert(worst <= TOL, `${c.model}: worst ${worst}`);
      }
    }));
}

Deno.test("every form's fused step agrees with the readable steps when a start is far from the data", () => {
  for (const c of CASES) {
    for (let seed = 0; seed < 12; seed++) {
      const d = 2 + (seed % 3), k = 2 + (seed % 3);
      const { x } = sampleMvMixture(randomMvMixture(k, d, seed, 1, 0), 500, { seed });
      // A start 50 standard deviations away with small covariances: the means
      // jump (and the statistics are summed again around the new means).
      const far = inForm(c.form, randomMvMixture(k, d, seed + 50, 0.1, 50));
      const ridge = new Array<number>(d).fill(1e-6);
      const stats = formStatistics(flattenPoints(x), c.form, c.moments, far);
      const fast = c.fromStatistics(stats, ridge, far);
      const slow = readableUpdate(c, x, far, ridge);
      const w = Math.max(
        relErr(stats.logLikelihood, slow.logLikelihood),
        difference(fast.mixture, slow.mixture),
      );
      assert(w <= FAR_TOL, `${c.model} far seed ${seed}: ${w}`);
    }
  }
});

Deno.test("the pass written out for (form, moments, k, d) gives the plain loop's numbers exactly", () => {
  const forms: [CovarianceForm, MomentShape][] = [
    ["full", "full"],
    ["tied-full", "full"],
    ["diagonal", "diagonal"],
    ["diagonal", "full"],
    ["tied-diagonal", "diagonal"],
    ["spherical", "diagonal"],
    ["spherical", "full"],
    ["tied-spherical", "diagonal"],
    ["tied-full", "pooled"],
    ["tied-diagonal", "pooled"],
    ["tied-spherical", "pooled"],
    ["full", "pooled"],
    ["spherical", "trace"],
    ["tied-spherical", "trace"],
    ["diagonal", "trace"],
  ];
  for (const [form, moments] of forms) {
    for (const [k, d] of [[1, 1], [2, 1], [3, 2], [4, 3], [5, 5], [2, 7]] as const) {
      for (const scale of [1, 1e-3, 1e4]) {
        const seed = 10 * k + d;
        const { x } = sampleMvMixture(randomMvMixture(k, d, seed, scale, 0), 777, { seed });
        const flat = flattenPoints(x);
        const p = formParameters(form, moments, inForm(form, initKMeansPlusPlusMv(x, k, { seed })));
        const slot = formSlotSize(moments, k, d);
        // Centres equal to the means (the centred pass) and moved off them.
        const moved = { ...p, centres: p.centres.map((c, j) => c + scale * (0.1 + 0.01 * j)) };
        for (const [q, centred] of [[p, true], [moved, false]] as const) {
          const plain = new Float64Array(slot + 3), written = new Float64Array(slot + 3);
          // From point 5: the last block of 64 is partial.
          accumulateFormRange(flat.x, q, 5, flat.n, plain, 2);
          const pass = writtenOutFormPass(form, moments, k, d, centred);
          assert(pass !== null, `${form}/${moments} k = ${k}, d = ${d} should be written out`);
          pass(flat.x, q, 5, flat.n, written, 2);
          const label = `${form}/${moments} k = ${k}, d = ${d}, ${scale}, centred ${centred}`;
          assertEquals([...written], [...plain], label);
        }
      }
    }
  }
  // Beyond the size limit the plain loop runs.
  assertEquals(writtenOutFormPass("full", "full", 8, 8), null);
});

Deno.test("the d = 2 … 8 WebAssembly kernels, both builds, give the plain loop's numbers to 1e-12 for every form they run", () => {
  const forms: [CovarianceForm, MomentShape][] = [
    ["full", "full"],
    ["diagonal", "diagonal"],
    ["tied-diagonal", "diagonal"],
    ["spherical", "trace"],
    ["tied-spherical", "trace"],
    ["tied-full", "pooled"],
    ["tied-diagonal", "pooled"],
    ["tied-spherical", "pooled"],
  ];
  let runs = 0;
  for (const relaxed of [true, false]) {
    ndKernel.relaxed = relaxed;
    try {
      for (const [form, moments] of forms) {
        for (const d of ND_KERNEL_DIMS) {
          // k = 9: past the written-out exp() phases (k ≤ 8), through their loop.
          for (const k of [1, 3, 6, 9]) {
            for (const scale of [1, 1e-3, 1e4]) {
              const seed = 100 * k + d;
              const truth = randomMvMixture(k, d, seed, scale, 0);
              // An odd N (the last point through the TypeScript tail), and one
              // point far out, whose exp() values take the slow path or are 0.
              const { x } = sampleMvMixture(truth, 801, { seed });
              x[7] = x[7]!.map((v) => v + 60 * scale);
              const flat = flattenPoints(x);
              const start = inForm(form, initKMeansPlusPlusMv(x, k, { seed }));
              const p = formParameters(form, moments, start);
              const slot = formSlotSize(moments, k, d);
              const moved = {
                ...p,
                centres: p.centres.map((c, j) => c + scale * (0.1 + 0.01 * j)),
              };
              for (const [q, centred] of [[p, true], [moved, false]] as const) {
                const plain = new Float64Array(slot + 3), kernel = new Float64Array(slot + 3);
                accumulateFormRange(flat.x, q, 5, flat.n, plain, 2);
                const kernelForm = kernelFormOf(q, centred);
                assert(kernelForm !== null, `${form}/${moments} should have a kernel`);
                const ran = accumulateWithNdKernel(
                  kernelForm,
                  flat.x,
                  q,
                  5,
                  flat.n,
                  kernel,
                  2,
                  (a, b, o, i) => accumulateFormRange(flat.x, q, a, b, o, i),
                );
                assert(ran, `the ${kernelForm}${d} kernel should run (k = ${k})`);
                runs++;
                const label =
                  `${form}/${moments} k = ${k}, d = ${d}, ${scale}, centred ${centred}, ` +
                  (relaxed ? "relaxed build" : "plain build");
                // The kernel adds the same terms in another order (two lanes), so
                // a sum that cancels is compared on the size of its terms: N·D
                // for Σr(x − c), N·D² for the moments, D the largest |xₐ − cₐ|.
                let far = 0;
                for (let i = 5; i < flat.n; i++) {
                  for (let h = 0; h < k; h++) {
                    for (let a = 0; a < d; a++) {
                      const c = q.centres[(moments === "pooled" ? 0 : h) * d + a]!;
                      far = Math.max(far, Math.abs(flat.x[i * d + a]! - c));
                    }
                  }
                }
                const n = flat.n - 5, sumsAt = 3 + k, momentsAt = sumsAt + k * d;
                plain.forEach((v, j) => {
                  const terms = j < sumsAt ? 0 : j < momentsAt ? n * far : n * far * far;
                  assert(
                    relErr(kernel[j]!, v, terms) <= TOL,
                    `${label}: entry ${j} ${kernel[j]} vs ${v}`,
                  );
                });
              }
            }
          }
        }
      }
    } finally {
      ndKernel.relaxed = true;
    }
  }
  assertEquals(runs, 2 * forms.length * ND_KERNEL_DIMS.length * 4 * 3 * 2);
});

Deno.test("points flattened into the kernels' own memory are read in place, with the numbers of the copying path", () => {
  const forms: [CovarianceForm, MomentShape][] = [
    ["full", "full"],
    ["diagonal", "diagonal"],
    ["spherical", "trace"],
    ["tied-full", "pooled"],
    ["tied-diagonal", "pooled"],
  ];
  for (const d of ND_KERNEL_DIMS) {
    const k = 3, seed = 500 + d;
    // More than two calls' worth of copied points, an odd number of them.
    const { x } = sampleMvMixture(randomMvMixture(k, d, seed, 1, 0), 2 * ND_CHUNK + 901, { seed });
    const flat = flattenPoints(x);
    // In a kernel memory: shared (workers read it) and after the kernels' regions.
    assert(flat.x.buffer instanceof SharedArrayBuffer, `d = ${d}: shared memory`);
    assertEquals(flat.x.byteOffset, ND_LAYOUT.data, `d = ${d}: in a kernel memory`);
    const copied = new Float64Array(flat.x);
    for (const [form, moments] of forms) {
      const p = formParameters(form, moments, inForm(form, initKMeansPlusPlusMv(x, k, { seed })));
      const slot = formSlotSize(moments, k, d);
      const kernelForm = kernelFormOf(p, true)!;
      const run = (points: Float64Array) => {
        const out = new Float64Array(slot + 2);
        const ran = accumulateWithNdKernel(
          kernelForm,
          points,
          p,
          5,
          flat.n,
          out,
          2,
          (a, b, o, i) => accumulateFormRange(points, p, a, b, o, i),
        );
        assert(ran, `${kernelForm}${d} should run`);
        return out;
      };
      const inPlace = run(flat.x), viaCopies = run(copied);
      const label = `${form}/${moments}, d = ${d}`;
      // The same blocks of 64 pairs in the same order: the same sums; log L
      // is added per call on the copying path, so in another order.
      assertEquals([...inPlace.subarray(3)], [...viaCopies.subarray(3)], label);
      assert(relErr(inPlace[2]!, viaCopies[2]!) <= TOL, `${label}: log L`);
    }
  }
  // Not for d = 1 or 9, nor below ND_CHUNK points (copying them costs nothing).
  assertEquals(residentPoints(ND_CHUNK, 1), null);
  assertEquals(residentPoints(ND_CHUNK, 9), null);
  assertEquals(residentPoints(ND_CHUNK - 1, 5), null);
  assertEquals(residentPoints(ND_CHUNK, 5)?.length, ND_CHUNK * 5);
});

Deno.test("the plain kernels give each point the plain loop's responsibilities, bit for bit", () => {
  // The loop's E-part for one point (lib/core/nd/_fused_forms.ts), operation
  // for operation: log-weights in units, exp() of each less the largest, rₕ.
  const responsibilitiesOf = (p: ReturnType<typeof formParameters>, x: Float64Array, i: number) => {
    const { form, k, d, means, scales, shifted, origin, offsets } = p;
    const half = 0.5 * UNITS, lw = new Float64Array(k), e = new Float64Array(k);
    const z = new Float64Array(d), y = new Float64Array(d);
    if (form === "tied-full") {
      for (let a = 0; a < d; a++) {
        let s = x[i * d + a]! - origin[a]!;
        for (let b = 0; b < a; b++) s -= scales[a * d + b]! * y[b]!;
        y[a] = s * scales[a * d + a]!;
      }
    }
    let max = -Infinity;
    for (let h = 0; h < k; h++) {
      let q = 0;
      for (let a = 0; a < d; a++) {
        let za: number;
        if (form === "full") {
          let s = x[i * d + a]! - means[h * d + a]!;
          for (let b = 0; b < a; b++) s -= scales[h * d * d + a * d + b]! * z[b]!;
          za = s * scales[h * d * d + a * d + a]!;
          z[a] = za;
        } else if (form === "tied-full") {
          za = y[a]! - shifted[h * d + a]!;
        } else {
          const scale = form === "spherical" ? scales[h]! : scales[h * d + a]!;
          za = (x[i * d + a]! - means[h * d + a]!) * scale;
        }
        q += za * za;
      }
      lw[h] = offsets[h]! - q * half;
      if (lw[h]! > max) max = lw[h]!;
    }
    const inv = 1 / shiftedExps(lw, max, k, e);
    return [...e].map((eh) => eh * inv);
  };
  const forms: [CovarianceForm, MomentShape][] = [
    ["full", "full"],
    ["diagonal", "diagonal"],
    ["spherical", "trace"],
    ["tied-full", "pooled"],
  ];
  ndKernel.relaxed = false;
  let compared = 0;
  try {
    for (const d of [2, 5, 8]) {
      for (const k of [3, 9]) {
        const seed = 900 + 10 * d + k;
        const { x } = sampleMvMixture(randomMvMixture(k, d, seed, 1, 0), ND_CHUNK + 128, { seed });
        // One point far out: exp() values in the slow tail or 0.
        x[ND_CHUNK + 100] = x[ND_CHUNK + 100]!.map((v) => v + 60);
        const flat = flattenPoints(x);
        const memory = new Float64Array(flat.x.buffer);
        for (const [form, moments] of forms) {
          const p = formParameters(
            form,
            moments,
            inForm(form, initKMeansPlusPlusMv(x, k, { seed })),
          );
          const out = new Float64Array(formSlotSize(moments, k, d) + 2);
          // The last 64 pairs, one block: their responsibilities stay in the
          // kernel's weights region, component by component, pair by pair.
          const from = flat.n - 2 * ND_BLOCK;
          const ran = accumulateWithNdKernel(
            kernelFormOf(p, true)!,
            flat.x,
            p,
            from,
            flat.n,
            out,
            2,
            (a, b, o, i) => accumulateFormRange(flat.x, p, a, b, o, i),
          );
          assert(ran, `${form}${d} should run`);
          for (let i = from; i < flat.n; i++) {
            const loop = responsibilitiesOf(p, flat.x, i), pair = (i - from) >> 1;
            for (let h = 0; h < k; h++) {
              const kernel = memory[ND_LAYOUT.weights / 8 + 2 * (ND_BLOCK * h + pair) + (i & 1)]!;
              assert(
                Object.is(kernel, loop[h]),
                `${form}, d = ${d}, k = ${k}, point ${i}, component ${h}: ${kernel} vs ${loop[h]}`,
              );
              compared++;
            }
          }
        }
      }
    }
  } finally {
    ndKernel.relaxed = true;
  }
  assertEquals(compared, 3 * (3 + 9) * forms.length * 2 * ND_BLOCK);
});

Deno.test("the pooled scatter is summed again around the new means when the clusters are far apart on their spread", () => {
  for (
    const [form, model] of [["tied-full", 0], ["tied-diagonal", 1], ["tied-spherical", 2]] as const
  ) {
    for (const d of [1, 3, 5]) {
      const spread = Array.from(
        { length: d },
        (_, a) => Array.from({ length: d }, (_, b) => +(a === b)),
      );
      const truth = mvMixture(
        [0.3, 0.7],
        [new Array<number>(d).fill(-1e4), new Array<number>(d).fill(1e4)],
        [spread, spread],
      );
      const { x } = sampleMvMixture(truth, 2000, { seed: d });
      const c = CASES.find((c) => c.form === form && c.moments === "pooled")!;
      assertEquals(c.model, ["EEE", "EEI", "EII"][model] + " pooled");
      const m = inForm(form, truth);
      const ridge = new Array<number>(d).fill(1e-6);
      const stats = formStatistics(flattenPoints(x), form, "pooled", m);
      const fast = c.fromStatistics(stats, ridge, m);
      const slow = readableUpdate(c, x, m, ridge);
      const w = Math.max(
        relErr(stats.logLikelihood, slow.logLikelihood),
        difference(fast.mixture, slow.mixture),
      );
      assert(w <= TOL, `${c.model} d = ${d}: ${w}`);
    }
  }
});

/** The prepared points the families' loop reads. */
function prepared(x: number[][], ridge: number): PreparedPoints {
  return {
    points: x,
    flat: flattenPoints(x),
    n: x.length,
    d: x[0]!.length,
    ridge: new Array<number>(x[0]!.length).fill(ridge),
  };
}

Deno.test("the tied and diag families' fused step agrees with their readable M-steps to 1e-12 over d = 1…5, k = 1…5", () => {
  for (const [family, form] of [[familyTied, "tied-full"], [familyDiag, "diagonal"]] as const) {
    let worst = 0;
    for (let seed = 0; seed < 25; seed++) {
      const d = 1 + (seed % 5), k = 1 + (Math.floor(seed / 5) % 5);
      const scale = [1, 1e-3, 1e4][seed % 3]!;
      const offset = [0, 0, 100, 1e5][seed % 4]! * scale;
      const { x } = sampleMvMixture(randomMvMixture(k, d, seed, scale, offset), 200 + 41 * seed, {
        seed,
      });
      const data = prepared(x, 1e-6 * scale * scale);
      let m = inForm(form, initKMeansPlusPlusMv(x, k, { seed: seed + 1000 }));
      for (let it = 0; it < 6; it++) {
        const fast = family.fused!.step(data, m), slow = readableStep(family, data, m);
        const w = Math.max(
          relErr(fast.logLikelihood, slow.logLikelihood),
          difference(fast.mStep.mixture, slow.mStep.mixture as MvMixture as never),
        );
        assert(w <= TOL, `${family.model} seed ${seed} it ${it}: ${w}`);
        assertEquals(fast.mStep.emptyComponents, slow.mStep.emptyComponents);
        worst = Math.max(worst, w);
        m = slow.mStep.mixture;
      }
    }
    assert(worst <= TOL);
  }
});

Deno.test("the 1-D family E's fused step agrees with its readable M-step to 1e-12, k = 1…5", () => {
  for (let seed = 0; seed < 30; seed++) {
    const k = 1 + (seed % 5);
    const scale = [1, 1e-3, 1e4][seed % 3]!, offset = [0, 100, 1e5][seed % 3]! * scale;
    const u = seededSource(seed);
    const truth = mixture(
      new Array(k).fill(1 / k),
      Array.from({ length: k }, () => offset + scale * (8 * u() - 4)),
      Array.from({ length: k }, () => scale * (0.3 + u())),
    );
    const x = Float64Array.from(sampleMixture(truth, 300 + 53 * seed, { seed }).x);
    const data = { x, n: x.length, d: 1, variance: 0, varianceFloor: 1e-6 * scale * scale };
    // Equal variances, means off (far off for some seeds: the means jump).
    const shift = seed % 4 === 0 ? 30 : 0.5;
    let m = mixture(
      truth.weights,
      truth.means.map((v, h) => v + shift * scale * (h % 2 ? 1 : -1)),
      new Array(k).fill(seed % 4 === 0 ? 0.5 * scale : scale),
    );
    for (let it = 0; it < 6; it++) {
      const fast = familyE.fused!.step(data, m), slow = readableStep(familyE, data, m);
      const a = fast.mStep.mixture, b = slow.mStep.mixture;
      let w = relErr(fast.logLikelihood, slow.logLikelihood);
      for (let h = 0; h < k; h++) {
        w = Math.max(
          w,
          relErr(a.weights[h]!, b.weights[h]!),
          relErr(a.means[h]!, b.means[h]!, b.stdDevs[h]!),
          relErr(a.stdDevs[h]!, b.stdDevs[h]!),
        );
      }
      assert(w <= TOL, `E seed ${seed} k ${k} it ${it}: ${w}`);
      assertEquals(fast.mStep.flooredComponents, slow.mStep.flooredComponents);
      assertEquals(fast.mStep.emptyComponents, slow.mStep.emptyComponents);
      m = b;
    }
  }
});

/** Every number in a list of mixtures, flattened, for comparison. */
function numbers(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbers);
  return [];
}

function assertSameRuns(runs: { logLikelihood: number; mixture: unknown }[][], label: string) {
  const [first, ...others] = runs;
  assert(first!.length > 1);
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

for (const d of [2, 3]) {
  Deno.test(`emMv() tied and diag give the same iterations with 1, 2 and 3 workers (N = 100 000, d = ${d}, k = 3)`, () => {
    const means = [[0, 0, 0], [3, 1, -1], [1, 4, 2]].map((m) => m.slice(0, d));
    const cov = (s: number) =>
      Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? s : 0.2)));
    const truth = mvMixture([0.3, 0.3, 0.4], means, [cov(1), cov(1.5), cov(0.7)]);
    const { x } = sampleMvMixture(truth, 100_000, { seed: d });
    for (const covariance of ["tied", "diag"] as const) {
      const start = inForm(
        covariance === "tied" ? "tied-full" : "diagonal",
        initKMeansPlusPlusMv(x.slice(0, 2000), 3, { seed: 1 }),
      );
      const runs = [1, 2, 3].map((workers) => [
        ...emMv(x, start, { tol: 0, maxIter: 4, workers, covariance }),
      ]);
      assertSameRuns(runs, `${covariance} d = ${d}`);
    }
  });
}

Deno.test("a spherical family built from the form pass gives the same iterations with 1, 2 and 3 workers", () => {
  const truth = mvMixture([0.5, 0.5], [[0, 0, 0], [3, 1, 2]], [
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [[2, 0, 0], [0, 2, 0], [0, 0, 2]],
  ]);
  const { x } = sampleMvMixture(truth, 100_000, { seed: 9 });
  // VII from the diag family's pieces: its readable steps are not needed here.
  const spherical = {
    ...familyDiag,
    model: "VII",
    fused: formFusedPath<PreparedPoints>("spherical", "diagonal", mStepSphericalFromStatistics),
  };
  const start = inForm("spherical", initKMeansPlusPlusMv(x.slice(0, 2000), 2, { seed: 3 }));
  const runs = [1, 2, 3].map((workers) => [
    ...runEm(spherical, prepared(x, 1e-6), start, { tol: 0, maxIter: 4, workers }),
  ]);
  assertSameRuns(runs, "VII");
  // And every iteration stays spherical.
  for (const s of runs[0]!) {
    for (const c of s.mixture.covariances) assertEquals(c[1]![1], c[0]![0]);
  }
});

Deno.test("em() with family E gives the same iterations with 1, 2 and 3 workers (N = 100 000, k = 4)", () => {
  const truth = mixture([0.2, 0.3, 0.3, 0.2], [-3, -1, 1, 4], [0.8, 0.8, 0.8, 0.8]);
  const { x } = sampleMixture(truth, 100_000, { seed: 4 });
  const start = mixture([0.25, 0.25, 0.25, 0.25], [-2, -0.5, 0.5, 2], [1, 1, 1, 1]);
  const runs = [1, 2, 3].map((workers) => [
    ...em(x, start, { tol: 0, maxIter: 4, workers, family: "E" }),
  ]);
  assertSameRuns(runs, "E");
});

Deno.test("fitMv() tied and diag with workers match the one-thread fits", () => {
  const truth = mvMixture([0.5, 0.5], [[0, 0], [4, 1]], [[[1, 0.5], [0.5, 1]], [[1, 0], [0, 1]]]);
  const points = sampleMvMixture(truth, 100_000, { seed: 2 }).x;
  for (const covariance of ["tied", "diag"] as const) {
    const a = fitMv(points, 2, { seed: 3, workers: 1, covariance });
    const b = fitMv(points, 2, { seed: 3, workers: 2, covariance });
    assert(relErr(a.logLikelihood, b.logLikelihood) <= TOL, covariance);
    assertEquals(a.iterations, b.iterations);
  }
});

Deno.test("the tied and diag fused paths score a start from outside the family as their readable steps do", () => {
  const { x } = sampleMvMixture(randomMvMixture(3, 3, 4, 1, 0), 900, { seed: 4 });
  const data = prepared(x, 1e-6);
  // k-means++ gives each component its own full matrix: neither tied nor diagonal.
  const start = initKMeansPlusPlusMv(x, 3, { seed: 5 });
  for (const family of [familyTied, familyDiag]) {
    assertEquals(family.fused!.step(data, start), readableStep(family, data, start), family.model);
  }
  assert(!isOfForm("tied-full", start) && !isOfForm("diagonal", start));
  assert(isOfForm("tied-full", inForm("tied-full", start)));
  assert(isOfForm("spherical", inForm("spherical", start)));
  assert(!isOfForm("spherical", inForm("diagonal", start)));
});

Deno.test("every model's fused step agrees with its readable step over d = 1…4, k = 1…4", () => {
  const models = [
    "EII",
    "VII",
    "EEI",
    "VEI",
    "EVI",
    "VVI",
    "EEE",
    "VEE",
    "EVE",
    "VVE",
    "EEV",
    "VEV",
    "EVV",
    "VVV",
  ];
  const worst: Record<string, number> = {};
  for (const model of models) {
    const family = covarianceFamily(model);
    worst[model] = 0;
    for (let seed = 0; seed < 16; seed++) {
      const d = 1 + (seed % 4), k = 1 + (Math.floor(seed / 4) % 4);
      const { x } = sampleMvMixture(randomMvMixture(k, d, seed, 1, 0), 300 + 20 * seed, { seed });
      const data = prepared(x, 1e-6);
      // One readable step brings the k-means++ start into the model.
      let m = readableStep(family, data, initKMeansPlusPlusMv(x, k, { seed: seed + 7 })).mStep
        .mixture;
      for (let it = 0; it < 4; it++) {
        const fast = family.fused!.step(data, m), slow = readableStep(family, data, m);
        const w = Math.max(
          relErr(fast.logLikelihood, slow.logLikelihood),
          difference(fast.mStep.mixture, slow.mStep.mixture as never),
        );
        worst[model] = Math.max(worst[model]!, w);
        m = slow.mStep.mixture;
      }
    }
  }
  for (const model of models) assert(worst[model]! <= TOL, `${model}: ${worst[model]}`);
});
