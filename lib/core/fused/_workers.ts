// Sharing the chunks of a fused pass with workers. The points live in a
// SharedArrayBuffer; per pass the caller writes the per-component numbers
// into shared memory, bumps a generation counter and wakes the workers;
// every thread (this one included) claims chunks with one atomic
// compare-and-swap on a counter tagged with the generation, writes the
// chunk's statistics into its own slot and counts it done. This thread then
// waits until every chunk is done, and lib/core/fused/_parallel.ts adds the slots in
// chunk order — so the result does not depend on who computed what, nor on
// how many workers there are.
//
// This thread never waits for a worker to start: if none has started yet it
// simply claims every chunk itself. Workers are used only where they can
// be (Deno with SharedArrayBuffer and a blocking Atomics.wait on this
// thread); elsewhere the pass runs here.
import { CHUNK_POINTS, type ChunkFunction, type PassRunner } from "./_parallel.ts";

/** Passes run on this thread alone, and timed, before a default pool shares one. */
const LOCAL_PASSES = 2;

/** Int32 indices of the control block. */
export const GEN = 0, NEXT = 1, DONE = 2, CHUNKS = 3, FAILED = 4, CONTROL_SIZE = 8;
/** The generation tag lives in the upper bits of NEXT, the chunk index in the lower 16. */
export const CHUNK_BITS = 16, GEN_MASK = 0x7fff;

/** A pass's per-component numbers as they travel through shared memory. */
export interface PassJob {
  /** 1 for the 1-D pass, 2 for the d-dimensional full one, 3 for a covariance form's. */
  readonly kind: 1 | 2 | 3;
  readonly k: number;
  readonly d: number;
  /** The arrays the pass reads, in the order the worker expects them. */
  readonly arrays: readonly Float64Array[];
}

/** What a worker is sent once, when it starts. */
export interface WorkerSetup {
  readonly control: Int32Array;
  readonly params: Float64Array;
  readonly results: Float64Array;
  readonly x: Float64Array;
  readonly n: number;
}

/** Whether this runtime can share a pass with workers. */
export function workersAvailable(): boolean {
  const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno;
  if (typeof deno?.version?.deno !== "string") return false;
  if (typeof Worker !== "function" || typeof SharedArrayBuffer !== "function") return false;
  try {
    // Throws where this thread may not block (a browser's main thread).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The number of threads to use by default: the cores, at most 8. */
export function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return Math.max(1, Math.min(8, typeof cores === "number" ? cores : 1));
}

/** Copy `x` into a SharedArrayBuffer, unless it already is in one. */
export function toShared(x: Float64Array): Float64Array {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  const shared = new Float64Array(new SharedArrayBuffer(x.byteLength));
  shared.set(x);
  return shared;
}

/** Workers sharing the passes over one data set; close() when done. */
export class PassPool implements PassRunner {
  readonly #control: Int32Array;
  readonly #params: Float64Array;
  readonly #results: Float64Array;
  readonly #workers: Worker[] = [];
  #generation = 0;
  /** Whether the worker count is the default one, to be kept only if it pays. */
  #auto: boolean;
  /** ms of the passes this thread ran alone (with the default count). */
  readonly #localMs: number[] = [];
  #sharedPasses = 0;
  /** The data, in shared memory. */
  readonly x: Float64Array;

  /**
   * @param x The data (flat), in a SharedArrayBuffer.
   * @param n Number of points.
   * @param slot Most numbers one chunk's statistics take.
   * @param paramSize Most numbers a pass's per-component arrays take.
   * @param helpers Number of workers (besides this thread).
   * @param auto Whether the count is the default one: then the first passes
   *   run here alone and the workers are kept only if they pay.
   */
  constructor(
    x: Float64Array,
    n: number,
    slot: number,
    paramSize: number,
    helpers: number,
    auto = false,
  ) {
    const chunks = Math.max(1, Math.ceil(n / CHUNK_POINTS));
    this.x = x;
    this.#auto = auto;
    this.#control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_SIZE));
    this.#params = new Float64Array(new SharedArrayBuffer(8 * (3 + paramSize)));
    this.#results = new Float64Array(new SharedArrayBuffer(8 * chunks * slot));
    const setup: WorkerSetup = {
      control: this.#control,
      params: this.#params,
      results: this.#results,
      x,
      n,
    };
    for (let w = 0; w < helpers; w++) {
      const worker = new Worker(new URL("./_worker.ts", import.meta.url), { type: "module" });
      // A worker that fails to start simply never claims a chunk.
      worker.onerror = (e) => e.preventDefault();
      worker.postMessage(setup);
      this.#workers.push(worker);
    }
  }

  /** Number of worker threads. */
  get helpers(): number {
    return this.#workers.length;
  }

  run(job: unknown, n: number, slot: number, local: ChunkFunction): Float64Array {
    const results = this.#results;
    const chunks = Math.ceil(n / CHUNK_POINTS);
    if (this.#workers.length === 0 || (this.#auto && this.#localMs.length < LOCAL_PASSES)) {
      // No workers (closed), or timing passes on this thread alone first:
      // the same chunks, the same slots, so the same result.
      const t0 = performance.now();
      for (let c = 0; c < chunks; c++) {
        local(c * CHUNK_POINTS, Math.min(n, (c + 1) * CHUNK_POINTS), results, c * slot);
      }
      if (this.#workers.length > 0) this.#localMs.push(performance.now() - t0);
      return results.subarray(0, chunks * slot);
    }
    const t0 = performance.now();
    let mine = 0;
    const { kind, k, d, arrays } = job as PassJob;
    const control = this.#control, params = this.#params;
    params[0] = kind;
    params[1] = k;
    params[2] = d;
    let o = 3;
    for (const a of arrays) {
      params.set(a, o);
      o += a.length;
    }
    this.#generation = (this.#generation % GEN_MASK) + 1;
    const gen = this.#generation;
    Atomics.store(control, CHUNKS, chunks);
    Atomics.store(control, DONE, 0);
    Atomics.store(control, FAILED, 0);
    Atomics.store(control, NEXT, gen << CHUNK_BITS);
    Atomics.store(control, GEN, gen);
    Atomics.notify(control, GEN);
    claimChunks(control, gen, (c) => {
      mine++;
      local(c * CHUNK_POINTS, Math.min(n, (c + 1) * CHUNK_POINTS), results, c * slot);
    });
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= chunks) break;
      Atomics.wait(control, DONE, done, 100);
    }
    if (Atomics.load(control, FAILED) !== 0) {
      // A worker could not compute its chunk: compute every chunk here.
      for (let c = 0; c < chunks; c++) {
        local(c * CHUNK_POINTS, Math.min(n, (c + 1) * CHUNK_POINTS), results, c * slot);
      }
    }
    if (this.#auto) this.#decide(performance.now() - t0, mine < chunks);
    return results.subarray(0, chunks * slot);
  }

  /**
   * With the default worker count: keep the workers only if a pass they
   * shared was faster than the fastest pass this thread ran alone (by 10 %);
   * otherwise (a busy machine, a small pass) close them and run here. Passes
   * before any worker has started do not count, up to a few.
   */
  #decide(ms: number, shared: boolean): void {
    this.#sharedPasses++;
    if (!shared && this.#sharedPasses < 8) return;
    if (!(shared && ms < 0.9 * Math.min(...this.#localMs))) this.close();
    this.#auto = false;
  }

  /** Stop and terminate the workers. */
  close(): void {
    Atomics.store(this.#control, GEN, -1);
    Atomics.notify(this.#control, GEN);
    for (const worker of this.#workers) worker.terminate();
    this.#workers.length = 0;
  }
}

/**
 * Claim chunks of generation `gen` one at a time until none is left, calling
 * `compute` on each and counting it done. Used by this thread and the workers.
 */
export function claimChunks(control: Int32Array, gen: number, compute: (c: number) => void): void {
  for (;;) {
    const v = Atomics.load(control, NEXT);
    if (v >>> CHUNK_BITS !== gen) return;
    const c = v & ((1 << CHUNK_BITS) - 1);
    if (c >= Atomics.load(control, CHUNKS)) return;
    if (Atomics.compareExchange(control, NEXT, v, v + 1) !== v) continue;
    try {
      compute(c);
    } catch {
      Atomics.store(control, FAILED, 1);
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

/**
 * The work from which workers are tried by default, measured as N × (numbers
 * one chunk's statistics take: 1 + 3k in 1-D, 1 + k + kd + kd(d + 1)/2 in
 * d dimensions) — about N = 200 000 in 1-D with k = 5, where one pass takes
 * a few ms. Whether they stay is then decided by timing (PassPool).
 */
export const PARALLEL_MIN_WORK = 3_200_000;

/**
 * A pool for a fit over n points when more than one thread is asked for (or,
 * with `threads` 0, by default when n × slot ≥ PARALLEL_MIN_WORK) and the
 * runtime allows it; otherwise undefined and the passes run on this thread.
 */
export function openPool(
  x: Float64Array,
  n: number,
  slot: number,
  paramSize: number,
  threads: number,
): PassPool | undefined {
  const wanted = threads === 0 ? (n * slot >= PARALLEL_MIN_WORK ? defaultThreads() : 1) : threads;
  const chunks = Math.ceil(n / CHUNK_POINTS);
  if (wanted <= 1 || chunks < 2 || chunks >= 1 << CHUNK_BITS || !workersAvailable()) {
    return undefined;
  }
  const helpers = Math.min(wanted, chunks) - 1;
  return new PassPool(toShared(x), n, slot, paramSize, helpers, threads === 0);
}
