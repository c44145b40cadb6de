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

/**
 * Whether `value` equals `expected` to a relative 10⁻⁶ (absolute 10⁻⁹ near 0).
 *
 * @param value The student's value.
 * @param expected The library's value.
 * @param relative The relative tolerance. @default 1e-6
 * @returns true when they agree.
 *
 * @example
 * ```ts
 * import { close } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals([close(1000.0001, 1000), close(1000.01, 1000)], [true, false]);
 * ```
 */
export function close(value: number, expected: number, relative = 1e-6): boolean {
  return Math.abs(value - expected) <= Math.max(1e-9, relative * Math.abs(expected));
}

/** A typical mistake: the value it gives and the message that explains it. */
export interface Mistake {
  /** The value that mistake produces on the notebook's data. */
  readonly value: number;
  /** The message key that explains it. */
  readonly key: MessageKey;
}

/**
 * Judge a number: right when it matches `expected`, else the first
 * {@linkcode Mistake} it matches, else a plain "wrong"; unanswered for the
 * placeholder. Messages quote `yours` and `expected`.
 *
 * @example
 * ```ts
 * import { judgeNumber } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const mistakes = [{ value: 4, key: "mean.divideByN" as const }];
 * assertEquals(judgeNumber("x.y", 2, 2, mistakes).status, "right");
 * assertEquals(judgeNumber("x.y", 4, 2, mistakes).key, "mean.divideByN");
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
  const quoted = { ...params, yours: value, expected };
  if (close(value, expected)) return Verdict.right(exercise, "rightValue", quoted);
  for (const m of mistakes) {
    if (!close(m.value, expected) && close(value, m.value)) {
      return Verdict.wrong(exercise, m.key, quoted);
    }
  }
  if (close(value, expected, 1e-2)) return Verdict.wrong(exercise, "rounded", quoted);
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
