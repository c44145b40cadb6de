/**
 * Watch 2-D EM converge in a notebook: every iteration redraws one output in
 * place with {@linkcode ellipseFrame}, the ellipses moving and turning until
 * they settle. The display, the frame delay (`EMLAB_FRAME_DELAY`) and the
 * in-place updates are those of `animateEm` in `jupyter.ts`, the one module
 * that talks to the kernel.
 *
 * @example In a notebook cell
 * ```ts ignore
 * import { watchEmMv } from "@emlab/emlab";
 * const history = await watchEmMv(points, 2, { seed: 1, delayMs: 200 });
 * ```
 *
 * @module
 */
import { checkOptions, optionKeys } from "../core/_validate.ts";
import { messages } from "../core/i18n.ts";
import { type DisplayFunction, framePlayer } from "./jupyter.ts";
import {
  ANIMATION_KEYS,
  checkAnimation,
  playerOptions,
  playRun,
  splitWatchOptions,
  WATCH_RUN_KEYS,
} from "./_animate.ts";
import type { LogLikelihoodTraceOptions } from "../plot/trace.ts";
import type { Points } from "../core/nd/_validate.ts";
import { MV_EM_OPTION_KEYS, type MvEmOptions, type MvEmSnapshot } from "../core/nd/em.ts";
import { preparePoints } from "../core/nd/_prepare.ts";
import { runEm } from "../core/em/_em_core.ts";
import { covarianceFamily } from "../core/nd/_families.ts";
import { resolveMvStart } from "../core/nd/_init_starts.ts";
import type { MvMixture } from "../core/nd/mixture.ts";
import {
  checkPoints2,
  checkTwoDimensions,
  type EllipseDomain,
  ellipseDomainUnchecked,
  ellipseDrawer,
  type EllipseFrameOptions,
} from "../plot/ellipses.ts";

/** Options for {@linkcode animateEmMv}. */
export interface AnimateMvOptions {
  /** Milliseconds between frames; `EMLAB_FRAME_DELAY` overrides it. @default 150 */
  delayMs?: number;
  /** Draw every n-th iteration (the first and last are always drawn). @default 1 */
  every?: number;
  /**
   * Run EM to the end first, then play the frames (thinned to `maxFrames`).
   * `false` draws each iteration as soon as it is computed. The axes are
   * the points' range either way.
   * @default true
   */
  fixedAxes?: boolean;
  /**
   * With `fixedAxes`, draw at most about this many frames: a long run is
   * thinned (raising `every`) so the animation stays short.
   * @default 200
   */
  maxFrames?: number;
  /**
   * When the run ends, its output becomes a player over every frame, with
   * the log-likelihood trace beside it (see `playerHtml`). `false` leaves
   * the last frame as a plain SVG.
   * @default true
   */
  player?: boolean;
  /** The player keeps at most this many frames (evenly spread). @default 60 */
  playerFrames?: number;
  /** Options of the trace beside the player. @default { width: 420, height: 400 } */
  traceOptions?: LogLikelihoodTraceOptions;
  /**
   * Options for each {@linkcode ellipseFrame} (labels, size, …). The axes are
   * fixed for the whole run to the points' range unless `domain` is given.
   * @default {}
   */
  frameOptions?: EllipseFrameOptions;
  /**
   * Where frames go. @default `Deno.jupyter.display` in the kernel, else nothing
   * (with one note on stderr)
   */
  display?: DisplayFunction;
  /** Output id to use. @default a fresh `emlab-em2d-<uuid>` per call */
  displayId?: string;
}

/**
 * Run 2-D EM (or replay a history) and draw every iteration into one
 * notebook output, updated in place, on axes fixed for the whole run;
 * returns the snapshots.
 *
 * @param points The points, as rows [x, y].
 * @param run `emMv(points, start, options)`, or any iterable of snapshots (e.g. `fitMv(…).history`).
 * @param options Delay, every, frame options, display function.
 * @returns Every snapshot of the run, in order.
 *
 * @example Capture the frames with an injected display function
 * ```ts
 * import { animateEmMv, emMv, initKMeansPlusPlusMv, mvMixture, sampleMvMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [4, 1]], [[[1, 0.6], [0.6, 1]], [[0.5, 0], [0, 2]]]);
 * const { x } = sampleMvMixture(truth, 200, { seed: 1 });
 * const calls: boolean[] = [];
 * const history = await animateEmMv(x, emMv(x, initKMeansPlusPlusMv(x, 2, { seed: 1 })), {
 *   delayMs: 0,
 *   display: (_bundle, { update }) => calls.push(!!update),
 * });
 * assertEquals(calls.length, history.length + 1); // every frame, then the player
 * assertEquals(calls.filter((u) => !u).length, 1); // one output, then updates
 * ```
 */
export function animateEmMv(
  points: Points,
  run: Iterable<MvEmSnapshot>,
  options: AnimateMvOptions = {},
): Promise<MvEmSnapshot[]> {
  return playEmMv(checkPoints2(points, "points"), run, options);
}

/** {@linkcode animateEmMv} on checked 2-D points: one {@linkcode ellipseDrawer} for every frame. */
function playEmMv(
  points: Points,
  run: Iterable<MvEmSnapshot>,
  options: AnimateMvOptions,
): Promise<MvEmSnapshot[]> {
  const pacing = checkAnimation(
    run,
    options,
    optionKeys<AnimateMvOptions>(ANIMATION_KEYS),
    "animateEmMv",
    { run: "emMv(points, start)", replay: "fitMv(points, k).history" },
  );
  const { frameOptions = {} } = options;
  const computed = ellipseDomainUnchecked(points, 0.08);
  const domain: EllipseDomain = {
    x: frameOptions.domain?.x ?? computed.x,
    y: frameOptions.domain?.y ?? computed.y,
  };
  const draw = ellipseDrawer(points, { ...frameOptions, domain });
  const player = framePlayer({
    ...playerOptions(options),
    idPrefix: "emlab-em2d",
    caller: "animateEmMv/watchEmMv",
    // Each 2-D frame carries its points' colours: fewer frames keep the player small.
    playerFrames: options.playerFrames ?? 60,
  });
  return playRun(run, pacing, player, {
    frame: draw,
    traceOptions: options.traceOptions,
    label: messages().emAnimation2d,
  });
}

/** Options for {@linkcode watchEmMv}. */
export interface WatchMvOptions extends MvEmOptions, AnimateMvOptions {
  /** Seed of the k-means++ start when `start` is a number. @default a fresh random seed */
  seed?: number;
}

/**
 * One call for a notebook cell: start 2-D EM (k-means++ or your own λ, μ, Σ),
 * animate it in place until it converges, return the history.
 *
 * @param points The points, as rows [x, y].
 * @param start The number of components k, or a mixture to start from.
 * @param options seed, tol, maxIter, ridge, and every option of {@linkcode animateEmMv}.
 * @returns Every snapshot of the run (a one-line summary when it is a cell's value).
 *
 * @example
 * ```ts
 * import { mvMixture, sampleMvMixture, watchEmMv } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const truth = mvMixture([0.5, 0.5], [[0, 0], [5, 0]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
 * const { x } = sampleMvMixture(truth, 200, { seed: 2 });
 * const titles: string[] = [];
 * const history = await watchEmMv(x, 2, {
 *   seed: 1,
 *   display: (bundle) => titles.push(bundle["text/plain"]!),
 * });
 * assert(history.at(-1)!.converged);
 * assert(titles.at(-1)!.startsWith(`iteration ${history.at(-1)!.iteration}`));
 * ```
 */
export function watchEmMv(
  points: Points,
  start: number | MvMixture,
  options: WatchMvOptions = {},
): Promise<MvEmSnapshot[]> {
  checkOptions(
    options,
    optionKeys<WatchMvOptions>({
      ...ANIMATION_KEYS,
      ...WATCH_RUN_KEYS,
      ridge: 1,
      covariance: 1,
    }),
    "watchEmMv",
  );
  const { seed, ...rest } = options;
  const { em: emOptions, animate } = splitWatchOptions(rest, [
    "tol",
    "maxIter",
    "ridge",
    "workers",
    "covariance",
  ]);
  // The points checked once, here; the start, the run and its frames trust them.
  const { prepared, resolved } = preparePoints(
    points,
    emOptions,
    MV_EM_OPTION_KEYS,
    "watchEmMv",
    "points",
  );
  checkTwoDimensions(prepared.d, "points");
  const initial = resolveMvStart(prepared, start, seed, resolved.covariance ?? "VVV");
  const run = runEm(covarianceFamily(resolved.covariance ?? "full"), prepared, initial, resolved);
  return playEmMv(prepared.points, run, animate);
}
