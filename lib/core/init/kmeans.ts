/**
 * k-means (Lloyd's algorithm) and its soft relative, EM for a mixture whose
 * components share one fixed σ and fixed equal weights (Bishop, PRML §9.3.2).
 * As σ → 0 that EM's responsibilities become hard assignments to the nearest
 * mean and its mean update becomes k-means' centre update.
 *
 * Both run in 1-D (`kMeans`, `sharedSigmaEm`) and d-D (`kMeansMv`,
 * `sharedSigmaEmMv`) and are generators of frozen snapshots, like `em`.
 *
 * @module
 */
import { distance2, kMeansPlusPlusCentres } from "./_kmeans_pp.ts";
import {
  checkData,
  checkInteger,
  checkIsArray,
  checkNonEmptyArray,
  checkNumber,
  checkOptions,
  checkSeed,
  optionKeys,
} from "../_validate.ts";
import { describeValue, ParameterRangeError } from "../errors.ts";
import { logSumExp } from "../math/log_sum_exp.ts";
import { checkPoints, type Points } from "../nd/_validate.ts";
import { seededSource } from "../random.ts";

/** Options for {@linkcode kMeans} and {@linkcode kMeansMv}. */
export interface KMeansOptions {
  /** Most iterations after the start. @default 100 */
  maxIter?: number;
  /** Seed of the k-means++ choice of centres when a number k is given instead of centres. @default 0 */
  seed?: number;
}

/** The state of k-means after one iteration (d-D). Frozen. */
export interface KMeansMvSnapshot {
  /** 0 for the start, then 1, 2, … (one assignment and one update each). */
  readonly iteration: number;
  /** The centres after this iteration. */
  readonly centres: readonly (readonly number[])[];
  /** The nearest centre (before the update) of each point; at iteration 0 the nearest start centre. */
  readonly assignments: readonly number[];
  /** Σᵢ ‖xᵢ − c_{assignment(i)}‖² with the updated centres (the distortion J). */
  readonly inertia: number;
  /** True when no assignment changed: the centres are final, this is the last snapshot. */
  readonly converged: boolean;
}

/** The state of k-means after one iteration (1-D). Frozen. */
export interface KMeansSnapshot {
  /** 0 for the start, then 1, 2, …. */
  readonly iteration: number;
  /** The centres after this iteration. */
  readonly centres: readonly number[];
  /** The nearest centre (before the update) of each point. */
  readonly assignments: readonly number[];
  /** Σᵢ (xᵢ − c_{assignment(i)})² with the updated centres. */
  readonly inertia: number;
  /** True when no assignment changed. */
  readonly converged: boolean;
}

/** Options for {@linkcode sharedSigmaEm} and {@linkcode sharedSigmaEmMv}. */
export interface SharedSigmaEmOptions {
  /** Number of EM iterations after the start. @default 100 */
  maxIter?: number;
  /** Stop when no mean moves by more than tol (per coordinate). 0 runs until maxIter. @default 0 */
  tol?: number;
}

/** The state of shared-σ EM after one iteration (d-D). Frozen. */
export interface SharedSigmaMvSnapshot {
  /** 0 for the start, then 1, 2, …. */
  readonly iteration: number;
  /** The means after this iteration. */
  readonly means: readonly (readonly number[])[];
  /** The responsibilities used for this iteration's update (at iteration 0: those of the start). */
  readonly responsibilities: readonly (readonly number[])[];
  /** maxᵢ (1 − maxₕ rᵢₕ): 0 when every assignment is hard. */
  readonly softness: number;
  /** The mean over points of 1 − maxₕ rᵢₕ. */
  readonly meanSoftness: number;
  /** log L of the data under the mixture before this iteration's update. */
  readonly logLikelihood: number;
  /** True when no mean moved by more than tol. */
  readonly converged: boolean;
}

/** The state of shared-σ EM after one iteration (1-D). Frozen. */
export interface SharedSigmaSnapshot {
  /** 0 for the start, then 1, 2, …. */
  readonly iteration: number;
  /** The means after this iteration. */
  readonly means: readonly number[];
  /** The responsibilities used for this iteration's update. */
  readonly responsibilities: readonly (readonly number[])[];
  /** maxᵢ (1 − maxₕ rᵢₕ). */
  readonly softness: number;
  /** The mean over points of 1 − maxₕ rᵢₕ. */
  readonly meanSoftness: number;
  /** log L before this iteration's update. */
  readonly logLikelihood: number;
  /** True when no mean moved by more than tol. */
  readonly converged: boolean;
}

function checkCentres(centres: unknown, n: number, d: number, parameter: string): number[][] {
  checkIsArray(
    centres,
    parameter,
    "an array of k start centres, or a number k",
    "Pass the start centres, or k to choose them by k-means++.",
  );
  const k = centres.length;
  if (k < 1 || k > n) {
    throw new ParameterRangeError(
      parameter,
      `between 1 and ${n} centres (no more than the data points)`,
      `${k} centres`,
      "Use fewer centres or more data.",
    );
  }
  return centres.map((c: unknown, h) => {
    const row = d === 0 ? [c] : c;
    if (!Array.isArray(row) || row.length !== Math.max(d, 1)) {
      throw new ParameterRangeError(
        `${parameter}[${h}]`,
        d === 0 ? "a finite number" : `a point of ${d} finite numbers`,
        describeValue(c),
        "Give one start centre per component, of the data's dimension.",
      );
    }
    for (const v of row) {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ParameterRangeError(
          `${parameter}[${h}]`,
          "finite numbers",
          describeValue(c),
          "Give one start centre per component, of the data's dimension.",
        );
      }
    }
    return row.slice() as number[];
  });
}

function resolveCentres(
  data: Points,
  centres: unknown,
  seed: number,
  oneD: boolean,
  parameter: string,
): number[][] {
  if (typeof centres === "number") {
    checkInteger(
      centres,
      parameter,
      1,
      data.length,
      "k must be between 1 and the number of points.",
    );
    return kMeansPlusPlusCentres(data, centres, seededSource(seed), distance2).map((c) =>
      c.slice()
    );
  }
  return checkCentres(centres, data.length, oneD ? 0 : data[0]!.length, parameter);
}

function nearest(x: readonly number[], centres: readonly (readonly number[])[]): number {
  let best = 0, bestD = Infinity;
  for (let h = 0; h < centres.length; h++) {
    const t = distance2(x, centres[h]!);
    if (t < bestD) bestD = t, best = h;
  }
  return best;
}

function* kMeansCore(
  data: Points,
  start: number[][],
  maxIter: number,
): Generator<KMeansMvSnapshot, void, undefined> {
  const k = start.length, d = data[0]!.length;
  let centres = start;
  let assignments = data.map((x) => nearest(x, centres));
  const inertiaOf = (c: readonly (readonly number[])[], a: readonly number[]) =>
    data.reduce((s, x, i) => s + distance2(x, c[a[i]!]!), 0);
  yield Object.freeze({
    iteration: 0,
    centres: Object.freeze(centres.map((c) => Object.freeze(c.slice()))),
    assignments: Object.freeze(assignments.slice()),
    inertia: inertiaOf(centres, assignments),
    converged: false,
  });
  for (let t = 1; t <= maxIter; t++) {
    const next = data.map((x) => nearest(x, centres));
    const changed = t > 1 && next.some((a, i) => a !== assignments[i]);
    assignments = next;
    const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < data.length; i++) {
      const a = assignments[i]!;
      counts[a]!++;
      for (let j = 0; j < d; j++) sums[a]![j]! += data[i]![j]!;
    }
    // An empty cluster keeps its centre.
    const updated = sums.map((s, h) => counts[h]! > 0 ? s.map((v) => v / counts[h]!) : centres[h]!);
    const moved = updated.some((c, h) => c.some((v, j) => v !== centres[h]![j]));
    centres = updated;
    const converged = t > 1 ? !changed : !moved;
    yield Object.freeze({
      iteration: t,
      centres: Object.freeze(centres.map((c) => Object.freeze(c.slice()))),
      assignments: Object.freeze(assignments.slice()),
      inertia: inertiaOf(centres, assignments),
      converged,
    });
    if (converged) return;
  }
}

function checkKMeansOptions(
  options: KMeansOptions,
  fn: string,
): { maxIter: number; seed: number } {
  checkOptions(options, optionKeys<KMeansOptions>({ maxIter: 1, seed: 1 }), fn);
  const { maxIter = 100, seed = 0 } = options;
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  checkSeed(seed, "options.seed");
  return { maxIter, seed };
}

/**
 * Lloyd's k-means on points in d dimensions: assign every point to its
 * nearest centre, move every centre to the mean of its points, repeat until
 * no assignment changes. Yields the start and every iteration.
 *
 * @param data The points, as rows.
 * @param centres The k start centres, or k to choose them by seeded k-means++.
 * @param options Most iterations, seed.
 * @returns A generator of frozen snapshots; the last has `converged: true`
 *   unless `maxIter` ran out.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example Two groups, two centres
 * ```ts
 * import { kMeansMv } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const data = [[0, 0], [0, 1], [5, 5], [5, 6]];
 * const last = [...kMeansMv(data, [[0, 0], [0, 1]])].at(-1)!;
 * assertEquals(last.centres, [[0, 0.5], [5, 5.5]]);
 * assertEquals(last.converged, true);
 * ```
 */
export function* kMeansMv(
  data: Points,
  centres: readonly (readonly number[])[] | number,
  options: KMeansOptions = {},
): Generator<KMeansMvSnapshot, void, undefined> {
  checkPoints(data);
  const { maxIter, seed } = checkKMeansOptions(options, "kMeansMv");
  const start = resolveCentres(data, centres, seed, false, "centres");
  yield* kMeansCore(data, start, maxIter);
}

/**
 * Lloyd's k-means on 1-D data; see {@linkcode kMeansMv}.
 *
 * @param data The observations.
 * @param centres The k start centres, or k to choose them by seeded k-means++.
 * @param options Most iterations, seed.
 * @returns A generator of frozen snapshots.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { kMeans } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const last = [...kMeans([0, 1, 2, 10, 11, 12], [0, 1])].at(-1)!;
 * assertEquals(last.centres, [1, 11]);
 * ```
 */
export function* kMeans(
  data: ArrayLike<number>,
  centres: readonly number[] | number,
  options: KMeansOptions = {},
): Generator<KMeansSnapshot, void, undefined> {
  checkData(data);
  const { maxIter, seed } = checkKMeansOptions(options, "kMeans");
  const points = Array.from(data, (x) => [x]);
  const start = resolveCentres(points, centres, seed, typeof centres !== "number", "centres");
  for (const s of kMeansCore(points, start, maxIter)) {
    yield Object.freeze({ ...s, centres: Object.freeze(s.centres.map((c) => c[0]!)) });
  }
}

function* sharedSigmaCore(
  data: Points,
  start: number[][],
  sigma: number,
  maxIter: number,
  tol: number,
): Generator<SharedSigmaMvSnapshot, void, undefined> {
  const n = data.length, k = start.length, d = data[0]!.length;
  const logWeight = -Math.log(k);
  const logNorm = -0.5 * d * Math.log(2 * Math.PI * sigma * sigma);
  let means = start;
  const logW = new Array<number>(k);
  const eStep = (mu: readonly (readonly number[])[]) => {
    let ll = 0, softness = 0, total = 0;
    const r: number[][] = [];
    for (let i = 0; i < n; i++) {
      for (let h = 0; h < k; h++) {
        logW[h] = logWeight + logNorm - distance2(data[i]!, mu[h]!) / (2 * sigma * sigma);
      }
      const z = logSumExp(logW);
      ll += z;
      const row = logW.map((v) => Math.exp(v - z));
      const soft = 1 - Math.max(...row);
      softness = Math.max(softness, soft);
      total += soft;
      r.push(row);
    }
    return { r, ll, softness, meanSoftness: total / n };
  };
  const freezeRows = (rows: number[][]) => Object.freeze(rows.map((row) => Object.freeze(row)));
  let e = eStep(means);
  yield Object.freeze({
    iteration: 0,
    means: freezeRows(means.map((m) => m.slice())),
    responsibilities: freezeRows(e.r),
    softness: e.softness,
    meanSoftness: e.meanSoftness,
    logLikelihood: e.ll,
    converged: false,
  });
  for (let t = 1; t <= maxIter; t++) {
    if (t > 1) e = eStep(means);
    const next = means.map((old, h) => {
      let nh = 0;
      const s = new Array<number>(d).fill(0);
      for (let i = 0; i < n; i++) {
        const r = e.r[i]![h]!;
        nh += r;
        for (let j = 0; j < d; j++) s[j]! += r * data[i]![j]!;
      }
      // A component with no responsibility left keeps its mean.
      return nh > 0 ? s.map((v) => v / nh) : old.slice();
    });
    let change = 0;
    for (let h = 0; h < k; h++) {
      for (let j = 0; j < d; j++) change = Math.max(change, Math.abs(next[h]![j]! - means[h]![j]!));
    }
    means = next;
    const converged = change <= tol;
    yield Object.freeze({
      iteration: t,
      means: freezeRows(means.map((m) => m.slice())),
      responsibilities: freezeRows(e.r),
      softness: e.softness,
      meanSoftness: e.meanSoftness,
      logLikelihood: e.ll,
      converged,
    });
    if (converged) return;
  }
}

function checkSharedOptions(sigma: unknown, options: SharedSigmaEmOptions, fn: string) {
  checkNumber(sigma, "sigma", 0, {
    strict: true,
    hint: "σ is the one standard deviation all components share; use a positive number.",
  });
  checkOptions(options, optionKeys<SharedSigmaEmOptions>({ maxIter: 1, tol: 1 }), fn);
  const { maxIter = 100, tol = 0 } = options;
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  checkNumber(tol, "options.tol", 0, { hint: "Use 0 to run until maxIter." });
  return { maxIter, tol };
}

/**
 * EM for a mixture of k Gaussians N(μₕ, σ²I) with one shared σ held fixed
 * and equal fixed weights 1/k: only the means are estimated. The E-step gives
 * rᵢₕ ∝ exp(−‖xᵢ − μₕ‖² / 2σ²) (in log space, so it stays exact for tiny σ),
 * the M-step μₕ = Σᵢ rᵢₕ xᵢ / Σᵢ rᵢₕ. As σ → 0 this is k-means.
 *
 * @param data The points, as rows.
 * @param centres The k start means.
 * @param sigma The shared, fixed standard deviation (> 0).
 * @param options Most iterations, tolerance.
 * @returns A generator of frozen snapshots, iteration 0 being the start.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example With a small σ the responsibilities are hard
 * ```ts
 * import { sharedSigmaEmMv } from "@emlab/emlab";
 * import { assert, assertAlmostEquals } from "@std/assert";
 * const data = [[0, 0], [0, 1], [5, 5], [5, 6]];
 * const last = [...sharedSigmaEmMv(data, [[0, 0], [0, 1]], 0.01, { maxIter: 5 })].at(-1)!;
 * assert(last.softness < 1e-12);
 * assertAlmostEquals(last.means[1]![1]!, 5.5, 1e-12);
 * ```
 */
export function* sharedSigmaEmMv(
  data: Points,
  centres: readonly (readonly number[])[],
  sigma: number,
  options: SharedSigmaEmOptions = {},
): Generator<SharedSigmaMvSnapshot, void, undefined> {
  checkPoints(data);
  const { maxIter, tol } = checkSharedOptions(sigma, options, "sharedSigmaEmMv");
  const start = checkCentres(centres, data.length, data[0]!.length, "centres");
  yield* sharedSigmaCore(data, start, sigma, maxIter, tol);
}

/**
 * Shared-σ EM on 1-D data; see {@linkcode sharedSigmaEmMv}.
 *
 * @param data The observations.
 * @param centres The k start means.
 * @param sigma The shared, fixed standard deviation (> 0).
 * @param options Most iterations, tolerance.
 * @returns A generator of frozen snapshots.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example A large σ keeps the responsibilities soft
 * ```ts
 * import { sharedSigmaEm } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const first = [...sharedSigmaEm([0, 1, 2, 10, 11, 12], [0, 1], 5, { maxIter: 1 })][1]!;
 * assert(first.softness > 0.1);
 * ```
 */
export function* sharedSigmaEm(
  data: ArrayLike<number>,
  centres: readonly number[],
  sigma: number,
  options: SharedSigmaEmOptions = {},
): Generator<SharedSigmaSnapshot, void, undefined> {
  checkData(data);
  const { maxIter, tol } = checkSharedOptions(sigma, options, "sharedSigmaEm");
  const points = Array.from(data, (x) => [x]);
  const start = checkCentres(centres, points.length, 0, "centres");
  for (const s of sharedSigmaCore(points, start, sigma, maxIter, tol)) {
    yield Object.freeze({ ...s, means: Object.freeze(s.means.map((m) => m[0]!)) });
  }
}

/** How closely shared-σ EM follows k-means for one σ. */
export interface KMeansLimitRow {
  /** The shared σ. */
  readonly sigma: number;
  /** Largest |EM mean − k-means centre| over the compared iterations, components and coordinates. */
  readonly maxMeanGap: number;
  /** Largest softness maxᵢ (1 − maxₕ rᵢₕ) over the compared iterations. */
  readonly maxSoftness: number;
  /** Largest mean softness (the mean over points of 1 − maxₕ rᵢₕ) over the compared iterations. */
  readonly meanSoftness: number;
  /** Iterations compared (1 … steps). */
  readonly steps: number;
}

/** Options for {@linkcode kMeansLimit}. */
export interface KMeansLimitOptions {
  /** Iterations to compare, each EM step against the same k-means step. @default 10 */
  steps?: number;
}

/**
 * Run k-means and shared-σ EM from the same centres for each σ and measure,
 * step by step, how far EM's means are from k-means' centres and how soft its
 * responsibilities are. Both shrink to 0 as σ → 0. Data may be 1-D numbers or
 * d-D rows.
 *
 * @param data The observations (numbers) or points (rows).
 * @param centres The k start centres (numbers for 1-D data, rows for d-D).
 * @param sigmas The σ values to try, each > 0.
 * @param options Number of iterations compared.
 * @returns One row per σ.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example The gap closes as σ shrinks
 * ```ts
 * import { kMeansLimit } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const rows = kMeansLimit([0, 0.5, 1, 4, 4.5, 5], [0, 1], [1, 0.1]);
 * assert(rows[1]!.maxMeanGap < rows[0]!.maxMeanGap);
 * ```
 */
export function kMeansLimit(
  data: ArrayLike<number> | Points,
  centres: readonly number[] | readonly (readonly number[])[],
  sigmas: readonly number[],
  options: KMeansLimitOptions = {},
): KMeansLimitRow[] {
  const oneD = !Array.isArray(data) || typeof data[0] !== "object";
  let points: Points;
  if (oneD) {
    checkData(data);
    points = Array.from(data as ArrayLike<number>, (x) => [x]);
  } else {
    checkPoints(data);
    points = data as Points;
  }
  const start = checkCentres(centres, points.length, oneD ? 0 : points[0]!.length, "centres");
  checkNonEmptyArray(
    sigmas,
    "sigmas",
    "a non-empty array of positive numbers",
    "Pass the σ values to compare, e.g. [1, 0.1, 0.01].",
  );
  sigmas.forEach((s, j) => checkNumber(s, `sigmas[${j}]`, 0, { strict: true }));
  checkOptions(options, optionKeys<KMeansLimitOptions>({ steps: 1 }), "kMeansLimit");
  const { steps = 10 } = options;
  checkInteger(steps, "options.steps", 1, Infinity, "Compare at least one iteration.");
  const km = [...kMeansCore(points, start, steps)];
  return sigmas.map((sigma) => {
    const runs = [...sharedSigmaCore(points, start, sigma, steps, -1)];
    let maxMeanGap = 0, maxSoftness = 0, meanSoftness = 0;
    for (let t = 1; t <= steps; t++) {
      // k-means stops once converged; its centres stay put after that.
      const c = (km[t] ?? km.at(-1)!).centres;
      const s = runs[t]!;
      maxSoftness = Math.max(maxSoftness, s.softness);
      meanSoftness = Math.max(meanSoftness, s.meanSoftness);
      for (let h = 0; h < c.length; h++) {
        for (let j = 0; j < c[h]!.length; j++) {
          maxMeanGap = Math.max(maxMeanGap, Math.abs(s.means[h]![j]! - c[h]![j]!));
        }
      }
    }
    return Object.freeze({ sigma, maxMeanGap, maxSoftness, meanSoftness, steps });
  });
}
