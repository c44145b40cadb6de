// A worker of lib/core/fused/_workers.ts: it waits for a new generation, claims chunks
// of the pass, computes each with the same code as the main thread, and
// waits again, until told to stop.
import { claimChunks, GEN, type WorkerSetup } from "./_workers.ts";
import { CHUNK_POINTS as CHUNK } from "./_parallel.ts";
import { accumulateChunk, type PassParameters } from "./_pass.ts";
import { accumulateMvChunk, type MvPassParameters } from "../nd/_fused_pass.ts";
import { accumulateFormChunk, formParametersFromJob, formSlotSize } from "../nd/_fused_forms.ts";

function serve({ control, params, results, x }: WorkerSetup): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(control, GEN, seen);
    const gen = Atomics.load(control, GEN);
    if (gen < 0) return;
    if (gen === seen) continue;
    seen = gen;
    let compute: ((c: number) => void) | undefined;
    claimChunks(control, gen, (c) => {
      // The parameters are read after the first claim: they cannot change
      // until this chunk is counted done.
      compute ??= chunkFunction(params, results, x);
      compute(c);
    });
  }
}

/** The chunk computation of the pass described in `params`. */
function chunkFunction(
  params: Float64Array,
  results: Float64Array,
  x: Float64Array,
): (c: number) => void {
  const kind = params[0]!, k = params[1]!, d = params[2]!;
  const local = params.slice(3);
  let o = 0;
  const take = (len: number) => local.subarray(o, o += len);
  if (kind === 1) {
    const p: PassParameters = {
      k,
      means: take(k),
      halfPrecisions: take(k),
      offsets: take(k),
      centres: take(k),
    };
    const slot = 1 + 3 * k;
    return (c) =>
      accumulateChunk(x, p, c * CHUNK, Math.min(x.length, (c + 1) * CHUNK), results, c * slot);
  }
  if (kind === 3) {
    const p = formParametersFromJob(k, d, take);
    const slot = formSlotSize(p.moments, k, d);
    const n = x.length / d;
    return (c) =>
      accumulateFormChunk(x, p, c * CHUNK, Math.min(n, (c + 1) * CHUNK), results, c * slot);
  }
  const p: MvPassParameters = {
    k,
    d,
    means: take(k * d),
    factors: take(k * d * d),
    offsets: take(k),
    centres: take(k * d),
  };
  const slot = 1 + k + k * d + (k * d * (d + 1)) / 2;
  const n = x.length / d;
  return (c) => accumulateMvChunk(x, p, c * CHUNK, Math.min(n, (c + 1) * CHUNK), results, c * slot);
}

// The worker's global scope, typed only as far as it is used here.
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent<WorkerSetup>) => void) | null;
  close(): void;
};
scope.onmessage = (e) => {
  serve(e.data);
  scope.close();
};
