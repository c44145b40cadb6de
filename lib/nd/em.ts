/**
 * The EM loop for d-dimensional mixtures as a generator of snapshots, like
 * the 1-D `em()`.
 *
 * @module
 */
import { messages } from "../i18n.ts";
import { checkInteger, checkNumber, checkOptions } from "../_validate.ts";
import { componentList } from "../_components.ts";
import { ParameterRangeError } from "../errors.ts";
import { checkPoints, checkStartDimension, type Points } from "./_validate.ts";
import { type FlatPoints, flattenPoints, fusedStepMvUnchecked } from "./fused.ts";
import type { PassRunner } from "../_parallel.ts";
import { openPool } from "../_workers.ts";
import type { MvMixture } from "./mixture.ts";
import { resolveRidge } from "./ridge.ts";

/** Options of the d-dimensional EM loop. */
export interface MvEmOptions {
  /**
   * Stop when |Δ log-likelihood| < tol between two iterations. 0 runs until
   * `maxIter`.
   * @default 1e-3
   */
  tol?: number;
  /** Most iterations to run after the start. @default 1000 */
  maxIter?: number;
  /**
   * Added to the diagonal of every covariance the M-step returns. A number
   * applies to every dimension; an array gives one value per dimension. 0
   * switches it off.
   * @default 1e-6 × each column's variance (see `defaultRidge`)
   */
  ridge?: number | readonly number[];
  /**
   * Threads that share each pass over the data, counting this one: 1 runs
   * everything here; more start workers (shared memory, one reduction of the
   * statistics per pass; the result is the same whatever the number). Used
   * only where the runtime allows it (Deno); elsewhere the pass runs here.
   * @default the number of cores (at most 8) when the data are large enough
   *   to pay for it (from about 200 000 points in 1-D with k = 5), else 1
   */
  workers?: number;
}

/** The state of d-dimensional EM after one iteration. Frozen. */
export interface MvEmSnapshot {
  /** 0 for the start, then 1, 2, … (one M-step and one E-step each). */
  readonly iteration: number;
  /** λ, μ, Σ after this iteration. */
  readonly mixture: MvMixture;
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
  /** logLikelihood minus the previous snapshot's; `null` at iteration 0. */
  readonly delta: number | null;
  /** True when |delta| < tol: this is the last snapshot. */
  readonly converged: boolean;
  /** Anything worth telling, such as components that lost all their points. */
  readonly warnings: readonly string[];
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

/** Validated d-dimensional EM options with their defaults filled in. */
export interface ResolvedMvEmOptions {
  /** See {@linkcode MvEmOptions.tol}. */
  readonly tol: number;
  /** See {@linkcode MvEmOptions.maxIter}. */
  readonly maxIter: number;
  /** One ridge value per dimension. */
  readonly ridge: readonly number[];
  /** See {@linkcode MvEmOptions.workers}; 0 or absent for the default. */
  readonly workers?: number;
}

/**
 * Check points and EM options once, filling in defaults.
 *
 * @param data The points, as rows.
 * @param options The options to check.
 * @returns The options with defaults, the ridge as one value per dimension.
 *
 * @example
 * ```ts
 * import { resolveMvEmOptions } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(resolveMvEmOptions([[0, 0], [1, 2]], { ridge: 0.5 }).ridge, [0.5, 0.5]);
 * ```
 */
export function resolveMvEmOptions(data: unknown, options: MvEmOptions = {}): ResolvedMvEmOptions {
  checkPoints(data);
  checkOptions(options);
  const points = data as Points;
  const first = points[0]!;
  if (points.every((row) => row.every((v, j) => v === first[j]))) {
    throw new ParameterRangeError(
      "data",
      "at least two distinct points",
      `${points.length} copies of [${first.join(", ")}]`,
      messages().spreadHint,
    );
  }
  const { tol = 1e-3, maxIter = 1000 } = options;
  checkNumber(tol, "options.tol", 0, {
    hint: "Use a small positive tolerance such as 1e-3, or 0.",
  });
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  const ridge = Object.freeze(resolveRidge(options.ridge, points));
  const { workers = 0 } = options;
  if (options.workers !== undefined) {
    checkInteger(workers, "options.workers", 1, 64, "Use 1 for no workers, or up to the cores.");
  }
  return { tol, maxIter, ridge, workers };
}

function snapshot(
  iteration: number,
  mixture: MvMixture,
  logLikelihood: number,
  delta: number | null,
  converged: boolean,
  warnings: string[],
): MvEmSnapshot {
  return Object.freeze({
    iteration,
    mixture,
    logLikelihood,
    delta,
    converged,
    warnings: Object.freeze(warnings),
  });
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
  const resolved = resolveMvEmOptions(data, options);
  checkStartDimension(data, start, "start");
  yield* emMvUnchecked(data, start, resolved);
}

/**
 * {@linkcode emMv} without argument checks, for callers that checked once.
 * `flat` is the data as {@linkcode flattenPoints} gives it, when the caller
 * has it already (one copy per fit).
 */
export function* emMvUnchecked(
  data: Points,
  start: MvMixture,
  { tol, maxIter, ridge, workers = 0 }: ResolvedMvEmOptions,
  flat: FlatPoints = flattenPoints(data),
): Generator<MvEmSnapshot, void, undefined> {
  const { n, d } = flat, k = start.weights.length;
  const slot = 1 + k + k * d + (k * d * (d + 1)) / 2;
  const pool = openPool(flat.x, n, slot, k * (2 * d + d * d + 1), workers);
  try {
    const shared = pool === undefined ? flat : { x: pool.x, n, d };
    yield* emMvLoop(shared, start, tol, maxIter, ridge, pool);
  } finally {
    pool?.close();
  }
}

function* emMvLoop(
  flat: FlatPoints,
  start: MvMixture,
  tol: number,
  maxIter: number,
  ridge: readonly number[],
  pool: PassRunner | undefined,
): Generator<MvEmSnapshot, void, undefined> {
  const history: MvEmSnapshot[] = [];
  // One fused pass per iteration: it scores the current mixture and gathers
  // the sufficient statistics of the next M-step (no N × k matrix).
  let mixture = start;
  let step = fusedStepMvUnchecked(flat, mixture, ridge, pool);
  let current = snapshot(0, mixture, step.logLikelihood, null, false, []);
  history.push(current);
  yield current;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    const m = step.mStep;
    if (m.collapsedComponents.length > 0) {
      const h = m.collapsedComponents[0]!;
      throw new SingularCovarianceError(
        messages().collapsedMvAt(h + 1, iteration, String(current.logLikelihood)),
        h,
        history,
      );
    }
    mixture = m.mixture;
    step = fusedStepMvUnchecked(flat, mixture, ridge, pool);
    const logLikelihood = step.logLikelihood;
    const delta = logLikelihood - current.logLikelihood;
    const warnings: string[] = [];
    if (m.emptyComponents.length > 0) {
      warnings.push(
        messages().emptied(componentList(m.emptyComponents)),
      );
    }
    current = snapshot(iteration, mixture, logLikelihood, delta, Math.abs(delta) < tol, warnings);
    history.push(current);
    yield current;
    if (current.converged) return;
  }
}

/**
 * One d-dimensional EM iteration: an E-step, then an M-step.
 *
 * @param data The points, as rows.
 * @param mixture The current λ, μ, Σ.
 * @param options The ridge.
 * @returns The updated mixture.
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
  options: Pick<MvEmOptions, "ridge"> = {},
): MvMixture {
  const { ridge } = resolveMvEmOptions(data, options);
  checkStartDimension(data, mixture, "mixture");
  const m = fusedStepMvUnchecked(flattenPoints(data), mixture, ridge).mStep;
  if (m.collapsedComponents.length > 0) {
    throw new SingularCovarianceError(
      messages().singular(m.collapsedComponents[0]! + 1),
      m.collapsedComponents[0]!,
      [],
    );
  }
  return m.mixture;
}
