/**
 * The EM loop as a generator: one immutable snapshot after every iteration,
 * so a notebook can draw each one, and a caller can step it by hand.
 *
 * @module
 */
import { optionKeys } from "../_validate.ts";
import { prepareData } from "./_prepare.ts";
import { nextMixture, runEm } from "./_em_core.ts";
import { familyOf } from "./_families.ts";
import { DegenerateFitError } from "../errors.ts";
import { type Mixture, validateMixture } from "../model/mixture.ts";
import { messages } from "../i18n.ts";
import type { EmOptions, EmSnapshot, ResolvedEmOptions } from "../_types.ts";

export type { EmOptions, EmSnapshot, ResolvedEmOptions } from "../_types.ts";

// The option names em and emStep accept (checked by the compiler against the types).
/** The option keys of {@linkcode em}. */
export const EM_OPTION_KEYS: readonly string[] = optionKeys<EmOptions>({
  tol: 1,
  maxIter: 1,
  varianceFloor: 1,
  workers: 1,
  family: 1,
});
const EM_STEP_OPTION_KEYS = optionKeys<Pick<EmOptions, "varianceFloor" | "family">>({
  varianceFloor: 1,
  family: 1,
});

/**
 * Check data and EM options once, filling in defaults.
 *
 * @param data The observations.
 * @param options The options to check.
 * @returns The options with defaults.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { resolveEmOptions } from "./em.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(resolveEmOptions([0, 1], {}).tol, 1e-3);
 * ```
 */
export function resolveEmOptions(data: unknown, options: EmOptions = {}): ResolvedEmOptions {
  return prepareData(data, options, EM_OPTION_KEYS, "resolveEmOptions").resolved;
}

/**
 * Run EM from a given start, yielding a snapshot at the start (iteration 0)
 * and after every iteration, until |Δ log-likelihood| < tol or `maxIter`.
 *
 * Each iteration is one M-step (from the current responsibilities) followed
 * by the E-step that scores the new parameters, so every snapshot's
 * log-likelihood belongs to its own mixture. Both run as one fused pass over
 * the data ({@linkcode fusedStep}: no N × k responsibility matrix); the
 * readable {@linkcode eStep} and {@linkcode mStep} give the same update to rounding.
 *
 * @param data The observations.
 * @param start λ, μ, σ to start from (from an initialiser, or your own).
 * @param options tol, maxIter, varianceFloor.
 * @returns A generator of frozen snapshots; call `.next()` to step it by hand.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 * @throws {DegenerateFitError} When a component collapses (only with `varianceFloor: 0`).
 *
 * @example Step EM one iteration at a time
 * ```ts
 * import { em, mixture, sampleMixture } from "@emlab/emlab";
 * import { assert, assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 1 });
 * const run = em(x, mixture([0.5, 0.5], [-1, 1], [1, 1]));
 * const start = run.next().value!;
 * const first = run.next().value!;
 * assertEquals([start.iteration, first.iteration], [0, 1]);
 * assert(first.logLikelihood >= start.logLikelihood);
 * ```
 *
 * @example Run to convergence and keep every state
 * ```ts
 * import { em, initRandom, mixture, sampleMixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 1 });
 * const history = [...em(x, initRandom(2, { seed: 7 }))];
 * assert(history.at(-1)!.converged);
 * ```
 */
export function* em(
  data: ArrayLike<number>,
  start: Mixture,
  options: EmOptions = {},
): Generator<EmSnapshot, void, undefined> {
  const { prepared, resolved } = prepareData(data, options, EM_OPTION_KEYS, "em");
  validateMixture(start, "start");
  yield* runEm(familyOf(resolved.family ?? "V"), prepared, start, resolved);
}

/**
 * One EM iteration from the given parameters: an E-step, then an M-step.
 *
 * @param data The observations.
 * @param mixture The current λ, μ, σ.
 * @param options The variance floor.
 * @returns The updated mixture.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 * @throws {DegenerateFitError} When a component collapses (only with `varianceFloor: 0`).
 *
 * @example Start from given λ, μ, σ and step 50 times
 * ```ts
 * import { emStep, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 1 });
 * let m = mixture([0.5, 0.5], [-0.5, 0.5], [0.5, 0.5]);
 * for (let i = 0; i < 50; i++) m = emStep(x, m);
 * assertAlmostEquals(m.weights[0]!, 0.35, 0.05);
 * ```
 */
export function emStep(
  data: ArrayLike<number>,
  mixture: Mixture,
  options: Pick<EmOptions, "varianceFloor" | "family"> = {},
): Mixture {
  const { prepared, resolved } = prepareData(data, options, EM_STEP_OPTION_KEYS, "emStep");
  validateMixture(mixture);
  return nextMixture(
    familyOf(resolved.family ?? "V"),
    prepared,
    mixture,
    (h) => new DegenerateFitError(messages().collapsed(h + 1), h, []),
  );
}

export { DegenerateFitError } from "../errors.ts";
export type { FamilyName } from "../_types.ts";
