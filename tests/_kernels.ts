// Helpers of the fused-pass tests: run a check with a WebAssembly kernel on
// and off, and a relative error that tolerates values near 0.

/** A switch like `wasmKernel` / `mv2Kernel`: whether the WebAssembly kernel is used. */
export interface KernelSwitch {
  enabled: boolean;
}

/** Both implementations of a pass: the WebAssembly SIMD kernel and the TypeScript loop. */
export function bothKernels(
  kernel: KernelSwitch,
): { name: string; run(fn: () => void): void }[] {
  return [
    { name: "wasm", enabled: true },
    { name: "typescript", enabled: false },
  ].map(({ name, enabled }) => ({
    name,
    run(fn: () => void) {
      kernel.enabled = enabled;
      try {
        fn();
      } finally {
        kernel.enabled = true;
      }
    },
  }));
}

/** |a − b| relative to max(|a|, |b|, scale); scale guards values near 0. */
export function relErr(a: number, b: number, scale = 0): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), scale);
}
