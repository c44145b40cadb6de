/**
 * What the reference comparisons share: the committed data sets read as
 * points, the cells of the scikit-learn fixture, and emlab's fit from one
 * cell's start (used by `bench/sklearn_models.ts`, which writes the fixture,
 * and by the tests that read it).
 *
 * @module
 */
import { fitMv, type MvFitResult, mvMixture } from "../lib/mod.ts";

/** One covariance type × k cell of `tests/fixtures/sklearn_models.json`. */
export interface SklearnCell {
  /** scikit-learn's `covariance_type`. */
  covarianceType: "spherical" | "diag" | "tied" | "full";
  /** Number of components. */
  k: number;
  /** The start both fits begin from. */
  start: { weights: number[]; means: number[][]; covariances: number[][][] };
  /** scikit-learn's `n_iter_`. */
  iterations: number;
  /** scikit-learn's fitted weights. */
  weights: number[];
  /** scikit-learn's fitted means. */
  means: number[][];
  /** scikit-learn's fitted covariances, as d × d matrices. */
  covariances: number[][][];
  /** scikit-learn's total log-likelihood (`score(X) · N`). */
  logLikelihood: number;
}

/**
 * The first `d` columns of a CSV file committed under `notebooks/data/`, as rows.
 *
 * @param file The file's name, e.g. `iris.csv`.
 * @param d How many leading columns to keep.
 * @returns One array of `d` numbers per data line.
 *
 * @example
 * ```ts ignore
 * import { committedPoints } from "./_reference_data.ts";
 * const rows = await committedPoints("old_faithful.csv", 2); // 272 rows of [duration, waiting]
 * ```
 */
export async function committedPoints(file: string, d: number): Promise<number[][]> {
  const text = await Deno.readTextFile(new URL(`../notebooks/data/${file}`, import.meta.url));
  return text.trim().split("\n").slice(1).map((line) => line.split(",").slice(0, d).map(Number));
}

/**
 * emlab's fit from a cell's start: `maxIter` iterations with `tol` 0 and the
 * ridge `regCovar`, as scikit-learn ran it.
 *
 * @param points The data set's rows.
 * @param cell A cell of the fixture.
 * @param maxIter The fixture's `maxIter`.
 * @param regCovar The fixture's `regCovar` (emlab's `ridge`).
 * @returns The fit.
 *
 * @example
 * ```ts ignore
 * import { committedPoints, fitFromCell } from "./_reference_data.ts";
 * const fit = fitFromCell(await committedPoints("iris.csv", 4), cell, 1000, 1e-6);
 * ```
 */
export function fitFromCell(
  points: number[][],
  cell: SklearnCell,
  maxIter: number,
  regCovar: number,
): MvFitResult {
  const s = cell.start;
  return fitMv(points, cell.k, {
    start: mvMixture(s.weights, s.means, s.covariances),
    covariance: cell.covarianceType,
    ridge: regCovar,
    tol: 0,
    maxIter,
  });
}
