// The memory layout and the functions of the d = 2 … 8 fused-pass kernels,
// shared by their generator (tools/wasm/kernel_nd.ts, which documents the
// layout) and their host side (lib/core/nd/_fused_nd_wasm.ts).

/** Dimensions a kernel is written out for (d = 1 fits run the 1-D pass). */
export const ND_KERNEL_DIMS: readonly number[] = [2, 3, 4, 5, 6, 7, 8];
/** Most components the memory layout has room for. */
export const ND_MAX_K = 64;
/** Points per call (the data region holds ND_CHUNK points of up to 8 coordinates). */
export const ND_CHUNK = 2048;
/** Pairs of points per block (log() is taken once per block). */
export const ND_BLOCK = 64;
/** Byte offsets of the memory regions (tools/wasm/kernel_nd.ts describes them). */
export const ND_LAYOUT = {
  params: 2048,
  sums: 67584,
  weights: 133120,
  distances: 198656,
  lanes: 265216,
  differences: 281600,
  data: 805888,
} as const;
/** Pages of 64 KiB: the regions and ND_CHUNK points of 8 coordinates. */
export const ND_PAGES: number = Math.ceil((ND_LAYOUT.data + ND_CHUNK * 8 * 8) / 65536);
/** Most pages a kernel's memory may have (4 GiB, all a 32-bit address reaches). */
export const ND_MAX_PAGES = 65536;

/** Pages of a memory that holds the regions and n points of d coordinates from ND_LAYOUT.data on. */
export function ndPagesFor(n: number, d: number): number {
  return Math.max(ND_PAGES, Math.ceil((ND_LAYOUT.data + 8 * n * d) / 65536));
}

/** The kernels' forms: how the covariance enters the log-density, and the moments added. */
export type NdKernelForm =
  | "full"
  | "diagonal"
  | "spherical"
  | "sphericalq"
  | "tied"
  | "diagonalp"
  | "sphericalp";
/** Every form, in the order of the module's functions. */
export const ND_KERNEL_FORMS: readonly NdKernelForm[] = [
  "full",
  "diagonal",
  "spherical",
  "sphericalq",
  "tied",
  "diagonalp",
  "sphericalp",
];

/** Whether a form adds the pooled sums (around component 0's centre, no second moments). */
export function ndPooled(form: NdKernelForm): boolean {
  return form === "tied" || form.endsWith("p");
}

/** Number of scales per component. */
export function ndScaleCount(form: NdKernelForm, d: number): number {
  if (form === "full" || form === "tied") return (d * (d + 1)) / 2;
  return form.startsWith("diagonal") ? d : 1;
}

/** Values per component in the parameter region (each a 16-byte vector). */
export function ndParamStride(form: NdKernelForm, d: number): number {
  const extra = form.startsWith("spherical") ? 1 : form === "tied" ? d : 0;
  return 1 + 2 * d + ndScaleCount(form, d) + extra;
}

/** Moments per component: the lower triangle, the diagonal or the trace. */
export function ndMomentCount(form: NdKernelForm, d: number): number {
  if (ndPooled(form)) return 0;
  return form === "full" ? (d * (d + 1)) / 2 : form === "diagonal" ? d : 1;
}

/** Values per component in the sums region: Σr, Σr(x − c), the moments. */
export function ndSumStride(form: NdKernelForm, d: number): number {
  return 1 + d + ndMomentCount(form, d);
}
