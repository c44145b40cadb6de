// Internal checks and summaries for d-dimensional data given as rows.
import { checkIsArray } from "../_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../errors.ts";
import { type MvMixture, validateMvMixture } from "./mixture.ts";

/** Points as rows: data[i] is the i-th observation, a vector of length d. */
export type Points = readonly (readonly number[])[];

/**
 * Check that `data` is a non-empty array of equal-length arrays of finite
 * numbers, and return N and d.
 */
export function checkPoints(data: unknown, parameter = "data"): { n: number; d: number } {
  checkIsArray(
    data,
    parameter,
    "an array of points, each an array of d finite numbers",
    "Pass the observations as rows, e.g. [[x₁, y₁], [x₂, y₂], …].",
  );
  if (data.length === 0) {
    throw new ParameterRangeError(
      parameter,
      "a non-empty array of points",
      "an empty array",
      "Pass at least one observation.",
    );
  }
  let d = 0;
  for (let i = 0; i < data.length; i++) {
    const row = data[i];
    if (!Array.isArray(row) && !(ArrayBuffer.isView(row) && !(row instanceof DataView))) {
      throw new ParameterTypeError(
        `${parameter}[${i}]`,
        "a point: an array of finite numbers",
        describeValue(row),
        "Pass the observations as rows, e.g. [[x₁, y₁], [x₂, y₂], …].",
      );
    }
    const r = row as ArrayLike<unknown>;
    if (i === 0) d = r.length;
    if (r.length !== d || d === 0) {
      throw new ParameterRangeError(
        `${parameter}[${i}]`,
        `a point with ${d || "d ≥ 1"} coordinates (like ${parameter}[0])`,
        `${r.length} coordinates`,
        "Every point needs the same number of coordinates.",
      );
    }
    for (let j = 0; j < d; j++) {
      const v = r[j];
      if (typeof v !== "number") {
        throw new ParameterTypeError(
          `${parameter}[${i}][${j}]`,
          "a finite number",
          `${describeValue(v)} (${typeof v})`,
          "Convert the data to numbers first.",
        );
      }
      if (!Number.isFinite(v)) {
        throw new ParameterRangeError(
          `${parameter}[${i}][${j}]`,
          "a finite number",
          describeValue(v),
          "Remove or impute missing and infinite values before fitting.",
        );
      }
    }
  }
  return { n: data.length, d };
}

/** Column means. */
export function columnMeans(data: Points): number[] {
  const d = data[0]!.length;
  const m = new Array<number>(d).fill(0);
  for (const row of data) for (let j = 0; j < d; j++) m[j]! += row[j]!;
  return m.map((s) => s / data.length);
}

/** Population covariance matrix (divides by N), computed around the means. */
export function covarianceMatrix(data: Points): number[][] {
  const d = data[0]!.length;
  const mu = columnMeans(data);
  const c = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const row of data) {
    for (let a = 0; a < d; a++) {
      const da = row[a]! - mu[a]!;
      for (let b = 0; b <= a; b++) c[a]![b]! += da * (row[b]! - mu[b]!);
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      c[a]![b] = c[a]![b]! / data.length;
      c[b]![a] = c[a]![b]!;
    }
  }
  return c;
}

/** Check that a start mixture has the data's dimension. */
export function checkStartDimension(
  data: Points,
  start: MvMixture,
  parameter: string,
): number {
  const { k, d } = validateMvMixture(start, parameter);
  const dd = data[0]!.length;
  if (d !== dd) {
    throw new ParameterRangeError(
      parameter,
      `a mixture in ${dd} dimensions (like the data)`,
      `a mixture in ${d} dimensions`,
    );
  }
  return k;
}
