// The WebAssembly SIMD kernel of the d = 2 fused pass (lib/core/fused/_kernel_2d.wat)
// and its loader. The pass falls back to its TypeScript loop when
// WebAssembly SIMD is unavailable, for k > 64, and for an odd last point.
import { FUSED_MV2_KERNEL_BASE64 } from "../fused/_kernel_2d_bytes.ts";
import { instantiateKernel } from "../fused/_wasm.ts";

/** Most components the kernel's memory layout has room for. */
export const MV2_KERNEL_MAX_K = 64;
/** Points copied into the kernel's memory per call (even). */
const CHUNK = 32768;
// Float64 indices of the kernel's memory regions (see the .wat file).
const PARAMS = 256, SUMS = 1280, DATA = 2304;
/** Doubles per component: 8 parameters and 6 sums, two lanes each. */
const PARAM_STRIDE = 16, SUM_STRIDE = 12;

/** Switch for tests and benchmarks: `enabled = false` forces the TypeScript loop. */
export const mv2Kernel: { enabled: boolean } = { enabled: true };

interface Mv2Kernel {
  readonly memory: Float64Array;
  readonly pass: (pairs: number, k: number, block: number) => number;
}

let kernel: Mv2Kernel | null | undefined;

/** The instantiated kernel, or null where WebAssembly SIMD is not available. */
export function loadMv2Kernel(): Mv2Kernel | null {
  if (kernel !== undefined) return kernel;
  const module = instantiateKernel(FUSED_MV2_KERNEL_BASE64);
  kernel = module && { memory: module.memory, pass: module.exports.pass as Mv2Kernel["pass"] };
  return kernel;
}

/** What the kernel reads of a pass's parameters (d = 2). */
export interface Mv2Parameters {
  readonly k: number;
  readonly means: Float64Array;
  readonly factors: Float64Array;
  readonly offsets: Float64Array;
  readonly centres: Float64Array;
}

/**
 * Run the kernel over points [from, to) of the flat 2-D array x, writing log
 * L, counts, sums and squares (the layout of accumulateMvRange) into
 * out[at …]. Returns false (and writes nothing) when it cannot run.
 */
export function accumulateMv2WithKernel(
  kern: Mv2Kernel,
  x: Float64Array,
  p: Mv2Parameters,
  from: number,
  to: number,
  out: Float64Array,
  at: number,
  tail: (from: number, to: number, out: Float64Array, at: number) => void,
): boolean {
  const k = p.k;
  if (k > MV2_KERNEL_MAX_K) return false;
  const m = kern.memory;
  for (let h = 0; h < k; h++) {
    const b = PARAMS + PARAM_STRIDE * h;
    const values = [
      p.means[2 * h]!,
      p.means[2 * h + 1]!,
      p.factors[4 * h + 2]!,
      p.factors[4 * h]!,
      p.factors[4 * h + 3]!,
      p.offsets[h]!,
      p.centres[2 * h]!,
      p.centres[2 * h + 1]!,
    ];
    for (let j = 0; j < 8; j++) m[b + 2 * j] = m[b + 2 * j + 1] = values[j]!;
  }
  m.fill(0, SUMS, SUMS + SUM_STRIDE * k);
  const covered = from + ((to - from) & ~1);
  let logLikelihood = 0;
  for (let start = from; start < covered; start += CHUNK) {
    const end = Math.min(covered, start + CHUNK);
    m.set(x.subarray(2 * start, 2 * end), DATA);
    logLikelihood += kern.pass((end - start) >> 1, k, 64);
  }
  // The odd last point, if any, through the TypeScript loop.
  const slot = 1 + 6 * k;
  if (covered < to) tail(covered, to, out, at);
  else out.fill(0, at, at + slot);
  const lanes = (i: number) => m[i]! + m[i + 1]!;
  out[at]! += logLikelihood;
  for (let h = 0; h < k; h++) {
    const s = SUMS + SUM_STRIDE * h;
    out[at + 1 + h]! += lanes(s);
    out[at + 1 + k + 2 * h]! += lanes(s + 2);
    out[at + 1 + k + 2 * h + 1]! += lanes(s + 4);
    for (let j = 0; j < 3; j++) out[at + 1 + 3 * k + 3 * h + j]! += lanes(s + 6 + 2 * j);
  }
  return true;
}
