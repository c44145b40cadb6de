/**
 * Property-based tests of the EM guarantees, with fast-check.
 *
 * Every property runs {@linkcode NUM_RUNS} generated cases from a fixed seed,
 * so a run is reproducible; on failure fast-check prints the seed, the path
 * and the shrunk counterexample. The generated cases cover
 * - sizes N from 1 to 10⁴ (log-uniform) and k from 1 to 8,
 * - data spreads from 1e-6 to 1e6 and offsets up to ±1e9,
 * - data shapes: a random mixture, heavy ties (few distinct values), one far
 *   outlier,
 * - random starts, every initialiser, the default (relative) variance floor
 *   and explicit floors.
 * To keep the whole file fast, the number of EM iterations shrinks as N·k
 * grows (about 2·10⁵ point-component evaluations per case at most).
 *
 * Float error is stated, not hidden: a data set x only carries about
 * max |xᵢ|·2⁻⁵² / sd(x) relative precision in units of its spread
 * (`precision` below; large when an offset dwarfs the spread), and the
 * comparisons allow 1e-6 plus that precision times how much a component held
 * at the variance floor magnifies it (`amplification`).
 *
 * @module
 */
import fc from "fast-check";
import { assert } from "@std/assert";
import {
  defaultVarianceFloor,
  em,
  type EmSnapshot,
  eStep,
  fit,
  type FitResult,
  fusedStep,
  type InitMethod,
  logLikelihood,
  logNormalPdf,
  logSumExp,
  type Mixture,
  mixture,
  mStep,
  ParameterRangeError,
  sampleMixture,
  seededSource,
  shuffled,
} from "../lib/mod.ts";

/** Generated cases per property. */
const NUM_RUNS = 1000;
/** Relative tolerance on a decrease of the log-likelihood between iterations. */
const MONOTONE_RTOL = 1e-10;
/** Base tolerance of the permutation and equivariance comparisons. */
const BASE_TOL = 1e-6;
/** Most point × component × iteration evaluations per generated case. */
const WORK_BUDGET = 2e5;

type Shape = "mixture" | "ties" | "outlier";

/** One generated situation, all scalars so that fast-check shrinks well. */
interface Scenario {
  n: number;
  k: number;
  trueK: number;
  shape: Shape;
  /** Spread s = 10^spreadExp, in [1e-6, 1e6]. */
  spreadExp: number;
  /** Offset b: 0, or ±10^e with e in [-2, 9]. */
  offset: number;
  dataSeed: number;
  startSeed: number;
  iterations: number;
  /** null: the default floor; otherwise σ²_min = s² · 10^floorExp. */
  floorExp: number | null;
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  // log-uniform sizes 1 … 10⁴
  n: fc.integer({ min: 0, max: 400 }).map((e) => Math.max(1, Math.round(10 ** (e / 100)))),
  k: fc.integer({ min: 1, max: 8 }),
  trueK: fc.integer({ min: 1, max: 4 }),
  shape: fc.constantFrom<Shape>("mixture", "mixture", "ties", "outlier"),
  spreadExp: fc.integer({ min: -600, max: 600 }).map((e) => e / 100),
  offset: fc.oneof(
    fc.constant(0),
    fc.tuple(fc.constantFrom(-1, 1), fc.integer({ min: -200, max: 900 }))
      .map(([sign, e]) => sign * 10 ** (e / 100)),
  ),
  dataSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  startSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  iterations: fc.integer({ min: 1, max: 12 }),
  floorExp: fc.option(fc.integer({ min: -10, max: -2 }), { freq: 4 }),
});

/** Iterations allowed for this case under the work budget (at least 1). */
function iterationsFor(sc: Scenario, k = sc.k): number {
  return Math.max(1, Math.min(sc.iterations, Math.floor(WORK_BUDGET / (sc.n * k))));
}

/** Standardised data z (spread about 1, centred near 0) for a scenario. */
function standardData(sc: Scenario): number[] {
  const u = seededSource(sc.dataSeed);
  const raw = Array.from({ length: sc.trueK }, () => 0.2 + u());
  const total = raw.reduce((a, b) => a + b, 0);
  const truth = mixture(
    raw.map((w) => w / total),
    raw.map(() => (u() * 2 - 1) * 4),
    raw.map(() => 10 ** (u() * 1.5 - 1.2)),
  );
  const { x } = sampleMixture(truth, sc.n, { seed: sc.dataSeed, assignment: "random" });
  if (sc.shape === "ties") return x.map((v) => Math.round(v * 2) / 2);
  if (sc.shape === "outlier") x[sc.dataSeed % sc.n] = 1e4;
  return x;
}

function transform(z: readonly number[], a: number, b: number): number[] {
  return z.map((v) => a * v + b);
}

/** A random start in standardised units. */
function standardStart(sc: Scenario, k = sc.k): Mixture {
  const u = seededSource(sc.startSeed);
  const raw = Array.from({ length: k }, () => 0.05 + u());
  const total = raw.reduce((a, b) => a + b, 0);
  return mixture(
    raw.map((w) => w / total),
    raw.map(() => (u() * 2 - 1) * 4),
    raw.map(() => 10 ** (u() * 2.7 - 2)),
  );
}

function transformMixture(m: Mixture, a: number, b: number): Mixture {
  return mixture(m.weights, m.means.map((mu) => a * mu + b), m.stdDevs.map((s) => Math.abs(a) * s));
}

function spread(sc: Scenario): number {
  return 10 ** sc.spreadExp;
}

/**
 * How much a component held near the variance floor magnifies a data error:
 * a point δ away from its μ moves log p by about δ/σ_floor per unit of δ/σ.
 */
function amplification(unit: number, floor: number): number {
  return Math.max(1, unit / Math.sqrt(floor));
}

/** Relative precision of the data in units of their spread: max |xᵢ| · 2⁻⁵² / sd(x). */
function precision(x: readonly number[]): number {
  return (x.reduce((m, v) => Math.max(m, Math.abs(v)), 0) * 2 ** -52) / sd(x);
}

function floorOption(sc: Scenario, a = spread(sc)): { varianceFloor?: number } {
  return sc.floorExp === null ? {} : { varianceFloor: a * a * 10 ** sc.floorExp };
}

function distinct(x: readonly number[]): number {
  return new Set(x).size;
}

function sd(x: readonly number[]): number {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / x.length);
}

/** Run `f`; data with fewer than two distinct values must get the documented error. */
function unlessIdentical<T>(x: readonly number[], f: () => T): T | undefined {
  if (distinct(x) < 2) {
    try {
      f();
    } catch (e) {
      assert(e instanceof ParameterRangeError, `wrong error for identical data: ${e}`);
      assert(e.parameter === "data" && e.expected === "at least two distinct values");
      return undefined;
    }
    throw new Error("identical data did not throw");
  }
  return f();
}

function close(a: number, b: number, tol: number, what: string): void {
  assert(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);
}

/** Parameters and log-likelihood finite; λ ≥ 0 summing to 1; σ² ≥ floor. */
function assertValidSnapshot(s: EmSnapshot, floor: number, previous: Mixture | undefined): void {
  const { weights, means, stdDevs } = s.mixture;
  assert(Number.isFinite(s.logLikelihood), `log-likelihood ${s.logLikelihood}`);
  let sum = 0;
  for (let h = 0; h < weights.length; h++) {
    const w = weights[h]!, mu = means[h]!, sigma = stdDevs[h]!;
    assert(Number.isFinite(w) && w >= 0, `weight ${h} = ${w}`);
    assert(Number.isFinite(mu), `mean ${h} = ${mu}`);
    assert(Number.isFinite(sigma) && sigma > 0, `σ ${h} = ${sigma}`);
    sum += w;
    if (s.iteration === 0) continue;
    if (w > 0) {
      assert(sigma * sigma >= floor * (1 - 1e-12), `σ² ${h} = ${sigma ** 2} < floor ${floor}`);
    } else {
      // An empty component keeps its last μ and σ and is reported.
      assert(s.warnings.some((t) => t.includes("lost all their points")), "no empty warning");
      assert(previous !== undefined && previous.stdDevs[h] === sigma, "empty σ changed");
      assert(previous.means[h] === mu, "empty μ changed");
    }
  }
  assert(Math.abs(sum - 1) <= 1e-12 * weights.length + 1e-15, `Σλ = ${sum}`);
}

function assertValidHistory(history: readonly EmSnapshot[], floor: number): void {
  let previous: Mixture | undefined;
  for (const s of history) {
    assertValidSnapshot(s, floor, previous);
    previous = s.mixture;
  }
}

/** The components of two mixtures agree (μ, σ in spread units); tiny weights skip μ, σ. */
function assertSameMixture(
  got: Mixture,
  want: Mixture,
  unit: number,
  tol: number,
  what: string,
): void {
  for (let h = 0; h < want.weights.length; h++) {
    close(got.weights[h]!, want.weights[h]!, tol, `${what} λ${h}`);
    if (Math.min(got.weights[h]!, want.weights[h]!) < 1e-9) continue;
    close(got.means[h]! / unit, want.means[h]! / unit, tol, `${what} μ${h}`);
    close(got.stdDevs[h]! / unit, want.stdDevs[h]! / unit, tol, `${what} σ${h}`);
  }
}

/**
 * `got` with its components reordered to match `want` (greedy nearest match
 * on λ, μ and σ in spread units), for fits whose component order may differ.
 */
function matched(got: Mixture, want: Mixture, unit: number): Mixture {
  const free = new Set(got.weights.map((_, h) => h));
  const order = want.weights.map((_, h) => {
    let best = -1, bestD = Infinity;
    for (const g of free) {
      const d = Math.max(
        Math.abs(got.weights[g]! - want.weights[h]!),
        Math.abs(got.means[g]! - want.means[h]!) / unit,
        Math.abs(got.stdDevs[g]! - want.stdDevs[h]!) / unit,
      );
      if (d < bestD) [best, bestD] = [g, d];
    }
    free.delete(best);
    return best;
  });
  return {
    weights: order.map((g) => got.weights[g]!),
    means: order.map((g) => got.means[g]!),
    stdDevs: order.map((g) => got.stdDevs[g]!),
  };
}

function scenarioData(sc: Scenario): number[] {
  return transform(standardData(sc), spread(sc), sc.offset);
}

Deno.test("em() never decreases the log-likelihood beyond a relative 1e-10 (property)", () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const x = scenarioData(sc);
      const start = transformMixture(standardStart(sc), spread(sc), sc.offset);
      const options = { tol: 0, maxIter: iterationsFor(sc), ...floorOption(sc) };
      const history = unlessIdentical(x, () => [...em(x, start, options)]);
      if (history === undefined) return;
      for (let t = 1; t < history.length; t++) {
        const before = history[t - 1]!.logLikelihood, after = history[t]!.logLikelihood;
        const slack = MONOTONE_RTOL * Math.max(1, Math.abs(before));
        assert(after >= before - slack, `iteration ${t}: ${after} < ${before}`);
      }
    }),
    { seed: 801, numRuns: NUM_RUNS },
  );
});

Deno.test("em() and fit() keep λ ≥ 0 summing to 1, σ² ≥ floor, everything finite (property)", () => {
  const inits: InitMethod[] = ["kmeans++", "random", "random-points", "quantiles"];
  fc.assert(
    fc.property(
      scenarioArb,
      fc.constantFrom(...inits),
      fc.integer({ min: 1, max: 2 }),
      (sc, init, nInit) => {
        const x = scenarioData(sc);
        const floor = floorOption(sc).varianceFloor ?? defaultVarianceFloor(x);
        // From a random start …
        const start = transformMixture(standardStart(sc), spread(sc), sc.offset);
        const options = { tol: 0, maxIter: iterationsFor(sc), ...floorOption(sc) };
        const history = unlessIdentical(x, () => [...em(x, start, options)]);
        if (history === undefined) return;
        assertValidHistory(history, floor);
        // … and through fit() with every initialiser.
        const k = Math.min(sc.k, x.length);
        const result: FitResult = fit(x, k, {
          init,
          nInit,
          seed: sc.startSeed,
          tol: 1e-3,
          maxIter: Math.max(1, Math.floor(iterationsFor(sc, k) / nInit)),
          ...floorOption(sc),
        });
        assertValidHistory(result.history, floor);
        for (const v of [result.logLikelihood, result.bic, result.aic]) assert(Number.isFinite(v));
        for (const row of result.responsibilities) {
          assert(row.every((r) => r >= 0 && r <= 1));
          close(row.reduce((a, b) => a + b, 0), 1, 1e-9, "responsibility row sum");
        }
      },
    ),
    { seed: 802, numRuns: NUM_RUNS },
  );
});

Deno.test("fit() is unchanged by permuting the data, within float error (property)", () => {
  fc.assert(
    fc.property(
      scenarioArb,
      fc.constantFrom<InitMethod | "start">("quantiles", "random", "start"),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      (sc, how, shuffleSeed) => {
        const x = scenarioData(sc);
        if (distinct(x) < 2) return;
        const k = Math.min(sc.k, x.length);
        const common = { tol: 0, maxIter: Math.min(iterationsFor(sc, k), 8), ...floorOption(sc) };
        const options = how === "start"
          ? { ...common, start: transformMixture(standardStart(sc, k), spread(sc), sc.offset) }
          : { ...common, init: how, seed: sc.startSeed };
        const a = fit(x, k, options);
        const b = fit(shuffled(x, shuffleSeed), k, options);
        const unit = sd(x);
        const floor = floorOption(sc).varianceFloor ?? defaultVarianceFloor(x);
        const tol = BASE_TOL +
          10 * amplification(unit, floor) * precision(x);
        assertSameMixture(b.mixture, a.mixture, unit, tol, "permuted");
        close(b.logLikelihood, a.logLikelihood, tol * Math.max(1, x.length), "log-likelihood");
      },
    ),
    { seed: 803, numRuns: NUM_RUNS },
  );
});

Deno.test("EM is equivariant under x → a·x + b: μ → aμ + b, σ → |a|σ, λ fixed (property)", () => {
  fc.assert(
    fc.property(
      scenarioArb,
      fc.constantFrom(1, -1),
      fc.constantFrom<"em" | InitMethod>("em", "quantiles", "random-points", "kmeans++"),
      (sc, sign, how) => {
        const z = standardData(sc);
        if (distinct(z) < 2) return;
        // The quantile start cuts sorted data into groups of ⌊N/k⌋ and ⌈N/k⌉ points from the
        // left, so it is equivariant only for a > 0; reflections are checked on the others.
        const a = (how === "quantiles" ? 1 : sign) * spread(sc), b = sc.offset;
        const x = transform(z, a, b);
        if (distinct(x) < 2) return; // the offset swallowed the spread
        const k = Math.min(sc.k, z.length);
        const maxIter = Math.min(iterationsFor(sc, k), 8);
        const floorZ = floorOption(sc, 1), floorX = floorOption(sc, a);
        let mz: Mixture, mx: Mixture, lz: number, lx: number;
        if (how === "em") {
          const startZ = standardStart(sc, k);
          const hz = [...em(z, startZ, { tol: 0, maxIter, ...floorZ })].at(-1)!;
          const hx = [...em(x, transformMixture(startZ, a, b), { tol: 0, maxIter, ...floorX })]
            .at(-1)!;
          [mz, mx, lz, lx] = [hz.mixture, hx.mixture, hz.logLikelihood, hx.logLikelihood];
        } else {
          const options = { init: how, seed: sc.startSeed, tol: 0, maxIter };
          const fz = fit(z, k, { ...options, ...floorZ });
          const fx = fit(x, k, { ...options, ...floorX });
          [mz, mx, lz, lx] = [fz.mixture, fx.mixture, fz.logLikelihood, fx.logLikelihood];
        }
        const back: Mixture = {
          weights: mx.weights,
          means: mx.means.map((mu) => (mu - b) / a),
          stdDevs: mx.stdDevs.map((s) => s / Math.abs(a)),
        };
        // Index-based starts keep the component order; sorted starts reverse it when a < 0.
        const got = how === "em" || how === "random-points" ? back : matched(back, mz, sd(z));
        // k-means++ draws centres and assigns each point to its nearest centre, steps that jump
        // when the data move by rounding: with exact ties a point can be equally near two
        // centres, and data that keep few digits of their spread (large b/a) shift the draw.
        // Either gives a different, equally valid start; those cases are run, not compared.
        if (how === "kmeans++" && (sc.shape === "ties" || precision(x) > 1e-8)) return;
        const floor = floorX.varianceFloor ?? defaultVarianceFloor(x);
        const amp = amplification(Math.abs(a) * sd(z), floor);
        const tol = BASE_TOL + 10 * amp * precision(x);
        assertSameMixture(got, mz, sd(z), tol, `a=${a} b=${b}`);
        close(lx, lz - z.length * Math.log(Math.abs(a)), tol * Math.max(1, z.length), "ℓ shift");
      },
    ),
    { seed: 804, numRuns: NUM_RUNS },
  );
});

/** Σᵢ |log p(xᵢ)|: the size of the terms that add up to the log-likelihood. */
function absoluteTerms(x: readonly number[], m: Mixture): number {
  const terms = new Array<number>(m.weights.length);
  let total = 0;
  for (const xi of x) {
    for (let h = 0; h < terms.length; h++) {
      terms[h] = Math.log(m.weights[h]!) + logNormalPdf(xi, m.means[h]!, m.stdDevs[h]!);
    }
    total += Math.abs(logSumExp(terms));
  }
  return total;
}

Deno.test("the fused EM step agrees with the readable eStep() + mStep() (property)", () => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const x = scenarioData(sc);
      if (distinct(x) < 2) return;
      const floor = floorOption(sc).varianceFloor ?? defaultVarianceFloor(x);
      let m = transformMixture(standardStart(sc), spread(sc), sc.offset);
      const tol = 1e-9 + 1e1 * precision(x);
      const unit = sd(x);
      const steps = Math.min(iterationsFor(sc), 4);
      const history = [...em(x, m, { tol: 0, maxIter: steps, varianceFloor: floor })];
      for (let t = 0; t < steps; t++) {
        const fast = fusedStep(x, m, { varianceFloor: floor });
        const e = eStep(x, m);
        const slow = mStep(x, e.responsibilities, { varianceFloor: floor, previous: m });
        // ℓ = Σᵢ log p(xᵢ) can cancel to near 0; rounding scales with Σᵢ |log p(xᵢ)|.
        const scale = Math.max(1, absoluteTerms(x, m));
        close(fast.logLikelihood, e.logLikelihood, 1e-12 * scale, "fused vs eStep ℓ");
        close(logLikelihood(x, m), e.logLikelihood, 1e-12 * scale, "logLikelihood() vs eStep ℓ");
        close(history[t]!.logLikelihood, e.logLikelihood, 1e-12 * scale, "em() snapshot ℓ");
        assertSameMixture(fast.mStep.mixture, slow.mixture, unit, tol, `step ${t}`);
        assertSameMixture(history[t + 1]!.mixture, slow.mixture, unit, tol, `em() step ${t}`);
        assert(
          fast.mStep.emptyComponents.join() === slow.emptyComponents.join(),
          `empty components ${fast.mStep.emptyComponents} vs ${slow.emptyComponents}`,
        );
        m = slow.mixture;
      }
    }),
    { seed: 805, numRuns: NUM_RUNS },
  );
});
