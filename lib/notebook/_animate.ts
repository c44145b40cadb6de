// What the 1-D and 2-D animations share: their common options, the pacing
// of the frames (every n-th, at most maxFrames), the loop over a run, the
// trace beside the player, and how the watch helpers hand their EM options on.
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { messages } from "../core/i18n.ts";
import { plateauNote } from "../core/fit/separation.ts";
import type { Mixture } from "../core/model/mixture.ts";
import type { MvMixture } from "../core/nd/mixture.ts";
import { checkOptions } from "../core/_validate.ts";
import type { ChartElement } from "../plot/document.ts";
import { frameTitle } from "../plot/mixture_frame.ts";
import {
  type DisplayFunction,
  type FramePlayer,
  type FramePlayerOptions,
  type SummarisedSnapshot,
  summarizedHistory,
} from "./_frames.ts";
import {
  logLikelihoodTrace,
  type LogLikelihoodTraceOptions,
  type TracePoint,
} from "../plot/trace.ts";

/** The option keys every animation takes (each adds its own frame options). */
export const ANIMATION_KEYS = {
  delayMs: 1,
  every: 1,
  fixedAxes: 1,
  maxFrames: 1,
  player: 1,
  playerFrames: 1,
  traceOptions: 1,
  frameOptions: 1,
  display: 1,
  displayId: 1,
} as const;

/** The option keys of a run that both watch helpers take besides their family's own. */
export const WATCH_RUN_KEYS = { tol: 1, maxIter: 1, workers: 1, seed: 1 } as const;

/** The options of the frame player that an animation hands on as they are. */
export function playerOptions(options: {
  delayMs?: number;
  display?: DisplayFunction;
  displayId?: string;
  player?: boolean;
  playerFrames?: number;
}): FramePlayerOptions {
  const { delayMs, display, displayId, player, playerFrames } = options;
  return { delayMs, display, displayId, player, playerFrames };
}

/** How a run is paced into frames. */
export interface Pacing {
  /** Run to the end first (and thin to `maxFrames`), or draw each iteration as it comes. */
  readonly fixedAxes: boolean;
  /** Draw every n-th iteration (the first and last are always drawn). */
  readonly every: number;
  /** With `fixedAxes`, draw at most about this many frames. */
  readonly maxFrames: number;
}

/** Read and check the pacing options (defaults: fixed axes, every iteration, 200 frames). */
function resolvePacing(
  options: { fixedAxes?: boolean; every?: number; maxFrames?: number },
): Pacing {
  const { fixedAxes = true, every = 1, maxFrames = 200 } = options;
  if (!Number.isInteger(every) || every < 1) {
    throw new ParameterRangeError("options.every", "an integer ≥ 1", describeValue(every));
  }
  if (!Number.isInteger(maxFrames) || maxFrames < 2) {
    throw new ParameterRangeError("options.maxFrames", "an integer ≥ 2", describeValue(maxFrames));
  }
  return { fixedAxes, every, maxFrames };
}

/**
 * Check an animation's arguments once: `run` an iterable of snapshots (`from`
 * names the calls that make one), no unknown option keys, and the pacing.
 */
export function checkAnimation(
  run: unknown,
  options: { fixedAxes?: boolean; every?: number; maxFrames?: number },
  keys: readonly string[],
  fn: string,
  from: { run: string; replay: string },
): Pacing {
  checkRun(run, from);
  checkOptions(options, keys, fn);
  return resolvePacing(options);
}

/** Check that `run` is an iterable of snapshots; `from` names the call that makes one. */
function checkRun(run: unknown, from: { run: string; replay: string }): void {
  if (run === null || typeof run !== "object" || !(Symbol.iterator in run)) {
    throw new ParameterTypeError(
      "run",
      `an iterable of EM snapshots (${from.run} or a history array)`,
      describeValue(run),
      `Pass ${from.run.replace(")", ", options)")}, or ${from.replay} to replay a fit.`,
    );
  }
}

/** How {@linkcode playRun} shows a run. */
export interface PlaySpec<S> {
  /** The frame of a snapshot, given its position in the run. */
  readonly frame: (snapshot: S, index: number) => ChartElement;
  /** With fixed axes, called with the whole run before the first frame (e.g. to fix the domain). */
  readonly prepare?: (all: readonly S[]) => void;
  /** Options of the trace beside the finished player. */
  readonly traceOptions?: LogLikelihoodTraceOptions;
  /** The player's accessible label. */
  readonly label: string;
}

/**
 * Play a run into a frame player: with fixed axes take it all first and thin
 * it to about `maxFrames`; otherwise draw each snapshot as it is computed
 * (the first and last are always drawn). Each frame is titled like
 * `frameTitle`; at the end the player gets the trace beside every frame.
 *
 * @returns Every snapshot of the run, in order (a one-line summary as a cell's value).
 */
export async function playRun<
  S extends
    & TracePoint
    & Parameters<typeof frameTitle>[0]
    & SummarisedSnapshot
    & { readonly mixture: Mixture | MvMixture },
>(
  run: Iterable<S>,
  pacing: Pacing,
  player: FramePlayer,
  spec: PlaySpec<S>,
): Promise<S[]> {
  const history: S[] = [];
  const drawn: number[] = [];
  // In the kernel a frame is drawn when show() returns: no await then, so that the whole run
  // stays inside the cell's evaluation, where ■ (Interrupt) stops it and the kernel stays usable.
  const draw = (snapshot: S, index: number, isLast: boolean, every: number) => {
    if (index % every !== 0 && !isLast) return;
    drawn.push(snapshot.iteration);
    // The last frame says so when the run stopped with components that have not separated.
    const note = isLast ? plateauNote(snapshot.mixture) : "";
    const shown = player.show(
      spec.frame(snapshot, index),
      frameTitle(snapshot) + (note && ` · ${note}`),
      {
        iteration: snapshot.iteration,
      },
    );
    return player.blocking ? undefined : shown;
  };
  if (pacing.fixedAxes) {
    history.push(...run);
    spec.prepare?.(history);
    const every = Math.max(pacing.every, Math.ceil((history.length - 1) / (pacing.maxFrames - 1)));
    for (const [i, snapshot] of history.entries()) {
      const shown = draw(snapshot, i, i === history.length - 1, every);
      if (shown) await shown;
    }
  } else {
    // The last snapshot is known only when the run ends, so each drawn frame is the newest one.
    const iterator = run[Symbol.iterator]();
    let next = iterator.next();
    while (!next.done) {
      const current = next.value;
      history.push(current);
      next = iterator.next();
      const shown = draw(current, history.length - 1, next.done === true, pacing.every);
      if (shown) await shown;
    }
  }
  await player.finish({
    panels: (i) => [tracePanel(history, drawn[i]!, spec.traceOptions)],
    label: spec.label,
  });
  return summarizedHistory(history);
}

/** The trace panel of a player, marking the iteration of one frame. */
function tracePanel(
  history: readonly TracePoint[],
  iteration: number,
  options: LogLikelihoodTraceOptions = {},
): ChartElement {
  return logLikelihoodTrace(history, {
    width: 420,
    height: 400,
    title: messages().logLikelihood,
    ...options,
    current: iteration,
  });
}

/**
 * Split a watch helper's options into the EM options named in `emKeys`
 * (only those given) and the rest, for the animation; the trace beside the
 * player marks the run's `tol` unless its own options name one.
 */
export function splitWatchOptions<
  O extends { tol?: number; traceOptions?: LogLikelihoodTraceOptions },
  K extends keyof O,
>(options: O, emKeys: readonly K[]): { em: Pick<O, K>; animate: Omit<O, K> } {
  const em = {} as Pick<O, K>;
  const animate = { ...options };
  for (const key of emKeys) {
    if (options[key] !== undefined) em[key] = options[key];
    delete animate[key];
  }
  const { tol } = options;
  if (tol !== undefined && options.traceOptions?.tol === undefined) {
    animate.traceOptions = { ...options.traceOptions, tol };
  }
  return { em, animate };
}
