import { assert, assertAlmostEquals, assertEquals, assertGreater, assertThrows } from "@std/assert";
import {
  defaultPrior,
  em,
  eStep,
  initRandom,
  inverseGammaPrior,
  logLikelihood,
  logPrior,
  mapEm,
  mapMStep,
  mapObjective,
  type Mixture,
  mixture,
  numericGradient,
  ParameterRangeError,
  ParameterTypeError,
  parseCsvColumn,
  qFunction,
  sampleMixture,
} from "../lib/mod.ts";

const eruptions = parseCsvColumn(
  Deno.readTextFileSync(new URL("../notebooks/data/old_faithful.csv", import.meta.url)),
  "eruptions",
);
const start = mixture([0.5, 0.5], [2, 4], [1, 1]);

// Printed by `Rscript bench/mclust_map_prior.R` (mclust 6.0.0): mstepV and emV with
// priorControl() on the same data, from the same start.
const MCLUST = {
  prior: { shrinkage: 0.01, mean: 3.487783088235294, dof: 3, scale: 1.302728 / 4 },
  mstep: {
    mean: [2.32768172466208, 4.15541919412446],
    sigmasq: [0.5637100943678, 0.468049863540057],
  },
  mstepNoShrinkage: {
    mean: [2.32756495962794, 4.15545786482248],
    sigmasq: [0.568983041048796, 0.470659496711635],
  },
  em: {
    mean: [2.02028289220424, 4.27474883098338],
    sigmasq: [0.0567300769720628, 0.184729199769245],
    pro: [0.349058599450484, 0.650941400549516],
    loglik: -276.396313758248,
  },
};

Deno.test("defaultPrior() matches mclust's defaultPrior(data, G = 2, 'V')", () => {
  const p = defaultPrior(eruptions, 2);
  assertEquals(p.shrinkage, 0.01);
  assertEquals(p.dof, 3);
  assertAlmostEquals(p.mean, MCLUST.prior.mean, 1e-12);
  assertAlmostEquals(p.scale, MCLUST.prior.scale, 1e-6);
});

Deno.test("mapMStep() matches mclust's mstepV with priorControl(), with and without shrinkage", () => {
  const r = eStep(eruptions, start).responsibilities;
  const prior = defaultPrior(eruptions, 2);
  for (
    const [m, ref] of [
      [mapMStep(eruptions, r, prior), MCLUST.mstep],
      [mapMStep(eruptions, r, { ...prior, shrinkage: 0 }), MCLUST.mstepNoShrinkage],
    ] as const
  ) {
    for (let h = 0; h < 2; h++) {
      assertAlmostEquals(m.means[h]!, ref.mean[h]!, 1e-12);
      assertAlmostEquals(m.stdDevs[h]! ** 2, ref.sigmasq[h]!, 1e-12);
    }
  }
});

/** Q + log p as a function of the free numbers (μ₁, μ₂, σ₁², σ₂²), weights fixed. */
function penalisedQ(
  x: number[],
  r: number[][],
  weights: readonly number[],
  prior: Parameters<typeof logPrior>[1],
) {
  return (v: readonly number[]) => {
    const m = mixture(weights, [v[0]!, v[1]!], [Math.sqrt(v[2]!), Math.sqrt(v[3]!)]);
    return qFunction(x, r, m) + logPrior(m, prior);
  };
}

for (
  const [name, prior] of [
    ["inverse-gamma, flat on μ", inverseGammaPrior(1.5, 0.2)],
    ["mclust's default", defaultPrior(eruptions, 2)],
  ] as const
) {
  Deno.test(`mapMStep() maximises Q + log p (${name})`, () => {
    const r = eStep(eruptions, start).responsibilities;
    const m = mapMStep(eruptions, r, prior);
    const f = penalisedQ(eruptions, r, m.weights, prior);
    const at = [m.means[0]!, m.means[1]!, m.stdDevs[0]! ** 2, m.stdDevs[1]! ** 2];
    for (const g of numericGradient(f, at, { step: 1e-6 })) assertAlmostEquals(g, 0, 1e-4);
    const best = f(at);
    for (let j = 0; j < 4; j++) {
      for (const s of [-1, 1]) {
        const moved = at.slice();
        moved[j] = moved[j]! * (1 + 0.01 * s);
        assert(f(moved) < best);
      }
    }
  });
}

Deno.test("logPrior() is a normalised density in σ² (integrates to 1)", () => {
  for (const [alpha, beta] of [[1, 2], [1.5, 0.2], [3, 1]] as const) {
    const prior = inverseGammaPrior(alpha, beta);
    // ∫ p(σ²) dσ² on a log grid: σ² = e^u, dσ² = e^u du.
    let total = 0;
    const du = 1e-3;
    for (let u = -15; u < 15; u += du) {
      total += Math.exp(logPrior(mixture([1], [0], [Math.exp(u / 2)]), prior) + u) * du;
    }
    assertAlmostEquals(total, 1, 1e-6);
  }
});

Deno.test("mapEm() from mclust's start ends where mclust's emV ends", () => {
  const run = [...mapEm(eruptions, start, defaultPrior(eruptions, 2), { tol: 0, maxIter: 300 })];
  const m = run.at(-1)!.mixture;
  for (let h = 0; h < 2; h++) {
    assertAlmostEquals(m.means[h]!, MCLUST.em.mean[h]!, 1e-9);
    assertAlmostEquals(m.stdDevs[h]! ** 2, MCLUST.em.sigmasq[h]!, 1e-9);
    assertAlmostEquals(m.weights[h]!, MCLUST.em.pro[h]!, 1e-9);
  }
  assertAlmostEquals(run.at(-1)!.logLikelihood, MCLUST.em.loglik, 1e-9);
});

// Old Faithful, k = 4, one component started narrow on the six eruptions of exactly 4.8 minutes.
const tiedStart = mixture([0.25, 0.25, 0.25, 0.25], [2, 3.5, 4.3, 4.8], [0.3, 0.3, 0.3, 0.02]);

Deno.test("mapEm() never lowers the MAP objective and no component collapses onto tied values", () => {
  const prior = defaultPrior(eruptions, 4);
  const run = [...mapEm(eruptions, tiedStart, prior, { tol: 1e-8, maxIter: 5000 })];
  for (let t = 1; t < run.length; t++) {
    assert(run[t]!.objective >= run[t - 1]!.objective - 1e-9, `objective fell at ${t}`);
    assertAlmostEquals(
      run[t]!.objective,
      mapObjective(eruptions, run[t]!.mixture, prior),
      1e-9 * Math.abs(run[t]!.objective),
    );
  }
  const end = run.at(-1)!.mixture;
  const smallest = Math.min(...end.stdDevs);
  // The prior's bound ς / (N + ν + 3), and in practice far above it.
  assertGreater(smallest ** 2, prior.scale / (eruptions.length + prior.dof + 3));
  assertGreater(smallest, 0.1);
});

Deno.test("em() with only the variance floor leaves a component on the tied values", () => {
  const end: Mixture = [...em(eruptions, tiedStart, { tol: 1e-6 })].at(-1)!.mixture;
  const h = end.stdDevs.indexOf(Math.min(...end.stdDevs));
  assertAlmostEquals(end.means[h]!, 4.8, 1e-6);
  assert(end.stdDevs[h]! < 1e-2, `σ = ${end.stdDevs[h]}`);
  // Its likelihood is higher than the MAP fit's: the spike is what ML rewards.
  const map = [...mapEm(eruptions, tiedStart, defaultPrior(eruptions, 4), { tol: 1e-8 })].at(-1)!;
  assertGreater(logLikelihood(eruptions, end), map.logLikelihood);
});

Deno.test("map prior functions reject bad hyperparameters with typed errors", () => {
  assertThrows(() => inverseGammaPrior(0, 1), ParameterRangeError, "alpha");
  assertThrows(() => inverseGammaPrior(1, -1), ParameterRangeError, "beta");
  const m = mixture([1], [0], [1]);
  assertThrows(
    () => logPrior(m, { shrinkage: -1, mean: 0, dof: 3, scale: 1 }),
    ParameterRangeError,
    "prior.shrinkage",
  );
  // deno-lint-ignore no-explicit-any
  assertThrows(() => logPrior(m, null as any), ParameterTypeError, "prior must be");
  assertThrows(
    () => mapMStep([0, 1], [[1, 0]], inverseGammaPrior(1, 1)),
    ParameterRangeError,
    "responsibilities",
  );
  assertThrows(() => defaultPrior([1], 2), ParameterRangeError, "data");
});

Deno.test("mapEm() never lowers the MAP objective from 30 seeded random starts and data sets", () => {
  for (let seed = 0; seed < 30; seed++) {
    const k = 2 + (seed % 3);
    const data = sampleMixture(initRandom(k, { seed: 500 + seed }), 60 + seed, { seed }).x;
    const prior = seed % 2 === 0 ? defaultPrior(data, k) : inverseGammaPrior(1 + seed / 10, 0.01);
    const run = [...mapEm(data, initRandom(k, { seed }), prior, { tol: 0, maxIter: 60 })];
    for (let t = 1; t < run.length; t++) {
      const slack = 1e-10 * Math.abs(run[t - 1]!.objective);
      assert(run[t]!.objective >= run[t - 1]!.objective - slack, `seed ${seed}, iteration ${t}`);
    }
    const floor = prior.scale / (data.length + prior.dof + 3);
    for (const s of run.at(-1)!.mixture.stdDevs) assert(s * s >= floor * (1 - 1e-12));
  }
});

Deno.test("mapEm() from notebook 04's collapsing start finds the two groups", () => {
  const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
  const small = sampleMixture(truth, 50, { seed: 16 }).x;
  const sorted = small.toSorted((a, b) => a - b);
  const gaps = sorted.map((v, i) =>
    Math.min(v - (sorted[i - 1] ?? -Infinity), (sorted[i + 1] ?? Infinity) - v)
  );
  const lonely = sorted[gaps.indexOf(Math.max(...gaps))]!;
  const start = mixture([0.5, 0.5], [0.2, lonely], [0.5, 0.05]);
  const floored = [...em(small, start, { tol: 1e-3 })].at(-1)!.mixture;
  assert(Math.min(...floored.stdDevs) < 1e-2);
  const map = [...mapEm(small, start, defaultPrior(small, 2), { tol: 1e-8 })].at(-1)!.mixture;
  const order = map.means[0]! < map.means[1]! ? [0, 1] : [1, 0];
  for (let h = 0; h < 2; h++) {
    assertAlmostEquals(map.means[order[h]!]!, truth.means[h]!, 0.15);
    assertAlmostEquals(map.stdDevs[order[h]!]!, truth.stdDevs[h]!, 0.1);
  }
});
