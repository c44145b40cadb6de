/**
 * EM by hand, one click per step: the E-steps and M-steps of
 * {@linkcode EmStepper} as a player with the buttons "E-step" and "M-step"
 * (and "back"). An E-step shows the responsibilities of the current
 * parameters; an M-step shows the new curves; beside them, the numbers of
 * the step (λ, μ, σ, log L, Δ).
 *
 * @example In a notebook cell
 * ```ts ignore
 * import { initRandom, show, stepperPlayer } from "@emlab/emlab";
 * await show(stepperPlayer(x, initRandom(2, { seed: 16 }), { domain }));
 * ```
 *
 * @module
 */
import { checkData, checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError } from "../core/errors.ts";
import { EmStepper } from "../core/em/em_stepper.ts";
import { messages } from "../core/i18n.ts";
import { plateauNote } from "../core/fit/separation.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { type MimeBundle, playerBundle } from "./jupyter.ts";
import type { PlayerFrame } from "./player.ts";
import { svgString } from "../plot/document.ts";
import {
  type FrameDomain,
  frameDomainUnchecked,
  frameDrawer,
  frameTitle,
  type MixtureFrameOptions,
} from "../plot/mixture_frame.ts";
import { responsibilityStrip } from "../plot/responsibilities.ts";
import { formatNumber } from "../plot/_overlay.ts";
import { fixed, scientific } from "./table.ts";
import { LAYOUT } from "../plot/_layout.ts";

/** Options for {@linkcode stepperPlayer}. */
export interface StepperPlayerOptions {
  /**
   * Stop after the M-step whose |Δ log-likelihood| falls below this (where
   * EM with this tol stops).
   * @default 1e-3
   */
  tol?: number;
  /** Stop after this many iterations at most. @default 100 */
  maxIter?: number;
  /** The variance floor of the M-step (see {@linkcode EmStepper}). @default 1e-6 × the data's variance */
  varianceFloor?: number;
  /** Fixed axes for every picture. @default the axes of the whole run ({@linkcode frameDomain}) */
  domain?: FrameDomain;
  /**
   * The responsibilities strip draws at most about this many points (1 in
   * ⌈N / maxDots⌉, said in its title), so that the player stays small.
   * @default 200
   */
  maxDots?: number;
  /** Options of each {@linkcode mixtureFrame} (xLabel, bins, …). @default {} */
  frameOptions?: MixtureFrameOptions;
  /** Element id of the player. @default a fresh one */
  id?: string;
}

/** What {@linkcode stepperPlayer} returns: show it with `show()` or as a cell's value. */
export interface StepperPlayer {
  /** Every state: the start, then E-step, M-step, E-step, … */
  readonly frames: readonly PlayerFrame[];
  /** Iterations (M-steps) in the player. */
  readonly iterations: number;
  /** The last λ, μ, σ. */
  readonly mixture: Mixture;
  /** The player as a MIME bundle (`text/html` and a text line). */
  bundle(): MimeBundle;
  /** Jupyter's display hook (`Symbol.for("Jupyter.display")`): the bundle. */
  readonly [display: symbol]: () => MimeBundle;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}

/** The numbers of one state as a small fixed-width table. */
function numbers(m: Mixture, extra?: readonly number[]): string {
  const head = ["h", "λ", "μ", "σ", ...(extra ? ["Σᵢ p̄(h | xᵢ)"] : [])];
  const rows = m.weights.map((w, h) => [
    String(h + 1),
    formatNumber(w, 3),
    formatNumber(m.means[h]!, 3),
    formatNumber(m.stdDevs[h]!, 3),
    ...(extra ? [formatNumber(extra[h]!, 1)] : []),
  ]);
  const widths = head.map((c, j) => Math.max(c.length, ...rows.map((r) => r[j]!.length)));
  return [head, ...rows].map((r) => r.map((c, j) => pad(c, widths[j]!)).join("  ")).join("\n");
}

/**
 * Step EM by hand from `start`, as a player: the start, then one frame per
 * E-step and per M-step until |Δ log L| < tol. With scripts the buttons
 * "E-step" and "M-step" (whichever comes next), "back" and "start over"
 * walk through them; without scripts the last state shows.
 *
 * @param x The observations.
 * @param start λ, μ, σ at iteration 0.
 * @param options tol, maxIter, varianceFloor, axes, points drawn, id.
 * @returns The player (frames, iterations, final mixture, MIME bundle).
 *
 * @example The states alternate E and M, and end where em() ends
 * ```ts
 * import { em, initRandom, mixture, sampleMixture, stepperPlayer } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 300, { seed: 1 });
 * const start = initRandom(2, { seed: 16 });
 * const player = stepperPlayer(x, start, { maxIter: 3, tol: 0 });
 * assertEquals(player.frames.map((f) => f.step), ["start", "E", "M", "E", "M", "E", "M"]);
 * const run = [...em(x, start, { tol: 0, maxIter: 3 })];
 * assertAlmostEquals(player.mixture.means[0]!, run[3]!.mixture.means[0]!, 1e-9);
 * ```
 */
export function stepperPlayer(
  x: ArrayLike<number>,
  start: Mixture,
  options: StepperPlayerOptions = {},
): StepperPlayer {
  checkData(x, "x");
  checkOptions(
    options,
    optionKeys<StepperPlayerOptions>({
      tol: 1,
      maxIter: 1,
      varianceFloor: 1,
      domain: 1,
      maxDots: 1,
      frameOptions: 1,
      id: 1,
    }),
    "stepperPlayer",
  );
  const { tol = 1e-3, maxIter = 100, maxDots = 200, frameOptions = {} } = options;
  if (typeof tol !== "number" || !(tol >= 0)) {
    throw new ParameterRangeError("options.tol", "a number ≥ 0", describeValue(tol));
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new ParameterRangeError("options.maxIter", "an integer ≥ 1", describeValue(maxIter));
  }
  if (!Number.isInteger(maxDots) || maxDots < 1) {
    throw new ParameterRangeError("options.maxDots", "an integer ≥ 1", describeValue(maxDots));
  }
  const stepper = new EmStepper(
    x,
    start,
    options.varianceFloor === undefined ? {} : { varianceFloor: options.varianceFloor },
  );
  // Run first: the axes hold every state of the run.
  type State =
    | { step: "start"; mixture: Mixture; iteration: number; logLikelihood: number }
    | {
      step: "E";
      mixture: Mixture;
      iteration: number;
      logLikelihood: number;
      r: number[][];
    }
    | {
      step: "M";
      mixture: Mixture;
      iteration: number;
      logLikelihood: number;
      delta: number;
      r: number[][];
      warnings: readonly string[];
    };
  const states: State[] = [{
    step: "start",
    mixture: start,
    iteration: 0,
    logLikelihood: stepper.logLikelihood,
  }];
  for (let t = 0; t < maxIter; t++) {
    const e = stepper.eStep();
    states.push({ step: "E", ...e, r: e.responsibilities });
    const m = stepper.mStep();
    states.push({ step: "M", ...m, r: e.responsibilities });
    if (Math.abs(m.delta) < tol) break;
  }
  const domain = options.domain ??
    frameDomainUnchecked(x, states.map((s) => s.mixture), frameOptions.bins ?? 20);
  const stride = Math.ceil(x.length / maxDots);
  const xs: number[] = [];
  for (let i = 0; i < x.length; i += stride) xs.push(x[i]!);
  const t = messages();
  const strip = (r: number[][], title: string) =>
    svgString(responsibilityStrip(
      xs,
      // Rounded to 1/20: no visible difference, and unchanged points are stored once.
      xs.map((_, j) => r[j * stride]!.map((p) => Math.round(p * 20) / 20)),
      {
        domain: domain.x,
        title: stride > 1 ? t.onePointIn(title, stride) : title,
        width: frameOptions.width ?? 640,
        // The x axis exactly below the curves' (mixtureFrame's margins).
        marginLeft: LAYOUT.marginLeft,
        marginRight: LAYOUT.marginRight,
      },
    ));
  const draw = frameDrawer(x, { ...frameOptions, domain });
  const curves = (s: State, title: string) => svgString(draw(s, title));

  const frames: PlayerFrame[] = states.map((s) => {
    const logL = `log L = ${formatNumber(s.logLikelihood, 3)}`;
    if (s.step === "start") {
      const title = t.stepStart(frameTitle(s));
      return {
        step: "start",
        title,
        panels: [curves(s, title)],
        info: `${t.stepStartInfo}\n${logL}\n\n${numbers(s.mixture)}\n\n${t.stepNext("E")}`,
      };
    }
    if (s.step === "E") {
      const title = t.eStepCaption(s.iteration);
      const counts = s.mixture.weights.map((_, h) => s.r.reduce((a, row) => a + row[h]!, 0));
      return {
        step: "E",
        title,
        panels: [
          curves(
            s,
            `${t.iteration(s.iteration)} · ${t.logLikelihoodIs(formatNumber(s.logLikelihood, 2))}`,
          ),
          strip(s.r, t.eStepStrip(s.iteration)),
        ],
        info: `${t.eStepInfo(s.iteration)}\n${logL}\n\n${numbers(s.mixture, counts)}\n\n${
          t.stepNext("M")
        }`,
      };
    }
    const title = t.mStepCaption(s.iteration, formatNumber(s.logLikelihood, 2));
    // A change too small for 4 decimals is written in exponent form, never as "−0.0000".
    const small = s.delta !== 0 && Math.abs(s.delta) < 5e-5;
    const deltaText = small ? scientific(s.delta, 1) : fixed(s.delta, 4);
    const delta = `Δ = ${s.delta > 0 && deltaText !== "0" ? "+" : ""}${deltaText}`;
    const plateau = plateauNote(s.mixture);
    const done = Math.abs(s.delta) < tol
      ? `\n${t.stepStop(String(tol))}${plateau && `\n${plateau}`}`
      : `\n\n${t.stepNext("E")}`;
    return {
      step: "M",
      title,
      panels: [
        curves(s, title),
        strip(s.r, t.mStepStrip(s.iteration - 1)),
      ],
      info: `${t.mStepInfo(s.iteration)}\n${logL}   ${delta}\n\n${numbers(s.mixture)}${
        s.warnings.length ? `\n${s.warnings.join("\n")}` : ""
      }${done}`,
    };
  });
  const last = states.at(-1)!;
  const bundle = () =>
    playerBundle(frames, {
      mode: "steps",
      label: t.emByHand,
      ...(options.id === undefined ? {} : { id: options.id }),
    });
  return {
    frames,
    iterations: last.iteration,
    mixture: last.mixture,
    bundle,
    [Symbol.for("Jupyter.display")]: bundle,
  } as StepperPlayer;
}
