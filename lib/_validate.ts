// Internal argument checks shared by the public functions.
import { describeValue, ParameterRangeError, ParameterTypeError } from "./errors.ts";

/** Check that `data` is a non-empty array (or typed array) of finite numbers. */
export function checkData(data: unknown, parameter = "data"): asserts data is ArrayLike<number> {
  if (!Array.isArray(data) && !(ArrayBuffer.isView(data) && !(data instanceof DataView))) {
    throw new ParameterTypeError(
      parameter,
      "an array or typed array of finite numbers",
      describeValue(data),
      "Pass the observations as number[] or Float64Array.",
    );
  }
  const arr = data as ArrayLike<unknown>;
  if (arr.length === 0) {
    throw new ParameterRangeError(
      parameter,
      "a non-empty array of finite numbers",
      "an empty array",
      "Pass at least one observation.",
    );
  }
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number") {
      throw new ParameterTypeError(
        `${parameter}[${i}]`,
        "a finite number",
        `${describeValue(v)} (${typeof v})`,
        "Convert the data to numbers first, e.g. data.map(Number).",
      );
    }
    if (!Number.isFinite(v)) {
      throw new ParameterRangeError(
        `${parameter}[${i}]`,
        "a finite number",
        describeValue(v),
        "Remove or impute missing and infinite values before fitting.",
      );
    }
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
  if (typeof value !== "number") {
    throw new ParameterTypeError(
      parameter,
      "a number",
      `${describeValue(value)} (${typeof value})`,
      hint,
    );
  }
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
  if (typeof value !== "number") {
    throw new ParameterTypeError(
      parameter,
      "a number",
      `${describeValue(value)} (${typeof value})`,
      hint,
    );
  }
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
  if (typeof value !== "number") {
    throw new ParameterTypeError(
      parameter,
      "a finite number",
      `${describeValue(value)} (${typeof value})`,
      "Use an integer such as 42.",
    );
  }
  if (!Number.isFinite(value)) {
    throw new ParameterRangeError(
      parameter,
      "a finite number",
      describeValue(value),
      "Use an integer such as 42.",
    );
  }
}

/** Check that an options argument is an object (or undefined). */
export function checkOptions(value: unknown, parameter = "options"): void {
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
}
