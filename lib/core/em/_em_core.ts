// The one EM loop and the one restart routine behind em/emMv and fit/fitMv,
// generic over a model family, as scikit-learn's BaseMixture.fit_predict is
// over its covariance types. A family is its E-step (weighted log-densities),
// its M-step, its parameter count and its degeneracy rule; nothing else. A
// family may also bring a fused E+M pass (one sweep over the data, no N × k
// matrix, optionally shared with workers), which the loop then uses instead
// of the two readable steps.
//
// Adding a covariance family: write `logDensities`, `mStep`,
// `parameterCount`, `degenerate` and `collapse` (see lib/core/em/_families.ts and
// lib/core/nd/_families.ts), add its name to the family table there. The loop,
// the restarts, the criteria and selectK/selectKMv need no change.
import { componentList } from "./_components.ts";
import type { DegenerateComponent, FitResult, RunSummary } from "../_types.ts";
import { allDegenerateWarning, isBetterRun } from "./_degeneracy.ts";
import type { PassRunner } from "../fused/_parallel.ts";
import { messages } from "../i18n.ts";
import { DegenerateFitError, SingularCovarianceError } from "../errors.ts";

/** The state of EM after one iteration (EmSnapshot, MvEmSnapshot). */
export interface Snapshot<M> {
  readonly iteration: number;
  readonly mixture: M;
  readonly logLikelihood: number;
  readonly delta: number | null;
  readonly converged: boolean;
  readonly warnings: readonly string[];
}

/** What an M-step gives back: the next mixture and what happened on the way. */
export interface MStepOutcome<M> {
  readonly mixture: M;
  /** Components whose variance was held at the floor (1-D families only). */
  readonly flooredComponents?: readonly number[];
  /** Components with no responsibility left (weight 0, parameters kept). */
  readonly emptyComponents: readonly number[];
  /** Components whose covariance is singular (σ = 0 or not positive definite). */
  readonly collapsedComponents: readonly number[];
}

/** One E-step then M-step: log L of the current mixture, and the next one. */
export interface StepOutcome<M> {
  readonly logLikelihood: number;
  readonly mStep: MStepOutcome<M>;
}

/** Data validated once and prepared for the loop (typed arrays, n, d, floor or ridge). */
export interface PreparedBase {
  readonly n: number;
  readonly d: number;
}

/** Anything with mixing weights: the loop needs only k. */
export interface Weighted {
  readonly weights: readonly number[];
}

/** The fast path of a family: a fused E+M pass, optionally over workers. */
export interface FusedPath<D, M> {
  /** Start workers sharing the data when worth it; undefined runs the pass here. */
  open(
    data: D,
    k: number,
    workers: number,
  ): { readonly data: D; readonly runner: PassRunner; close(): void } | undefined;
  /** Score `mixture` and gather the next M-step in one pass. */
  step(data: D, mixture: M, runner?: PassRunner): StepOutcome<M>;
}

/** A covariance family: what a mixture model supplies to the shared loop. */
export interface Family<D extends PreparedBase, M extends Weighted> {
  /** mclust's name ("V", "E", "VVV", "EEE", "VVI"). */
  readonly model: string;
  /** log λₕ + log N(xᵢ | θₕ) for every point and component, row-major N × k. */
  logDensities(data: D, mixture: M): Float64Array;
  /** The closed-form update from responsibilities (row-major N × k). */
  mStep(data: D, responsibilities: Float64Array, previous: M): MStepOutcome<M>;
  /** Free parameters of a k-component mixture in d dimensions. */
  parameterCount(k: number, d: number): number;
  /** The degeneracy rule: components held up by the floor/ridge, or on too few points. */
  degenerate(mixture: M, data: D): DegenerateComponent[];
  /** The error thrown when a component collapses (only with the floor/ridge off). */
  collapse(
    index: number,
    iteration: number,
    lastLogLikelihood: number,
    history: readonly Snapshot<M>[],
  ): Error;
  /** The fused pass, for the families that have one. */
  readonly fused?: FusedPath<D, M>;
}

/** Loop settings, validated. */
export interface LoopSettings {
  readonly tol: number;
  readonly maxIter: number;
  readonly workers?: number;
}

/**
 * One EM iteration through the family's readable steps: log-densities, a
 * log-sum-exp per point (log L for free), responsibilities, the M-step.
 */
export function readableStep<D extends PreparedBase, M extends Weighted>(
  family: Family<D, M>,
  data: D,
  mixture: M,
): StepOutcome<M> {
  const n = data.n, k = mixture.weights.length;
  const r = family.logDensities(data, mixture);
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let h = 0; h < k; h++) if (r[o + h]! > max) max = r[o + h]!;
    let s = 0;
    for (let h = 0; h < k; h++) s += Math.exp(r[o + h]! - max);
    const logNorm = max + Math.log(s);
    logLikelihood += logNorm;
    for (let h = 0; h < k; h++) r[o + h] = Math.exp(r[o + h]! - logNorm);
  }
  return { logLikelihood, mStep: family.mStep(data, r, mixture) };
}

/** One EM iteration: the fused pass when the family has one, else the readable steps. */
export function familyStep<D extends PreparedBase, M extends Weighted>(
  family: Family<D, M>,
  data: D,
  mixture: M,
  runner?: PassRunner,
): StepOutcome<M> {
  return family.fused === undefined
    ? readableStep(family, data, mixture)
    : family.fused.step(data, mixture, runner);
}

/**
 * One EM iteration for emStep/emStepMv: the next mixture, or the error
 * `collapsed` makes for the first component that collapsed.
 */
export function nextMixture<D extends PreparedBase, M extends Weighted>(
  family: Family<D, M>,
  data: D,
  mixture: M,
  collapsed: (index: number) => Error,
): M {
  const m = familyStep(family, data, mixture).mStep;
  const h = m.collapsedComponents[0];
  if (h !== undefined) throw collapsed(h);
  return m.mixture;
}

function snapshot<M>(
  iteration: number,
  mixture: M,
  logLikelihood: number,
  delta: number | null,
  converged: boolean,
  warnings: string[],
): Snapshot<M> {
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
 * The EM loop: a snapshot at the start and after every iteration (one
 * M-step, then the E-step that scores the new parameters), until
 * |Δ log L| < tol or maxIter. Trusts its arguments.
 */
export function* runEm<D extends PreparedBase, M extends Weighted>(
  family: Family<D, M>,
  data: D,
  start: M,
  { tol, maxIter, workers = 0 }: LoopSettings,
): Generator<Snapshot<M>, void, undefined> {
  const pool = family.fused?.open(data, start.weights.length, workers);
  const shared = pool === undefined ? data : pool.data;
  const runner = pool?.runner;
  try {
    const history: Snapshot<M>[] = [];
    let mixture = start;
    let step = familyStep(family, shared, mixture, runner);
    let current = snapshot(0, mixture, step.logLikelihood, null, false, []);
    history.push(current);
    yield current;
    for (let iteration = 1; iteration <= maxIter; iteration++) {
      const m = step.mStep;
      if (m.collapsedComponents.length > 0) {
        throw family.collapse(
          m.collapsedComponents[0]!,
          iteration,
          current.logLikelihood,
          history,
        );
      }
      mixture = m.mixture;
      step = familyStep(family, shared, mixture, runner);
      const logLikelihood = step.logLikelihood;
      const delta = logLikelihood - current.logLikelihood;
      const warnings: string[] = [];
      if (m.flooredComponents !== undefined && m.flooredComponents.length > 0) {
        warnings.push(messages().floored(componentList(m.flooredComponents)));
      }
      if (m.emptyComponents.length > 0) {
        warnings.push(messages().emptied(componentList(m.emptyComponents)));
      }
      current = snapshot(
        iteration,
        mixture,
        logLikelihood,
        delta,
        Math.abs(delta) < tol,
        warnings,
      );
      history.push(current);
      yield current;
      if (current.converged) return;
    }
  } finally {
    pool?.close();
  }
}

/**
 * What the restart routine hands back to fit/fitMv: every field of their
 * results that does not depend on the dimension (the mixture and snapshots
 * of the model's type).
 */
export type RestartOutcome<M> =
  & Omit<FitResult, "mixture" | "history" | "responsibilities" | "family">
  & { readonly mixture: M; readonly history: readonly Snapshot<M>[] };

/**
 * Run EM from `nInit` starts (run r from `startFor(seed + r)`) and keep the
 * best proper run: a degenerate run wins only when every run is degenerate.
 * Criteria use the family's parameter count. Trusts its arguments.
 */
export function runRestarts<D extends PreparedBase, M extends Weighted>(
  family: Family<D, M>,
  data: D,
  k: number,
  { nInit, seed, startFor, regulariser }: {
    nInit: number;
    seed: number;
    startFor: (seed: number) => M;
    regulariser: "varianceFloor" | "ridge";
  },
  settings: LoopSettings,
): RestartOutcome<M> {
  const runs: RunSummary[] = [];
  let best: Snapshot<M>[] | undefined;
  let bestRun = 0;
  let firstCollapse: Error | undefined;
  for (let r = 0; r < nInit; r++) {
    const runSeed = seed + r;
    let history: Snapshot<M>[];
    try {
      history = [...runEm(family, data, startFor(runSeed), settings)];
    } catch (e) {
      // A run that collapsed (floor or ridge off) is recorded and skipped;
      // when every run collapses, the first collapse is thrown.
      if (!(e instanceof SingularCovarianceError || e instanceof DegenerateFitError)) throw e;
      firstCollapse ??= e;
      runs.push(Object.freeze({
        seed: runSeed,
        logLikelihood: NaN,
        converged: false,
        iterations: 0,
        degenerate: true,
        degenerateComponents: Object.freeze([]),
      }));
      continue;
    }
    const last = history.at(-1)!;
    const degenerate = family.degenerate(last.mixture, data);
    runs.push(Object.freeze({
      seed: runSeed,
      logLikelihood: last.logLikelihood,
      converged: last.converged,
      iterations: last.iteration,
      degenerate: degenerate.length > 0,
      degenerateComponents: Object.freeze(degenerate),
    }));
    if (best === undefined || isBetterRun(runs[r]!, runs[bestRun]!)) {
      best = history;
      bestRun = r;
    }
  }
  if (best === undefined) throw firstCollapse!;
  const last = best.at(-1)!;
  const kept = runs[bestRun]!;
  const warnings = [...last.warnings];
  if (kept.degenerate) {
    warnings.push(allDegenerateWarning(nInit, kept.degenerateComponents, regulariser));
  }
  if (!last.converged) {
    warnings.push(messages().notConverged(settings.maxIter, String(Math.abs(last.delta ?? NaN))));
  }
  const p = family.parameterCount(k, data.d);
  return {
    mixture: last.mixture,
    logLikelihood: last.logLikelihood,
    converged: last.converged,
    iterations: last.iteration,
    history: best!,
    bic: -2 * last.logLikelihood + p * Math.log(data.n),
    aic: -2 * last.logLikelihood + 2 * p,
    k,
    n: data.n,
    seed,
    bestRun,
    runs,
    degenerate: kept.degenerate,
    degenerateComponents: kept.degenerateComponents,
    warnings,
  };
}

/**
 * A fit result: the restart outcome and `extra`, with `responsibilities`
 * computed on first access by `eStep` (a caller that never reads them never
 * holds the N × k matrix, most of the memory at large N).
 */
export function fitResult<M, X extends object>(
  outcome: RestartOutcome<M>,
  extra: X,
  eStep: (mixture: M) => number[][],
): RestartOutcome<M> & X & { readonly responsibilities: number[][] } {
  let responsibilities: number[][] | undefined;
  return {
    ...outcome,
    get responsibilities(): number[][] {
      responsibilities ??= eStep(outcome.mixture);
      return responsibilities;
    },
    ...extra,
  };
}
