/**
 * EM by hand: separate E-steps and M-steps that a student triggers one at a
 * time (one notebook cell each), in any order, without getting the
 * bookkeeping wrong.
 *
 * @module
 */
import { messages } from "../i18n.ts";
import { componentList } from "./_components.ts";
import { checkOptions, optionKeys } from "../_validate.ts";
import { type EmOptions, resolveEmOptions } from "./em.ts";
import { eStepUnchecked } from "./e_step.ts";
import { DegenerateFitError } from "./em.ts";
import { type Mixture, validateMixture } from "../model/mixture.ts";
import { mStepUnchecked } from "./m_step.ts";

/** What {@linkcode EmStepper.eStep} returns. */
export interface HandEStep {
  /** The iteration whose parameters the responsibilities belong to. */
  readonly iteration: number;
  /** The parameters the E-step used. */
  readonly mixture: Mixture;
  /** p̄(h | xᵢ), N rows of k. */
  readonly responsibilities: number[][];
  /** log L of the data under `mixture`. */
  readonly logLikelihood: number;
}

/** What {@linkcode EmStepper.mStep} returns: the state after the iteration. */
export interface HandMStep {
  /** The new iteration number (one more than before). */
  readonly iteration: number;
  /** The updated λ, μ, σ. */
  readonly mixture: Mixture;
  /** log L of the data under the updated `mixture`. */
  readonly logLikelihood: number;
  /** log L gained by this iteration. */
  readonly delta: number;
  /**
   * True when the M-step had to run the E-step first, because the last
   * E-step belonged to older parameters (or there was none).
   */
  readonly ranEStep: boolean;
  /** Floored variances or empty components in this M-step. */
  readonly warnings: readonly string[];
}

/**
 * Step EM by hand. `eStep()` computes the responsibilities of the current
 * parameters (repeating it changes nothing); `mStep()` updates the
 * parameters from them and counts one iteration. Calling `mStep()` twice in
 * a row does the E-step in between by itself and says so, so the iteration
 * count and the parameters are always those of real EM.
 *
 * @example Two iterations by hand match two iterations of em()
 * ```ts
 * import { em, EmStepper, initRandom, mixture, sampleMixture } from "@emlab/emlab";
 * import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 200, { seed: 1 });
 * const start = initRandom(2, { seed: 16 });
 * const stepper = new EmStepper(x, start);
 * stepper.eStep();
 * stepper.mStep();
 * const second = stepper.mStep(); // no E-step in between: done for us
 * assert(second.ranEStep);
 * const run = [...em(x, start, { tol: 0, maxIter: 2 })];
 * assertAlmostEquals(second.mixture.means[0]!, run[2]!.mixture.means[0]!, 1e-9);
 * assertEquals(stepper.iteration, 2);
 * ```
 */
export class EmStepper {
  /** The observations. */
  readonly data: ArrayLike<number>;
  readonly #varianceFloor: number;
  #mixture: Mixture;
  #iteration = 0;
  #logLikelihood: number;
  #responsibilities: number[][] | null = null;

  /**
   * @param data The observations.
   * @param start λ, μ, σ at iteration 0.
   * @param options The variance floor (tol and maxIter do not apply).
   */
  constructor(
    data: ArrayLike<number>,
    start: Mixture,
    options: Pick<EmOptions, "varianceFloor"> = {},
  ) {
    checkOptions(
      options,
      optionKeys<Pick<EmOptions, "varianceFloor">>({ varianceFloor: 1 }),
      "EmStepper",
    );
    this.#varianceFloor = resolveEmOptions(data, options).varianceFloor;
    validateMixture(start, "start");
    this.data = data;
    this.#mixture = start;
    this.#logLikelihood = eStepUnchecked(data, start).logLikelihood;
  }

  /** The current iteration (0 = the start). */
  get iteration(): number {
    return this.#iteration;
  }

  /** The current λ, μ, σ. */
  get mixture(): Mixture {
    return this.#mixture;
  }

  /** log L of the data under the current parameters. */
  get logLikelihood(): number {
    return this.#logLikelihood;
  }

  /**
   * The responsibilities of the current parameters, or `null` when no
   * E-step has been run on them yet.
   */
  get responsibilities(): number[][] | null {
    return this.#responsibilities;
  }

  /**
   * E-step: p̄(h | xᵢ) under the current parameters. Does not change them.
   *
   * @returns The responsibilities, with the iteration and parameters they belong to.
   */
  eStep(): HandEStep {
    const { responsibilities, logLikelihood } = eStepUnchecked(this.data, this.#mixture);
    this.#responsibilities = responsibilities;
    this.#logLikelihood = logLikelihood;
    return {
      iteration: this.#iteration,
      mixture: this.#mixture,
      responsibilities,
      logLikelihood,
    };
  }

  /**
   * M-step: new λ, μ, σ from the latest responsibilities (running the
   * E-step first when they are missing or stale). Counts one iteration.
   *
   * @returns The new state.
   */
  mStep(): HandMStep {
    const ranEStep = this.#responsibilities === null;
    const r = this.#responsibilities ?? this.eStep().responsibilities;
    const m = mStepUnchecked(this.data, r, this.#varianceFloor, this.#mixture);
    if (m.collapsedComponents.length > 0) {
      throw new DegenerateFitError(
        messages().collapsed(m.collapsedComponents[0]! + 1),
        m.collapsedComponents[0]!,
        [],
      );
    }
    const before = this.#logLikelihood;
    this.#mixture = m.mixture;
    this.#iteration += 1;
    this.#responsibilities = null;
    this.#logLikelihood = eStepUnchecked(this.data, m.mixture).logLikelihood;
    const warnings: string[] = [];
    if (m.flooredComponents.length > 0) {
      warnings.push(
        messages().floored(componentList(m.flooredComponents)),
      );
    }
    if (m.emptyComponents.length > 0) {
      warnings.push(messages().emptied(componentList(m.emptyComponents)));
    }
    return {
      iteration: this.#iteration,
      mixture: m.mixture,
      logLikelihood: this.#logLikelihood,
      delta: this.#logLikelihood - before,
      ranEStep,
      warnings,
    };
  }
}
