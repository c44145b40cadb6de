// The WebAssembly SIMD kernel of the fused pass (lib/core/fused/_kernel_1d.wat), and
// its loader. The pass falls back to its TypeScript loop when WebAssembly
// SIMD is unavailable, for k > 64, and for the last N mod 4 points.
import { FUSED_KERNEL_BASE64 } from "./_kernel_1d_bytes.ts";

/** Entries of the exp() table. */
export const EXP_TABLE_SIZE = 256;
/** 2^(j/256), j = 0 … 255: shared by the TypeScript loop and the kernel. */
export const EXP_FRACTIONS: Float64Array = new Float64Array(EXP_TABLE_SIZE);
for (let j = 0; j < EXP_TABLE_SIZE; j++) EXP_FRACTIONS[j] = Math.pow(2, j / EXP_TABLE_SIZE);
/** 2^(m − 1023), m = 0 … 1023 (exact): the integer part of the exponent. */
export const EXP_POWERS: Float64Array = new Float64Array(1024);
EXP_POWERS[1023] = 1;
for (let m = 1022; m >= 0; m--) EXP_POWERS[m] = EXP_POWERS[m + 1]! / 2;

/** Most components the kernel's memory layout has room for. */
export const KERNEL_MAX_K = 64;
/** Points copied into the kernel's memory per call (a multiple of 4). */
const CHUNK = 32768;
// DATA + CHUNK doubles = 278,528 bytes, within the kernel's 5 pages.
// Float64 indices of the kernel's memory regions (see the .wat file); the
// per-component values are stored twice, once per SIMD lane.
const FRACTIONS = 0, MEANS = 256, HALF_PRECISIONS = 384, OFFSETS = 512, CENTRES = 640;
// Sums: four lanes (two vectors) per component.
const COUNTS = 768, SUMS = 1024, SQUARES = 1280, SUMS_END = 1536, DATA = 2048;

/** Switch for tests and benchmarks: `enabled = false` forces the TypeScript loop. */
export const wasmKernel: { enabled: boolean } = { enabled: true };

interface Kernel {
  readonly memory: Float64Array;
  readonly pass: (pairs: number, k: number, block: number) => number;
}

let kernel: Kernel | null | undefined;

/** The instantiated kernel, or null where WebAssembly SIMD is not available. */
export function loadKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const bytes = Uint8Array.from(atob(FUSED_KERNEL_BASE64), (c) => c.charCodeAt(0));
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      m: { exp: Math.exp, log: Math.log },
    });
    const memory = new Float64Array((instance.exports.memory as WebAssembly.Memory).buffer);
    memory.set(EXP_FRACTIONS, FRACTIONS);
    kernel = { memory, pass: instance.exports.pass as Kernel["pass"] };
  } catch {
    kernel = null;
  }
  return kernel;
}

/**
 * Run the kernel over x[0 … 4⌊n/4⌋), adding into counts, sums and squares.
 * Returns the log-likelihood of those points and how many it covered.
 */
export function accumulateWithKernel(
  k: Kernel,
  x: Float64Array,
  means: Float64Array,
  halfPrecisions: Float64Array,
  offsets: Float64Array,
  centres: Float64Array,
  block: number,
  counts: Float64Array,
  sums: Float64Array,
  squares: Float64Array,
): { logLikelihood: number; covered: number } {
  const m = k.memory, kk = means.length;
  for (let h = 0; h < kk; h++) {
    m[MEANS + 2 * h] = m[MEANS + 2 * h + 1] = means[h]!;
    m[HALF_PRECISIONS + 2 * h] = m[HALF_PRECISIONS + 2 * h + 1] = halfPrecisions[h]!;
    m[OFFSETS + 2 * h] = m[OFFSETS + 2 * h + 1] = offsets[h]!;
    m[CENTRES + 2 * h] = m[CENTRES + 2 * h + 1] = centres[h]!;
  }
  m.fill(0, COUNTS, SUMS_END);
  const covered = x.length & ~3;
  let logLikelihood = 0;
  for (let from = 0; from < covered; from += CHUNK) {
    const to = Math.min(covered, from + CHUNK);
    m.set(x.subarray(from, to), DATA);
    logLikelihood += k.pass((to - from) >> 2, kk, block);
  }
  const lanes = (at: number) => (m[at]! + m[at + 1]!) + (m[at + 2]! + m[at + 3]!);
  for (let h = 0; h < kk; h++) {
    counts[h]! += lanes(COUNTS + 4 * h);
    sums[h]! += lanes(SUMS + 4 * h);
    squares[h]! += lanes(SQUARES + 4 * h);
  }
  return { logLikelihood, covered };
}
