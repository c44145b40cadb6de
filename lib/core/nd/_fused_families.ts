// What every d-dimensional family's fused EM iteration shares: one pass in
// the family's covariance form (lib/core/nd/_fused_forms.ts) gives log L
// and, per component, Nₕ, the new mean μₕ and the scatter around it
// Wₕ/Nₕ = Σᵢ rᵢₕ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ / Nₕ (the full matrix or its diagonal);
// the family's M-step is then a function of these alone. The M-steps of
// the tied (EEE), diagonal (VVI), spherical (VII), tied diagonal (EEI) and
// tied spherical (EII) families are here; "full" (VVV) keeps its own pass
// (lib/core/nd/fused.ts). Both run through the WebAssembly kernels of
// lib/core/nd/_fused_nd_wasm.ts for d = 2 … 8 where they can.
//
// As in the full pass, the sums are taken around each component's current
// mean cₕ: Wₕ/Nₕ = Σr(x − c)(x − c)ᵀ/Nₕ − δδᵀ with δ = Σr(x − c)/Nₕ; when a
// mean moves by more than a standard deviation in some coordinate a second
// pass sums around the new means (the two-pass formula of the readable
// M-steps). The tied families' pooled scatter ("pooled" moments) is taken
// around one origin o, the data's mean, for all components:
// W = S − Σₕ Nₕ (μₕ − o)(μₕ − o)ᵀ with S = Σᵢ (xᵢ − o)(xᵢ − o)ᵀ formed once
// per data set; where that cancels more than a thousandth of S in some
// coordinate (clusters far apart on the data's own spread) a second pass
// sums every component around its new mean and pools those scatters.
import type { FusedPath, MStepOutcome, StepOutcome } from "../em/_em_core.ts";
import { openPool } from "../fused/_workers.ts";
import { type PassRunner, runChunks } from "../fused/_parallel.ts";
import { cholesky } from "./_linalg.ts";
import {
  accumulateFormChunk,
  COVARIANCE_FORMS,
  type CovarianceForm,
  formArrayLengths,
  type FormMixture,
  formParameters,
  type FormPassParameters,
  formSlotSize,
  MOMENT_SHAPES,
  type MomentShape,
  momentSize,
} from "./_fused_forms.ts";
import type { FlatPoints } from "./fused.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";

/** What one fused iteration hands to a family's M-step. */
export interface FormStatistics {
  /** log L of the data under the mixture the pass was run with. */
  readonly logLikelihood: number;
  /** Number of points. */
  readonly n: number;
  /** Dimension. */
  readonly d: number;
  /** Nₕ = Σᵢ rᵢₕ, k entries. */
  readonly counts: Float64Array;
  /** The new means μₕ = Σᵢ rᵢₕ xᵢ / Nₕ, k·d entries (the old mean where Nₕ = 0). */
  readonly means: Float64Array;
  /**
   * Wₕ/Nₕ around the new means, per component: the lower triangle row by row
   * (entry (a, b), b ≤ a, at h·T + a(a + 1)/2 + b, T = d(d + 1)/2) when
   * `moments` is "full", the diagonal (entry a at h·d + a) when "diagonal",
   * the trace (at h) when "trace"; 0 where Nₕ = 0. When "pooled": the
   * pooled Σₕ Wₕ / N alone, as one lower triangle (T entries).
   */
  readonly scatter: Float64Array;
  /** Which second moments `scatter` holds. */
  readonly moments: MomentShape;
}

/** The chunked pass over flat points (shared with workers when `runner` is given). */
export function formPass(
  flat: FlatPoints,
  p: FormPassParameters,
  runner?: PassRunner,
): Float64Array {
  const { k, d } = p;
  return runChunks(
    flat.n,
    formSlotSize(p.moments, k, d),
    (from, to, out, at) => accumulateFormChunk(flat.x, p, from, to, out, at),
    runner,
    {
      kind: 3,
      k,
      d,
      arrays: [
        Float64Array.of(COVARIANCE_FORMS.indexOf(p.form), MOMENT_SHAPES.indexOf(p.moments)),
        p.means,
        p.scales,
        p.shifted,
        p.origin,
        p.offsets,
        p.centres,
      ],
    },
  );
}

/** Numbers a form's pass sends to workers (see formPass). */
export function formParamSize(form: CovarianceForm, k: number, d: number): number {
  const l = formArrayLengths(form, k, d);
  return 2 + 3 * k * d + l.scales + l.shifted + l.origin + k;
}

/**
 * One pass (two when a mean moves by more than a standard deviation): log L
 * of `mixture` read in `form`, and the counts, new means and scatter of its
 * responsibilities.
 */
export function formStatistics(
  flat: FlatPoints,
  form: CovarianceForm,
  moments: MomentShape,
  mixture: FormMixture,
  runner?: PassRunner,
): FormStatistics {
  if (moments === "pooled") return pooledStatistics(flat, form, mixture, runner);
  return componentStatistics(flat, form, moments, mixture, runner);
}

/** Per-component statistics ("full", "diagonal" or "trace" moments). */
function componentStatistics(
  flat: FlatPoints,
  form: CovarianceForm,
  moments: MomentShape,
  mixture: FormMixture,
  runner?: PassRunner,
): FormStatistics {
  const p = formParameters(form, moments, mixture);
  const pass = (centres: Float64Array) => formPass(flat, { ...p, centres }, runner);
  const total = pass(p.centres);
  const { k, d } = p, t = momentSize(moments, d), full = moments === "full";
  const trace = moments === "trace";
  const sAt = 1 + k, qAt = sAt + k * d;
  const counts = total.slice(1, sAt);
  const means = p.means.slice(), scatter = new Float64Array(k * t);
  /** Index of entry (a, b) of component h in the moments. */
  const at = full
    ? (h: number, a: number, b: number) => h * t + (a * (a + 1)) / 2 + b
    : (h: number, a: number) => h * t + a;
  let recentre = false;
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) continue;
    for (let a = 0; a < d; a++) {
      means[h * d + a] = p.centres[h * d + a]! + total[sAt + h * d + a]! / nh;
    }
    if (trace) {
      // Σr‖x − c‖²/N = tr(W/N) + ‖δ‖².
      let shift = 0;
      for (let a = 0; a < d; a++) shift += (total[sAt + h * d + a]! / nh) ** 2;
      scatter[h] = total[qAt + h]! / nh - shift;
      if (!(shift <= scatter[h]!)) recentre = true;
      continue;
    }
    for (let a = 0; a < d; a++) {
      const sa = total[sAt + h * d + a]! / nh;
      for (let b = full ? 0 : a; b <= a; b++) {
        const j = at(h, a, b);
        scatter[j] = total[qAt + j]! / nh - sa * (total[sAt + h * d + b]! / nh);
      }
      // Σr(x − c)²/N = σ² + δ²: when δ² > σ² more than half the digits cancel.
      if (!(sa * sa <= scatter[at(h, a, a)]!)) recentre = true;
    }
  }
  if (recentre) {
    const second = pass(means.slice());
    for (let h = 0; h < k; h++) {
      const nh = counts[h]!;
      if (!(nh > 0)) continue;
      if (trace) {
        let shift = 0;
        for (let a = 0; a < d; a++) shift += second[sAt + h * d + a]! ** 2;
        scatter[h] = (second[qAt + h]! - shift / nh) / nh;
      }
      for (let a = 0; a < d && !trace; a++) {
        const sa = second[sAt + h * d + a]!;
        for (let b = full ? 0 : a; b <= a; b++) {
          const j = at(h, a, b);
          scatter[j] = (second[qAt + j]! - (sa * second[sAt + h * d + b]!) / nh) / nh;
        }
      }
      for (let a = 0; a < d; a++) means[h * d + a]! += second[sAt + h * d + a]! / nh;
    }
  }
  return { logLikelihood: total[0]!, n: flat.n, d, counts, means, scatter, moments };
}

/** The data's mean o and scatter S = Σᵢ (xᵢ − o)(xᵢ − o)ᵀ (lower triangle), per data set. */
const dataScatters = new WeakMap<Float64Array, { origin: Float64Array; scatter: Float64Array }>();

/**
 * The data's mean and scatter around it, by the pass itself with one
 * component (every responsibility exactly 1): the sums around the first
 * point give the mean o, the sums and second moments around o give S.
 */
function dataScatter(
  flat: FlatPoints,
  runner?: PassRunner,
): { origin: Float64Array; scatter: Float64Array } {
  const known = dataScatters.get(flat.x);
  if (known !== undefined) return known;
  const { x, n, d } = flat, t = (d * (d + 1)) / 2;
  const one = formParameters("spherical", "pooled", {
    weights: [1],
    means: [new Array<number>(d).fill(0)],
    covariances: [
      Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => +(a === b))),
    ],
  }, x.slice(0, d));
  const first = formPass(flat, one, runner);
  const origin = Float64Array.from({ length: d }, (_, a) => x[a]! + first[2 + a]! / n);
  const second = formPass(flat, { ...one, moments: "full", centres: origin }, runner);
  const scatter = new Float64Array(t);
  for (let a = 0, j = 0; a < d; a++) {
    for (let b = 0; b <= a; b++, j++) {
      scatter[j] = second[2 + d + j]! - (second[2 + a]! * second[2 + b]!) / n;
    }
  }
  const out = { origin, scatter };
  dataScatters.set(flat.x, out);
  return out;
}

/**
 * "pooled" statistics: one pass with every component's sums around the
 * data's mean o and no second moments, W = S − Σₕ sₕsₕᵀ/Nₕ with
 * sₕ = Σᵢ rᵢₕ (xᵢ − o); a second pass with full moments around the new means
 * where W keeps less than a thousandth of S on the diagonal.
 */
function pooledStatistics(
  flat: FlatPoints,
  form: CovarianceForm,
  mixture: FormMixture,
  runner?: PassRunner,
): FormStatistics {
  const { origin, scatter: s } = dataScatter(flat, runner);
  const k = mixture.weights.length, d = flat.d, t = (d * (d + 1)) / 2;
  const centres = new Float64Array(k * d);
  for (let h = 0; h < k; h++) centres.set(origin, h * d);
  const p = formParameters(form, "pooled", mixture, centres);
  const total = formPass(flat, p, runner);
  const sAt = 1 + k;
  const counts = total.slice(1, sAt);
  const means = p.means.slice(), w = s.slice();
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) continue;
    for (let a = 0, j = 0; a < d; a++) {
      const sa = total[sAt + h * d + a]!;
      means[h * d + a] = origin[a]! + sa / nh;
      for (let b = 0; b <= a; b++) w[j++]! -= (sa * total[sAt + h * d + b]!) / nh;
    }
  }
  for (let a = 0; a < d; a++) {
    const j = (a * (a + 3)) / 2;
    if (!(1024 * w[j]! >= s[j]!)) {
      // Too much cancelled: every component's scatter around its new mean.
      const second = formPass(flat, { ...p, moments: "full", centres: means.slice() }, runner);
      const qAt = sAt + k * d;
      w.fill(0);
      for (let h = 0; h < k; h++) {
        const nh = counts[h]!;
        if (!(nh > 0)) continue;
        for (let a = 0, j = 0; a < d; a++) {
          const sa = second[sAt + h * d + a]!;
          for (let b = 0; b <= a; b++, j++) {
            w[j]! += second[qAt + h * t + j]! - (sa * second[sAt + h * d + b]!) / nh;
          }
        }
        for (let a = 0; a < d; a++) means[h * d + a]! += second[sAt + h * d + a]! / nh;
      }
      break;
    }
  }
  for (let j = 0; j < t; j++) w[j] = w[j]! / flat.n;
  return {
    logLikelihood: total[0]!,
    n: flat.n,
    d,
    counts,
    means,
    scatter: w,
    moments: "pooled",
  };
}

/** Weights (Nₕ/N, normalised) and means as rows; empty components keep their previous mean. */
function weightsAndMeans(stats: FormStatistics, previous: FormMixture) {
  const { n, d, counts } = stats;
  const k = counts.length;
  const weights: number[] = [], means: number[][] = [], emptyComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      weights.push(0);
      means.push([...previous.means[h]!]);
      continue;
    }
    weights.push(nh / n);
    means.push(Array.from(stats.means.subarray(h * d, h * d + d)));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < k; h++) weights[h] = weights[h]! / total;
  return { weights, means, emptyComponents };
}

/** Entry (a, a) of component h's scatter ("full" or "diagonal" moments). */
function variance(stats: FormStatistics, h: number, a: number): number {
  const d = stats.d;
  return stats.moments === "full"
    ? stats.scatter[h * ((d * (d + 1)) / 2) + (a * (a + 3)) / 2]!
    : stats.scatter[h * d + a]!;
}

/** tr(Wₕ/Nₕ) of component h ("full", "diagonal" or "trace" moments). */
function traceOf(stats: FormStatistics, h: number): number {
  if (stats.moments === "trace") return stats.scatter[h]!;
  let s = 0;
  for (let a = 0; a < stats.d; a++) s += variance(stats, h, a);
  return s;
}

/**
 * The pooled scatter Σₕ Nₕ (Wₕ/Nₕ) / N as a lower triangle (only the
 * diagonal filled in from "diagonal" or "trace" moments: their
 * off-diagonal entries are 0, and a trace is spread evenly).
 */
function pooledScatter(stats: FormStatistics): Float64Array {
  const { n, d, counts } = stats, t = (d * (d + 1)) / 2;
  if (stats.moments === "pooled") return stats.scatter;
  const out = new Float64Array(t);
  for (let h = 0; h < counts.length; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) continue;
    if (stats.moments === "full") {
      for (let j = 0; j < t; j++) out[j]! += nh * stats.scatter[h * t + j]!;
    } else if (stats.moments === "diagonal") {
      for (let a = 0; a < d; a++) out[(a * (a + 3)) / 2]! += nh * stats.scatter[h * d + a]!;
    } else {
      for (let a = 0; a < d; a++) out[(a * (a + 3)) / 2]! += (nh * stats.scatter[h]!) / d;
    }
  }
  for (let j = 0; j < t; j++) out[j] = out[j]! / n;
  return out;
}

function outcome(
  mixture: { weights: number[]; means: number[][]; covariances: number[][][] },
  emptyComponents: readonly number[],
  collapsedComponents: readonly number[],
): MStepOutcome<MvMixture> {
  return {
    mixture: collapsedComponents.length > 0 ? Object.freeze(mixture) : freezeMvMixture(mixture),
    emptyComponents,
    collapsedComponents,
  };
}

function diagonalMatrix(values: readonly number[]): number[][] {
  return values.map((v, a) => values.map((_, b) => (a === b ? v : 0)));
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** "full" / VVV from the statistics: Σₕ = Wₕ/Nₕ + diag(ridge) (needs "full" moments). */
export function mStepFullFromStatistics(
  stats: FormStatistics,
  ridge: readonly number[],
  previous: FormMixture,
): MStepOutcome<MvMixture> {
  const { d, counts, scatter } = stats, t = (d * (d + 1)) / 2;
  const { weights, means, emptyComponents } = weightsAndMeans(stats, previous);
  const covariances: number[][][] = [], collapsedComponents: number[] = [];
  for (let h = 0; h < counts.length; h++) {
    if (!(counts[h]! > 0)) {
      covariances.push(previous.covariances[h]!.map((row) => [...row]));
      continue;
    }
    const s = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) s[a]![b] = s[b]![a] = scatter[h * t + (a * (a + 1)) / 2 + b]!;
      s[a]![a] = s[a]![a]! + ridge[a]!;
    }
    if (cholesky(s) === null) collapsedComponents.push(h);
    covariances.push(s);
  }
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/**
 * "tied" / EEE from the statistics: Σ = Σₕ Nₕ (Wₕ/Nₕ) / N + diag(ridge),
 * repeated for every component (needs "full" or "pooled" moments).
 */
export function mStepTiedFromStatistics(
  stats: FormStatistics,
  ridge: readonly number[],
  previous: FormMixture,
): MStepOutcome<MvMixture> {
  const { d } = stats;
  const { weights, means, emptyComponents } = weightsAndMeans(stats, previous);
  const w = pooledScatter(stats);
  const pooled = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < a; b++) pooled[a]![b] = pooled[b]![a] = w[(a * (a + 1)) / 2 + b]!;
    pooled[a]![a] = w[(a * (a + 3)) / 2]! + ridge[a]!;
  }
  const collapsedComponents = cholesky(pooled) === null ? [0] : [];
  const covariances = means.map(() => pooled.map((row) => [...row]));
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/** "diag" / VVI from the statistics: Σₕ = diag(Wₕ/Nₕ) + diag(ridge). */
export function mStepDiagFromStatistics(
  stats: FormStatistics,
  ridge: readonly number[],
  previous: FormMixture,
): MStepOutcome<MvMixture> {
  const { d, counts } = stats;
  const { weights, means, emptyComponents } = weightsAndMeans(stats, previous);
  const covariances: number[][][] = [], collapsedComponents: number[] = [];
  for (let h = 0; h < counts.length; h++) {
    if (!(counts[h]! > 0)) {
      covariances.push(previous.covariances[h]!.map((row) => [...row]));
      continue;
    }
    const v = Array.from({ length: d }, (_, a) => variance(stats, h, a) + ridge[a]!);
    if (!v.every((x) => x > 0 && Number.isFinite(x))) collapsedComponents.push(h);
    covariances.push(diagonalMatrix(v));
  }
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/**
 * "spherical" / VII from the statistics: σ²ₕ = tr(Wₕ/Nₕ)/d + mean(ridge)
 * (scikit-learn's spherical update with `reg_covar` = the ridge), Σₕ = σ²ₕ I.
 */
export function mStepSphericalFromStatistics(
  stats: FormStatistics,
  ridge: readonly number[],
  previous: FormMixture,
): MStepOutcome<MvMixture> {
  const { d, counts } = stats;
  const { weights, means, emptyComponents } = weightsAndMeans(stats, previous);
  const covariances: number[][][] = [], collapsedComponents: number[] = [];
  const r = mean(ridge);
  for (let h = 0; h < counts.length; h++) {
    if (!(counts[h]! > 0)) {
      covariances.push(previous.covariances[h]!.map((row) => [...row]));
      continue;
    }
    const v = traceOf(stats, h) / d + r;
    if (!(v > 0 && Number.isFinite(v))) collapsedComponents.push(h);
    covariances.push(diagonalMatrix(new Array<number>(d).fill(v)));
  }
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/** EEI from the statistics: one diagonal Σ = diag(Σₕ Nₕ Wₕ/Nₕ / N) + diag(ridge) for all. */
export function mStepTiedDiagonalFromStatistics(
  stats: FormStatistics,
  ridge: readonly number[],
  previous: FormMixture,
): MStepOutcome<MvMixture> {
  const { d } = stats;
  const { weights, means, emptyComponents } = weightsAndMeans(stats, previous);
  const w = pooledScatter(stats);
  const v = Array.from({ length: d }, (_, a) => w[(a * (a + 3)) / 2]! + ridge[a]!);
  const collapsedComponents = v.every((x) => x > 0 && Number.isFinite(x)) ? [] : [0];
  const covariances = means.map(() => diagonalMatrix(v));
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/** EII from the statistics: one σ² = Σₕ Nₕ tr(Wₕ/Nₕ) / (N d) + mean(ridge) for all. */
export function mStepTiedSphericalFromStatistics(
  stats: FormStatistics,
  ridge: readonly number[],
  previous: FormMixture,
): MStepOutcome<MvMixture> {
  const { d } = stats;
  const { weights, means, emptyComponents } = weightsAndMeans(stats, previous);
  const w = pooledScatter(stats);
  let s = 0;
  for (let a = 0; a < d; a++) s += w[(a * (a + 3)) / 2]!;
  const v = s / d + mean(ridge);
  const collapsedComponents = v > 0 && Number.isFinite(v) ? [] : [0];
  const covariances = means.map(() => diagonalMatrix(new Array<number>(d).fill(v)));
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/** A family's M-step from the statistics of one fused pass. */
export type MStepFromStatistics = (
  stats: FormStatistics,
  ridge: readonly number[],
  previous: MvMixture,
) => MStepOutcome<MvMixture>;

/** What the fused path of a d-dimensional family needs of the prepared data. */
export interface FlatData {
  readonly n: number;
  readonly d: number;
  readonly flat: FlatPoints;
  readonly ridge: readonly number[];
}

/**
 * Whether a mixture's covariances are of a form: a tied form's all equal to
 * the first, a diagonal one's zero off the diagonal, a spherical one's also
 * equal along it.
 */
export function isOfForm(form: CovarianceForm, mixture: FormMixture): boolean {
  const cs = mixture.covariances, first = cs[0]!;
  return cs.every((c) =>
    c.every((row, a) =>
      row.every((v, b) => {
        if (form.startsWith("tied-") && v !== first[a]![b]) return false;
        if (form.endsWith("full")) return true;
        return a === b ? !form.endsWith("spherical") || v === c[0]![0] : v === 0;
      })
    )
  );
}

/**
 * The fused path (pass, workers) of a family whose log-density is read in
 * `form`, whose M-step needs `moments` and is `mStep`. A mixture not of the
 * form (a start from outside the family) is scored by `readable`, the
 * family's readable steps, as before the fused path existed; the M-step
 * brings it into the form, so only the first iteration of such a run does.
 */
export function formFusedPath<D extends FlatData>(
  form: CovarianceForm,
  moments: MomentShape,
  mStep: MStepFromStatistics,
  readable?: (data: D, mixture: MvMixture) => StepOutcome<MvMixture>,
): FusedPath<D, MvMixture> {
  return {
    open(data, k, workers) {
      const { n, d } = data;
      // Room for full second moments (the tied families' second pass).
      const pool = openPool(
        data.flat.x,
        n,
        formSlotSize("full", k, d),
        formParamSize(form, k, d),
        workers,
      );
      return pool === undefined ? undefined : {
        data: { ...data, flat: { x: pool.x, n, d } },
        runner: pool,
        close: () => pool.close(),
      };
    },
    step(data, mixture, runner) {
      if (readable !== undefined && !isOfForm(form, mixture)) return readable(data, mixture);
      const stats = formStatistics(data.flat, form, moments, mixture, runner);
      return { logLikelihood: stats.logLikelihood, mStep: mStep(stats, data.ridge, mixture) };
    },
  };
}
