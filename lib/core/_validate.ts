// Internal argument checks shared by the public functions.
import { messages } from "./i18n.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "./errors.ts";

/** Check that `data` is a non-empty array (or typed array) of finite numbers. */
export function checkData(data: unknown, parameter = "data"): asserts data is ArrayLike<number> {
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
    throw new ParameterTypeError(
      parameter,
      messages().dataArrayExpected,
      describeValue(data),
      messages().dataArrayHint,
    );
  }
  const arr = data as ArrayLike<unknown>;
  if (arr.length === 0) {
    throw new ParameterRangeError(
      parameter,
      messages().dataNonEmpty,
      messages().emptyArray,
      messages().dataEmptyHint,
    );
  }
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number") {
      throw new ParameterTypeError(
        `${parameter}[${i}]`,
        messages().finiteNumber,
        `${describeValue(v)} (${typeof v})`,
        messages().dataNumberHint,
      );
    }
    if (!Number.isFinite(v)) {
      throw new ParameterRangeError(
        `${parameter}[${i}]`,
        messages().finiteNumber,
        describeValue(v),
        messages().dataFiniteHint,
      );
    }
  }
}

/** Check that `value` is of type number (a type error shows what it is instead). */
export function checkIsNumber(
  value: unknown,
  parameter: string,
  expected: string,
  hint: string,
): asserts value is number {
  if (typeof value !== "number") {
    throw new ParameterTypeError(
      parameter,
      expected,
      `${describeValue(value)} (${typeof value})`,
      hint,
    );
  }
}

/** Check that `value` is an array (a type error shows what it is instead). */
export function checkIsArray(
  value: unknown,
  parameter: string,
  expected: string,
  hint: string,
): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) {
    throw new ParameterTypeError(parameter, expected, describeValue(value), hint);
  }
}

/** Check that `value` is a non-empty array; else a typed error naming what to pass. */
export function checkNonEmptyArray<T = unknown>(
  value: unknown,
  parameter: string,
  expected: string,
  hint: string,
): asserts value is readonly T[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ParameterTypeError(parameter, expected, describeValue(value), hint);
  }
}

/** Check that `value` is an integer within [min, max]. */
export function checkInteger(
  value: unknown,
  parameter: string,
  min: number,
  max = Infinity,
  hint = "",
): asserts value is number {
  checkIsNumber(value, parameter, "a number", hint);
  const expected = max === Infinity ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ParameterRangeError(parameter, expected, describeValue(value), hint);
  }
}

/** Check that `value` is a finite number ≥ min (or > min when `strict`). */
export function checkNumber(
  value: unknown,
  parameter: string,
  min = -Infinity,
  { strict = false, hint = "" }: { strict?: boolean; hint?: string } = {},
): asserts value is number {
  checkIsNumber(value, parameter, "a number", hint);
  const ok = Number.isFinite(value) && (strict ? value > min : value >= min);
  if (!ok) {
    const expected = min === -Infinity
      ? "a finite number"
      : `a finite number ${strict ? ">" : "≥"} ${min}`;
    throw new ParameterRangeError(parameter, expected, describeValue(value), hint);
  }
}

/** Check a seed: a finite number (any integer or a fraction in [0, 1)). */
export function checkSeed(value: unknown, parameter = "seed"): asserts value is number {
  checkIsNumber(value, parameter, "a finite number", "Use an integer such as 42.");
  if (!Number.isFinite(value)) {
    throw new ParameterRangeError(
      parameter,
      "a finite number",
      describeValue(value),
      "Use an integer such as 42.",
    );
  }
}

/**
 * Check that an options argument is an object (or undefined) and, when
 * `keys` is given, that it has no key outside them: a misspelt option
 * (`nInits`) is an error naming the key and the nearest valid one, not a
 * silently ignored setting. `fn` names the function in the message.
 */
export function checkOptions(
  value: unknown,
  keys?: readonly string[],
  fn = "this function",
  parameter = "options",
): void {
  if (
    value !== undefined && (value === null || typeof value !== "object" || Array.isArray(value))
  ) {
    throw new ParameterTypeError(
      parameter,
      "an options object or undefined",
      describeValue(value),
      "Pass options as an object, e.g. { seed: 42 }, or leave them out.",
    );
  }
  if (value === undefined || keys === undefined) return;
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) continue;
    const nearest = nearestName(key, keys);
    throw new ParameterRangeError(
      `${parameter}.${key}`,
      messages().optionOf(fn),
      messages().unknownOption(key),
      messages().optionHint(nearest, fn, keys.join(", ")),
    );
  }
}

/**
 * The option names of an options type, checked by the compiler: the record
 * must list every key of T and nothing else.
 */
export function optionKeys<T>(keys: { [K in keyof Required<T>]: 1 }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/** Levenshtein distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `name` by edit distance (case-insensitive; first on ties). */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined, bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** What {@linkcode checkResponsibilities} checks beyond the shape. */
export interface ResponsibilityCheck {
  /** The argument's name. @default "responsibilities" */
  readonly parameter?: string;
  /** Components every row must have (one per component of a mixture); by default the first row's length. */
  readonly k?: number;
  /** The function that makes them, named in the hints. @default "eStep()" */
  readonly producer?: string;
  /** How far a row's sum may be from 1; Infinity leaves the sums unchecked. @default 1e-6 */
  readonly sumTolerance?: number;
  /** One hint for every error, instead of the hints naming `producer`. */
  readonly hint?: string;
}

/**
 * Check an N × k responsibility matrix: one row per point, each row k numbers
 * in [0, 1] summing to 1.
 */
export function checkResponsibilities(
  r: unknown,
  n: number,
  { parameter = "responsibilities", k: expectedK, producer = "eStep()", sumTolerance = 1e-6, hint }:
    ResponsibilityCheck = {},
): void {
  if (!Array.isArray(r)) {
    throw new ParameterTypeError(
      parameter,
      "an array of N rows of k numbers",
      describeValue(r),
      hint ?? `Pass the responsibilities returned by ${producer}.`,
    );
  }
  if (r.length !== n) {
    throw new ParameterRangeError(
      parameter,
      `one row per data point (${n} rows)`,
      `${r.length} row${r.length === 1 ? "" : "s"}`,
      hint ?? `Pass the responsibilities ${producer} computed for the same data.`,
    );
  }
  const k = expectedK ?? (Array.isArray(r[0]) ? r[0].length : 0);
  for (let i = 0; i < n; i++) {
    const row: unknown = r[i];
    if (!Array.isArray(row) || row.length !== k || k === 0) {
      throw new ParameterRangeError(
        `${parameter}[${i}]`,
        expectedK === undefined
          ? `an array of ${k || "k ≥ 1"} numbers`
          : `an array of ${k} numbers (one per component of the mixture)`,
        describeValue(row),
        hint ??
          (expectedK === undefined
            ? ""
            : "Use responsibilities computed under a mixture with as many components."),
      );
    }
    let s = 0;
    for (let h = 0; h < k; h++) {
      const v: unknown = row[h];
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
        throw new ParameterRangeError(
          `${parameter}[${i}][${h}]`,
          "a number in [0, 1]",
          describeValue(v),
          hint ?? `Pass the responsibilities returned by ${producer}.`,
        );
      }
      s += v;
    }
    if (Math.abs(s - 1) > sumTolerance) {
      throw new ParameterRangeError(
        `${parameter}[${i}]`,
        "a row summing to 1",
        `a row summing to ${s}`,
        hint ?? "Each point's responsibilities are a probability distribution over components.",
      );
    }
  }
}

/** Check the number of components: an integer k with 1 ≤ k ≤ n (the number of points). */
export function checkComponentCount(k: unknown, n: number): asserts k is number {
  checkInteger(k, "k", 1, Infinity, "A mixture needs at least one component.");
  if (k > n) {
    throw new ParameterRangeError(
      "k",
      `an integer ≤ the number of data points (${n})`,
      describeValue(k),
      "Use fewer components or more data.",
    );
  }
}

// The checks a mixture's weights get in 1-D and in d dimensions alike.

/**
 * Check that a mixture has at least one weight and, in each other array
 * (`lengths`: name → length), one entry per weight. Returns k.
 */
export function checkComponentArrays(
  parameter: string,
  k: number,
  lengths: Readonly<Record<string, number>>,
): number {
  if (k < 1) {
    throw new ParameterRangeError(
      `${parameter}.weights`,
      "at least one weight (k ≥ 1)",
      "an empty array",
      "A mixture needs at least one component.",
    );
  }
  const fields = `weights, ${Object.keys(lengths).join(" and ")}`;
  for (const [field, length] of Object.entries(lengths)) {
    if (length !== k) {
      throw new ParameterRangeError(
        `${parameter}.${field}`,
        `an array of length ${k} (one per weight)`,
        `length ${length}`,
        `${fields} need one entry per component.`,
      );
    }
  }
  return k;
}

/** Check weight h of a mixture: a finite number ≥ 0. */
export function checkWeight(w: number, parameter: string, h: number): void {
  checkNumber(w, `${parameter}.weights[${h}]`, 0, {
    hint: `That is λ of component ${h + 1}. ` +
      "Weights are probabilities: use non-negative numbers that sum to 1.",
  });
}

/** Check that a mixture's weights sum to 1 within `tolerance`. */
export function checkWeightSum(
  sum: number,
  weights: unknown,
  parameter: string,
  tolerance: number,
): void {
  if (Math.abs(sum - 1) > tolerance) {
    throw new ParameterRangeError(
      `${parameter}.weights`,
      `numbers summing to 1 (within ${tolerance})`,
      `${describeValue(weights)} summing to ${sum}`,
      "Divide each weight by their sum.",
    );
  }
}

/**
 * Check a start given to fit/fitMv: a mixture of `startK` components must
 * match k, and a start allows one run only (`perComponent` names what the
 * start gives each component, for the hint).
 */
export function checkStartForRuns(
  startK: number,
  k: number,
  nInit: number,
  perComponent: string,
): void {
  if (startK !== k) {
    throw new ParameterRangeError(
      "options.start",
      `a mixture with k = ${k} components`,
      `k = ${startK}`,
      `Give the start one ${perComponent} per component, or change k.`,
    );
  }
  if (nInit !== 1) {
    throw new ParameterRangeError(
      "options.nInit",
      "1 when options.start is given",
      describeValue(nInit),
      "Drop options.start to use restarts.",
    );
  }
}

/** Check that `value` is one of `choices` (listed, quoted, in the message). */
export function checkOneOf<T>(
  value: unknown,
  choices: readonly T[],
  parameter: string,
  hint: string,
): asserts value is T {
  if (!choices.includes(value as T)) {
    throw new ParameterRangeError(
      parameter,
      `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`,
      describeValue(value),
      hint,
    );
  }
}
