/**
 * The catalogue of the notebooks' 21 exercises: each one's check, a right
 * answer, a right answer in another form, and its common mistakes with the
 * message that diagnoses each, all functions of the arguments the
 * notebook's check cell passes after the answer. A grader or a test takes
 * an exercise by id, computes what each mistake answers on the notebook's
 * own data, and sees what the check says.
 *
 * @module
 */
import { ParameterRangeError } from "../core/errors.ts";
import type { Exercise } from "./exercise.ts";
import { agreesTo, MAX_DIGITS, MIN_DIGITS } from "./verdict.ts";
import { LOG_LIKELIHOOD, M_STEP_WEIGHT, RESPONSIBILITY } from "./walkthrough.ts";
import { LAGRANGE_MULTIPLIER, MEAN_UPDATE, SIGMA_UPDATE } from "./derivation.ts";
import { BIC, PICK_K, PREDICT_LONG } from "./old_faithful.ts";
import { FLOOR, MATCHING, SPIKE } from "./pitfalls.ts";
import { COVARIANCE_UPDATE, MAHALANOBIS, PARAMETER_COUNT } from "./two_d.ts";
import { MODEL_PARAMETER_COUNT, SHAPE, VOLUME } from "./geometry.ts";
import { ASSIGNMENT, BOUND, KL } from "./coordinate_ascent.ts";

/**
 * Every exercise of notebooks 01–06, in notebook order (`NN.1`, `NN.2`, …:
 * three per notebook, six in 05), each with at least four catalogued mistakes.
 *
 * @example
 * ```ts
 * import { EXERCISES, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(EXERCISES.length, 21);
 * const floor = EXERCISES.find((e) => e.id === "04.floor")!;
 * const data = [0, 1, 2, 4];
 * const [mistake] = floor.mistakes; // ÷ (N − 1)
 * assertEquals(floor.check(mistake!.answer(data), data).key, mistake!.key);
 * ```
 */
export const EXERCISES: readonly Exercise<readonly unknown[]>[] = [
  RESPONSIBILITY,
  M_STEP_WEIGHT,
  LOG_LIKELIHOOD,
  SIGMA_UPDATE,
  LAGRANGE_MULTIPLIER,
  MEAN_UPDATE,
  BIC,
  PICK_K,
  PREDICT_LONG,
  SPIKE,
  FLOOR,
  MATCHING,
  COVARIANCE_UPDATE,
  MAHALANOBIS,
  PARAMETER_COUNT,
  MODEL_PARAMETER_COUNT,
  VOLUME,
  SHAPE,
  KL,
  BOUND,
  ASSIGNMENT,
];

/**
 * The exercise with this id (`NN.name`, as the check's verdict says).
 *
 * @param id The exercise's id.
 * @returns The exercise.
 * @throws {ParameterRangeError} When no exercise has that id.
 *
 * @example
 * ```ts
 * import { exerciseById } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(exerciseById("03.bic").number, "03.1");
 * ```
 */
export function exerciseById(id: string): Exercise<readonly unknown[]> {
  const found = EXERCISES.find((e) => e.id === id);
  if (!found) {
    throw new ParameterRangeError(
      "id",
      `one of ${EXERCISES.map((e) => e.id).join(", ")}`,
      JSON.stringify(id),
      "use the id a check's verdict names (verdict.exercise)",
    );
  }
  return found;
}

/** A number at `digits` significant digits, rounded and cut off: what a student might type. */
function typedForms(value: number): number[] {
  if (!Number.isFinite(value) || value === 0) return [value];
  const forms = new Set<number>([value]);
  for (let d = MIN_DIGITS; d <= MAX_DIGITS; d++) {
    const rounded = Number(value.toPrecision(d));
    forms.add(rounded);
    if (Math.abs(rounded) > Math.abs(value)) {
      const unit = 10 ** (Number(rounded.toExponential().split("e")[1]) - d + 1);
      forms.add(Number((rounded - Math.sign(value) * unit).toPrecision(d)));
    }
  }
  return [...forms];
}

/**
 * Whether an exercise's catalogue is told apart on these data: the
 * solution and the other form are judged right, and every mistake is
 * diagnosed by its own message; for a number, also when typed at
 * {@linkcode MIN_DIGITS} to {@linkcode MAX_DIGITS} significant digits
 * (rounded or cut off), each agrees with its own value only (the acceptance
 * bands of the right answer and of every mistake do not overlap), or also
 * with mistakes that take the same message (the student reads the same).
 *
 * @param exercise The exercise.
 * @param args What the notebook's check cell passes after the answer.
 * @returns The problems found, one line each; empty when all is told apart.
 *
 * @example
 * ```ts
 * import { exerciseById, separationProblems } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(separationProblems(exerciseById("05.parameters"), 3, 2), []);
 * // with k = 1 the weights are not free: "k free weights" and "weights left out" give the right count
 * assertEquals(separationProblems(exerciseById("05.parameters"), 1, 2).length > 0, true);
 * ```
 */
export function separationProblems<A extends readonly unknown[]>(
  exercise: Exercise<A>,
  ...args: A
): string[] {
  const problems: string[] = [];
  const entries = [
    { id: "solution", key: "right", answer: exercise.solution(...args) },
    { id: "otherForm", key: "right", answer: exercise.otherForm(...args) },
    ...exercise.mistakes.map((m) => ({ id: m.id, key: m.key, answer: m.answer(...args) })),
  ];
  for (const e of entries) {
    const v = exercise.check(e.answer, ...args);
    const said = v.status === "right" ? "right" : v.key;
    if (said !== e.key) problems.push(`${exercise.id} ${e.id}: judged ${said}, not ${e.key}`);
  }
  if (exercise.kind === "number") {
    const values = entries.filter((e) => e.id !== "otherForm").map((e) => ({
      id: e.id,
      key: e.key,
      value: e.answer as number,
    }));
    for (const { id, key, value } of values) {
      for (const typed of typedForms(value)) {
        const agree = values.filter((o) => agreesTo(typed, o.value));
        // Mistakes that share a message may share a band: the student is told the same.
        if (!agree.some((o) => o.id === id) || agree.some((o) => o.key !== key)) {
          const ids = agree.map((o) => o.id).join(", ") || "none";
          problems.push(`${exercise.id} ${id}: ${typed} agrees with ${ids}`);
        }
      }
    }
  } else {
    const outputs = entries.map((e) => ({ id: e.id, out: exercise.outputs(e.answer, ...args) }));
    for (let a = 0; a < outputs.length; a++) {
      for (let b = a + 1; b < outputs.length; b++) {
        const x = outputs[a]!, y = outputs[b]!;
        const same = x.out.length === y.out.length &&
          x.out.every((v, i) => Math.abs(v - y.out[i]!) <= 1e-9 * Math.max(1, Math.abs(v)));
        const bothRight = [x.id, y.id].every((id) => id === "solution" || id === "otherForm");
        if (same !== bothRight) {
          problems.push(
            `${exercise.id} ${x.id} and ${y.id}: ${same ? "same" : "different"} results`,
          );
        }
      }
    }
  }
  return problems;
}
