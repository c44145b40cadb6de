/**
 * Reference check: Old Faithful (eruptions, waiting), k = 2, full covariance,
 * fitted by `emMv` and by scikit-learn's `GaussianMixture` from the same
 * start with the same ridge (`reg_covar`). Prints both sets of parameters and
 * log-likelihoods side by side and exits 1 if any differs by more than 1e-6
 * relative.
 *
 *     deno task reference
 *
 * Compared after 1, 5 and 20 iterations (same path, not only the same end
 * point) and at convergence. scikit-learn runs in its own venv under
 * `.cache/ref-venv` (numpy and scikit-learn), created on first use; it is a
 * reference only, not a dependency of the library or the notebooks.
 *
 * @module
 */
import { join } from "node:path";
import { emMv, initKMeansPlusPlusMv, type MvMixture, parseCsvColumn } from "../lib/mod.ts";
import { ROOT } from "../tools/setup.ts";
import { ensureReferenceVenv, PYTHON, run } from "./_reference_venv.ts";

const RIDGE = 1e-6;
const TOLERANCE = 1e-6;
/** Iteration counts compared; `null` is "to convergence". */
const CHECKPOINTS = [1, 5, 20, null] as const;
/** Convergence: |Δ log L| below this (sklearn: per-point mean below it / N). */
const CONVERGED_TOL = 1e-12;

interface Fitted {
  weights: number[];
  means: number[][];
  covariances: number[][][];
  logLikelihood: number;
  iterations: number;
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}

/** The parameters as labelled numbers, in a fixed order. */
function entries(f: Omit<Fitted, "iterations">): [string, number][] {
  const out: [string, number][] = [];
  f.weights.forEach((w, h) => {
    out.push([`λ${h + 1}`, w]);
    f.means[h]!.forEach((v, j) => out.push([`μ${h + 1}[${j}]`, v]));
    const c = f.covariances[h]!;
    out.push([`Σ${h + 1}[0][0]`, c[0]![0]!], [`Σ${h + 1}[0][1]`, c[0]![1]!], [
      `Σ${h + 1}[1][1]`,
      c[1]![1]!,
    ]);
  });
  out.push(["log L", f.logLikelihood]);
  return out;
}

const text = await Deno.readTextFile(join(ROOT, "notebooks", "data", "old_faithful.csv"));
const eruptions = parseCsvColumn(text, "eruptions");
const waiting = parseCsvColumn(text, "waiting");
const data = eruptions.map((e, i) => [e, waiting[i]!]);
const start: MvMixture = initKMeansPlusPlusMv(data, 2, { seed: 1 });

const ours: Fitted[] = [];
for (const checkpoint of CHECKPOINTS) {
  const history = [
    ...emMv(data, start, {
      ridge: RIDGE,
      tol: checkpoint === null ? CONVERGED_TOL : 0,
      maxIter: checkpoint ?? 100_000,
    }),
  ];
  const last = history.at(-1)!;
  ours.push({
    weights: [...last.mixture.weights],
    means: last.mixture.means.map((m) => [...m]),
    covariances: last.mixture.covariances.map((c) => c.map((r) => [...r])),
    logLikelihood: last.logLikelihood,
    iterations: last.iteration,
  });
}

await ensureReferenceVenv();
const job = {
  data,
  start,
  ridge: RIDGE,
  runs: CHECKPOINTS.map((c) =>
    c === null ? { max_iter: 100_000, tol: CONVERGED_TOL / data.length } : { max_iter: c, tol: 0 }
  ),
};
const reference = JSON.parse(
  await run(PYTHON, [join(ROOT, "bench", "old_faithful_sklearn.py")], JSON.stringify(job)),
) as { sklearn: string; results: Fitted[] };

console.log(
  `Old Faithful (N = ${data.length}), k = 2, full covariance, ridge = reg_covar = ${RIDGE}, ` +
    `start: initKMeansPlusPlusMv(seed 1); emlab emMv vs scikit-learn ${reference.sklearn} ` +
    "GaussianMixture\n",
);
console.log("start:", JSON.stringify(start), "\n");
let worst = 0;
for (const [i, checkpoint] of CHECKPOINTS.entries()) {
  const a = ours[i]!, b = reference.results[i]!;
  const label = checkpoint === null
    ? `to convergence (emlab ${a.iterations} iterations, scikit-learn n_iter_ ${b.iterations})`
    : `after ${checkpoint} iteration${checkpoint === 1 ? "" : "s"}`;
  console.log(`### ${label}\n`);
  console.log("| parameter | emlab | scikit-learn | relative difference |");
  console.log("| --- | ---: | ---: | ---: |");
  const eb = entries(b);
  for (const [j, [name, va]] of entries(a).entries()) {
    const vb = eb[j]![1];
    const r = relErr(va, vb);
    worst = Math.max(worst, r);
    console.log(
      `| ${name} | ${va.toPrecision(12)} | ${vb.toPrecision(12)} | ${r.toExponential(1)} |`,
    );
  }
  console.log("");
}
console.log(`largest relative difference: ${worst.toExponential(2)} (limit ${TOLERANCE})`);
if (!(worst <= TOLERANCE)) {
  console.log("FAILED: emlab and scikit-learn disagree");
  Deno.exit(1);
}
console.log("ok: agreement to 1e-6 relative");
