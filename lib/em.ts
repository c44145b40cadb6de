/**
 * The EM loop as a generator: one immutable snapshot after every iteration,
 * so a notebook can draw each one, and a caller can step it by hand.
 *
 * @module
 */
import { messages } from "./i18n.ts";
import { componentList } from "./_components.ts";
import { checkData, checkInteger, checkNumber, checkOptions } from "./_validate.ts";
import { distinctCount, variance } from "./_stats.ts";
import { describeValue, ParameterRangeError } from "./errors.ts";
import { fusedStepUnchecked, toFloat64Array } from "./fused.ts";
import type { PassRunner } from "./_parallel.ts";
import { openPool } from "./_workers.ts";
import { type Mixture, validateMixture } from "./mixture.ts";
import { defaultVarianceFloor } from "./variance_floor.ts";

/** Options of the EM loop. */
export interface EmOptions {
  /**
   * Stop when |Δ log-likelihood| < tol between two iterations (the original
   * rule). 0 runs until `maxIter`.
   * @default 1e-3
   */
  tol?: number;
  /** Most iterations to run after the start. @default 1000 */
  maxIter?: number;
  /**
   * Smallest allowed σ², in squared data units. 0 switches the floor off.
   * @default 1e-6 × the data's variance
   */
  varianceFloor?: number;
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

/** The state of EM after one iteration. Frozen. */
export interface EmSnapshot {
  /** 0 for the start, then 1, 2, … (one E-step and one M-step each). */
  readonly iteration: number;
  /** λ, μ, σ after this iteration. */
  readonly mixture: Mixture;
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
  /** logLikelihood minus the previous snapshot's; `null` at iteration 0. */
  readonly delta: number | null;
  /** True when |delta| < tol: this is the last snapshot. */
  readonly converged: boolean;
  /** Anything worth telling: floored variances, empty components. */
  readonly warnings: readonly string[];
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

/** Validated EM options with their defaults filled in. */
export interface ResolvedEmOptions {
  /** See {@linkcode EmOptions.tol}. */
  readonly tol: number;
  /** See {@linkcode EmOptions.maxIter}. */
  readonly maxIter: number;
  /** See {@linkcode EmOptions.varianceFloor}. */
  readonly varianceFloor: number;
  /** See {@linkcode EmOptions.workers}; 0 or absent for the default. */
  readonly workers?: number;
}

/**
 * Check data and EM options once, filling in defaults.
 *
 * @param data The observations.
 * @param options The options to check.
 * @returns The options with defaults.
 *
 * @example
 * ```ts
 * import { resolveEmOptions } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(resolveEmOptions([0, 1], {}).tol, 1e-3);
 * ```
 */
export function resolveEmOptions(data: unknown, options: EmOptions = {}): ResolvedEmOptions {
  checkData(data);
  checkOptions(options);
  const spread = variance(data);
  if (!(spread > 0) && distinctCount(data) < 2) {
    throw new ParameterRangeError(
      "data",
      messages().twoDistinct,
      messages().copiesOf(data.length, describeValue(data[0])),
      messages().spreadHint,
    );
  }
  if (!(spread > 0) || !Number.isFinite(spread)) {
    throw new ParameterRangeError(
      "data",
      "values whose variance is a positive finite double",
      `values with variance ${describeValue(spread)}`,
      "Rescale the data (subtract its mean, divide by its spread) and fit again.",
    );
  }
  const { tol = 1e-3, maxIter = 1000, varianceFloor = defaultVarianceFloor(data) } = options;
  checkNumber(tol, "options.tol", 0, {
    hint: "Use a small positive tolerance such as 1e-3, or 0.",
  });
  checkInteger(maxIter, "options.maxIter", 1, Infinity, "Allow at least one iteration.");
  checkNumber(varianceFloor, "options.varianceFloor", 0, {
    hint: "Use 0 to switch the floor off, or a small positive σ² such as 1e-6.",
  });
  const { workers = 0 } = options;
  if (options.workers !== undefined) {
    checkInteger(workers, "options.workers", 1, 64, "Use 1 for no workers, or up to the cores.");
  }
  return { tol, maxIter, varianceFloor, workers };
}

function snapshot(
  iteration: number,
  mixture: Mixture,
  logLikelihood: number,
  delta: number | null,
  converged: boolean,
  warnings: string[],
): EmSnapshot {
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
  const { tol, maxIter, varianceFloor } = resolveEmOptions(data, options);
  validateMixture(start, "start");
  yield* emUnchecked(data, start, { tol, maxIter, varianceFloor, workers: options.workers });
}

/** {@linkcode em} without argument checks, for callers that checked once. */
export function* emUnchecked(
  data: ArrayLike<number>,
  start: Mixture,
  { tol, maxIter, varianceFloor, workers = 0 }: ResolvedEmOptions,
): Generator<EmSnapshot, void, undefined> {
  const x = toFloat64Array(data);
  const k = start.weights.length;
  const pool = openPool(x, x.length, 1 + 3 * k, 4 * k, workers);
  try {
    yield* emLoop(pool === undefined ? x : pool.x, start, tol, maxIter, varianceFloor, pool);
  } finally {
    pool?.close();
  }
}

function* emLoop(
  x: Float64Array,
  start: Mixture,
  tol: number,
  maxIter: number,
  varianceFloor: number,
  pool: PassRunner | undefined,
): Generator<EmSnapshot, void, undefined> {
  const history: EmSnapshot[] = [];
  // One fused pass per iteration: it scores the current mixture and gathers
  // the sufficient statistics of the next M-step (no N × k matrix).
  let mixture = start;
  let step = fusedStepUnchecked(x, mixture, varianceFloor, pool);
  let current = snapshot(0, mixture, step.logLikelihood, null, false, []);
  history.push(current);
  yield current;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    const m = step.mStep;
    if (m.collapsedComponents.length > 0) {
      const h = m.collapsedComponents[0]!;
      throw new DegenerateFitError(
        messages().collapsedAt(h + 1, iteration, current.logLikelihood.toPrecision(8)),
        h,
        history,
      );
    }
    mixture = m.mixture;
    step = fusedStepUnchecked(x, mixture, varianceFloor, pool);
    const logLikelihood = step.logLikelihood;
    const delta = logLikelihood - current.logLikelihood;
    const warnings: string[] = [];
    if (m.flooredComponents.length > 0) {
      warnings.push(
        messages().floored(componentList(m.flooredComponents)),
      );
    }
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
 * One EM iteration from the given parameters: an E-step, then an M-step.
 *
 * @param data The observations.
 * @param mixture The current λ, μ, σ.
 * @param options The variance floor.
 * @returns The updated mixture.
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
  options: Pick<EmOptions, "varianceFloor"> = {},
): Mixture {
  const { varianceFloor } = resolveEmOptions(data, options);
  validateMixture(mixture);
  const m = fusedStepUnchecked(toFloat64Array(data), mixture, varianceFloor).mStep;
  if (m.collapsedComponents.length > 0) {
    throw new DegenerateFitError(
      messages().collapsed(m.collapsedComponents[0]! + 1),
      m.collapsedComponents[0]!,
      [],
    );
  }
  return m.mixture;
}
