/**
 * What an exercise check says: right, wrong (and why), or not answered yet.
 *
 * A {@linkcode Verdict} holds a status, a message key and the numbers the
 * message quotes; its text comes from the message table of the language the
 * library speaks (`setLanguage("ja")` or `EMLAB_LANG=ja`; {@linkcode EXERCISE_MESSAGES}), so a notebook's check cell holds
 * no prose and a translation only adds a table. `show(verdict)` displays the
 * text, with the status also as JSON under `text/x-emlab-verdict` for
 * tests.
 *
 * @module
 */
import { describeValue } from "../core/errors.ts";
import { type Language, language } from "../core/i18n.ts";
import { EXERCISE_MESSAGES, type MessageKey } from "./messages.ts";

/** The outcome of a check. */
export type VerdictStatus = "right" | "wrong" | "unanswered";

/** The MIME type carrying a verdict's status and key, for tests and tools. */
export const VERDICT_MIME = "text/x-emlab-verdict";

/** What separates the status line from the message: Japanese sentences follow "。" directly. */
const SENTENCE_GAP: { readonly [L in Language]: string } = { en: " ", ja: "" };

/** Values a message quotes, by placeholder name. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * A number as a message quotes it: 4 significant digits, exponent form when tiny or huge.
 *
 * @param value The number.
 * @returns Its text.
 *
 * @example
 * ```ts
 * import { formatNumber } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals([formatNumber(0.022512), formatNumber(-514.468), formatNumber(2.5e-8)], [
 *   "0.02251",
 *   "-514.5",
 *   "2.500e-8",
 * ]);
 * ```
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const a = Math.abs(value);
  if (a >= 1e-3 && a < 1e6) return String(Number(value.toPrecision(4)));
  return value.toExponential(3);
}

/**
 * Two numbers as a message quotes them: 4 significant digits, or as many as
 * it takes (up to 12) to show that they differ.
 *
 * @param a The first number (the student's).
 * @param b The second (the library's).
 * @returns Their texts.
 *
 * @example
 * ```ts
 * import { formatPair } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatPair(580.0184, 580.0002), ["580.02", "580"]);
 * assertEquals(formatPair(0.5, 0.25), ["0.5", "0.25"]);
 * ```
 */
export function formatPair(a: number, b: number): [string, string] {
  for (let p = 4; p <= 12; p++) {
    const x = Number(a.toPrecision(p)), y = Number(b.toPrecision(p));
    if (x !== y || a === b || p === 12) {
      return p === 4 ? [formatNumber(a), formatNumber(b)] : [String(x), String(y)];
    }
  }
  return [String(a), String(b)];
}

function fill(template: string, params: MessageParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(v) : v;
  });
}

/**
 * A check's outcome. Build one with {@linkcode Verdict.right},
 * {@linkcode Verdict.wrong} or {@linkcode Verdict.unanswered}; read it with
 * {@linkcode Verdict.text}.
 *
 * @example
 * ```ts
 * import { Verdict } from "@emlab/emlab";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const v = Verdict.wrong("01.responsibility", "responsibility.unweighted", {
 *   yours: 0.7,
 *   expected: 0.61,
 * });
 * assertEquals(v.status, "wrong");
 * assertMatch(v.text(), /0\.7/);
 * ```
 */
export class Verdict {
  /** right, wrong or unanswered. */
  readonly status: VerdictStatus;
  /** The exercise, `NN.name`. */
  readonly exercise: string;
  /** The message key in the language tables. */
  readonly key: MessageKey;
  /** Values the message quotes. */
  readonly params: MessageParams;

  private constructor(
    status: VerdictStatus,
    exercise: string,
    key: MessageKey,
    params: MessageParams,
  ) {
    this.status = status;
    this.exercise = exercise;
    this.key = key;
    this.params = params;
  }

  /** The answer is right; `key` says what it shows. */
  static right(exercise: string, key: MessageKey = "right", params: MessageParams = {}): Verdict {
    return new Verdict("right", exercise, key, params);
  }

  /** The answer is wrong; `key` names the mistake it looks like (or "wrong"). */
  static wrong(exercise: string, key: MessageKey = "wrong", params: MessageParams = {}): Verdict {
    return new Verdict("wrong", exercise, key, params);
  }

  /** The answer cell still holds its placeholder. */
  static unanswered(exercise: string): Verdict {
    return new Verdict("unanswered", exercise, "unanswered", {});
  }

  /**
   * The verdict in a language: a status line prefix and the message.
   *
   * @param lang The language (default: the library's, chosen by `setLanguage` or `EMLAB_LANG`).
   */
  text(lang: Language = language()): string {
    const table = EXERCISE_MESSAGES[lang];
    const head = table[this.status];
    const body = this.key === this.status
      ? ""
      : `${SENTENCE_GAP[lang]}${fill(table[this.key], this.params)}`;
    return `${head}${body}`;
  }

  /** The text in the chosen language. */
  toString(): string {
    return this.text();
  }

  /** The bundle `show()` displays: the text, and the status for tests. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return {
      "text/plain": this.text(),
      [VERDICT_MIME]: JSON.stringify({
        status: this.status,
        exercise: this.exercise,
        key: this.key,
      }),
    };
  }
}

/**
 * The student's number, or undefined when the answer cell holds its placeholder.
 *
 * @param answer What the answer cell holds.
 * @returns The number, undefined for the placeholder, "not a number" for anything else.
 *
 * @example
 * ```ts
 * import { answeredNumber } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals([answeredNumber(2), answeredNumber(undefined), answeredNumber("2")], [
 *   2,
 *   undefined,
 *   "not a number",
 * ]);
 * ```
 */
export function answeredNumber(answer: unknown): number | undefined | "not a number" {
  if (answer === undefined || answer === null) return undefined;
  if (typeof answer !== "number" || !Number.isFinite(answer)) return "not a number";
  return answer;
}

/** The fewest significant digits an answer may give: fewer are "rounded", never right. */
export const MIN_DIGITS = 3;

/** The most digits an answer is held to: a computed value (17 digits) is right to 10⁻⁹ or so. */
export const MAX_DIGITS = 10;

/**
 * How many significant digits a number shows when written as briefly as it
 * can be (what a student typed: `0.612` has 3, `1000` has 1; a computed
 * value has up to 17).
 *
 * @param value The number.
 * @returns Its significant digits (1 for 0 and for non-finite values).
 *
 * @example
 * ```ts
 * import { significantDigits } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals([significantDigits(0.612), significantDigits(-1234.5), significantDigits(1000)], [3, 5, 1]);
 * ```
 */
export function significantDigits(value: number): number {
  if (!Number.isFinite(value) || value === 0) return 1;
  const mantissa = value.toExponential().split("e")[0]!;
  return mantissa.replace(/[-.]/g, "").length;
}

/** The unit of the last of `digits` significant digits of `value`. */
function unitOf(value: number, digits: number): number {
  const exponent = Number(value.toExponential().split("e")[1]);
  return 10 ** (exponent - digits + 1);
}

/**
 * Whether an answer agrees with a value to the digits the answer gives: it
 * is the value rounded or cut off at its last digit. The answer's digits
 * count as at least `minDigits` (so `0.61` for 0.6123 does not agree) and
 * at most {@linkcode MAX_DIGITS} (so a computed answer may differ in the
 * last bits from the library's).
 *
 * @param answer The student's number.
 * @param value The value to compare with.
 * @param minDigits The fewest significant digits that count. @default MIN_DIGITS (3)
 * @returns true when they agree.
 *
 * @example
 * ```ts
 * import { agreesTo } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = 0.612349;
 * assertEquals([agreesTo(0.6123, truth), agreesTo(0.612, truth), agreesTo(0.61, truth)], [true, true, false]);
 * // 0.6124 is neither 0.612349 rounded (0.6123) nor cut off (0.6123)
 * assertEquals([agreesTo(0.6124, truth), agreesTo(0.613, truth), agreesTo(truth * (1 + 1e-12), truth)], [
 *   false,
 *   false,
 *   true,
 * ]);
 * ```
 */
export function agreesTo(answer: number, value: number, minDigits: number = MIN_DIGITS): boolean {
  if (!Number.isFinite(answer) || !Number.isFinite(value)) return answer === value;
  if (value === 0 || answer === 0) return Math.abs(answer - value) <= 1e-12;
  const digits = Math.min(MAX_DIGITS, Math.max(minDigits, significantDigits(answer)));
  const unit = unitOf(answer, digits) * (1 + 1e-9);
  const rounded = Math.abs(answer - value) <= unit / 2;
  const cut = Math.sign(answer) === Math.sign(value) && Math.abs(answer) <= Math.abs(value) &&
    Math.abs(value) - Math.abs(answer) < unit;
  return rounded || cut;
}

/**
 * Whether two numbers agree to a relative 10⁻⁹ (absolute 10⁻¹² near 0): two
 * computed values, such as a student's function's result and the library's.
 *
 * @param value The student's value.
 * @param expected The library's value.
 * @returns true when they agree.
 *
 * @example
 * ```ts
 * import { close } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals([close(1000.0000000001, 1000), close(1000.001, 1000)], [true, false]);
 * ```
 */
export function close(value: number, expected: number): boolean {
  return Math.abs(value - expected) <= Math.max(1e-12, 1e-9 * Math.abs(expected));
}

/** A typical mistake: the value it gives and the message that explains it. */
export interface Mistake {
  /** The value that mistake produces on the notebook's data. */
  readonly value: number;
  /** The message key that explains it. */
  readonly key: MessageKey;
}

/**
 * Judge a number to the digits it gives ({@linkcode agreesTo}, at least
 * {@linkcode MIN_DIGITS} significant digits): right when it agrees with
 * `expected`; else the first {@linkcode Mistake} it agrees with; else
 * "rounded" when it is `expected` rounded to fewer than
 * {@linkcode MIN_DIGITS} digits; else a plain "wrong". Unanswered for the
 * placeholder. Messages quote `yours` and `expected`.
 *
 * @example
 * ```ts
 * import { judgeNumber } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const mistakes = [{ value: 4, key: "mean.divideByN" as const }];
 * assertEquals(judgeNumber("x.y", 2, 2, mistakes).status, "right");
 * assertEquals(judgeNumber("x.y", 4, 2, mistakes).key, "mean.divideByN");
 * assertEquals(judgeNumber("x.y", 0.61, 0.6123).key, "rounded");
 * assertEquals(judgeNumber("x.y", 0.612, 0.6123).status, "right");
 * assertEquals(judgeNumber("x.y", undefined, 2, mistakes).status, "unanswered");
 * ```
 */
export function judgeNumber(
  exercise: string,
  answer: unknown,
  expected: number,
  mistakes: readonly Mistake[] = [],
  params: MessageParams = {},
): Verdict {
  const value = answeredNumber(answer);
  if (value === undefined) return Verdict.unanswered(exercise);
  if (value === "not a number") {
    return Verdict.wrong(exercise, "notANumber", { yours: describeValue(answer) });
  }
  const [yours, wanted] = formatPair(value, expected);
  const quoted = { ...params, yours, expected: wanted, digits: MIN_DIGITS };
  if (agreesTo(value, expected)) {
    return Verdict.right(exercise, "rightValue", {
      ...quoted,
      yours: formatNumber(value),
      expected: formatNumber(expected),
    });
  }
  for (const m of mistakes) {
    if (agreesTo(value, m.value)) return Verdict.wrong(exercise, m.key, quoted);
  }
  if (significantDigits(value) < MIN_DIGITS && agreesTo(value, expected, 1)) {
    return Verdict.wrong(exercise, "rounded", quoted);
  }
  return Verdict.wrong(exercise, "wrong", quoted);
}

/**
 * Call the student's function: its result, or a verdict — unanswered for
 * the placeholder, wrong when it is not a function or throws.
 *
 * @param exercise The exercise, `NN.name`.
 * @param answer What the answer cell holds.
 * @param call Calls the function with the notebook's data.
 * @returns `{ value }` or a {@linkcode Verdict}.
 *
 * @example
 * ```ts
 * import { callAnswer, Verdict } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const square = (v: number) => v * v;
 * assertEquals(callAnswer("x.y", square, (f) => (f as typeof square)(3)), { value: 9 });
 * const thrown = callAnswer("x.y", () => { throw new Error("not written yet"); }, (f) => f());
 * assertEquals((thrown as Verdict).key, "threw");
 * ```
 */
export function callAnswer<T>(
  exercise: string,
  answer: unknown,
  call: (f: (...args: never[]) => unknown) => T,
): { value: T } | Verdict {
  if (answer === undefined || answer === null) return Verdict.unanswered(exercise);
  if (typeof answer !== "function") {
    return Verdict.wrong(exercise, "notAFunction", { yours: describeValue(answer) });
  }
  try {
    return { value: call(answer as (...args: never[]) => unknown) };
  } catch (e) {
    return Verdict.wrong(exercise, "threw", { error: (e as Error)?.message ?? String(e) });
  }
}
