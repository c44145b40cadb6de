/**
 * Reference fixture for scikit-learn's four covariance types ("spherical" =
 * VII, "diag" = VVI, "tied" = EEE, "full" = VVV), k = 1 … 5, on Old Faithful
 * (2-D, 272 points) and Fisher's iris measurements (4-D, 150 points):
 *
 *     deno run -A --lock=tools/dev.lock bench/sklearn_models.ts
 *
 * writes `tests/fixtures/sklearn_models.json` (read by
 * `tests/sklearn_models_test.ts`) with scikit-learn from the reference venv
 * (`.cache/ref-venv`, created on first use; `bench/sklearn_models.py`), then
 * fits emlab from the same starts and prints the Markdown table of the
 * README (log L of both, largest |Δ log L|).
 *
 * The start of every cell is mclust's starting classification (its
 * hierarchical clustering cut at k, from `tests/fixtures/mclust_models.json`)
 * turned into parameters by scikit-learn's own M-step for that covariance
 * type with `reg_covar` = 10⁻⁶ (its default); both then run exactly
 * 1000 EM iterations (`tol=0`), emlab with `ridge` equal to
 * `reg_covar`.
 *
 * @module
 */
import { join } from "node:path";
import { ROOT } from "../tools/setup.ts";
import { ensureReferenceVenv, PYTHON, run } from "./_reference_venv.ts";
import { committedPoints, fitFromCell, type SklearnCell } from "./_reference_data.ts";

/** EM iterations both run from the start. */
const MAX_ITER = 1000;
/** scikit-learn's `reg_covar` (its default), emlab's `ridge`. */
const REG_COVAR = 1e-6;
/** The data sets: file under notebooks/data and the columns used (the first d). */
const DATA_SETS = { old_faithful: ["old_faithful.csv", 2], iris: ["iris.csv", 4] } as const;

if (import.meta.main) {
  const mclust = JSON.parse(
    await Deno.readTextFile(join(ROOT, "tests", "fixtures", "mclust_models.json")),
  ) as Record<string, { initialClasses: Record<string, number[]> }>;
  const points: Record<string, number[][]> = {};
  for (const [name, [file, d]] of Object.entries(DATA_SETS)) {
    points[name] = await committedPoints(file, d);
  }
  await ensureReferenceVenv();
  const sk = JSON.parse(
    await run(
      PYTHON,
      [join(ROOT, "bench", "sklearn_models.py")],
      JSON.stringify({
        max_iter: MAX_ITER,
        reg_covar: REG_COVAR,
        data_sets: Object.fromEntries(
          Object.keys(DATA_SETS).map((name) => [name, {
            points: points[name],
            initial_classes: mclust[name]!.initialClasses,
          }]),
        ),
      }),
    ),
  ) as {
    sklearn: string;
    numpy: string;
    maxIter: number;
    regCovar: number;
    dataSets: Record<string, { n: number; d: number; cells: SklearnCell[] }>;
  };
  const fixture = {
    generatedBy: "deno run -A --lock=tools/dev.lock bench/sklearn_models.ts",
    start:
      "scikit-learn's M-step from mclust's initial classes (tests/fixtures/mclust_models.json)",
    ...sk,
  };
  const path = join(ROOT, "tests", "fixtures", "sklearn_models.json");
  await Deno.writeTextFile(path, JSON.stringify(fixture, null, 2) + "\n");
  console.log(`wrote ${path} (scikit-learn ${sk.sklearn}, numpy ${sk.numpy})\n`);

  for (const [name, set] of Object.entries(sk.dataSets)) {
    console.log(
      `${name} (N = ${set.n}, d = ${set.d}): scikit-learn log L (emlab − scikit-learn)\n`,
    );
    console.log("| type      | k = 1 | k = 2 | k = 3 | k = 4 | k = 5 |");
    console.log("| --------- | ----- | ----- | ----- | ----- | ----- |");
    let worst = 0;
    for (const type of ["spherical", "diag", "tied", "full"]) {
      const row = set.cells.filter((c) => c.covarianceType === type).map((c) => {
        const ll = fitFromCell(points[name]!, c, sk.maxIter, sk.regCovar).logLikelihood;
        const delta = ll - c.logLikelihood;
        worst = Math.max(worst, Math.abs(delta));
        return `${c.logLikelihood.toFixed(4)} (${delta.toExponential(1)})`;
      });
      console.log(`| ${type.padEnd(9)} | ${row.join(" | ")} |`);
    }
    console.log(`\nlargest |Δ log L| on ${name}: ${worst.toExponential(2)}\n`);
  }
}
