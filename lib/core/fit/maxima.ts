/**
 * What restarts found: the runs of a fit grouped into the distinct maxima
 * they reached.
 *
 * @module
 */
import { checkNumber, checkOptions, optionKeys } from "../_validate.ts";
import { describeValue, ParameterTypeError } from "../errors.ts";

/** What {@linkcode distinctMaxima} reads of a run (a `fit` or `fitMv` run summary fits). */
export interface RunLike {
  /** The run's final log-likelihood. */
  readonly logLikelihood: number;
  /** The run's seed. */
  readonly seed: number;
  /** Whether the run ended degenerate. */
  readonly degenerate: boolean;
}

/** One maximum reached by one or more runs. */
export interface Maximum {
  /** The highest log-likelihood among its runs. */
  readonly logLikelihood: number;
  /** The lowest (the spread is what the stopping tolerance left). */
  readonly lowest: number;
  /** How many runs reached it. */
  readonly runs: number;
  /** Their seeds, in run order. */
  readonly seeds: readonly number[];
  /** Whether its runs were degenerate (a degenerate run never shares a group with a proper one). */
  readonly degenerate: boolean;
}

/** Options for {@linkcode distinctMaxima}. */
export interface DistinctMaximaOptions {
  /**
   * Runs whose log-likelihoods lie within this of a group's highest count as
   * the same maximum (a run stopped by its tol sits a little below it).
   * @default 0.01
   */
  within?: number;
}

/**
 * Group the runs of a restarted fit by the maximum they reached: sorted by
 * log-likelihood, a run joins the group above it when it lies within
 * `within` of that group's highest value (and is degenerate or proper like
 * it); otherwise it starts a new maximum. The result, highest first, says
 * how many distinct maxima the starts found and how often each.
 *
 * @param runs `fit(…).runs` or `fitMv(…).runs`.
 * @param options within.
 * @returns The maxima, highest log-likelihood first.
 * @throws {ParameterTypeError} When `runs` is not an array of runs.
 *
 * @example Ten starts on two groups: how many maxima, how often
 * ```ts
 * import { distinctMaxima, fit, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.4, 0.6], [-2, 2], [0.5, 0.7]), 300, { seed: 3 });
 * const result = fit(x, 2, { nInit: 10, seed: 1, tol: 1e-8 });
 * const maxima = distinctMaxima(result.runs);
 * assertEquals(maxima.reduce((n, m) => n + m.runs, 0), 10);
 * assertEquals(maxima[0]!.logLikelihood, result.logLikelihood);
 * ```
 */
export function distinctMaxima(
  runs: readonly RunLike[],
  options: DistinctMaximaOptions = {},
): Maximum[] {
  if (!Array.isArray(runs) || runs.some((r) => !Number.isFinite(r?.logLikelihood))) {
    throw new ParameterTypeError(
      "runs",
      "an array of runs with finite log-likelihoods",
      describeValue(runs),
      "Pass fit(x, k, { nInit }).runs.",
    );
  }
  checkOptions(options, optionKeys<DistinctMaximaOptions>({ within: 1 }), "distinctMaxima");
  const { within = 0.01 } = options;
  checkNumber(within, "options.within", 0, { hint: "Use e.g. 0.01." });
  const order = runs.map((r, i) => ({ r, i })).sort((a, b) =>
    b.r.logLikelihood - a.r.logLikelihood || a.i - b.i
  );
  const groups: { top: number; low: number; members: { r: RunLike; i: number }[] }[] = [];
  for (const item of order) {
    const g = groups.find((g) =>
      g.members[0]!.r.degenerate === item.r.degenerate && g.top - item.r.logLikelihood <= within
    );
    if (g) {
      g.members.push(item);
      g.low = item.r.logLikelihood;
    } else {
      groups.push({ top: item.r.logLikelihood, low: item.r.logLikelihood, members: [item] });
    }
  }
  return groups.map((g) =>
    Object.freeze({
      logLikelihood: g.top,
      lowest: g.low,
      runs: g.members.length,
      seeds: Object.freeze(g.members.toSorted((a, b) => a.i - b.i).map((m) => m.r.seed)),
      degenerate: g.members[0]!.r.degenerate,
    })
  );
}
