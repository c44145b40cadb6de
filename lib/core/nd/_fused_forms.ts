// The d-dimensional fused pass for any covariance form: per point the k
// log-densities — through a Cholesky factor per component ("full"), one
// shared factor ("tied-full"), a variance per coordinate ("diagonal",
// "tied-diagonal") or one variance ("spherical", "tied-spherical") — their
// log-sum-exp, the responsibilities and log L, added straight into the
// sufficient statistics of every component
//
//   Nₕ = Σᵢ rᵢₕ,  Σᵢ rᵢₕ (xᵢ − cₕ),  Σᵢ rᵢₕ (xᵢ − cₕ)(xᵢ − cₕ)ᵀ
//
// around centres cₕ, the second moments as a full lower triangle, as their
// diagonal only, as their trace only, or not at all ("moments": what the
// family's M-step needs: diagonal families the diagonal, spherical ones the
// trace Σᵢ rᵢₕ ‖xᵢ − cₕ‖², and the tied families, whose M-step needs only the
// pooled scatter, none: since Σₕ rᵢₕ = 1,
//
//   Σₕ Σᵢ rᵢₕ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ = Σᵢ (xᵢ − o)(xᵢ − o)ᵀ − Σₕ Nₕ (μₕ − o)(μₕ − o)ᵀ
//
// for any fixed o, and the first sum does not depend on the responsibilities;
// lib/core/nd/_fused_families.ts forms it once per data set). Any model
// family's M-step follows from these (lib/core/nd/_fused_families.ts).
//
// The E-part differs between forms only in how the squared Mahalanobis
// distance is taken:
//   full:       z = Lₕ⁻¹(x − μₕ) by forward substitution, q = ‖z‖²
//   tied-full:  y = L⁻¹(x − o) once per point, z = y − νₕ with νₕ = L⁻¹(μₕ − o)
//               precomputed (o the mean of the means), q = ‖z‖²: d(d + 1)/2
//               multiply-adds per point instead of per component
//   diagonal:   zⱼ = (xⱼ − μₕⱼ) / σₕⱼ, q = ‖z‖²
//   spherical:  zⱼ = (xⱼ − μₕⱼ) / σₕ, q = ‖z‖²
// (the full form's operations with a diagonal factor, so that the rounding of
// q, which is large when a start is far from the data, is the same).
// (the tied diagonal and spherical forms are the untied ones with equal
// numbers). Chunks of points, the exp() and the blocks of log() are the full
// pass's (lib/core/nd/_fused_pass.ts). The loop below is the readable
// reference and the fallback; the same operations written out for one
// (form, moments, k, d), with every parameter in a local variable, run
// where generated code is allowed (same numbers bit for bit,
// tests/nd_fused_forms_test.ts). When the centres are the means (every
// first pass of an iteration), the sums reuse the E-part's x − μₕ, and a
// spherical form's trace is its squared distance, ‖x − μₕ‖² = qₕσₕ².
import { ParameterRangeError } from "../errors.ts";
import { LOG_SQRT_2PI } from "../math/normal.ts";
import { shiftedExps, UNIT, UNITS } from "../fused/_exp.ts";
import { EXP_FRACTIONS, EXP_POWERS, EXP_TABLE_SIZE } from "../fused/_wasm.ts";
import { cholesky } from "./_linalg.ts";
import { accumulateWithNdKernel } from "./_fused_nd_wasm.ts";
import type { NdKernelForm } from "../fused/_kernel_nd_layout.ts";

/** How a covariance enters the log-density (mclust's volume/shape/orientation aside). */
export type CovarianceForm =
  | "full"
  | "tied-full"
  | "diagonal"
  | "tied-diagonal"
  | "spherical"
  | "tied-spherical";

/** The covariance forms, in the order of their codes (for workers). */
export const COVARIANCE_FORMS: readonly CovarianceForm[] = [
  "full",
  "tied-full",
  "diagonal",
  "tied-diagonal",
  "spherical",
  "tied-spherical",
];

/**
 * Which second moments the pass adds up per component: the lower triangle,
 * the diagonal, the trace, or none ("pooled": the tied families' pooled
 * scatter follows from the counts, the sums and the data's own scatter).
 */
export type MomentShape = "full" | "diagonal" | "trace" | "pooled";

/** The moment shapes, in the order of their codes (for workers). */
export const MOMENT_SHAPES: readonly MomentShape[] = ["full", "diagonal", "trace", "pooled"];

/** A mixture as the pass reads it: weights, means and full covariance matrices. */
export interface FormMixture {
  readonly weights: readonly number[];
  readonly means: readonly (readonly number[])[];
  readonly covariances: readonly (readonly (readonly number[])[])[];
}

/**
 * The per-component numbers of one pass, all flat; `scales` by form:
 * full k·d·d Cholesky factors row by row (diagonal stored as 1/Lₐₐ);
 * tied-full one such d·d factor; diagonal k·d values 1/σₕⱼ; spherical k
 * values 1/σₕ. `shifted` (k·d) and `origin` (d) are
 * tied-full's νₕ and o, empty otherwise. Offsets: log λₕ − ½ log det Σₕ −
 * d log √(2π), in units.
 */
export interface FormPassParameters {
  readonly form: CovarianceForm;
  readonly moments: MomentShape;
  readonly k: number;
  readonly d: number;
  readonly means: Float64Array;
  readonly scales: Float64Array;
  readonly shifted: Float64Array;
  readonly origin: Float64Array;
  readonly offsets: Float64Array;
  readonly centres: Float64Array;
}

/** Lengths of scales, shifted and origin for a form. */
export function formArrayLengths(
  form: CovarianceForm,
  k: number,
  d: number,
): { scales: number; shifted: number; origin: number } {
  switch (form) {
    case "full":
      return { scales: k * d * d, shifted: 0, origin: 0 };
    case "tied-full":
      return { scales: d * d, shifted: k * d, origin: d };
    case "diagonal":
    case "tied-diagonal":
      return { scales: k * d, shifted: 0, origin: 0 };
    default:
      return { scales: k, shifted: 0, origin: 0 };
  }
}

/** The parameters a worker reads back from shared memory (the layout of formPass's job). */
export function formParametersFromJob(
  k: number,
  d: number,
  take: (length: number) => Float64Array,
): FormPassParameters {
  const [formCode, momentsCode] = take(2);
  const form = COVARIANCE_FORMS[formCode!]!;
  const moments = MOMENT_SHAPES[momentsCode!]!;
  const l = formArrayLengths(form, k, d);
  return {
    form,
    moments,
    k,
    d,
    means: take(k * d),
    scales: take(l.scales),
    shifted: take(l.shifted),
    origin: take(l.origin),
    offsets: take(k),
    centres: take(k * d),
  };
}

/** Numbers per component of the second moments. */
export function momentSize(moments: MomentShape, d: number): number {
  switch (moments) {
    case "full":
      return (d * (d + 1)) / 2;
    case "diagonal":
      return d;
    case "trace":
      return 1;
    default:
      return 0;
  }
}

/** Length of one chunk's statistics: log L, counts, sums, moments. */
export function formSlotSize(moments: MomentShape, k: number, d: number): number {
  return 1 + k + k * d + k * momentSize(moments, d);
}

function notPositive(h: number, value: unknown): ParameterRangeError {
  return new ParameterRangeError(
    `mixture.covariances[${h}]`,
    "a positive definite matrix",
    JSON.stringify(value),
    "Use a positive ridge so that no component collapses.",
  );
}

/** The Cholesky factor of `c` flat (1/Lₐₐ on the diagonal) into `out` at `at`; returns log det ½. */
function factorInto(c: readonly (readonly number[])[], h: number, out: Float64Array, at: number) {
  const d = c.length;
  const l = cholesky(c);
  if (l === null) throw notPositive(h, c);
  let halfLogDet = 0;
  for (let a = 0; a < d; a++) {
    halfLogDet += Math.log(l[a]![a]!);
    for (let b = 0; b < a; b++) out[at + a * d + b] = l[a]![b]!;
    out[at + a * d + a] = 1 / l[a]![a]!;
  }
  return halfLogDet;
}

/**
 * The pass's numbers for a mixture read in a form (a tied form reads the
 * first component's covariance, a diagonal one the diagonal, a spherical one
 * the first diagonal entry). Throws like eStepMv when a covariance is not
 * positive definite.
 */
export function formParameters(
  form: CovarianceForm,
  moments: MomentShape,
  mixture: FormMixture,
  centres?: Float64Array,
): FormPassParameters {
  const { weights, means: rows, covariances } = mixture;
  const k = weights.length, d = rows[0]!.length;
  const lengths = formArrayLengths(form, k, d);
  const means = new Float64Array(k * d), scales = new Float64Array(lengths.scales);
  const shifted = new Float64Array(lengths.shifted), origin = new Float64Array(lengths.origin);
  const offsets = new Float64Array(k), halfLogDets = new Float64Array(k);
  for (let h = 0; h < k; h++) for (let a = 0; a < d; a++) means[h * d + a] = rows[h]![a]!;
  const variance = (h: number, a: number) => {
    const v = covariances[h]![a]![a]!;
    if (!(v > 0) || !Number.isFinite(v)) throw notPositive(h, covariances[h]);
    return v;
  };
  if (form === "full") {
    for (let h = 0; h < k; h++) halfLogDets[h] = factorInto(covariances[h]!, h, scales, h * d * d);
  } else if (form === "tied-full") {
    halfLogDets.fill(factorInto(covariances[0]!, 0, scales, 0));
    for (let h = 0; h < k; h++) for (let a = 0; a < d; a++) origin[a]! += means[h * d + a]! / k;
    for (let h = 0; h < k; h++) {
      for (let a = 0; a < d; a++) {
        let s = means[h * d + a]! - origin[a]!;
        for (let b = 0; b < a; b++) s -= scales[a * d + b]! * shifted[h * d + b]!;
        shifted[h * d + a] = s * scales[a * d + a]!;
      }
    }
  } else if (form === "diagonal" || form === "tied-diagonal") {
    for (let h = 0; h < k; h++) {
      const g = form === "diagonal" ? h : 0;
      let s = 0;
      for (let a = 0; a < d; a++) {
        const v = variance(g, a);
        const sd = Math.sqrt(v);
        s += Math.log(sd);
        scales[h * d + a] = 1 / sd;
      }
      halfLogDets[h] = s;
    }
  } else {
    for (let h = 0; h < k; h++) {
      const sd = Math.sqrt(variance(form === "spherical" ? h : 0, 0));
      scales[h] = 1 / sd;
      halfLogDets[h] = d * Math.log(sd);
    }
  }
  for (let h = 0; h < k; h++) {
    offsets[h] = (Math.log(weights[h]!) - halfLogDets[h]! - d * LOG_SQRT_2PI) * UNITS;
  }
  return {
    form,
    moments,
    k,
    d,
    means,
    scales,
    shifted,
    origin,
    offsets,
    centres: centres ?? means.slice(),
  };
}

/**
 * Whether the trace Σ r‖x − cₕ‖² is taken from the log-density's squared
 * distance, ‖x − μₕ‖² = qₕ σₕ² (spherical forms, centres equal to the means).
 */
function traceFromDistance(form: CovarianceForm, moments: MomentShape, centred: boolean) {
  return centred && moments === "trace" && (form === "spherical" || form === "tied-spherical");
}

/**
 * The pass over points [from, to) as a plain loop, for any form and d:
 * writes log L, counts, sums and moments into `out` at `at`
 * (formSlotSize entries). With "pooled" moments every component's sums are
 * taken around the first centre.
 */
export function accumulateFormRange(
  x: Float64Array,
  p: FormPassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
): void {
  const { form, k, d, means, scales, shifted, origin, offsets, centres } = p;
  const moments = p.moments, pooled = moments === "pooled";
  const sAt = 1 + k, qAt = sAt + k * d, slot = formSlotSize(p.moments, k, d);
  const acc = new Float64Array(slot);
  const lw = new Float64Array(k), e = new Float64Array(k), qs = new Float64Array(k);
  const fromQ = traceFromDistance(form, p.moments, centredOn(p));
  const z = new Float64Array(d), y = new Float64Array(d), diff = new Float64Array(d);
  const half = 0.5 * UNITS;
  let sumMax = 0, sumLog = 0;
  for (let start = from; start < to; start += 64) {
    const end = Math.min(to, start + 64);
    let product = 1;
    for (let i = start; i < end; i++) {
      const xi = i * d;
      if (form === "tied-full") {
        for (let a = 0; a < d; a++) {
          let s = x[xi + a]! - origin[a]!;
          for (let b = 0; b < a; b++) s -= scales[a * d + b]! * y[b]!;
          y[a] = s * scales[a * d + a]!;
        }
      }
      let max = -Infinity;
      for (let h = 0; h < k; h++) {
        let q = 0, v: number;
        if (form === "full") {
          const lh = h * d * d;
          for (let a = 0; a < d; a++) {
            let s = x[xi + a]! - means[h * d + a]!;
            for (let b = 0; b < a; b++) s -= scales[lh + a * d + b]! * z[b]!;
            const za = s * scales[lh + a * d + a]!;
            z[a] = za;
            q += za * za;
          }
          v = offsets[h]! - q * half;
        } else if (form === "tied-full") {
          for (let a = 0; a < d; a++) {
            const za = y[a]! - shifted[h * d + a]!;
            q += za * za;
          }
          v = offsets[h]! - q * half;
        } else {
          const spherical = form === "spherical" || form === "tied-spherical";
          for (let a = 0; a < d; a++) {
            const za = (x[xi + a]! - means[h * d + a]!) * scales[spherical ? h : h * d + a]!;
            q += za * za;
          }
          v = offsets[h]! - q * half;
        }
        lw[h] = v;
        qs[h] = q;
        if (v > max) max = v;
      }
      const s = shiftedExps(lw, max, k, e);
      sumMax += max;
      product *= s;
      const inv = 1 / s;
      for (let h = 0, qj = qAt; h < k; h++) {
        const r = e[h]! * inv;
        acc[1 + h]! += r;
        let ss = 0;
        for (let a = 0; a < d; a++) {
          const da = x[xi + a]! - centres[pooled ? a : h * d + a]!;
          diff[a] = da;
          const ra = r * da;
          acc[sAt + h * d + a]! += ra;
          if (moments === "full") {
            for (let b = 0; b <= a; b++) acc[qj++]! += ra * diff[b]!;
          } else if (moments === "diagonal") {
            acc[qj++]! += ra * da;
          } else if (moments === "trace") {
            ss += da * da;
          }
        }
        if (moments === "trace") {
          acc[qj++]! += r * (fromQ ? qs[h]! * (1 / (scales[h]! * scales[h]!)) : ss);
        }
      }
    }
    sumLog += Math.log(product);
  }
  acc[0] = sumMax * UNIT + sumLog;
  out.set(acc, at);
}

/** The signature of a pass over points [from, to). */
export type FormRangePass = (
  x: Float64Array,
  p: FormPassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
) => void;

/** Largest number of sums (formSlotSize) written out; beyond it the loop runs. */
export const MAX_WRITTEN_OUT_SUMS = 320;

const passes = new Map<string, FormRangePass | null>();

/** Switch for tests and benchmarks: `enabled = false` forces the plain loop. */
export const writtenOutForms: { enabled: boolean } = { enabled: true };

/**
 * The pass written out for one (form, moments, k, d), or null when it has
 * more than MAX_WRITTEN_OUT_SUMS sums or the runtime does not allow
 * generated code. A `centred` pass may only run with centres equal to the
 * means: it takes x − cₕ from the log-density's x − μₕ (the same numbers),
 * and a spherical trace from qₕσₕ² (as the plain loop does when the centres
 * are the means).
 */
export function writtenOutFormPass(
  form: CovarianceForm,
  moments: MomentShape,
  k: number,
  d: number,
  centred = false,
): FormRangePass | null {
  const key = `${form}/${moments}/${k}/${d}/${centred}`;
  if (passes.has(key)) return passes.get(key)!;
  let pass: FormRangePass | null = null;
  if (k >= 1 && d >= 1 && formSlotSize(moments, k, d) <= MAX_WRITTEN_OUT_SUMS) {
    try {
      const make = new Function(
        "fractions",
        "powers",
        "UNIT",
        "UNITS",
        formPassSource(form, moments, k, d, centred),
      ) as (f: Float64Array, p: Float64Array, u: number, us: number) => FormRangePass;
      pass = make(EXP_FRACTIONS, EXP_POWERS, UNIT, UNITS);
    } catch {
      pass = null;
    }
  }
  if (pass !== null) warm(pass, form, moments, k, d);
  passes.set(key, pass);
  return pass;
}

/**
 * Run a new written-out pass a few times on a small input that reaches both
 * of its exp() paths, so that the optimising compiler has type feedback for
 * all of it before the first chunk (as the plain loops are warmed below).
 */
function warm(
  pass: FormRangePass,
  form: CovarianceForm,
  moments: MomentShape,
  k: number,
  d: number,
) {
  const identity = Array.from(
    { length: d },
    (_, a) => Array.from({ length: d }, (_, b) => +(a === b)),
  );
  const p = formParameters(form, moments, {
    weights: new Array<number>(k).fill(1 / k),
    means: Array.from({ length: k }, (_, h) => new Array<number>(d).fill(40 * h)),
    covariances: new Array(k).fill(identity),
  });
  const x = new Float64Array(8 * d);
  for (let i = 0; i < 8; i++) for (let a = 0; a < d; a++) x[i * d + a] = 40 * (i % 2) + 0.1 * a;
  const out = new Float64Array(formSlotSize(moments, k, d));
  for (let i = 0; i < 16; i++) pass(x, p, 0, 8, out, 0);
}

/** Whether the centres are the means, number for number. */
function centredOn(p: FormPassParameters): boolean {
  const { means, centres } = p;
  if (means.length !== centres.length) return false;
  for (let j = 0; j < means.length; j++) if (!Object.is(means[j], centres[j])) return false;
  return true;
}

/**
 * The d = 2 … 8 WebAssembly kernel that computes a form's pass, if any:
 * full factors with full moments, the pooled sums (no second moments) of
 * the tied factor or of diagonal or spherical scales, diagonal scales (tied or not) with
 * diagonal moments, one scale (tied or not) with the trace (taken as qₕσₕ²
 * when the centres are the means, as the loop does).
 */
export function kernelFormOf(
  p: Pick<FormPassParameters, "form" | "moments">,
  centred: boolean,
): NdKernelForm | null {
  const { form, moments } = p;
  if (form === "full") return moments === "full" ? "full" : null;
  if (form === "tied-full") return moments === "pooled" ? "tied" : null;
  if (moments === "pooled") {
    if (form === "diagonal" || form === "tied-diagonal") return "diagonalp";
    if (form === "spherical" || form === "tied-spherical") return "sphericalp";
    return null;
  }
  if (form === "diagonal" || form === "tied-diagonal") {
    return moments === "diagonal" ? "diagonal" : null;
  }
  if (form === "spherical" || form === "tied-spherical") {
    return moments === "trace" ? (centred ? "sphericalq" : "spherical") : null;
  }
  return null;
}

/**
 * The pass over [from, to): the d = 2 … 8 WebAssembly kernel where one
 * computes it, else written out where possible, else the plain loop.
 */
export function accumulateFormChunk(
  x: Float64Array,
  p: FormPassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
): void {
  const centred = centredOn(p);
  const kernelForm = to - from >= 64 ? kernelFormOf(p, centred) : null;
  if (
    kernelForm !== null &&
    accumulateWithNdKernel(
      kernelForm,
      x,
      p,
      from,
      to,
      out,
      at,
      (a, b, o, i) => accumulateFormRange(x, p, a, b, o, i),
    )
  ) return;
  const pass = writtenOutForms.enabled
    ? writtenOutFormPass(p.form, p.moments, p.k, p.d, centred)
    : null;
  if (pass !== null) pass(x, p, from, to, out, at);
  else accumulateFormRange(x, p, from, to, out, at);
}

/** The JavaScript source of the written-out pass (a function body returning it). */
function formPassSource(
  form: CovarianceForm,
  moments: MomentShape,
  k: number,
  d: number,
  centred: boolean,
): string {
  // x − μₕ of the log-density reused as x − cₕ (diagonal, spherical and full
  // forms, centres equal to the means); with pooled moments x − c₀, once per point.
  const reuse = centred && form !== "tied-full" && moments !== "pooled";
  const slot = formSlotSize(moments, k, d);
  const lines: string[] = [];
  const emit = (s: string) => lines.push(s);
  emit(`const TABLE = ${EXP_TABLE_SIZE - 1}, BITS = 8;`);
  emit(`const FAST_EXP_MIN = -708 * UNITS, EXP_UNDERFLOW = -746 * UNITS;`);
  emit(`const C1 = UNIT, C2 = UNIT * UNIT / 2, C3 = UNIT * UNIT * UNIT / 6;`);
  emit(`const C4 = UNIT * UNIT * UNIT * UNIT / 24, ROUND_SHIFT = 6755399441055744;`);
  emit(`const half = 0.5 * UNITS;`);
  emit(`function fexp(tt) {`);
  emit(`  if (tt >= FAST_EXP_MIN) {`);
  emit(`    const big = tt + ROUND_SHIFT; const q = big - ROUND_SHIFT; const r = tt - q;`);
  emit(`    const poly = 1 + r * (C1 + r * (C2 + r * (C3 + r * C4)));`);
  emit(`    const qi = q | 0;`);
  emit(`    return fractions[qi & TABLE] * poly * powers[(qi >> BITS) + 1023];`);
  emit(`  }`);
  emit(`  return tt >= EXP_UNDERFLOW ? Math.exp(tt * UNIT) : 0;`);
  emit(`}`);
  emit(`return function writtenOutFormPass(x, p, from, to, out, at) {`);
  // Every parameter in a local, read once per chunk.
  const locals = (name: string, array: string, length: number) => {
    for (let j = 0; j < length; j++) emit(`  const ${name}${j} = p.${array}[${j}];`);
  };
  const lengths = formArrayLengths(form, k, d);
  if (form !== "tied-full") locals("M", "means", k * d);
  locals("F", "scales", lengths.scales);
  locals("V", "shifted", lengths.shifted);
  locals("G", "origin", lengths.origin);
  locals("O", "offsets", k);
  locals("C", "centres", k * d);
  if (traceFromDistance(form, moments, centred)) {
    for (let h = 0; h < k; h++) emit(`  const S${h} = 1 / (F${h} * F${h});`);
  }
  emit(`  const acc = new Float64Array(${slot});`);
  emit(`  let sumMax = 0, sumLog = 0;`);
  emit(`  for (let start = from; start < to; start += 64) {`);
  emit(`    const end = Math.min(to, start + 64);`);
  emit(`    let product = 1;`);
  emit(`    for (let i = start, xi = start * ${d}; i < end; i++, xi += ${d}) {`);
  for (let a = 0; a < d; a++) emit(`      const x${a} = x[xi + ${a}];`);
  if (moments === "pooled") {
    for (let a = 0; a < d; a++) {
      emit(`      const d${a} = x${a} - C${a};`);
    }
  }
  if (form === "tied-full") {
    for (let a = 0; a < d; a++) {
      emit(`      let u${a} = x${a} - G${a};`);
      for (let b = 0; b < a; b++) emit(`      u${a} -= F${a * d + b} * y${b};`);
      emit(`      const y${a} = u${a} * F${a * d + a};`);
    }
  }
  for (let h = 0; h < k; h++) {
    emit(`      let q${h} = 0;`);
    if (form === "full") {
      const lh = h * d * d;
      for (let a = 0; a < d; a++) {
        if (reuse) {
          emit(`      const d${h}_${a} = x${a} - M${h * d + a};`);
          emit(`      let t${h}_${a} = d${h}_${a};`);
        } else emit(`      let t${h}_${a} = x${a} - M${h * d + a};`);
        for (let b = 0; b < a; b++) emit(`      t${h}_${a} -= F${lh + a * d + b} * z${h}_${b};`);
        emit(`      const z${h}_${a} = t${h}_${a} * F${lh + a * d + a};`);
        emit(`      q${h} += z${h}_${a} * z${h}_${a};`);
      }
      emit(`      const v${h} = O${h} - q${h} * half;`);
    } else if (form === "tied-full") {
      for (let a = 0; a < d; a++) {
        emit(`      const z${h}_${a} = y${a} - V${h * d + a};`);
        emit(`      q${h} += z${h}_${a} * z${h}_${a};`);
      }
      emit(`      const v${h} = O${h} - q${h} * half;`);
    } else {
      const spherical = form === "spherical" || form === "tied-spherical";
      for (let a = 0; a < d; a++) {
        const f = spherical ? h : h * d + a;
        if (reuse) {
          emit(`      const d${h}_${a} = x${a} - M${h * d + a};`);
          emit(`      const z${h}_${a} = d${h}_${a} * F${f};`);
        } else emit(`      const z${h}_${a} = (x${a} - M${h * d + a}) * F${f};`);
        emit(`      q${h} += z${h}_${a} * z${h}_${a};`);
      }
      emit(`      const v${h} = O${h} - q${h} * half;`);
    }
  }
  emit(`      let max = -Infinity;`);
  for (let h = 0; h < k; h++) emit(`      if (v${h} > max) max = v${h};`);
  emit(`      let sum = 0;`);
  for (let h = 0; h < k; h++) {
    emit(`      const e${h} = fexp(v${h} - max);`);
    emit(`      sum += e${h};`);
  }
  emit(`      sumMax += max;`);
  emit(`      product *= sum;`);
  emit(`      const inv = 1 / sum;`);
  const sAt = 1 + k;
  let qj = sAt + k * d;
  for (let h = 0; h < k; h++) {
    emit(`      const r${h} = e${h} * inv;`);
    emit(`      acc[${1 + h}] += r${h};`);
    for (let a = 0; a < d; a++) {
      if (moments === "pooled") emit(`      const d${h}_${a} = d${a};`);
      else if (!reuse) emit(`      const d${h}_${a} = x${a} - C${h * d + a};`);
      emit(`      const ra${h}_${a} = r${h} * d${h}_${a};`);
      emit(`      acc[${sAt + h * d + a}] += ra${h}_${a};`);
      if (moments === "full") {
        for (let b = 0; b <= a; b++) emit(`      acc[${qj++}] += ra${h}_${a} * d${h}_${b};`);
      } else if (moments === "diagonal") {
        emit(`      acc[${qj++}] += ra${h}_${a} * d${h}_${a};`);
      }
    }
    if (moments === "trace" && traceFromDistance(form, moments, centred)) {
      emit(`      acc[${qj++}] += r${h} * (q${h} * S${h});`);
    } else if (moments === "trace") {
      emit(`      let ss${h} = 0;`);
      for (let a = 0; a < d; a++) emit(`      ss${h} += d${h}_${a} * d${h}_${a};`);
      emit(`      acc[${qj++}] += r${h} * ss${h};`);
    }
  }
  emit(`    }`);
  emit(`    sumLog += Math.log(product);`);
  emit(`  }`);
  emit(`  acc[0] = sumMax * UNIT + sumLog;`);
  emit(`  out.set(acc, at);`);
  emit(`};`);
  return lines.join("\n");
}

// Warm the plain loop for every form (type feedback for all of its branches,
// as the full pass does); a worker does this when it loads.
{
  const mixture: FormMixture = {
    weights: [0.5, 0.5],
    means: [[0, 0], [40, 40]],
    covariances: [[[1, 0], [0, 1]], [[1, 0], [0, 1]]],
  };
  const x = new Float64Array([0, 1, 38, 40, 1, 0, 40, 39]);
  for (const form of COVARIANCE_FORMS) {
    for (const moments of MOMENT_SHAPES) {
      const p = formParameters(form, moments, mixture);
      const out = new Float64Array(formSlotSize(moments, 2, 2));
      for (let i = 0; i < 4; i++) accumulateFormRange(x, p, 0, 4, out, 0);
    }
  }
}
