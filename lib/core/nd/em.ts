/**
 * The EM loop for d-dimensional mixtures as a generator of snapshots, like
 * the 1-D `em()`.
 *
 * @module
 */
import { optionKeys } from "../_validate.ts";
import { preparePoints } from "./_prepare.ts";
import { nextMixture, runEm } from "../em/_em_core.ts";
import { SingularCovarianceError } from "../errors.ts";
import { checkStartDimension, type Points } from "./_validate.ts";
import { covarianceFamily } from "./_families.ts";
import { checkStartInModel } from "./_init_starts.ts";
import type { MvMixture } from "./mixture.ts";
import { messages } from "../i18n.ts";
import type { MvEmOptions, MvEmSnapshot, ResolvedMvEmOptions } from "./_types.ts";

export type { MvEmOptions, MvEmSnapshot, ResolvedMvEmOptions } from "./_types.ts";

// The option names emMv and emStepMv accept (checked by the compiler against the types).
/** The option keys of {@linkcode emMv}. */
export const MV_EM_OPTION_KEYS: readonly string[] = optionKeys<MvEmOptions>({
  tol: 1,
  maxIter: 1,
  ridge: 1,
  workers: 1,
  covariance: 1,
});
const EM_STEP_MV_OPTION_KEYS = optionKeys<Pick<MvEmOptions, "ridge" | "covariance">>({
  ridge: 1,
  covariance: 1,
});

/**
 * Check points and EM options once, filling in defaults.
 *
 * @param data The points, as rows.
 * @param options The options to check.
 * @returns The options with defaults, the ridge as one value per dimension.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example
 * ```ts
 * import { resolveMvEmOptions } from "./em.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(resolveMvEmOptions([[0, 0], [1, 2]], { ridge: 0.5 }).ridge, [0.5, 0.5]);
 * ```
 */
export function resolveMvEmOptions(data: unknown, options: MvEmOptions = {}): ResolvedMvEmOptions {
  return preparePoints(data, options, MV_EM_OPTION_KEYS, "resolveMvEmOptions").resolved;
}

/**
 * Run EM on d-dimensional points from a given start, yielding a snapshot at
 * the start (iteration 0) and after every iteration, until
 * |Δ log-likelihood| < tol or `maxIter`.
 *
 * @param data The points, as rows of length d.
 * @param start λ, μ, Σ to start from.
 * @param options tol, maxIter, ridge.
 * @returns A generator of frozen snapshots; call `.next()` to step it by hand.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, an unknown option key, or a start outside the covariance model.
 * @throws {SingularCovarianceError} When a covariance becomes singular (only with `ridge: 0`).
 *
 * @example Step EM by hand: the log-likelihood never goes down
 * ```ts
 * import { emMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const truth = mvMixture([0.4, 0.6], [[0, 0], [4, 2]], [
 *   [[1, 0.6], [0.6, 1]],
 *   [[0.5, -0.2], [-0.2, 0.8]],
 * ]);
 * const { x } = sampleMvMixture(truth, 500, { seed: 1 });
 * const start = mvMixture([0.5, 0.5], [[1, 1], [2, 1]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const run = emMv(x, start);
 * const s0 = run.next().value!, s1 = run.next().value!;
 * assert(s1.logLikelihood >= s0.logLikelihood);
 * ```
 */
export function* emMv(
  data: Points,
  start: MvMixture,
  options: MvEmOptions = {},
): Generator<MvEmSnapshot, void, undefined> {
  const { prepared, resolved } = preparePoints(data, options, MV_EM_OPTION_KEYS, "emMv");
  checkStartDimension(data, start, "start");
  checkStartInModel(resolved.covariance ?? "VVV", start, "start");
  yield* runEm(covarianceFamily(resolved.covariance ?? "full"), prepared, start, resolved);
}

/**
 * One d-dimensional EM iteration: an E-step, then an M-step.
 *
 * @param data The points, as rows.
 * @param mixture The current λ, μ, Σ.
 * @param options The ridge.
 * @returns The updated mixture.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 * @throws {SingularCovarianceError} When a covariance becomes singular (only with `ridge: 0`).
 *
 * @example
 * ```ts
 * import { emStepMv, mvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const data = [[0, 0], [1, 0], [0, 1], [1, 1]];
 * const m = emStepMv(data, mvMixture([1], [[3, 3]], [[[1, 0], [0, 1]]]), { ridge: 0 });
 * assertEquals(m.means[0], [0.5, 0.5]);
 * assertEquals(m.covariances[0], [[0.25, 0], [0, 0.25]]);
 * ```
 */
export function emStepMv(
  data: Points,
  mixture: MvMixture,
  options: Pick<MvEmOptions, "ridge" | "covariance"> = {},
): MvMixture {
  const { prepared, resolved } = preparePoints(data, options, EM_STEP_MV_OPTION_KEYS, "emStepMv");
  checkStartDimension(data, mixture, "mixture");
  return nextMixture(
    covarianceFamily(resolved.covariance ?? "full"),
    prepared,
    mixture,
    (h) => new SingularCovarianceError(messages().singular(h + 1), h, []),
  );
}

export { SingularCovarianceError } from "../errors.ts";
export type { CovarianceType, MvModelName } from "./models/table.ts";
