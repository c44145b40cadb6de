// The d-dimensional fused pass itself (see lib/core/nd/fused.ts for what it
// computes and why): the per-component numbers, the TypeScript loop for any
// d and the dispatch to the d = 2 … 8 WebAssembly SIMD kernels.
import { ParameterRangeError } from "../errors.ts";
import { LOG_SQRT_2PI } from "../math/normal.ts";
import { shiftedExps, UNIT, UNITS } from "../fused/_exp.ts";
import { cholesky } from "./_linalg.ts";
import type { MvMixture } from "./mixture.ts";
import { type MvPassParameters, unrolledMvPass } from "./_fused_pass_unrolled.ts";
import { accumulateWithNdKernel } from "./_fused_nd_wasm.ts";

export type { MvPassParameters } from "./_fused_pass_unrolled.ts";

/** Factor each covariance once per pass; throws like eStepMv when one is not positive definite. */
export function passParameters(mixture: MvMixture, centres?: Float64Array): MvPassParameters {
  const { weights, means, covariances } = mixture;
  const k = weights.length, d = means[0]!.length;
  const flatMeans = new Float64Array(k * d), factors = new Float64Array(k * d * d);
  const offsets = new Float64Array(k);
  for (let h = 0; h < k; h++) {
    const l = cholesky(covariances[h]!);
    if (l === null) {
      throw new ParameterRangeError(
        `mixture.covariances[${h}]`,
        "a positive definite matrix",
        JSON.stringify(covariances[h]),
        "Use a positive ridge so that no component collapses.",
      );
    }
    let logDet = 0;
    for (let a = 0; a < d; a++) {
      flatMeans[h * d + a] = means[h]![a]!;
      logDet += Math.log(l[a]![a]!);
      for (let b = 0; b < a; b++) factors[h * d * d + a * d + b] = l[a]![b]!;
      factors[h * d * d + a * d + a] = 1 / l[a]![a]!;
    }
    offsets[h] = (Math.log(weights[h]!) - logDet - d * LOG_SQRT_2PI) * UNITS;
  }
  return { k, d, means: flatMeans, factors, offsets, centres: centres ?? flatMeans.slice() };
}

/** Length of one chunk's statistics: log L, then counts, sums, squares. */
export function mvSlotSize(k: number, d: number): number {
  return 1 + k + k * d + k * (d * (d + 1)) / 2;
}

/**
 * The pass over points [from, to) in TypeScript, for any d: writes log L,
 * counts, sums and squares into `out` at `at` (mvSlotSize entries, zeroed here).
 */
export function accumulateMvRange(
  x: Float64Array,
  p: MvPassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
): void {
  const { k, d, means, factors, offsets, centres } = p;
  const sAt = 1 + k, qAt = sAt + k * d, slot = mvSlotSize(k, d);
  // The sums of this chunk, in a local array, copied to `out` at the end.
  const acc = new Float64Array(slot);
  const lw = new Float64Array(k), e = new Float64Array(k), z = new Float64Array(d);
  const diff = new Float64Array(d);
  const half = 0.5 * UNITS;
  const block = 64;
  let sumMax = 0, sumLog = 0;
  for (let start = from; start < to; start += block) {
    const end = Math.min(to, start + block);
    let product = 1;
    for (let i = start; i < end; i++) {
      const xi = i * d;
      let max = -Infinity;
      for (let h = 0, mh = 0, lh = 0; h < k; h++, mh += d, lh += d * d) {
        let q = 0;
        for (let a = 0, la = lh; a < d; a++, la += d) {
          let s = x[xi + a]! - means[mh + a]!;
          for (let b = 0; b < a; b++) s -= factors[la + b]! * z[b]!;
          const za = s * factors[la + a]!;
          z[a] = za;
          q += za * za;
        }
        const v = offsets[h]! - q * half;
        lw[h] = v;
        if (v > max) max = v;
      }
      const s = shiftedExps(lw, max, k, e);
      sumMax += max;
      product *= s;
      const inv = 1 / s;
      for (let h = 0, ch = 0, sh = sAt, qj = qAt; h < k; h++, ch += d, sh += d) {
        const r = e[h]! * inv;
        acc[1 + h]! += r;
        for (let a = 0; a < d; a++) {
          const da = x[xi + a]! - centres[ch + a]!;
          diff[a] = da;
          const ra = r * da;
          acc[sh + a]! += ra;
          for (let b = 0; b <= a; b++) acc[qj++]! += ra * diff[b]!;
        }
      }
    }
    sumLog += Math.log(product);
  }
  acc[0] = sumMax * UNIT + sumLog;
  out.set(acc, at);
}

/**
 * The pass over [from, to): the WebAssembly kernel for d = 2 … 8 where
 * available; otherwise the loop written out for this (k, d) (same
 * operations in the same order, about twice as fast), or the generic loop
 * when k and d are too large to write out.
 */
export function accumulateMvChunk(
  x: Float64Array,
  p: MvPassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
): void {
  if (
    to - from >= 64 &&
    accumulateWithNdKernel(
      "full",
      x,
      { ...p, scales: p.factors },
      from,
      to,
      out,
      at,
      (a, b, o, i) => accumulateMvRange(x, p, a, b, o, i),
    )
  ) return;
  const unrolled = unrolledMvPass(p.k, p.d);
  if (unrolled !== null) unrolled(x, p, from, to, out, at);
  else accumulateMvRange(x, p, from, to, out, at);
}

// Run the loop a few times on a tiny input that reaches both exp() paths,
// so that the optimising compiler has type feedback for all of it (as the
// 1-D pass does); a worker does this when it loads, before its first chunk.
{
  const warm = passParameters({
    weights: [0.5, 0.5],
    means: [[0, 0, 0], [40, 40, 40]],
    covariances: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]],
  });
  const x = new Float64Array([0, 1, 0, 38, 40, 40, 1, 0, 2, 40, 39, 40]);
  const out = new Float64Array(mvSlotSize(2, 3));
  for (let i = 0; i < 16; i++) accumulateMvRange(x, warm, 0, 4, out, 0);
}
