// The exp() the fused passes inline (1-D and d-D, TypeScript loops; the
// WebAssembly kernels compute the same): log-densities are kept in units of
// ln 2 / 256, so that exp() is table-driven as in libm without a multiply for
// its argument. For t in those units, q = round(t), r = t − q (exact,
// |r| ≤ 1/2), and exp = 2^(q >> 8) · 2^((q & 255)/256) · P(r), P the degree-4
// Taylor polynomial of 2^(r/256): within 3 ulp, and exactly Math.exp below
// −708 (natural units), where results turn subnormal.
import { EXP_FRACTIONS, EXP_POWERS, EXP_TABLE_SIZE } from "./_wasm.ts";

/** Log-densities are kept in units of ln 2 / 256: this many per natural unit. */
export const UNITS: number = EXP_TABLE_SIZE / Math.LN2;
/** One unit, ln 2 / 256, in natural units. */
export const UNIT: number = Math.LN2 / EXP_TABLE_SIZE;
const EXP_TABLE_BITS = 8;
/** exp(t) for t (in units) at or above this is inlined; below, Math.exp or 0. */
const FAST_EXP_MIN = -708 * UNITS;
/** Below this (−746 in natural units) exp() is 0. */
const EXP_UNDERFLOW = -746 * UNITS;
/** Taylor coefficients of 2^(r/256) = exp(r · UNIT), |r| ≤ 1/2. */
const C1 = UNIT, C2 = UNIT * UNIT / 2, C3 = UNIT * UNIT * UNIT / 6;
const C4 = UNIT * UNIT * UNIT * UNIT / 24;
/** Adding and subtracting 1.5 · 2^52 rounds a double to the nearest integer. */
const ROUND_SHIFT = 6755399441055744;

/**
 * eₕ = exp(lwₕ − max) for h < k, written into `e`, and their sum s
 * (log-weights `lw` and `max` in units of ln 2 / 256; max is the largest
 * lwₕ, so every eₕ ≤ 1 and s ≥ 1).
 */
export function shiftedExps(lw: Float64Array, max: number, k: number, e: Float64Array): number {
  const fractions = EXP_FRACTIONS, powers = EXP_POWERS;
  let s = 0;
  for (let h = 0; h < k; h++) {
    const t = lw[h]! - max;
    let y: number;
    if (t >= FAST_EXP_MIN) {
      const big = t + ROUND_SHIFT;
      const q = big - ROUND_SHIFT;
      const r = t - q;
      const p = 1 + r * (C1 + r * (C2 + r * (C3 + r * C4)));
      const qi = q | 0;
      y = fractions[qi & (EXP_TABLE_SIZE - 1)]! * p * powers[(qi >> EXP_TABLE_BITS) + 1023]!;
    } else {
      y = t >= EXP_UNDERFLOW ? Math.exp(t * UNIT) : 0;
    }
    e[h] = y;
    s += y;
  }
  return s;
}
