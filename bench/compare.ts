/**
 * emlab's EM iteration against its peers, per iteration, on the same data:
 *
 * - emlab fused: the `em()` generator (one fused pass per iteration), timed
 *   from its first snapshot on; the first pass (checking the data, starting
 *   the workers, log L at the start) has its own column;
 * - emlab readable: `eStep` (the N × k responsibilities) then `mStep`;
 * - scikit-learn `GaussianMixture` (1 feature, full covariance, reg_covar 0,
 *   tol 0, fixed max_iter; only its E- and M-steps are timed);
 * - the original write-up's numpy/scipy algorithm (`norm.pdf` per
 *   component, normalise, three updates).
 *
 *     deno task bench:compare            # N = 1e3, 1e5, 1e6, 1e7; k = 2, 5 (~5 min here)
 *     deno task bench:compare --sizes=1e3,1e5 --k=5 --repeats=3 --no-rss
 *     deno task bench:compare --sizes=1e6 --k=5 --workers=1,2 --mv=1e5:5:5,1e6:2:3
 *     deno task bench:compare --sizes=1e3 --k=2 --workers=1 --mv=1e6:5:5 --covariances=diag --peer-threads=1 --no-rss
 *
 * `--workers=1,2` times the fused path with each number of threads (one row
 * each). The d-dimensional rows (`--mv=N:d:k,…`, default N = 1e5, 1e6 ×
 * (d, k) = (2, 3), (5, 5); `--mv=none` skips them) time `emMv()` (ridge
 * 1e-6) for each of scikit-learn's covariance types (`--covariances=full,tied,diag,spherical`,
 * the default) against scikit-learn's `GaussianMixture` with that
 * `covariance_type` and `reg_covar` 1e-6, from the same start, and check
 * that both end at the same λ, μ, Σ. With peak memory on, `fitMv()` is
 * measured at N = 1e7, d = 2, k = 3 as well (`--mv-rss=N` to change N).
 *
 * Each case's data set is drawn once (seeded), written once to
 * `.cache/bench/` as raw float64, and read back by every implementation.
 * All four start from the same λ, μ, σ, run the same number of iterations
 * with no variance floor, and must end at the same λ, μ, σ (checked; the
 * run fails otherwise). Times are medians of the repeats. The peers wait in
 * one Python process and run only between emlab's timings: a 1-D case's
 * repeats after emlab's, and each of emlab's d-dimensional repeats followed
 * by one of scikit-learn's, so that on a machine whose speed drifts both
 * sides of a row are timed in the same minutes. Then the peak RSS
 * of `fit()` at the largest N, k = 5 is measured in a fresh process.
 *
 * The peers run in `.cache/bench-venv` (created on first use from
 * bench/requirements.txt), with their BLAS on as many threads as it starts
 * (one per core) unless `--peer-threads=N` sets it (`--peer-threads=1`: both
 * sides on one thread). Some machines set OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE for old OpenBLAS builds; they slow a current numpy down,
 * so both are unset for the Python process only, and the table reports the
 * kernel threadpoolctl sees.
 *
 * @module
 */
import { join } from "node:path";
import { eStepUnchecked } from "../lib/core/em/e_step.ts";
import { mStepUnchecked } from "../lib/core/em/m_step.ts";
import {
  em,
  emMv,
  type Mixture,
  mixture,
  type MvMixture,
  mvMixture,
  sampleMixture,
  sampleMvMixture,
  seededSource,
} from "../lib/mod.ts";
import { ROOT } from "../tools/setup.ts";

const VENV = join(ROOT, ".cache", "bench-venv");
const PYTHON = join(VENV, "bin", "python");
const DATA_DIR = join(ROOT, ".cache", "bench");
const REQUIREMENTS = join(ROOT, "bench", "requirements.txt");
/** Final parameters of all implementations must agree to this (relative). */
const AGREEMENT = 1e-8;

/** The mixtures the data are drawn from. k = 2 is the original write-up's. */
const TRUTH: Record<number, Mixture> = {
  2: mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]),
  5: mixture([0.1, 0.2, 0.3, 0.25, 0.15], [-2, -1, 0, 1, 2.5], [0.3, 0.4, 0.5, 0.35, 0.6]),
};

/** The common start: equal weights, means moved by 0.3σ, σ × 1.5. */
function startFor(k: number): Mixture {
  const t = TRUTH[k]!;
  return mixture(
    t.weights.map(() => 1 / k),
    t.means.map((m, h) => m + (h % 2 === 0 ? 0.3 : -0.3) * t.stdDevs[h]!),
    t.stdDevs.map((s) => 1.5 * s),
  );
}

/** Iterations per timed run: enough for a measurable time, few for big N. */
function iterationsFor(n: number): number {
  return n <= 1e3 ? 200 : n <= 1e5 ? 20 : n <= 1e6 ? 10 : 3;
}

function parseArgs(args: string[]) {
  const get = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const sizes = (get("sizes") ?? "1e3,1e5,1e6,1e7").split(",").map(Number);
  const ks = (get("k") ?? "2,5").split(",").map(Number);
  const repeats = Number(get("repeats") ?? 5);
  const workers = (get("workers") ?? "1,2").split(",").map(Number);
  const mvText = get("mv") ?? "1e5:2:3,1e5:5:5,1e6:2:3,1e6:5:5";
  const mv = mvText === "none" ? [] : mvText.split(",").map((spec) => {
    const [n, d, k] = spec.split(":").map(Number);
    return { n: n!, d: d!, k: k! };
  });
  const mvRss = Number(get("mv-rss") ?? 1e7);
  const covariances = (get("covariances") ?? "full,tied,diag,spherical").split(",") as SkType[];
  for (const c of covariances) {
    if (!SK_TYPES.includes(c)) throw new Error(`--covariances: unknown type ${c}`);
  }
  return {
    sizes,
    ks,
    repeats,
    workers,
    mv,
    mvRss,
    covariances,
    rss: !args.includes("--no-rss"),
    peerThreads: get("peer-threads") === undefined ? undefined : Number(get("peer-threads")),
  };
}

function median(values: number[]): number {
  const s = values.toSorted((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(cmd: string, args: string[], env?: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "inherit",
    ...(env ? { env, clearEnv: true } : {}),
  }).output();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed (${out.code})`);
  return new TextDecoder().decode(out.stdout);
}

async function ensureBenchVenv(): Promise<void> {
  const requirements = await Deno.readTextFile(REQUIREMENTS);
  const stamp = join(VENV, ".emlab-bench-requirements");
  if (await exists(stamp) && (await Deno.readTextFile(stamp)) === requirements) return;
  console.error(`creating ${VENV} (numpy, scipy, scikit-learn)`);
  if (!(await exists(PYTHON))) await run("python3", ["-m", "venv", VENV]);
  await run(PYTHON, ["-m", "pip", "install", "-q", "-r", REQUIREMENTS]);
  await Deno.writeTextFile(stamp, requirements);
}

/**
 * The environment for the Python peers: this one without the OpenBLAS
 * overrides, and with their BLAS threads set when `threads` is given.
 */
function peerEnv(threads?: number): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads !== undefined) {
    for (const name of ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]) {
      env[name] = String(threads);
    }
  }
  return env;
}

interface Case {
  file: string;
  n: number;
  k: number;
  iterations: number;
  repeats: number;
  start: Mixture;
}

async function writeCase(n: number, k: number, repeats: number): Promise<Case> {
  const file = join(DATA_DIR, `compare_n${n}_k${k}.f64`);
  const { x } = sampleMixture(TRUTH[k]!, n, { seed: 20261126 + k, assignment: "random" });
  await Deno.writeFile(file, new Uint8Array(Float64Array.from(x).buffer));
  return { file, n, k, iterations: iterationsFor(n), repeats, start: startFor(k) };
}

async function readData(file: string): Promise<Float64Array> {
  const bytes = await Deno.readFile(file);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

/**
 * Time a run of `iterations` EM iterations after its first snapshot: the
 * first pass (checking the data, starting the workers, log L at the start)
 * is timed apart, as the peers' set-up is.
 */
function timeRun<M>(
  run: () => Iterable<{ mixture: M }>,
  iterations: number,
): { perIteration: number; first: number; final: M } {
  const t0 = performance.now();
  let t1 = t0, final: M | undefined;
  for (const s of run()) {
    if (final === undefined) t1 = performance.now();
    final = s.mixture;
  }
  const end = performance.now();
  return { perIteration: (end - t1) / iterations, first: t1 - t0, final: final! };
}

/** ms per iteration of the fused path (after the first pass), and ms of the first pass. */
function timeFused(
  x: Float64Array,
  c: Case,
  workers = 1,
): { ms: number[]; first: number[]; final: Mixture } {
  const ms: number[] = [], first: number[] = [];
  let final = c.start;
  const options = { tol: 0, maxIter: c.iterations, varianceFloor: 0, workers };
  for (let r = 0; r < c.repeats; r++) {
    const t = timeRun(() => em(x, c.start, options), c.iterations);
    ms.push(t.perIteration);
    first.push(t.first);
    final = t.final;
  }
  return { ms, first, final };
}

/** ms per iteration of the readable E-step (N × k matrix) and M-step. */
function timeReadable(
  x: Float64Array,
  c: Case,
  iterations: number,
  repeats: number,
): { ms: number[]; final: Mixture } {
  const ms: number[] = [];
  let final = c.start;
  for (let r = 0; r < repeats; r++) {
    let m = c.start;
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) {
      const { responsibilities } = eStepUnchecked(x, m);
      m = mStepUnchecked(x, responsibilities, 0, m).mixture;
    }
    ms.push((performance.now() - t0) / iterations);
    final = m;
  }
  return { ms, final };
}

interface Params {
  weights: readonly number[];
  means: readonly number[];
  stdDevs: readonly number[];
}

/** Largest relative difference of two parameter sets (means on the scale of σ too). */
function difference(a: Params, b: Params): number {
  let worst = 0;
  const rel = (u: number, v: number, scale = 0) =>
    Math.abs(u - v) / Math.max(Math.abs(u), Math.abs(v), scale, Number.MIN_VALUE);
  for (let h = 0; h < a.weights.length; h++) {
    worst = Math.max(
      worst,
      rel(a.weights[h]!, b.weights[h]!),
      rel(a.means[h]!, b.means[h]!, a.stdDevs[h]!),
      rel(a.stdDevs[h]!, b.stdDevs[h]!),
    );
  }
  return worst;
}

/** scikit-learn's covariance types. */
type SkType = "full" | "tied" | "diag" | "spherical";
const SK_TYPES: readonly SkType[] = ["full", "tied", "diag", "spherical"];

/** The ridge of the d-dimensional rows, for emlab and scikit-learn (reg_covar) alike. */
const MV_RIDGE = 1e-6;

/** A d-dimensional mixture to draw from: k clusters, correlated covariances (seeded). */
function mvTruth(d: number, k: number): MvMixture {
  const u = seededSource(1000 * d + k);
  const means = Array.from({ length: k }, () => Array.from({ length: d }, () => 8 * u() - 4));
  const covariances = Array.from({ length: k }, () => {
    const a = Array.from({ length: d }, () => Array.from({ length: d }, () => u() - 0.5));
    return a.map((ra, i) =>
      a.map((rb, j) => ra.reduce((s, v, p) => s + v * rb[p]!, 0) + (i === j ? 0.3 : 0))
    );
  });
  return mvMixture(new Array(k).fill(1 / k), means, covariances);
}

/** The common start: equal weights, means moved by 0.3σ per coordinate, Σ × 1.5. */
function mvStartFor(truth: MvMixture): MvMixture {
  const k = truth.weights.length;
  return mvMixture(
    truth.weights.map(() => 1 / k),
    truth.means.map((m, h) =>
      m.map((v, a) => v + (h % 2 === 0 ? 0.3 : -0.3) * Math.sqrt(truth.covariances[h]![a]![a]!))
    ),
    truth.covariances.map((c) => c.map((row) => row.map((v) => 1.5 * v))),
  );
}

interface MvCase {
  file: string;
  n: number;
  d: number;
  k: number;
  covariance: SkType;
  iterations: number;
  repeats: number;
  ridge: number;
  start: MvMixture;
}

/** A start in the family of a covariance type (tied: the mean matrix; spherical: the mean variance). */
function startInType(start: MvMixture, type: SkType): MvMixture {
  const k = start.weights.length, d = start.means[0]!.length;
  const diagonal = (v: number[]) => v.map((x, a) => v.map((_, b) => (a === b ? x : 0)));
  const covariances = start.covariances.map((c) => {
    if (type === "full") return c.map((row) => [...row]);
    if (type === "tied") {
      return c.map((row, a) =>
        row.map((_, b) => start.covariances.reduce((s, m) => s + m[a]![b]!, 0) / k)
      );
    }
    if (type === "diag") return diagonal(c.map((row, a) => row[a]!));
    return diagonal(new Array(d).fill(c.reduce((s, row, a) => s + row[a]!, 0) / d));
  });
  return mvMixture([...start.weights], start.means.map((m) => [...m]), covariances);
}

async function writeMvCase(
  n: number,
  d: number,
  k: number,
  repeats: number,
  covariance: SkType = "full",
): Promise<MvCase> {
  const file = join(DATA_DIR, `compare_mv_n${n}_d${d}_k${k}.f64`);
  const truth = mvTruth(d, k);
  const { x } = sampleMvMixture(truth, n, { seed: 20261130 + d * 10 + k });
  const flat = new Float64Array(n * d);
  x.forEach((row, i) => flat.set(row, i * d));
  await Deno.writeFile(file, new Uint8Array(flat.buffer));
  return {
    file,
    n,
    d,
    k,
    covariance,
    iterations: iterationsFor(n),
    repeats,
    ridge: MV_RIDGE,
    start: startInType(mvStartFor(truth), covariance),
  };
}

/** The points of an mv case as rows, as a user would pass them. */
async function readRows(file: string, d: number): Promise<number[][]> {
  const flat = await readData(file);
  return Array.from(
    { length: flat.length / d },
    (_, i) => Array.from(flat.subarray(i * d, i * d + d)),
  );
}

/** An emMv run of a case's covariance type. */
function runMv(x: number[][], c: MvCase, workers: number): Iterable<{ mixture: MvMixture }> {
  const options = { tol: 0, maxIter: c.iterations, ridge: c.ridge, workers };
  return emMv(x, c.start, { ...options, covariance: c.covariance });
}

/** One timed emMv run: ms per iteration (after the first pass), ms of the first pass, the end. */
function timeMvOnce(
  x: number[][],
  c: MvCase,
  workers: number,
): { ms: number; first: number; final: MvMixture } {
  const t = timeRun(() => runMv(x, c, workers), c.iterations);
  return { ms: t.perIteration, first: t.first, final: t.final };
}

/** The peers' first line: their versions and BLAS thread pools. */
interface PeerHeader {
  versions: Record<string, string>;
  threadpools: Record<string, unknown>[];
}

/** emlab's repeats of an mv case with one number of threads. */
interface MvTimes {
  ms: number[];
  first: number[];
  final: MvMixture;
}

/**
 * The Python peers (bench/compare_peers.py), one process for the whole run:
 * the manifest, then one request per line, each answered by one JSON line.
 * A request is sent only while emlab is not timing, and awaited before it
 * times again.
 */
class Peers {
  readonly #child: Deno.ChildProcess;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #lines: AsyncIterator<string>;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    this.#lines = linesOf(child.stdout);
  }

  /** Start the process and send it the manifest; resolves to it and its first line (versions, BLAS). */
  static async start(
    manifest: unknown,
    threads?: number,
  ): Promise<{ peers: Peers; header: PeerHeader }> {
    const peers = new Peers(
      new Deno.Command(PYTHON, {
        args: [join(ROOT, "bench", "compare_peers.py")],
        stdin: "piped",
        stdout: "piped",
        stderr: "inherit",
        env: peerEnv(threads),
        clearEnv: true,
      }).spawn(),
    );
    await peers.#writer.write(new TextEncoder().encode(JSON.stringify(manifest) + "\n"));
    return { peers, header: await peers.#next() };
  }

  async #next() {
    const line = await this.#lines.next();
    if (line.done) {
      const status = await this.#child.status;
      throw new Error(`compare_peers.py stopped (${status.code})`);
    }
    return JSON.parse(line.value);
  }

  /** Send one request and wait for its answer. */
  async request(request: { case: number } | { mvCase: number }) {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(request) + "\n"));
    return await this.#next();
  }

  async close(): Promise<void> {
    await this.#writer.close();
    const status = await this.#child.status;
    if (!status.success) throw new Error(`compare_peers.py failed (${status.code})`);
  }
}

/** The lines of a byte stream, as they arrive. */
async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const bytes of stream) {
    buffer += decoder.decode(bytes, { stream: true });
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      yield buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
    }
  }
  if (buffer !== "") yield buffer;
}

/** Largest relative difference of two d-dimensional parameter sets. */
function mvDifference(a: MvMixture, b: MvMixture): number {
  let worst = 0;
  const rel = (u: number, v: number, scale = 0) =>
    Math.abs(u - v) / Math.max(Math.abs(u), Math.abs(v), scale, Number.MIN_VALUE);
  for (let h = 0; h < a.weights.length; h++) {
    worst = Math.max(worst, rel(a.weights[h]!, b.weights[h]!));
    const ca = a.covariances[h]!, cb = b.covariances[h]!;
    for (let i = 0; i < ca.length; i++) {
      worst = Math.max(worst, rel(a.means[h]![i]!, b.means[h]![i]!, Math.sqrt(ca[i]![i]!)));
      for (let j = 0; j < ca.length; j++) {
        worst = Math.max(worst, rel(ca[i]![j]!, cb[i]![j]!, Math.sqrt(ca[i]![i]! * ca[j]![j]!)));
      }
    }
  }
  return worst;
}

async function peakRss(file: string, k: number, mode: string): Promise<number> {
  const out = await run(Deno.execPath(), [
    "run",
    "-A",
    join(ROOT, "bench", "peak_rss.ts"),
    mode,
    file,
    String(k),
  ]);
  return JSON.parse(out).peakMiB;
}

function fmt(v: number | undefined, digits = 3): string {
  if (v === undefined || !Number.isFinite(v)) return "—";
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toPrecision(digits);
}

async function main(): Promise<void> {
  const { sizes, ks, repeats, workers, mv, mvRss, covariances, rss, peerThreads } = parseArgs(
    Deno.args,
  );
  await Deno.mkdir(DATA_DIR, { recursive: true });
  await ensureBenchVenv();
  const load = () => Deno.loadavg().map((v) => v.toFixed(2)).join(" ");
  const cpu = (await Deno.readTextFile("/proc/cpuinfo")).match(/model name\s*:\s*(.*)/)?.[1];
  console.log(
    `# emlab EM iteration: fused vs readable vs scikit-learn vs numpy original\n` +
      `date ${new Date().toISOString()} · ${cpu} · ${navigator.hardwareConcurrency} cores · ` +
      `deno ${Deno.version.deno} (V8 ${Deno.version.v8}) · load avg at start ${load()}\n` +
      `command: deno task bench:compare ${Deno.args.join(" ")}`.trimEnd(),
  );

  const cases: Case[] = [];
  for (const n of sizes) for (const k of ks) cases.push(await writeCase(n, k, repeats));
  const mvCases: MvCase[] = [];
  for (const { n, d, k } of mv) {
    for (const type of covariances) mvCases.push(await writeMvCase(n, d, k, repeats, type));
  }
  // The peers wait in their own process; each is run only between emlab's timings.
  const { peers: peerProcess, header } = await Peers.start({ cases, mvCases }, peerThreads);

  // emlab, then the peers, case by case.
  const emlab = new Map<string, {
    fused: ReturnType<typeof timeFused>;
    threaded: Map<number, ReturnType<typeof timeFused>>;
    readable: ReturnType<typeof timeReadable>;
    readableDelta: number;
    readableNote: string;
  }>();
  const peers = new Map<string, {
    sklearn: { msPerIteration: number; samples: number[]; final: Params };
    numpy: { msPerIteration: number; samples: number[]; final: Params };
  }>();
  for (const [index, c] of cases.entries()) {
    const x = await readData(c.file);
    const fused = timeFused(x, c, 1);
    const threaded = new Map<number, ReturnType<typeof timeFused>>();
    for (const w of workers) if (w !== 1) threaded.set(w, timeFused(x, c, w));
    // The readable path builds N arrays of k numbers per iteration: at 1e7
    // that is ~1 GB and seconds per iteration, so fewer runs there.
    const big = c.n >= 1e7;
    const rIter = big ? 1 : c.n >= 1e6 ? 2 : c.iterations;
    const rRep = big ? Math.min(3, c.repeats) : c.repeats;
    const readable = timeReadable(x, { ...c, iterations: c.iterations }, rIter, rRep);
    // The readable path must end where the fused one does after as many iterations.
    let reference = fused.final;
    if (rIter !== c.iterations) {
      for (const s of em(x, c.start, { tol: 0, maxIter: rIter, varianceFloor: 0 })) {
        reference = s.mixture;
      }
    }
    emlab.set(`${c.n}/${c.k}`, {
      fused,
      threaded,
      readable,
      readableDelta: difference(readable.final, reference),
      readableNote: rIter === c.iterations && rRep === c.repeats ? "" : `${rIter} it × ${rRep}`,
    });
    console.error(`emlab N=${c.n} k=${c.k}: fused ${fmt(median(fused.ms))} ms/it`);
    peers.set(`${c.n}/${c.k}`, await peerProcess.request({ case: index }));
  }

  // The d-dimensional rows: each repeat of emlab (with each number of
  // threads) followed by one of scikit-learn's, so that both sides of a row
  // are timed in the same minutes.
  const mvKey = (c: { n: number; d: number; k: number; covariance: string }) =>
    `${c.n}/${c.d}/${c.k}/${c.covariance}`;
  const emlabMv = new Map<string, Map<number, MvTimes>>();
  const mvPeers = new Map<string, { sklearn: { samples: number[]; final: MvMixture } }>();
  let rowsOf: { file: string; rows: number[][] } | undefined;
  for (const [index, c] of mvCases.entries()) {
    if (rowsOf?.file !== c.file) rowsOf = { file: c.file, rows: await readRows(c.file, c.d) };
    const byWorkers = new Map<number, MvTimes>(
      workers.map((w) => [w, { ms: [], first: [], final: c.start }]),
    );
    const sklearn = { samples: [] as number[], final: c.start };
    for (let r = 0; r < c.repeats; r++) {
      for (const w of workers) {
        const t = timeMvOnce(rowsOf.rows, c, w), times = byWorkers.get(w)!;
        times.ms.push(t.ms);
        times.first.push(t.first);
        times.final = t.final;
      }
      const answer = await peerProcess.request({ mvCase: index });
      sklearn.samples.push(answer.ms);
      sklearn.final = answer.final;
    }
    emlabMv.set(mvKey(c), byWorkers);
    mvPeers.set(mvKey(c), { sklearn });
    console.error(
      `emlab emMv ${c.covariance} N=${c.n} d=${c.d} k=${c.k}: ` +
        [...byWorkers].map(([w, t]) => `${w} thread(s) ${fmt(median(t.ms))} ms/it`).join(", ") +
        `; scikit-learn ${fmt(median(sklearn.samples))} ms/it`,
    );
  }
  await peerProcess.close();

  const pools = header.threadpools.map((p: Record<string, unknown>) =>
    `${p.internal_api} ${p.version ?? ""} ${p.architecture ?? ""} ×${p.num_threads}`.replace(
      /\s+/g,
      " ",
    )
  );
  console.log(
    `python ${header.versions.python} · numpy ${header.versions.numpy} · scipy ${header.versions.scipy} · ` +
      `scikit-learn ${header.versions.sklearn} · threadpoolctl: ${pools.join("; ")} ` +
      `(OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset for Python)`,
  );
  console.log(
    `repeats ${repeats}, median ms per EM iteration (E-step + M-step) after the first pass; ` +
      "first pass: checking the data, starting the workers, log L at the start\n",
  );
  console.log(
    "| N | k | threads | fused ms/it | fused ns/(x·k) | first pass ms | readable ms/it | sklearn ms/it | numpy ms/it | readable/fused | sklearn/fused | numpy/fused | max Δ params |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  let disagreement = 0;
  const results = [];
  for (const c of cases) {
    const e = emlab.get(`${c.n}/${c.k}`)!;
    const p = peers.get(`${c.n}/${c.k}`)!;
    const fused = median(e.fused.ms), readable = median(e.readable.ms);
    const sk = p.sklearn.msPerIteration as number, np = p.numpy.msPerIteration as number;
    const delta = Math.max(
      e.readableDelta,
      difference(e.fused.final, p.sklearn.final),
      difference(e.fused.final, p.numpy.final),
    );
    if (!(delta <= AGREEMENT)) disagreement++;
    const readableCell = fmt(readable) + (e.readableNote ? ` (${e.readableNote})` : "");
    console.log(
      `| ${c.n.toExponential(0)} | ${c.k} | 1 | ${fmt(fused)} | ${
        fmt((fused * 1e6) / (c.n * c.k))
      } | ${fmt(median(e.fused.first))} | ` +
        `${readableCell} | ${fmt(sk)} | ${fmt(np)} | ${fmt(readable / fused)}× | ` +
        `${fmt(sk / fused)}× | ${fmt(np / fused)}× | ${delta.toExponential(1)} |`,
    );
    for (const [w, t] of e.threaded) {
      const ms = median(t.ms);
      const d = Math.max(difference(t.final, e.fused.final), difference(t.final, p.sklearn.final));
      if (!(d <= AGREEMENT)) disagreement++;
      console.log(
        `| ${c.n.toExponential(0)} | ${c.k} | ${w} | ${fmt(ms)} | ${
          fmt((ms * 1e6) / (c.n * c.k))
        } | ${fmt(median(t.first))} | | ${fmt(sk)} | | | ${fmt(sk / ms)}× | ${fmt(np / ms)}× | ${
          d.toExponential(1)
        } |`,
      );
    }
    results.push({
      n: c.n,
      k: c.k,
      fused: e.fused.ms,
      readable: e.readable.ms,
      sklearn: p.sklearn.samples,
      numpy: p.numpy.samples,
      delta,
    });
  }
  if (mvCases.length > 0) {
    console.log(
      `\nd dimensions, ridge = reg_covar = ${MV_RIDGE}: emMv() vs scikit-learn ` +
        "GaussianMixture with the same covariance type, same start, median ms per EM iteration; " +
        "each of emlab's repeats followed by one of scikit-learn's (per repeat: the lowest and " +
        "highest ratio of the two runs timed one after the other)\n",
    );
    console.log(
      "| covariance | N | d | k | threads | emlab ms/it | first pass ms | sklearn ms/it | sklearn/emlab | per repeat | max Δ params |",
    );
    console.log("|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const c of mvCases) {
      const p = mvPeers.get(mvKey(c))!;
      const sk = median(p.sklearn.samples);
      for (const [w, t] of emlabMv.get(mvKey(c))!) {
        const ms = median(t.ms);
        const delta = mvDifference(t.final, p.sklearn.final);
        if (!(delta <= AGREEMENT)) disagreement++;
        const paired = t.ms.map((e, r) => p.sklearn.samples[r]! / e);
        console.log(
          `| ${c.covariance} | ${c.n.toExponential(0)} | ${c.d} | ${c.k} | ${w} | ${fmt(ms)} | ${
            fmt(median(t.first))
          } | ${fmt(sk)} | ` +
            `${fmt(sk / ms)}× | ${fmt(Math.min(...paired))}–${fmt(Math.max(...paired))}× | ${
              delta.toExponential(1)
            } |`,
        );
        results.push({
          covariance: c.covariance,
          n: c.n,
          d: c.d,
          k: c.k,
          workers: w,
          emlab: t.ms,
          sklearn: p.sklearn.samples,
          delta,
        });
      }
    }
  }
  console.log(`\nload avg at end ${load()}`);

  if (rss) {
    const n = Math.max(...sizes);
    const file = join(DATA_DIR, `compare_n${n}_k5.f64`);
    if (!(await exists(file))) await writeCase(n, 5, 1);
    const baseline = await peakRss(file, 5, "baseline");
    const data = await peakRss(file, 5, "data");
    const fitStart = await peakRss(file, 5, "fit-start");
    const fitInit = await peakRss(file, 5, "fit-kmeans++");
    const mb = (n * 8) / 2 ** 20;
    console.log(
      `\npeak RSS (VmHWM), N = ${n.toExponential(0)}, k = 5, data ${fmt(mb)} MiB:\n` +
        `  runtime baseline (import emlab)        ${fmt(baseline)} MiB\n` +
        `  data loaded, no fit                    ${fmt(data)} MiB\n` +
        `  fit(x, 5, { start, maxIter: 10 })      ${fmt(fitStart)} MiB  (${
          fmt(fitStart - baseline)
        } MiB over baseline; target < ${fmt(2 * mb)})\n` +
        `  fit(x, 5, { maxIter: 10 }) (kmeans++)  ${fmt(fitInit)} MiB  (${
          fmt(fitInit - baseline)
        } MiB over baseline)`,
    );
  }
  if (rss && mv.length > 0) {
    const n = mvRss;
    const c = await writeMvCase(n, 2, 3, 1);
    const mb = (n * 2 * 8) / 2 ** 20;
    const baseline = await peakRss(c.file, 3, "baseline");
    const rows = await peakRss(c.file, 3, "mv-rows");
    const fitStart = await peakRss(c.file, 3, "fitmv-start");
    console.log(
      `\npeak RSS (VmHWM), N = ${n.toExponential(0)}, d = 2, k = 3, data ${fmt(mb)} MiB as ` +
        `float64 (an N × k matrix of doubles would be ${fmt((n * 3 * 8) / 2 ** 20)} MiB):\n` +
        `  runtime baseline (import emlab)              ${fmt(baseline)} MiB\n` +
        `  data loaded as rows [[x, y], …], no fit      ${fmt(rows)} MiB\n` +
        `  fitMv(rows, 3, { start, maxIter: 10 })       ${fmt(fitStart)} MiB  (${
          fmt(fitStart - rows)
        } MiB over the loaded rows)`,
    );
  }
  await Deno.writeTextFile(
    join(DATA_DIR, "compare_results.json"),
    JSON.stringify(results, null, 1),
  );
  if (disagreement > 0) {
    console.error(
      `${disagreement} case(s) ended at different parameters (> ${AGREEMENT} relative)`,
    );
    Deno.exit(1);
  }
  console.log(`all implementations ended at the same parameters (≤ ${AGREEMENT} relative)`);
}

if (import.meta.main) await main();
