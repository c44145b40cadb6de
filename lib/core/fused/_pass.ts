// The 1-D fused pass itself (see lib/core/em/fused.ts for what it computes and why):
// the TypeScript loop, the call into the WebAssembly SIMD kernel, and the
// split into fixed chunks that workers can share (lib/core/fused/_parallel.ts).
import type { Mixture } from "../model/mixture.ts";
import { LOG_SQRT_2PI } from "../math/normal.ts";
import { accumulateWithKernel, KERNEL_MAX_K, loadKernel, wasmKernel } from "./_wasm.ts";
import { type PassRunner, runChunks } from "./_parallel.ts";
import { shiftedExps, UNIT, UNITS } from "./_exp.ts";

/**
 * The pass itself. Per point: log wₕ = log λₕ − log σₕ − log √(2π) − (x − μₕ)²/(2σₕ²),
 * m = maxₕ log wₕ, eₕ = exp(log wₕ − m), s = Σₕ eₕ, p̄(h | x) = eₕ / s,
 * log L += m + log s; then Nₕ += p̄, Σ += p̄ (x − cₕ), Σ² += p̄ (x − cₕ)².
 *
 * The log-densities are kept in units of ln 2 / 256, so that exp() is
 * table-driven as in libm without a multiply for its argument: for t in
 * those units, q = round(t), r = t − q (exact, |r| ≤ 1/2), and
 * exp = 2^(q >> 8) · 2^((q & 255)/256) · P(r), P the degree-4 Taylor
 * polynomial of 2^(r/256): within 3 ulp, and exactly Math.exp below −708
 * (natural units), where results turn subnormal. log s is taken once per
 * block of points, on the product of their s (each in [1, k], so the
 * product cannot overflow).
 */
export function accumulate(
  x: Float64Array,
  mixture: Mixture,
  centres: Float64Array,
  runner?: PassRunner,
): { logLikelihood: number; counts: Float64Array; sums: Float64Array; squares: Float64Array } {
  const p = passParameters(mixture, centres);
  const k = p.k;
  const total = runChunks(
    x.length,
    1 + 3 * k,
    (from, to, out, at) => accumulateChunk(x, p, from, to, out, at),
    runner,
    { kind: 1, k, d: 1, arrays: [p.means, p.halfPrecisions, p.offsets, p.centres] },
  );
  return {
    logLikelihood: total[0]!,
    counts: total.slice(1, 1 + k),
    sums: total.slice(1 + k, 1 + 2 * k),
    squares: total.slice(1 + 2 * k),
  };
}

/** What the 1-D pass reads per component (k entries each; precisions and offsets in units). */
export interface PassParameters {
  readonly k: number;
  readonly means: Float64Array;
  readonly halfPrecisions: Float64Array;
  readonly offsets: Float64Array;
  readonly centres: Float64Array;
}

/** The 1-D pass's per-component numbers for a mixture and centres. */
export function passParameters(mixture: Mixture, centres: Float64Array): PassParameters {
  const k = mixture.weights.length;
  const means = new Float64Array(k), halfPrecisions = new Float64Array(k);
  const offsets = new Float64Array(k);
  for (let h = 0; h < k; h++) {
    const sd = mixture.stdDevs[h]!;
    means[h] = mixture.means[h]!;
    halfPrecisions[h] = (0.5 / (sd * sd)) * UNITS;
    offsets[h] = (Math.log(mixture.weights[h]!) - Math.log(sd) - LOG_SQRT_2PI) * UNITS;
  }
  return { k, means, halfPrecisions, offsets, centres };
}

/**
 * The pass over points [from, to): log L, counts, sums and squares into
 * out[at … at + 1 + 3k).
 */
export function accumulateChunk(
  x: Float64Array,
  p: PassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
): void {
  const r = accumulateRange(x.subarray(from, to), p);
  const k = p.k;
  out[at] = r.logLikelihood;
  out.set(r.counts, at + 1);
  out.set(r.sums, at + 1 + k);
  out.set(r.squares, at + 1 + 2 * k);
}

function accumulateRange(
  x: Float64Array,
  { k, means, halfPrecisions, offsets, centres }: PassParameters,
): { logLikelihood: number; counts: Float64Array; sums: Float64Array; squares: Float64Array } {
  const counts = new Float64Array(k), sums = new Float64Array(k), squares = new Float64Array(k);
  const lw = new Float64Array(k), e = new Float64Array(k);
  const n = x.length;
  const block = k <= 2 ? 64 : Math.max(1, Math.min(64, Math.floor(900 / Math.log2(k))));
  let sumMax = 0, sumLog = 0, from = 0;
  // The same loop in WebAssembly SIMD, four points at a time, where available.
  const kernel = wasmKernel.enabled && k <= KERNEL_MAX_K && n >= 64 ? loadKernel() : null;
  if (kernel !== null) {
    const done = accumulateWithKernel(
      kernel,
      x,
      means,
      halfPrecisions,
      offsets,
      centres,
      block,
      counts,
      sums,
      squares,
    );
    sumLog = done.logLikelihood;
    from = done.covered;
  }
  for (let start = from; start < n; start += block) {
    const end = Math.min(n, start + block);
    let product = 1;
    for (let i = start; i < end; i++) {
      const xi = x[i]!;
      let max = -Infinity;
      for (let h = 0; h < k; h++) {
        const d = xi - means[h]!;
        const v = offsets[h]! - d * d * halfPrecisions[h]!;
        lw[h] = v;
        if (v > max) max = v;
      }
      const s = shiftedExps(lw, max, k, e);
      sumMax += max;
      product *= s;
      const inv = 1 / s;
      for (let h = 0; h < k; h++) {
        const r = e[h]! * inv;
        const d = xi - centres[h]!;
        const rd = r * d;
        counts[h]! += r;
        sums[h]! += rd;
        squares[h]! += rd * d;
      }
    }
    sumLog += Math.log(product);
  }
  return { logLikelihood: sumMax * UNIT + sumLog, counts, sums, squares };
}

// Run the pass once on a tiny input that reaches every branch (both exp
// paths), so the optimising compiler has type feedback for all of it and
// does not throw its code away at the end of the first large pass.
// (V8 gives a function its feedback only after several calls.)
for (let i = 0; i < 16; i++) {
  accumulate(
    new Float64Array([0, 1, 38, 40]),
    { weights: [0.5, 0.5], means: [0, 40], stdDevs: [1, 1] },
    new Float64Array([0, 40]),
  );
}
