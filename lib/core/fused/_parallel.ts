// The fused passes (1-D and d-D) split into fixed chunks of points. Each
// chunk's statistics are summed on their own, in the same order whoever
// computes them, and the chunks are then added in chunk order: the result is
// the same whatever the number of workers.

/** Points per chunk (a multiple of 64, the kernels' block of points). */
export const CHUNK_POINTS = 1 << 14;

/** Computes one chunk's statistics, points [from, to), into out[at … at + slot). */
export type ChunkFunction = (from: number, to: number, out: Float64Array, at: number) => void;

/** Something that can share the chunks of a pass with workers (lib/core/fused/_workers.ts). */
export interface PassRunner {
  /**
   * Compute every chunk into `results` (nChunks × slot), some of them on
   * workers that run `job`, the others here with `local`.
   */
  run(job: unknown, n: number, slot: number, local: ChunkFunction): Float64Array;
}

/** Run a pass over n points chunk by chunk, then add the chunks in order. */
export function runChunks(
  n: number,
  slot: number,
  local: ChunkFunction,
  runner?: PassRunner,
  job?: unknown,
): Float64Array {
  const chunks = Math.max(1, Math.ceil(n / CHUNK_POINTS));
  let results: Float64Array;
  if (runner !== undefined && chunks > 1) {
    results = runner.run(job, n, slot, local);
  } else {
    results = new Float64Array(chunks * slot);
    for (let c = 0; c < chunks; c++) {
      local(c * CHUNK_POINTS, Math.min(n, (c + 1) * CHUNK_POINTS), results, c * slot);
    }
  }
  return reduceChunks(results, chunks, slot);
}

/** Add the chunks' statistics in chunk order. */
export function reduceChunks(results: Float64Array, chunks: number, slot: number): Float64Array {
  const total = results.slice(0, slot);
  for (let c = 1; c < chunks; c++) {
    const at = c * slot;
    for (let j = 0; j < slot; j++) total[j]! += results[at + j]!;
  }
  return total;
}
