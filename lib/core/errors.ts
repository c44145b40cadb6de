/**
 * Typed errors for bad input. Every error names the parameter, what was
 * expected, what was received, and says what to do.
 *
 * @module
 */
import { messages } from "./i18n.ts";
import type { EmSnapshot } from "./_types.ts";
import type { MvEmSnapshot } from "./nd/_types.ts";

/** Render a received value for an error message without flooding it. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (value === Infinity) return "Infinity";
    if (value === -Infinity) return "-Infinity";
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (value instanceof DataView) return "a DataView";
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = value as ArrayLike<unknown>;
    if (arr.length === 0) return "an empty array";
    const head = Array.from({ length: Math.min(arr.length, 5) }, (_, i) => describeValue(arr[i]));
    return `[${head.join(", ")}${arr.length > 5 ? `, … (${arr.length} values)` : ""}]`;
  }
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return String(value);
}

function message(parameter: string, expected: string, received: string, hint: string): string {
  return messages().mustBe(parameter, expected, received, hint);
}

/**
 * Thrown when an argument has the right type but an unusable value
 * (out of range, NaN, weights not summing to 1, …).
 *
 * @example Catching a bad number of components
 * ```ts
 * import { fit, ParameterRangeError } from "@emlab/emlab";
 * import { assertThrows } from "@std/assert";
 * assertThrows(() => fit([1, 2, 3], 0), ParameterRangeError, "k must be");
 * ```
 */
export class ParameterRangeError extends RangeError {
  /** Name of the offending parameter, e.g. `"k"` or `"mixture.weights"`. */
  readonly parameter: string;
  /** What the parameter must be. */
  readonly expected: string;
  /** A short rendering of the value that was received. */
  readonly received: string;
  /**
   * @param parameter Name of the parameter.
   * @param expected What the parameter must be.
   * @param received Rendering of the value received.
   * @param hint What the caller can do about it.
   */
  constructor(parameter: string, expected: string, received: string, hint = "") {
    super(message(parameter, expected, received, hint));
    this.name = "ParameterRangeError";
    this.parameter = parameter;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Thrown when an argument has the wrong type (a string where a number is
 * expected, an object where an array is expected, …).
 *
 * @example Catching data that is not an array
 * ```ts
 * import { fit, ParameterTypeError } from "@emlab/emlab";
 * import { assertThrows } from "@std/assert";
 * // deno-lint-ignore no-explicit-any
 * assertThrows(() => fit("1,2,3" as any, 2), ParameterTypeError, "data must be");
 * ```
 */
export class ParameterTypeError extends TypeError {
  /** Name of the offending parameter. */
  readonly parameter: string;
  /** What the parameter must be. */
  readonly expected: string;
  /** A short rendering of the value that was received. */
  readonly received: string;
  /**
   * @param parameter Name of the parameter.
   * @param expected What the parameter must be.
   * @param received Rendering of the value received.
   * @param hint What the caller can do about it.
   */
  constructor(parameter: string, expected: string, received: string, hint = "") {
    super(message(parameter, expected, received, hint));
    this.name = "ParameterTypeError";
    this.parameter = parameter;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * Thrown by the EM loop when a component collapses onto a single point
 * (σ = 0, likelihood unbounded) — possible only with `varianceFloor: 0`.
 * It carries the snapshots up to the collapse.
 *
 * @example
 * ```ts
 * import { DegenerateFitError } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const e = new DegenerateFitError("Component 1 collapsed", 0, []);
 * assertEquals([e.component, e.index], [1, 0]);
 * ```
 */
export class DegenerateFitError extends Error {
  /** The component that collapsed, counted from 1 as in the message (λ₁ is component 1). */
  readonly component: number;
  /** Its position in the mixture's arrays (`component − 1`). */
  readonly index: number;
  /** Every snapshot before the collapse. */
  readonly history: readonly EmSnapshot[];
  /**
   * @param message What happened and what to do.
   * @param index The position of the component that collapsed (0-based).
   * @param history The snapshots before the collapse.
   */
  constructor(message: string, index: number, history: readonly EmSnapshot[]) {
    super(message);
    this.name = "DegenerateFitError";
    this.component = index + 1;
    this.index = index;
    this.history = history;
  }
}

/**
 * Thrown by the d-dimensional EM loop when a component's covariance becomes
 * singular (the component sits on a point or a line; the likelihood is
 * unbounded) — possible only with `ridge: 0`. It carries the snapshots up to
 * the collapse.
 *
 * @example
 * ```ts
 * import { SingularCovarianceError } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const e = new SingularCovarianceError("Component 1 collapsed", 0, []);
 * assertEquals([e.component, e.index], [1, 0]);
 * ```
 */
export class SingularCovarianceError extends Error {
  /** The component that collapsed, counted from 1 as in the message (λ₁ is component 1). */
  readonly component: number;
  /** Its position in the mixture's arrays (`component − 1`). */
  readonly index: number;
  /** Every snapshot before the collapse. */
  readonly history: readonly MvEmSnapshot[];
  /**
   * @param message What happened and what to do.
   * @param index The position of the component that collapsed (0-based).
   * @param history The snapshots before the collapse.
   */
  constructor(message: string, index: number, history: readonly MvEmSnapshot[]) {
    super(message);
    this.name = "SingularCovarianceError";
    this.component = index + 1;
    this.index = index;
    this.history = history;
  }
}
