/**
 * The shape of an exercise in the catalogue ({@linkcode EXERCISES}): its
 * check, a right answer, a right answer written another way, and its common
 * mistakes, each a function of the arguments the notebook's check cell
 * passes after the answer (the notebook's own data), so a grader or a test
 * can type every one of them into the notebook and see what the check says.
 *
 * @module
 */
import type { MessageKey } from "./messages.ts";
import { describeValue } from "../core/errors.ts";
import { callAnswer, close, judgeNumber, type MessageParams, Verdict } from "./verdict.ts";

/** One common mistake of an exercise: what a student who makes it answers, and its diagnosis. */
export interface ExerciseMistake<A extends readonly unknown[]> {
  /** Unique within the exercise, e.g. `"unweighted"`. */
  readonly id: string;
  /**
   * The message that diagnoses it (in every language of {@linkcode EXERCISE_MESSAGES}); two
   * mistakes whose answers cannot be told apart may share one that names both.
   */
  readonly key: MessageKey;
  /** What the mistake is, in a few English words (for tables). */
  readonly label: string;
  /** The answer (a number, a function, an array) a student making this mistake gives. */
  answer(...args: A): unknown;
}

/** How an exercise's answers are compared. */
export type AnswerKind =
  /** A number typed or computed: right to the digits it gives (at least 3). */
  | "number"
  /** A function whose results on the notebook's data are compared to 10⁻⁹. */
  | "function"
  /** An array of integers (labels, an order), compared exactly. */
  | "integers";

/**
 * An exercise of the notebooks with its catalogue of mistakes. `A` is the
 * tuple of arguments the notebook's check cell passes after the answer.
 */
export interface Exercise<A extends readonly unknown[] = readonly never[]> {
  /** The check's id, `NN.name` (what {@linkcode Verdict.exercise} says). */
  readonly id: string;
  /** Its number in the notebook, `NN.i`. */
  readonly number: string;
  /** The notebook, without `.ipynb`. */
  readonly notebook: string;
  /** The check function the notebook calls: `check(answer, ...args)`. */
  check(answer: unknown, ...args: A): Verdict;
  /** How answers are compared. */
  readonly kind: AnswerKind;
  /** A right answer. */
  solution(...args: A): unknown;
  /** A right answer in another form: fewer digits, another but equivalent function, … */
  otherForm(...args: A): unknown;
  /** What to compare of an answer: the number, the function's results on the data, the array. */
  outputs(answer: unknown, ...args: A): readonly number[];
  /** At least four common mistakes. */
  readonly mistakes: readonly ExerciseMistake<A>[];
}

/** What {@linkcode numberExercise} needs: the rest comes from the kind. */
export interface NumberExerciseSpec<A extends readonly unknown[]> {
  /** The check's id, `NN.name`. */
  readonly id: string;
  /** Its number in the notebook, `NN.i`. */
  readonly number: string;
  /** The notebook, without `.ipynb`. */
  readonly notebook: string;
  /** The right value. */
  readonly solution: (...args: A) => number;
  /** The common mistakes, each the value it gives. */
  readonly mistakes: readonly ExerciseMistake<A>[];
  /** More values the messages quote. */
  readonly params?: (...args: A) => MessageParams;
  /** A right answer in another form. @default the right value at 4 significant digits */
  readonly otherForm?: (...args: A) => unknown;
}

/**
 * An exercise whose answer is a number, judged by {@linkcode judgeNumber}
 * against its solution and its mistakes' values.
 *
 * @param spec The exercise.
 * @returns The exercise with its check.
 *
 * @example
 * ```ts
 * import { numberExercise } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const square = numberExercise<[number]>({
 *   id: "00.square", number: "00.1", notebook: "00-demo",
 *   solution: (v) => v * v,
 *   mistakes: [{ id: "double", key: "wrong", label: "2v", answer: (v) => 2 * v }],
 * });
 * assertEquals(square.check(9, 3).status, "right");
 * assertEquals(square.check(6, 3).key, "wrong");
 * ```
 */
export function numberExercise<A extends readonly unknown[]>(
  spec: NumberExerciseSpec<A>,
): Exercise<A> {
  return {
    id: spec.id,
    number: spec.number,
    notebook: spec.notebook,
    kind: "number",
    solution: spec.solution,
    otherForm: spec.otherForm ?? ((...args) => Number(spec.solution(...args).toPrecision(4))),
    outputs: (answer: unknown, ..._args: A) => [answer as number],
    mistakes: spec.mistakes,
    check: (answer, ...args) =>
      judgeNumber(
        spec.id,
        answer,
        spec.solution(...args),
        spec.mistakes.map((m) => ({ key: m.key, value: m.answer(...args) as number })),
        spec.params?.(...args),
      ),
  };
}

/** What {@linkcode functionExercise} needs. */
export interface FunctionExerciseSpec<A extends readonly unknown[]> {
  /** The check's id, `NN.name`. */
  readonly id: string;
  /** Its number in the notebook, `NN.i`. */
  readonly number: string;
  /** The notebook, without `.ipynb`. */
  readonly notebook: string;
  /** A right function. */
  readonly solution: (...args: A) => unknown;
  /** Another right function, written differently. */
  readonly otherForm: (...args: A) => unknown;
  /** The common mistakes, each a wrong function. */
  readonly mistakes: readonly ExerciseMistake<A>[];
  /** Calls a function on the notebook's data: what it gives, entry by entry (may throw). */
  readonly outputs: (f: (...a: never[]) => unknown, ...args: A) => readonly unknown[];
  /** The message of a wrong function that is none of the mistakes (by its first wrong entry). */
  readonly wrongKey: MessageKey | ((index: number) => MessageKey);
  /** What the messages quote about the first entry `index` where the answer is wrong. */
  readonly quote: (
    index: number,
    yours: readonly number[],
    expected: readonly number[],
    ...args: A
  ) => MessageParams;
  /** Whether entry `index` of an answer agrees with the same entry of another. @default close */
  readonly agree?: (a: number, b: number, index: number, expected: readonly number[]) => boolean;
  /** The message key of a right function. @default "rightFunction" */
  readonly rightKey?: MessageKey;
  /** What the right message quotes. */
  readonly rightParams?: (expected: readonly number[], ...args: A) => MessageParams;
}

/**
 * An exercise whose answer is a function: it is called on the notebook's
 * data and its results compared, entry by entry, with the solution's and
 * with every mistake's (to 10⁻⁹, {@linkcode close}). Unanswered for the
 * placeholder; "not a function", "threw", "returned nothing" when it is so.
 *
 * @param spec The exercise.
 * @returns The exercise with its check.
 *
 * @example
 * ```ts
 * import { functionExercise } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * type F = (v: number) => number;
 * const twice = functionExercise<[number[]]>({
 *   id: "00.twice", number: "00.1", notebook: "00-demo",
 *   solution: () => (v: number) => 2 * v,
 *   otherForm: () => (v: number) => v + v,
 *   mistakes: [{ id: "square", key: "wrong", label: "v²", answer: () => (v: number) => v * v }],
 *   outputs: (f, data) => data.map((v) => (f as unknown as F)(v)),
 *   wrongKey: "wrong",
 *   quote: (i) => ({ component: i + 1 }),
 * });
 * assertEquals(twice.check((v: number) => v * 2, [1, 3]).status, "right");
 * assertEquals(twice.check((v: number) => v * v, [1, 3]).status, "wrong");
 * assertEquals(twice.check(undefined, [1, 3]).status, "unanswered");
 * ```
 */
export function functionExercise<A extends readonly unknown[]>(
  spec: FunctionExerciseSpec<A>,
): Exercise<A> {
  const agree = spec.agree ?? ((a: number, b: number) => close(a, b));
  const numbers = (f: unknown, args: A) =>
    spec.outputs(f as (...a: never[]) => unknown, ...args) as number[];
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((v, i) => agree(v, b[i]!, i, b));
  return {
    id: spec.id,
    number: spec.number,
    notebook: spec.notebook,
    kind: "function",
    solution: spec.solution,
    otherForm: spec.otherForm,
    mistakes: spec.mistakes,
    outputs: (answer, ...args) => numbers(answer, args),
    check: (answer, ...args) => {
      const called = callAnswer(spec.id, answer, (f) => spec.outputs(f, ...args));
      if (called instanceof Verdict) return called;
      const yours = called.value;
      if (yours.some((v) => v === undefined)) return Verdict.wrong(spec.id, "returnedNothing");
      if (yours.some((v) => typeof v !== "number" && !Array.isArray(v))) {
        return Verdict.wrong(spec.id, "notANumber", {
          yours: describeValue(yours.find((v) => typeof v !== "number")),
        });
      }
      const mine = yours as number[];
      const expected = numbers(spec.solution(...args), args);
      if (same(mine, expected)) {
        return Verdict.right(
          spec.id,
          spec.rightKey ?? "rightFunction",
          spec.rightParams?.(expected, ...args) ?? {},
        );
      }
      const first = mine.findIndex((v, i) => !agree(v, expected[i]!, i, expected));
      const quoted = spec.quote(Math.max(0, first), mine, expected, ...args);
      for (const m of spec.mistakes) {
        if (same(mine, numbers(m.answer(...args), args))) {
          return Verdict.wrong(spec.id, m.key, quoted);
        }
      }
      const key = typeof spec.wrongKey === "function" ? spec.wrongKey(first) : spec.wrongKey;
      return Verdict.wrong(spec.id, key, quoted);
    },
  };
}
