/**
 * emlab's EM iteration against its peers, per iteration, on the same data:
 *
 * - emlab fused: the `em()` generator (one fused pass per iteration);
 * - emlab readable: `eStep` (the N × k responsibilities) then `mStep`;
 * - scikit-learn `GaussianMixture` (1 feature, full covariance, reg_covar 0,
 *   tol 0, fixed max_iter; only its E- and M-steps are timed);
 * - the original write-up's numpy/scipy algorithm (`norm.pdf` per
 *   component, normalise, three updates).
 *
 *     deno task bench:compare            # N = 1e3, 1e5, 1e6, 1e7; k = 2, 5 (~5 min here)
 *     deno task bench:compare --sizes=1e3,1e5 --k=5 --repeats=3 --no-rss
 *
 * Each case's data set is drawn once (seeded), written once to
 * `.cache/bench/` as raw float64, and read back by every implementation.
 * All four start from the same λ, μ, σ, run the same number of iterations
 * with no variance floor, and must end at the same λ, μ, σ (checked; the
 * run fails otherwise). Times are medians of the repeats. Then the peak RSS
 * of `fit()` at the largest N, k = 5 is measured in a fresh process.
 *
 * The peers run in `.cache/bench-venv` (created on first use from
 * bench/requirements.txt). Some machines set OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE for old OpenBLAS builds; they slow a current numpy down,
 * so both are unset for the Python process only, and the table reports the
 * kernel threadpoolctl sees.
 *
 * @module
 */
import { join } from "node:path";
import {
  em,
  eStepUnchecked,
  type Mixture,
  mixture,
  mStepUnchecked,
  sampleMixture,
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
  return n <= 1e3 ? 200 : n <= 1e5 ? 20 : n <= 1e6 ? 5 : 3;
}

function parseArgs(args: string[]) {
  const get = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const sizes = (get("sizes") ?? "1e3,1e5,1e6,1e7").split(",").map(Number);
  const ks = (get("k") ?? "2,5").split(",").map(Number);
  const repeats = Number(get("repeats") ?? 5);
  return { sizes, ks, repeats, rss: !args.includes("--no-rss") };
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

/** The environment for the Python peers: this one without the OpenBLAS overrides. */
function peerEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
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

/** ms per iteration of the fused path: em() runs iterations + 1 passes. */
function timeFused(x: Float64Array, c: Case): { ms: number[]; final: Mixture } {
  const ms: number[] = [];
  let final = c.start;
  for (let r = 0; r < c.repeats; r++) {
    const t0 = performance.now();
    let last;
    for (const s of em(x, c.start, { tol: 0, maxIter: c.iterations, varianceFloor: 0 })) last = s;
    ms.push((performance.now() - t0) / (c.iterations + 1));
    final = last!.mixture;
  }
  return { ms, final };
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
  const { sizes, ks, repeats, rss } = parseArgs(Deno.args);
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

  // emlab first, in this process.
  const emlab = new Map<string, {
    fused: ReturnType<typeof timeFused>;
    readable: ReturnType<typeof timeReadable>;
    readableDelta: number;
    readableNote: string;
  }>();
  for (const c of cases) {
    const x = await readData(c.file);
    const fused = timeFused(x, c);
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
      readable,
      readableDelta: difference(readable.final, reference),
      readableNote: rIter === c.iterations && rRep === c.repeats ? "" : `${rIter} it × ${rRep}`,
    });
    console.error(`emlab N=${c.n} k=${c.k}: fused ${fmt(median(fused.ms))} ms/it`);
  }

  // Then the peers, in one Python process.
  const manifest = JSON.stringify({ cases });
  const child = new Deno.Command(PYTHON, {
    args: [join(ROOT, "bench", "compare_peers.py")],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
    env: peerEnv(),
    clearEnv: true,
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(manifest));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(`compare_peers.py failed (${out.code})`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => JSON.parse(l));
  const header = lines.shift();
  const peers = new Map(lines.map((l) => [`${l.n}/${l.k}`, l]));

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
  console.log(`repeats ${repeats}, median ms per EM iteration (E-step + M-step)\n`);
  console.log(
    "| N | k | fused ms/it | fused ns/(x·k) | readable ms/it | sklearn ms/it | numpy ms/it | readable/fused | sklearn/fused | numpy/fused | max Δ params |",
  );
  console.log("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
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
      `| ${c.n.toExponential(0)} | ${c.k} | ${fmt(fused)} | ${
        fmt((fused * 1e6) / (c.n * c.k))
      } | ` +
        `${readableCell} | ${fmt(sk)} | ${fmt(np)} | ${fmt(readable / fused)}× | ` +
        `${fmt(sk / fused)}× | ${fmt(np / fused)}× | ${delta.toExponential(1)} |`,
    );
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
