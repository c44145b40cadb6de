/**
 * Reference values for the covariance families: scikit-learn's
 * `GaussianMixture` and R's mclust fitted from the same starts as emlab, on
 * Old Faithful (eruption durations in 1-D; durations and waiting times in
 * 2-D). Writes `tests/fixtures/families_reference.json`, which
 * `tests/families_test.ts` compares emlab's fits with.
 *
 *     deno run -A bench/families_reference.ts
 *
 * scikit-learn (in `.cache/ref-venv`, created on first use): exactly
 * `maxIter` iterations from the start (`tol=0`, `reg_covar=0`), covariance
 * types "tied" (1-D: mclust "E"), "full" (1-D "V", 2-D "VVV"), "tied" (2-D
 * "EEE"), "diag" (2-D "VVI") and "spherical" (2-D "VII"); the fitted parameters, `score(X)·N` and
 * `bic(X)`. mclust (when `Rscript` with mclust is installed): `me()` from the
 * responsibilities of the same start (its first M-step is emlab's first) to a
 * relative tolerance of 1e-15; the fitted parameters, log-likelihood, its
 * `bic()` (mclust's sign: 2 log L − p log N) and `nMclustParams`.
 *
 * @module
 */
import { join } from "node:path";
import { eStep, eStepMv, mixture, mvMixture, parseCsvColumn } from "../lib/mod.ts";
import { ROOT } from "../tools/setup.ts";
import { ensureReferenceVenv, PYTHON, run } from "./_reference_venv.ts";

/** One reference case: a family, a start, the iterations scikit-learn runs. */
interface Case {
  name: string;
  columns: string[];
  covarianceType: "full" | "tied" | "diag" | "spherical";
  model: "V" | "E" | "VVV" | "EEE" | "VVI" | "VII";
  start: { weights: number[]; means: number[][]; covariances: number[][][] };
  maxIter: number;
}

const CASES: Case[] = [
  {
    name: "1-D E, k = 2",
    columns: ["eruptions"],
    covarianceType: "tied",
    model: "E",
    start: { weights: [0.4, 0.6], means: [[2], [4]], covariances: [[[0.25]], [[0.25]]] },
    maxIter: 200,
  },
  {
    name: "1-D V, k = 2",
    columns: ["eruptions"],
    covarianceType: "full",
    model: "V",
    start: { weights: [0.4, 0.6], means: [[2], [4]], covariances: [[[0.25]], [[0.5]]] },
    maxIter: 200,
  },
  {
    name: "2-D EEE (tied), k = 3",
    columns: ["eruptions", "waiting"],
    covarianceType: "tied",
    model: "EEE",
    start: {
      weights: [0.3, 0.3, 0.4],
      means: [[2, 55], [3.5, 70], [4.5, 82]],
      covariances: Array.from({ length: 3 }, () => [[0.2, 0], [0, 30]]),
    },
    maxIter: 500,
  },
  {
    name: "2-D VVI (diag), k = 2",
    columns: ["eruptions", "waiting"],
    covarianceType: "diag",
    model: "VVI",
    start: {
      weights: [0.5, 0.5],
      means: [[2, 55], [4.3, 80]],
      covariances: [[[0.3, 0], [0, 40]], [[0.3, 0], [0, 40]]],
    },
    maxIter: 300,
  },
  {
    name: "2-D VII (spherical), k = 3",
    columns: ["eruptions", "waiting"],
    covarianceType: "spherical",
    model: "VII",
    start: {
      weights: [0.3, 0.3, 0.4],
      means: [[2, 55], [3.5, 70], [4.5, 82]],
      covariances: [[[20, 0], [0, 20]], [[30, 0], [0, 30]], [[25, 0], [0, 25]]],
    },
    maxIter: 500,
  },
  {
    name: "2-D VVV (full), k = 2",
    columns: ["eruptions", "waiting"],
    covarianceType: "full",
    model: "VVV",
    start: {
      weights: [0.5, 0.5],
      means: [[2, 55], [4.3, 80]],
      covariances: [[[0.3, 0], [0, 40]], [[0.3, 0], [0, 40]]],
    },
    maxIter: 300,
  },
];

const text = await Deno.readTextFile(join(ROOT, "notebooks", "data", "old_faithful.csv"));
const columns: Record<string, number[]> = {
  eruptions: parseCsvColumn(text, "eruptions"),
  waiting: parseCsvColumn(text, "waiting"),
};
const dataOf = (c: Case) =>
  columns[c.columns[0]!]!.map((_, i) => c.columns.map((n) => columns[n]![i]!));

/** Responsibilities of the start (emlab's readable E-step): mclust's `me()` begins from them. */
function startResponsibilities(c: Case): number[][] {
  const data = dataOf(c);
  const s = c.start;
  if (c.columns.length === 1) {
    const m = mixture(
      s.weights,
      s.means.map((m) => m[0]!),
      s.covariances.map((v) => Math.sqrt(v[0]![0]!)),
    );
    return eStep(data.map((r) => r[0]!), m).responsibilities;
  }
  return eStepMv(data, mvMixture(s.weights, s.means, s.covariances)).responsibilities;
}

await ensureReferenceVenv();
const sk = JSON.parse(
  await run(
    PYTHON,
    [join(ROOT, "bench", "families_reference.py")],
    JSON.stringify({
      cases: CASES.map((c) => ({
        name: c.name,
        data: dataOf(c),
        covariance_type: c.covarianceType,
        start: c.start,
        max_iter: c.maxIter,
      })),
    }),
  ),
);

const R_SCRIPT = `
suppressMessages(library(mclust)); suppressMessages(library(jsonlite))
job <- fromJSON(file("stdin"), simplifyVector = FALSE)
out <- lapply(job$cases, function(cs) {
  x <- do.call(rbind, lapply(cs$data, unlist))
  z <- do.call(rbind, lapply(cs$z, unlist))
  if (ncol(x) == 1) x <- as.vector(x)
  fit <- me(modelName = cs$model, data = x, z = z,
            control = emControl(tol = c(1e-15, 1e-15), itmax = c(100000L, 100000L)))
  p <- fit$parameters
  d <- if (is.null(dim(x))) 1 else ncol(x)
  G <- length(p$pro)
  covs <- if (d == 1) {
    lapply(seq_len(G), function(h) matrix(rep(p$variance$sigmasq, length.out = G)[h], 1, 1))
  } else {
    lapply(seq_len(G), function(h) p$variance$sigma[, , h])
  }
  means <- if (d == 1) lapply(unname(p$mean), function(m) list(m)) else lapply(seq_len(G), function(h) p$mean[, h])
  n <- if (d == 1) length(x) else nrow(x)
  list(name = cs$name, weights = p$pro, means = means,
       covariances = lapply(covs, function(m) lapply(seq_len(nrow(m)), function(a) as.list(unname(m[a, ])))),
       logLikelihood = fit$loglik,
       bic = bic(cs$model, fit$loglik, n, d, G),
       parameters = nMclustParams(cs$model, d, G),
       iterations = attr(fit, "info")[["iterations"]])
})
cat(toJSON(list(mclust = as.character(packageVersion("mclust")), cases = out),
           digits = I(17), auto_unbox = TRUE))
`;

let mc: { mclust: string; cases: unknown[] } | null = null;
try {
  mc = JSON.parse(
    await run(
      "Rscript",
      ["-e", R_SCRIPT],
      JSON.stringify({
        cases: CASES.map((c) => ({
          name: c.name,
          model: c.model,
          data: dataOf(c),
          z: startResponsibilities(c),
        })),
      }),
    ),
  );
} catch (e) {
  console.log(`mclust skipped: ${(e as Error).message.split("\n")[0]}`);
}

const fixture = {
  generatedBy: "deno run -A bench/families_reference.ts",
  data: "notebooks/data/old_faithful.csv",
  sklearn: sk.sklearn,
  numpy: sk.numpy,
  mclust: mc?.mclust ?? null,
  cases: CASES.map((c, i) => ({
    ...c,
    sklearn: sk.cases[i],
    mclust: mc?.cases[i] ?? null,
  })),
};
const path = join(ROOT, "tests", "fixtures", "families_reference.json");
await Deno.writeTextFile(path, JSON.stringify(fixture, null, 1) + "\n");
console.log(`wrote ${path}`);
for (const c of fixture.cases) {
  console.log(
    `${c.name}: scikit-learn log L ${c.sklearn.logLikelihood} BIC ${c.sklearn.bic} (p = ${c.sklearn.parameters})` +
      (c.mclust === null
        ? ""
        : `; mclust log L ${(c.mclust as { logLikelihood: number }).logLikelihood} BIC ${
          (c.mclust as { bic: number }).bic
        }`),
  );
}
