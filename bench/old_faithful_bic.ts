/**
 * Reference table: BIC for k = 1 … 5 on Old Faithful's eruption durations,
 * emlab's `selectK` next to scikit-learn's `GaussianMixture` (and R's mclust,
 * model "V", when `Rscript` with mclust is installed).
 *
 *     deno task reference:bic [nInit]    # default 50 starts per k
 *
 * emlab: `selectK(eruptions, [1 … 5], { nInit, seed: 1, tol: 1e-8 })` — the
 * best proper run per k, with how many runs ended degenerate. scikit-learn:
 * the same number of single-start fits per k with its default k-means start
 * and with `random_from_data`, `reg_covar` = emlab's variance floor; for each,
 * the model `GaussianMixture(n_init)` itself would keep (highest lower bound,
 * degenerate or not) and the best proper one. scikit-learn runs in
 * `.cache/ref-venv` (created on first use); it is a reference only.
 *
 * Exits 1 if emlab's chosen fits include a degenerate one, if its best
 * log-likelihood decreases with k, or if at some k scikit-learn's best
 * proper maximum is above emlab's by more than 1e-2.
 *
 * @module
 */
import { join } from "node:path";
import { defaultVarianceFloor, parseCsvColumn, selectK } from "../lib/mod.ts";
import { ROOT } from "../tools/setup.ts";
import { ensureReferenceVenv, PYTHON, run } from "./_reference_venv.ts";

const KS = [1, 2, 3, 4, 5];
const N_INIT = Number(Deno.args[0] ?? 50);
const TOL = 1e-8;

interface SkFit {
  logLikelihood: number;
  bic: number;
  degenerate: number[];
}
interface SkInit {
  own: SkFit;
  proper: SkFit | null;
  degenerateRuns: number;
}
interface SkRow {
  k: number;
  kmeans: SkInit;
  random_from_data: SkInit;
}

/** mclust's "V" model per k, or null when Rscript or mclust is missing. */
async function mclustRows(x: readonly number[]): Promise<Map<number, number | null> | null> {
  const script = [
    "suppressMessages(library(mclust))",
    `x <- c(${x.join(",")})`,
    `for (g in c(${KS.join(",")})) {`,
    "  m <- tryCatch(",
    '    Mclust(x, G = g, modelNames = "V", verbose = FALSE,',
    "      control = emControl(tol = c(1e-10, 1e-10))),",
    "    error = function(e) NULL)",
    '  cat(g, if (is.null(m)) "NA" else format(m$loglik, digits = 12), "\\n")',
    "}",
  ].join("\n");
  try {
    const out = await run("Rscript", ["-e", script]);
    const rows = new Map<number, number | null>();
    for (const line of out.trim().split("\n")) {
      const [g, ll] = line.trim().split(/\s+/);
      rows.set(Number(g), ll === "NA" ? null : Number(ll));
    }
    return rows;
  } catch {
    return null;
  }
}

const text = await Deno.readTextFile(join(ROOT, "notebooks", "data", "old_faithful.csv"));
const eruptions = parseCsvColumn(text, "eruptions");
const n = eruptions.length;
const floor = defaultVarianceFloor(eruptions);

const t0 = performance.now();
const ours = selectK(eruptions, KS, { nInit: N_INIT, seed: 1, tol: TOL, maxIter: 100_000 });
const emlabSeconds = (performance.now() - t0) / 1000;

await ensureReferenceVenv();
const reference = JSON.parse(
  await run(
    PYTHON,
    [join(ROOT, "bench", "old_faithful_bic.py")],
    JSON.stringify({ data: eruptions, ks: KS, reg_covar: floor, n_init: N_INIT, tol: TOL / n }),
  ),
) as { sklearn: string; rows: SkRow[] };
const mclust = await mclustRows(eruptions);

const fmt = (v: number) => v.toFixed(3);
const bicOf = (ll: number, k: number) => -2 * ll + (3 * k - 1) * Math.log(n);
const mark = (f: SkFit) =>
  f.degenerate.length ? ` (component ${f.degenerate.join(", ")} at the floor)` : "";

console.log(
  `Old Faithful eruptions (N = ${n}), k = ${KS[0]} … ${KS.at(-1)}, ${N_INIT} starts per k, ` +
    `variance floor = reg_covar = ${floor.toExponential(3)}; emlab selectK (seed 1, tol ${TOL}, ` +
    `${emlabSeconds.toFixed(1)} s) vs scikit-learn ${reference.sklearn}` +
    (mclust ? ' and mclust ("V")' : "") + ". BIC = −2 log L + p log N, lower is better.\n",
);
const head = [
  "k",
  "emlab log L",
  "emlab BIC",
  "emlab degenerate runs",
  "sklearn k-means: kept log L",
  "sklearn k-means: BIC",
  "sklearn random_from_data: kept log L",
  "sklearn random_from_data: best proper log L",
  "sklearn random_from_data: degenerate runs",
  ...(mclust ? ["mclust V log L", "mclust V BIC"] : []),
];
console.log(`| ${head.join(" | ")} |`);
console.log(`| ${head.map((_, i) => (i === 0 ? "-:" : "--:")).join(" | ")} |`);
let failed = false;
for (const [i, row] of ours.rows.entries()) {
  const sk = reference.rows[i]!;
  const ml = mclust?.get(row.k);
  const cells = [
    `${row.k}${ours.best === row.k ? " ←" : ""}`,
    fmt(row.logLikelihood) + (row.degenerate ? ` (degenerate: ${row.reason})` : ""),
    fmt(row.bic),
    `${row.degenerateRuns} / ${row.runs}`,
    fmt(sk.kmeans.own.logLikelihood) + mark(sk.kmeans.own),
    fmt(sk.kmeans.own.bic),
    fmt(sk.random_from_data.own.logLikelihood) + mark(sk.random_from_data.own),
    sk.random_from_data.proper ? fmt(sk.random_from_data.proper.logLikelihood) : "—",
    `${sk.random_from_data.degenerateRuns} / ${N_INIT}`,
    ...(mclust ? [ml == null ? "NA" : fmt(ml), ml == null ? "NA" : fmt(bicOf(ml, row.k))] : []),
  ];
  console.log(`| ${cells.join(" | ")} |`);
  if (row.degenerate) failed = true;
  if (i > 0 && row.logLikelihood < ours.rows[i - 1]!.logLikelihood - 1e-6) failed = true;
  const proper = [sk.kmeans.proper, sk.random_from_data.proper].filter((f) => f !== null);
  for (const f of proper) if (f!.logLikelihood > row.logLikelihood + 1e-2) failed = true;
}
console.log(`\nemlab's choice by BIC: k = ${ours.best}`);
if (failed) {
  console.log("FAILED: a degenerate choice, a decreasing log-likelihood, or a missed maximum");
  Deno.exit(1);
}
console.log("ok: proper maxima at every k, log L non-decreasing in k, none missed");
