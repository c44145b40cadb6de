/**
 * The explorable's model, without a page: a data set, a start, and EM
 * stepped one E-step, one M-step or one iteration at a time, on the
 * library's own functions (`em`, `eStep`, `mStep` in 1-D; `emMv`, `eStepMv`,
 * `mStepMv` in 2-D). `tools/explorable/app.ts` draws it in the browser; the
 * tests drive it in Deno and compare with the library.
 *
 * @module
 */
import { em } from "../../lib/core/em/em.ts";
import { eStep } from "../../lib/core/em/e_step.ts";
import { mStep } from "../../lib/core/em/m_step.ts";
import { logLikelihood } from "../../lib/core/em/log_likelihood.ts";
import { initKMeansPlusPlus, initRandom } from "../../lib/core/init/init.ts";
import { freezeMixture, type Mixture, mixture } from "../../lib/core/model/mixture.ts";
import { sampleMixture } from "../../lib/core/model/sample.ts";
import { parseCsvColumn } from "../../lib/core/csv.ts";
import { emMv } from "../../lib/core/nd/em.ts";
import { eStepMv, mvLogLikelihood } from "../../lib/core/nd/e_step.ts";
import { mStepMv } from "../../lib/core/nd/m_step.ts";
import { initKMeansPlusPlusMv } from "../../lib/core/nd/init.ts";
import { freezeMvMixture, type MvMixture } from "../../lib/core/nd/mixture.ts";
import { ParameterRangeError } from "../../lib/core/errors.ts";

/** The data sets the explorable offers. */
export type DatasetId = "original" | "faithful" | "faithful2d";

/** One data set, 1-D (`x`) or 2-D (`points`). */
export type Dataset =
  & { readonly id: DatasetId; readonly label: string; readonly xLabel: string }
  & (
    | { readonly dims: 1; readonly x: readonly number[] }
    | { readonly dims: 2; readonly points: readonly (readonly number[])[]; readonly yLabel: string }
  );

/** The original case: weights 0.35/0.65, means −0.3/0.5, standard deviations 0.15/0.3. */
export const ORIGINAL: Mixture = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
/** The seed of the original case's 1000 points: notebook 01's sample. */
export const ORIGINAL_SAMPLE_SEED = 16;
/** The stopping rule, the original's: |Δ log-likelihood| < 10⁻³. */
export const TOL = 1e-3;

/** Labels of the data sets, in the order the page lists them. */
export const DATASETS: readonly { id: DatasetId; label: string }[] = [
  { id: "original", label: "The original case: 1000 points from two Gaussians" },
  { id: "faithful", label: "Old Faithful: eruption durations (1-D)" },
  { id: "faithful2d", label: "Old Faithful: durations × waiting times (2-D)" },
];

/**
 * Build a data set.
 *
 * @param id Which one.
 * @param faithfulCsv The text of `notebooks/data/old_faithful.csv` (for the Old Faithful sets).
 * @returns The data set.
 */
export function loadDataset(id: DatasetId, faithfulCsv: string): Dataset {
  const label = DATASETS.find((d) => d.id === id)?.label;
  if (label === undefined) {
    throw new ParameterRangeError("id", DATASETS.map((d) => `"${d.id}"`).join(", "), String(id));
  }
  if (id === "original") {
    const { x } = sampleMixture(ORIGINAL, 1000, { seed: ORIGINAL_SAMPLE_SEED });
    return { id, label, dims: 1, x, xLabel: "x" };
  }
  const eruptions = parseCsvColumn(faithfulCsv, "eruptions");
  if (id === "faithful") return { id, label, dims: 1, x: eruptions, xLabel: "eruption (min)" };
  const waiting = parseCsvColumn(faithfulCsv, "waiting");
  return {
    id,
    label,
    dims: 2,
    points: eruptions.map((e, i) => [e, waiting[i]!]),
    xLabel: "eruption (min)",
    yLabel: "waiting (min)",
  };
}

/**
 * The seeded start for a data set: the original's random start (λ = 1/k,
 * μ ~ U[−1, 1], σ² ~ InvGamma(1), as notebook 01) for the original case,
 * k-means++ for Old Faithful (1-D and 2-D).
 *
 * @param data The data set.
 * @param k Number of components.
 * @param seed The seed.
 * @returns The start.
 */
export function seededStart(data: Dataset, k: number, seed: number): Mixture | MvMixture {
  if (data.dims === 2) return initKMeansPlusPlusMv(data.points, k, { seed });
  if (data.id === "original") return initRandom(k, { seed });
  return initKMeansPlusPlus(data.x, k, { seed });
}

/**
 * A mixture with one component's mean replaced.
 *
 * @param m The mixture (1-D or 2-D).
 * @param h The component (0-based).
 * @param mean Its new mean (a number in 1-D, `[x, y]` in 2-D).
 * @returns A new frozen mixture.
 */
export function withMean(
  m: Mixture | MvMixture,
  h: number,
  mean: number | readonly number[],
): Mixture | MvMixture {
  if ("stdDevs" in m) {
    const means = m.means.map((v, j) => (j === h ? Number(mean) : v));
    return freezeMixture({ weights: [...m.weights], means, stdDevs: [...m.stdDevs] });
  }
  const means = m.means.map((v, j) => (j === h ? [...(mean as number[])] : [...v]));
  return freezeMvMixture({
    weights: [...m.weights],
    means,
    covariances: m.covariances.map((c) => c.map((r) => [...r])),
  });
}

/** One point of the log-likelihood trace. */
export interface TraceEntry {
  /** 0 for the start, then one per M-step. */
  readonly iteration: number;
  /** log L of the data under that iteration's mixture. */
  readonly logLikelihood: number;
  /** Change from the previous iteration (`null` at the start). */
  readonly delta: number | null;
}

/** What the next click does: an E-step, or the M-step that completes an iteration. */
export type Phase = "E" | "M";

/**
 * EM on one data set from one start, stepped by hand or played.
 *
 * @example Run the original case to convergence
 * ```ts
 * import { loadDataset, Session } from "./session.ts";
 * import { assert } from "@std/assert";
 * const s = new Session(loadDataset("original", ""), 2, 1);
 * while (!s.converged) s.iterate();
 * assert(s.iteration > 0 && Math.abs(s.trace.at(-1)!.delta!) < 1e-3);
 * ```
 */
export class Session {
  /** The data set. */
  readonly data: Dataset;
  /** Number of components. */
  readonly k: number;
  /** The seed of the start. */
  readonly seed: number;
  /** The start of this run (the seeded start, or the mixture shown when a mean was dragged). */
  start: Mixture | MvMixture;
  /** The mixture after the last M-step. */
  current: Mixture | MvMixture;
  /** log L after each iteration so far. */
  trace: TraceEntry[];
  /** Responsibilities of the last E-step, until the M-step uses them. */
  responsibilities: number[][] | null = null;
  /** What the next step is. */
  phase: Phase = "E";
  /** True once |Δ log L| < {@link TOL}. */
  converged = false;
  private run: Iterator<{ mixture: Mixture | MvMixture; logLikelihood: number }> | null = null;

  /**
   * @param data The data set.
   * @param k Number of components.
   * @param seed The seed of the start.
   */
  constructor(data: Dataset, k: number, seed: number) {
    this.data = data;
    this.k = k;
    this.seed = seed;
    this.start = seededStart(data, k, seed);
    this.current = this.start;
    this.trace = [];
    this.restart(this.start);
  }

  /** The iteration shown (0 at the start). */
  get iteration(): number {
    return this.trace.at(-1)!.iteration;
  }

  /** log L of the current mixture. */
  get logLikelihood(): number {
    return this.trace.at(-1)!.logLikelihood;
  }

  /**
   * Start again from `start` (iteration 0).
   *
   * @param start The new start.
   */
  restart(start: Mixture | MvMixture): void {
    this.start = start;
    this.current = start;
    this.trace = [{ iteration: 0, logLikelihood: this.score(start), delta: null }];
    this.responsibilities = null;
    this.phase = "E";
    this.converged = false;
    this.run = null;
  }

  /**
   * Move component h's mean: the mixture shown, with that mean moved,
   * becomes the new start.
   *
   * @param h The component (0-based).
   * @param mean Its new mean.
   */
  moveMean(h: number, mean: number | readonly number[]): void {
    this.restart(withMean(this.current, h, mean));
  }

  /** The E-step: responsibilities of the current mixture (the M-step comes next). */
  eStep(): void {
    const r = this.data.dims === 1
      ? eStep(this.data.x, this.current as Mixture)
      : eStepMv(this.data.points, this.current as MvMixture);
    this.responsibilities = r.responsibilities.map((row) => [...row]);
    this.phase = "M";
  }

  /** The M-step from the last E-step's responsibilities: one iteration done. */
  mStep(): void {
    if (this.responsibilities === null) this.eStep();
    const r = this.responsibilities!;
    const next = this.data.dims === 1
      ? mStep(this.data.x, r).mixture
      : mStepMv(this.data.points, r).mixture;
    this.responsibilities = null;
    this.phase = "E";
    this.run = null;
    this.advance(next, this.score(next));
  }

  /**
   * One full iteration. From a fresh state it is the library's EM loop
   * (`em` or `emMv`, continued from the current mixture); after an E-step it
   * is that step's M-step.
   */
  iterate(): void {
    if (this.converged) return;
    if (this.phase === "M") return this.mStep();
    if (this.run === null) {
      this.run = this.data.dims === 1
        ? em(this.data.x, this.current as Mixture, { tol: 0, maxIter: 100_000 })
        : emMv(this.data.points, this.current as MvMixture, { tol: 0, maxIter: 100_000 });
      this.run.next(); // iteration 0: the current mixture
    }
    const s = this.run.next();
    if (s.done) return;
    this.advance(s.value.mixture, s.value.logLikelihood);
  }

  private advance(next: Mixture | MvMixture, ll: number): void {
    const last = this.trace.at(-1)!;
    const delta = ll - last.logLikelihood;
    this.current = next;
    this.trace.push({ iteration: last.iteration + 1, logLikelihood: ll, delta });
    this.converged = Math.abs(delta) < TOL;
  }

  private score(m: Mixture | MvMixture): number {
    return this.data.dims === 1
      ? logLikelihood(this.data.x, m as Mixture)
      : mvLogLikelihood(this.data.points, m as MvMixture);
  }
}
