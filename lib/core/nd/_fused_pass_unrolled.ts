// The d-dimensional fused pass written out for one (k, d): the loops over
// components, coordinates and matrix entries unrolled into straight-line
// code, generated once per (k, d) and cached. It performs the same
// operations in the same order as accumulateMvRange (lib/core/nd/_fused_pass.ts),
// so both give the same numbers; the generic loop stays the readable
// reference and the fallback (tests/nd_fused_test.ts compares them).
import { EXP_FRACTIONS, EXP_POWERS, EXP_TABLE_SIZE } from "../fused/_wasm.ts";

/**
 * The per-component numbers the pass reads, all flat:
 * means (k·d), the Cholesky factors row by row (k·d·d, the diagonal stored as
 * 1/Lₐₐ), offsets (log λₕ − ½ log det Σₕ − d log √(2π), in units) and
 * centres (k·d).
 */
export interface MvPassParameters {
  readonly k: number;
  readonly d: number;
  readonly means: Float64Array;
  readonly factors: Float64Array;
  readonly offsets: Float64Array;
  readonly centres: Float64Array;
}

/** The signature of a pass over points [from, to) (as accumulateMvRange). */
export type MvRangePass = (
  x: Float64Array,
  p: MvPassParameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
) => void;

/** Largest k·d·(d + 1)/2 written out; beyond it the generic loop runs. */
export const MAX_UNROLLED_TERMS = 256;

const UNITS = EXP_TABLE_SIZE / Math.LN2;
const UNIT = Math.LN2 / EXP_TABLE_SIZE;

const cache = new Map<string, MvRangePass | null>();

/**
 * The unrolled pass for k components in d dimensions, or null when
 * k·d·(d + 1)/2 exceeds {@linkcode MAX_UNROLLED_TERMS} or the runtime does
 * not allow generated code.
 */
export function unrolledMvPass(k: number, d: number): MvRangePass | null {
  const key = `${k}x${d}`;
  if (cache.has(key)) return cache.get(key)!;
  let pass: MvRangePass | null = null;
  if (k >= 1 && d >= 1 && (k * d * (d + 1)) / 2 <= MAX_UNROLLED_TERMS) {
    try {
      const make = new Function(
        "fractions",
        "powers",
        "UNIT",
        "UNITS",
        passSource(k, d),
      ) as (f: Float64Array, p: Float64Array, u: number, us: number) => MvRangePass;
      pass = make(EXP_FRACTIONS, EXP_POWERS, UNIT, UNITS);
    } catch {
      pass = null;
    }
  }
  cache.set(key, pass);
  return pass;
}

/** The JavaScript source of the unrolled pass (a function body returning the pass). */
function passSource(k: number, d: number): string {
  const slot = 1 + k + k * d + k * (d * (d + 1)) / 2;
  const sAt = 1 + k, qAt = sAt + k * d;
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
  emit(`return function unrolledPass(x, p, from, to, out, at) {`);
  emit(`  const M = p.means, F = p.factors, O = p.offsets, C = p.centres;`);
  emit(`  const acc = new Float64Array(${slot});`);
  emit(`  let sumMax = 0, sumLog = 0;`);
  emit(`  for (let start = from; start < to; start += 64) {`);
  emit(`    const end = Math.min(to, start + 64);`);
  emit(`    let product = 1;`);
  emit(`    for (let i = start, xi = start * ${d}; i < end; i++, xi += ${d}) {`);
  for (let a = 0; a < d; a++) emit(`      const x${a} = x[xi + ${a}];`);
  // Log-densities through each Cholesky factor.
  for (let h = 0; h < k; h++) {
    const mh = h * d, lh = h * d * d;
    for (let a = 0; a < d; a++) {
      const la = lh + a * d;
      emit(`      let s${h}_${a} = x${a} - M[${mh + a}];`);
      for (let b = 0; b < a; b++) emit(`      s${h}_${a} -= F[${la + b}] * z${h}_${b};`);
      emit(`      const z${h}_${a} = s${h}_${a} * F[${la + a}];`);
    }
    const q = Array.from({ length: d }, (_, a) => `z${h}_${a} * z${h}_${a}`);
    emit(`      let q${h} = 0;`);
    for (const term of q) emit(`      q${h} += ${term};`);
    emit(`      const v${h} = O[${h}] - q${h} * half;`);
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
  // Sufficient statistics around the centres.
  let qj = qAt;
  for (let h = 0; h < k; h++) {
    const ch = h * d, sh = sAt + h * d;
    emit(`      const r${h} = e${h} * inv;`);
    emit(`      acc[${1 + h}] += r${h};`);
    for (let a = 0; a < d; a++) {
      emit(`      const d${h}_${a} = x${a} - C[${ch + a}];`);
      emit(`      const ra${h}_${a} = r${h} * d${h}_${a};`);
      emit(`      acc[${sh + a}] += ra${h}_${a};`);
      for (let b = 0; b <= a; b++) emit(`      acc[${qj++}] += ra${h}_${a} * d${h}_${b};`);
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
