/**
 * Watch EM converge in a Jupyter notebook on the Deno kernel: every
 * iteration redraws one output in place. The only module of emlab that
 * touches `Deno.jupyter`.
 *
 * How it works: the first frame is shown with
 * `Deno.jupyter.display(bundle, { raw: true, display_id })` under a fresh
 * display id, every later frame with `{ update: true }` and the same id, so
 * the cell ends with exactly one output showing the last iteration.
 *
 * Frame delay: frames are `delayMs` apart (default 150 ms) so people can
 * watch. The environment variable `EMLAB_FRAME_DELAY` (milliseconds)
 * overrides it — `EMLAB_FRAME_DELAY=0` skips the waiting in headless runs
 * (CI, `deno task test`, nbconvert).
 *
 * By default the run is computed first and then played on axes fixed for
 * the whole run (`fixedAxes`), thinned to at most `maxFrames` (200) frames.
 *
 * Outside a Jupyter kernel nothing is drawn: the functions still run EM and
 * return the history, and print one note to stderr. Tests pass their own
 * `display` function to capture the frames.
 *
 * @example In a notebook cell
 * ```ts ignore
 * import { mixture, sampleMixture, watchEm } from "@emlab/emlab";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 42 });
 * const history = await watchEm(x, 2, { seed: 1, init: "random", delayMs: 200 });
 * ```
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import { checkData, checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { EM_OPTION_KEYS, type EmOptions, type EmSnapshot } from "../core/em/em.ts";
import { runEm } from "../core/em/_em_core.ts";
import { familyOf } from "../core/em/_families.ts";
import type { InitMethod } from "../core/init/init.ts";
import { prepareData } from "../core/em/_prepare.ts";
import { resolveStart } from "../core/init/_init_starts.ts";
import type { Mixture } from "../core/model/mixture.ts";
import { type ChartElement, svgString } from "../plot/document.ts";
import {
  type FrameDomain,
  frameDomainUnchecked,
  frameDrawer,
  type MixtureFrameOptions,
} from "../plot/mixture_frame.ts";
import { chartScale } from "../plot/_scale.ts";
import {
  ANIMATION_KEYS,
  checkAnimation,
  playerOptions,
  playRun,
  splitWatchOptions,
  WATCH_RUN_KEYS,
} from "./_animate.ts";
import { type Broadcast, flushIopub, type FlushOptions, kernelIopubAddress } from "./_iopub.ts";
import type { Table } from "./table.ts";
import { type PlayerFrame, playerHtml, type PlayerOptions } from "./player.ts";
import type { LogLikelihoodTraceOptions } from "../plot/trace.ts";
import type {
  DisplayFunction,
  FinishOptions,
  FrameInfo,
  FramePlayer,
  FramePlayerOptions,
  MimeBundle,
} from "./_frames.ts";

export {
  type DisplayFunction,
  type DisplayOptions,
  type FinishOptions,
  type FrameInfo,
  type FramePlayer,
  type FramePlayerOptions,
  type MimeBundle,
  type SummarisedSnapshot,
  summarizedHistory,
} from "./_frames.ts";

/** The environment variable that overrides the delay between frames (ms). */
export const FRAME_DELAY_ENV = "EMLAB_FRAME_DELAY";

/** Default delay between frames, in milliseconds. */
export const DEFAULT_FRAME_DELAY_MS = 150;

// deno-lint-ignore no-explicit-any
type AnyRecord = Record<string, any>;

/**
 * `Deno.jupyter.display` when running inside the Deno Jupyter kernel,
 * otherwise `undefined` (reading `Deno.jupyter` elsewhere throws).
 *
 * @returns The kernel's display function, or undefined.
 *
 * @example
 * ```ts
 * import { jupyterDisplay } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(jupyterDisplay(), undefined); // tests do not run in a kernel
 * ```
 */
export function jupyterDisplay(): DisplayFunction | undefined {
  const deno = (globalThis as AnyRecord).Deno as AnyRecord | undefined;
  if (deno === undefined) return undefined;
  try {
    const jupyter = deno.jupyter as AnyRecord | undefined;
    if (typeof jupyter?.display !== "function") return undefined;
    return (bundle, options) => jupyter.display(bundle, options);
  } catch {
    return undefined;
  }
}

/**
 * The delay between frames: `EMLAB_FRAME_DELAY` (ms) when it is set to a
 * number ≥ 0, else `delayMs`, else {@linkcode DEFAULT_FRAME_DELAY_MS}.
 *
 * @param delayMs The delay asked for by the caller.
 * @returns Milliseconds to wait between frames.
 *
 * @example
 * ```ts
 * import { frameDelay } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * // `deno task test` sets EMLAB_FRAME_DELAY=0
 * if (Deno.env.get("EMLAB_FRAME_DELAY") === "0") assertEquals(frameDelay(500), 0);
 * ```
 */
export function frameDelay(delayMs?: number): number {
  if (
    delayMs !== undefined &&
    (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0)
  ) {
    throw new ParameterRangeError(
      "options.delayMs",
      "a finite number of milliseconds ≥ 0",
      describeValue(delayMs),
      "Use e.g. 200, or 0 for no delay.",
    );
  }
  let env: string | undefined;
  try {
    env = ((globalThis as AnyRecord).Deno as AnyRecord | undefined)?.env?.get(FRAME_DELAY_ENV);
  } catch {
    env = undefined; // no permission to read the environment
  }
  if (env !== undefined && env.trim() !== "") {
    const value = Number(env);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return delayMs ?? DEFAULT_FRAME_DELAY_MS;
}

let warnedOutside = false;

/** What {@linkcode animateEm} passes to a custom `frame` function. */
export interface FrameContext {
  /** The axis domains fixed for the whole run (when `fixedAxes`). */
  readonly domain?: FrameDomain;
  /** 0-based position of this frame. */
  readonly index: number;
}

/** Options for {@linkcode animateEm}. */
export interface AnimateOptions {
  /**
   * Milliseconds between frames; `EMLAB_FRAME_DELAY` overrides it.
   * @default 150
   */
  delayMs?: number;
  /**
   * Run EM to the end first, then play the frames on axes fixed for the
   * whole run (no jumping). `false` draws each iteration as soon as it is
   * computed, on axes fitted to each frame.
   * @default true
   */
  fixedAxes?: boolean;
  /** Draw every n-th iteration (the first and last are always drawn). @default 1 */
  every?: number;
  /**
   * With `fixedAxes`, draw at most about this many frames: a long run is
   * thinned (raising `every`) so the animation stays short.
   * @default 200
   */
  maxFrames?: number;
  /** Options for each {@linkcode mixtureFrame} (bins, xLabel, width, …). @default {} */
  frameOptions?: MixtureFrameOptions;
  /** Draw a frame yourself instead of {@linkcode mixtureFrame}. */
  frame?: (x: ArrayLike<number>, snapshot: EmSnapshot, context: FrameContext) => ChartElement;
  /**
   * Where frames go. @default `Deno.jupyter.display` in the kernel, else nothing
   * (with one note on stderr)
   */
  display?: DisplayFunction;
  /** Output id to use. @default a fresh `emlab-em-<uuid>` per call */
  displayId?: string;
  /**
   * When the run ends, its output becomes a player over every frame, with
   * the log-likelihood trace beside it (see {@linkcode playerHtml}). `false`
   * leaves the last frame as a plain SVG.
   * @default true
   */
  player?: boolean;
  /**
   * The player keeps at most this many frames: every iteration drawn when
   * they fit, else every n-th (and the last), which the player says.
   * @default 200
   */
  playerFrames?: number;
  /**
   * Options of the trace beside the player ({@linkcode logLikelihoodTrace});
   * pass the run's `tol` so that the ring marks where it stopped.
   * @default { width: 420, height: 400 }
   */
  traceOptions?: LogLikelihoodTraceOptions;
}

/**
 * The MIME bundle of one frame: the SVG and a plain-text fallback.
 *
 * @param chart A chart from a chart helper.
 * @param text The plain-text fallback (e.g. the frame's title).
 * @returns `{ "image/svg+xml": …, "text/plain": … }`.
 *
 * @example Show a chart in a cell yourself
 * ```ts
 * import { frameBundle, mixture, mixtureFrame } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const bundle = frameBundle(mixtureFrame([0.1, 0.4, 0.9, 1.3], mixture([1], [0.7], [0.5])), "fit");
 * assert(bundle["image/svg+xml"]!.startsWith("<svg"));
 * // in a notebook: await Deno.jupyter.display(bundle, { raw: true });
 * ```
 */
export function frameBundle(chart: ChartElement, text: string): MimeBundle {
  return { "image/svg+xml": svgString(chart), "text/plain": text };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The Deno kernel's display as a synchronous call (`Deno.jupyter.broadcast`
 * queues the message and returns), or undefined outside the kernel.
 */
function kernelBroadcastDisplay(): DisplayFunction | undefined {
  if (jupyterDisplay() === undefined) return undefined;
  const broadcast = ((globalThis as AnyRecord).Deno as AnyRecord).jupyter.broadcast;
  if (typeof broadcast !== "function") return undefined;
  return (bundle, { display_id, update }) =>
    broadcast(update ? "update_display_data" : "display_data", {
      data: bundle,
      metadata: {},
      transient: { display_id },
    });
}

/** A wait that blocks this thread (`Atomics.wait`), or undefined where that is not allowed. */
function blockingSleep(): ((ms: number) => void) | undefined {
  try {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(cell, 0, 0, 0);
    return (ms) => void Atomics.wait(cell, 0, 0, ms);
  } catch {
    return undefined;
  }
}

/**
 * The frames a player keeps out of `count`: all when `count ≤ max`, else
 * every n-th one (n as small as fits in `max`) and the last, so that the
 * iterations kept are evenly spaced and easy to name ("every 2nd").
 *
 * @param count Frames shown.
 * @param max The most to keep (≥ 2).
 * @returns Ascending frame numbers.
 *
 * @example
 * ```ts
 * import { playerFrameIndices } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(playerFrameIndices(10, 4), [0, 3, 6, 9]);
 * assertEquals(playerFrameIndices(3, 4), [0, 1, 2]);
 * assertEquals(playerFrameIndices(101, 100), [...Array(51).keys()].map((i) => 2 * i));
 * ```
 */
export function playerFrameIndices(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i);
  // every n-th from 0, plus the last: at most floor((count - 1) / n) + 2 frames
  let n = Math.ceil((count - 1) / (max - 1));
  while (Math.floor((count - 1) / n) + ((count - 1) % n === 0 ? 1 : 2) > max) n++;
  const picked: number[] = [];
  for (let i = 0; i < count; i += n) picked.push(i);
  if (picked.at(-1) !== count - 1) picked.push(count - 1);
  return picked;
}

/**
 * The MIME bundle of a player: its HTML (see {@linkcode playerHtml}) and the
 * last frame's title as text.
 *
 * @param frames The frames.
 * @param options Options of {@linkcode playerHtml}.
 * @returns `{ "text/html": …, "text/plain": … }`.
 *
 * @example
 * ```ts
 * import { mixture, mixtureFrame, playerBundle, svgString } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const svg = svgString(mixtureFrame([0.1, 0.4, 0.9], mixture([1], [0.5], [1])));
 * const bundle = playerBundle([{ title: "start", panels: [svg] }, { title: "end", panels: [svg] }]);
 * assertEquals(bundle["text/plain"], "end");
 * ```
 */
export function playerBundle(
  frames: readonly PlayerFrame[],
  options: PlayerOptions = {},
): MimeBundle {
  return { "text/html": playerHtml(frames, options), "text/plain": frames.at(-1)?.title ?? "" };
}

/**
 * One notebook output that frames replace in place — the mechanism behind
 * {@linkcode animateEm}, usable for any sequence of charts.
 *
 * @param options Delay, display function, output id.
 * @returns A player whose `show(chart, text)` draws the next frame.
 *
 * @example Two frames, one output
 * ```ts
 * import { framePlayer, mixture, mixtureFrame } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const calls: boolean[] = [];
 * const player = framePlayer({ delayMs: 0, display: (_b, { update }) => calls.push(!!update) });
 * const x = [0.1, 0.4, 0.9, 1.3];
 * await player.show(mixtureFrame(x, mixture([1], [0.5], [1])), "first");
 * await player.show(mixtureFrame(x, mixture([1], [0.7], [0.5])), "second");
 * assertEquals(calls, [false, true]);
 * ```
 */
export function framePlayer(options: FramePlayerOptions = {}): FramePlayer {
  checkOptions(
    options,
    optionKeys<FramePlayerOptions>({
      player: 1,
      playerFrames: 1,
      delayMs: 1,
      display: 1,
      displayId: 1,
      idPrefix: 1,
      caller: 1,
    }),
    "framePlayer",
  );
  if (options.display !== undefined && typeof options.display !== "function") {
    throw new ParameterTypeError(
      "options.display",
      "a function (bundle, options) => unknown",
      describeValue(options.display),
      "Omit it to use Deno.jupyter.display.",
    );
  }
  const delay = frameDelay(options.delayMs);
  const broadcast = options.display === undefined ? kernelBroadcastDisplay() : undefined;
  const block = broadcast === undefined ? undefined : blockingSleep();
  let display = block ? broadcast : options.display ?? jupyterDisplay();
  if (display === undefined) {
    if (!warnedOutside) {
      warnedOutside = true;
      console.error(
        messages().notInKernel(options.caller ?? messages().theAnimation),
      );
    }
    display = () => {};
  }
  const { player = true, playerFrames = 200 } = options;
  if (typeof player !== "boolean") {
    throw new ParameterTypeError("options.player", "true or false", describeValue(player));
  }
  if (!Number.isInteger(playerFrames) || playerFrames < 2) {
    throw new ParameterRangeError(
      "options.playerFrames",
      "an integer ≥ 2",
      describeValue(playerFrames),
    );
  }
  const displayId = options.displayId ??
    `${options.idPrefix ?? "emlab-frames"}-${crypto.randomUUID()}`;
  let shown = 0;
  const recorded: { svg: string; title: string; iteration?: number }[] = [];
  const draw = (chart: ChartElement, text: string, frame: FrameInfo) => {
    const bundle = frameBundle(chart, text);
    if (player) {
      recorded.push({ svg: bundle["image/svg+xml"]!, title: text, iteration: frame.iteration });
    }
    const done = display(bundle, {
      raw: true,
      display_id: displayId,
      ...(shown > 0 ? { update: true } : {}),
    });
    shown++;
    return done;
  };
  return {
    displayId,
    get shown() {
      return shown;
    },
    blocking: block !== undefined,
    show: block
      ? (chart: ChartElement, text: string, frame: FrameInfo = {}): Promise<void> => {
        if (shown > 0 && delay > 0) block(delay);
        draw(chart, text, frame);
        return Promise.resolve();
      }
      : async (chart: ChartElement, text: string, frame: FrameInfo = {}): Promise<void> => {
        if (shown > 0 && delay > 0) await sleep(delay);
        await draw(chart, text, frame);
      },
    async finish(finishOptions: FinishOptions = {}): Promise<void> {
      checkOptions(finishOptions);
      if (player && recorded.length >= 2) {
        const frames = playerFrameIndices(recorded.length, playerFrames).map((i) => ({
          title: recorded[i]!.title,
          panels: [recorded[i]!.svg, ...(finishOptions.panels?.(i) ?? []).map(svgString)],
          info: finishOptions.info?.(i),
          iteration: recorded[i]!.iteration,
        }));
        const speed = options.delayMs !== undefined && options.delayMs > 0
          ? options.delayMs
          : DEFAULT_FRAME_DELAY_MS;
        await display(
          playerBundle(frames, {
            label: finishOptions.label ?? messages().animation,
            delayMs: speed,
          }),
          { raw: true, display_id: displayId, update: true },
        );
      }
      if (options.display === undefined && shown > 0) await flushOutputs();
    },
  };
}

/**
 * Run EM (or replay a history) and draw every iteration into one notebook
 * output, updated in place; returns the snapshots.
 *
 * @param x The observations.
 * @param run `em(x, start, options)`, or any iterable of snapshots (e.g. `fit(…).history`).
 * @param options Delay, fixed axes, frame options, display function.
 * @returns Every snapshot of the run, in order.
 *
 * @example Capture the frames with an injected display function
 * ```ts
 * import { animateEm, em, initRandom, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 500, { seed: 1 });
 * const calls: { id: string; update: boolean; kind: string }[] = [];
 * const history = await animateEm(x, em(x, initRandom(2, { seed: 7 })), {
 *   delayMs: 0,
 *   display: (bundle, { display_id, update }) =>
 *     calls.push({ id: display_id, update: !!update, kind: Object.keys(bundle)[0]! }),
 * });
 * // one frame per snapshot, then the same output becomes the player
 * assertEquals(calls.length, history.length + 1);
 * assertEquals(calls.filter((c) => !c.update).length, 1);
 * assertEquals(calls.at(-1)!.kind, "text/html");
 * ```
 *
 * @example Without the player: the last frame stays as it is
 * ```ts
 * import { animateEm, em, initRandom, mixture, sampleMixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 500, { seed: 1 });
 * const kinds: string[] = [];
 * const history = await animateEm(x, em(x, initRandom(2, { seed: 7 })), {
 *   delayMs: 0,
 *   player: false,
 *   display: (bundle) => kinds.push(Object.keys(bundle)[0]!),
 * });
 * assertEquals(kinds, history.map(() => "image/svg+xml"));
 * ```
 *
 * @example In a notebook cell
 * ```ts ignore
 * const history = await animateEm(x, em(x, initRandom(2, { seed: 7 })), { delayMs: 200 });
 * ```
 */
export function animateEm(
  x: ArrayLike<number>,
  run: Iterable<EmSnapshot>,
  options: AnimateOptions = {},
): Promise<EmSnapshot[]> {
  checkData(x, "x");
  return playEm(x, run, options);
}

/** {@linkcode animateEm} on checked data: the frames drawn by one {@linkcode frameDrawer}. */
function playEm(
  x: ArrayLike<number>,
  run: Iterable<EmSnapshot>,
  options: AnimateOptions,
): Promise<EmSnapshot[]> {
  const pacing = checkAnimation(
    run,
    options,
    optionKeys<AnimateOptions>({ ...ANIMATION_KEYS, frame: 1 }),
    "animateEm",
    { run: "em(x, start)", replay: "fit(x, k).history" },
  );
  const { frameOptions = {}, frame } = options;
  const player = framePlayer({
    ...playerOptions(options),
    idPrefix: "emlab-em",
    caller: "animateEm/watchEm",
  });
  // With fixed axes, the domain holds every frame of the run; live frames fit themselves.
  let domain: FrameDomain | undefined;
  let draw = frame === undefined ? frameDrawer(x, frameOptions) : undefined;
  const fixDomain = (all: readonly EmSnapshot[]) => {
    const computed = frameDomainUnchecked(x, all.map((s) => s.mixture), frameOptions.bins ?? 20);
    domain = {
      x: frameOptions.domain?.x ?? computed.x,
      y: frameOptions.domain?.y ?? computed.y,
    };
    if (frame === undefined) draw = frameDrawer(x, { ...frameOptions, domain });
  };
  return playRun(run, pacing, player, {
    frame: (snapshot, index) => frame ? frame(x, snapshot, { domain, index }) : draw!(snapshot),
    prepare: fixDomain,
    traceOptions: options.traceOptions,
    label: messages().emAnimation,
  });
}

/** Options for {@linkcode watchEm}. */
export interface WatchOptions extends EmOptions, AnimateOptions {
  /** How to start when `k` is a number (ignored for a given start). @default "kmeans++" */
  init?: InitMethod;
  /** Seed of the start. @default a fresh random seed */
  seed?: number;
}

/**
 * One call for a notebook cell: start EM (from an initialiser or your own
 * λ, μ, σ), animate it in place until it converges, return the history.
 *
 * @param x The observations.
 * @param start The number of components k, or a mixture to start from.
 * @param options init, seed, tol, maxIter, varianceFloor, and every option of {@linkcode animateEm}.
 * @returns Every snapshot of the run (shows as a one-line summary when it is a cell's value).
 *
 * @example
 * ```ts
 * import { mixture, sampleMixture, watchEm } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 500, { seed: 1 });
 * const frames: string[] = [];
 * const history = await watchEm(x, 2, {
 *   seed: 1,
 *   init: "random",
 *   display: (bundle) => frames.push(bundle["text/plain"]!),
 * });
 * assert(history.at(-1)!.converged);
 * assert(frames.at(-1)!.startsWith(`iteration ${history.at(-1)!.iteration}`));
 * ```
 *
 * @example In a notebook cell
 * ```ts ignore
 * const history = await watchEm(x, 2, { seed: 1, delayMs: 200, frameOptions: { xLabel: "minutes" } });
 * ```
 */
export function watchEm(
  x: ArrayLike<number>,
  start: number | Mixture,
  options: WatchOptions = {},
): Promise<EmSnapshot[]> {
  checkOptions(
    options,
    optionKeys<WatchOptions>({
      ...ANIMATION_KEYS,
      ...WATCH_RUN_KEYS,
      frame: 1,
      varianceFloor: 1,
      family: 1,
      init: 1,
    }),
    "watchEm",
  );
  const { init = "kmeans++", seed, ...rest } = options;
  const { em: emOptions, animate } = splitWatchOptions(rest, [
    "tol",
    "maxIter",
    "varianceFloor",
    "workers",
    "family",
  ]);
  // The data checked once, here; the start, the run and its frames trust it.
  const { prepared, resolved } = prepareData(x, emOptions, EM_OPTION_KEYS, "watchEm", "x");
  const initial = resolveStart(prepared, start, init, seed);
  const run = runEm(familyOf(resolved.family ?? "V"), prepared, initial, resolved);
  return playEm(prepared.x, run, animate);
}

/** What {@linkcode show} displays: a chart, a {@linkcode Table}, a comparison table, or text. */
export type Showable =
  | ChartElement
  | Table
  | { readonly markdown: string }
  | { [key: symbol]: unknown }
  | string;

/**
 * The MIME bundle {@linkcode show} sends for a value: an SVG chart as
 * `image/svg+xml`, a {@linkcode Table} as `text/html`, a table with a
 * Jupyter display hook (`Symbol.for("Jupyter.display")`, e.g.
 * {@linkcode compareMixtures}, an animation GIF) as the bundle it returns, a
 * `markdown` form as `text/markdown`, text as `text/plain`.
 *
 * @param value What to show.
 * @returns The bundle.
 *
 * @example
 * ```ts
 * import { showBundle, table } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(Object.keys(showBundle(table([{ k: 1 }]))), ["text/html", "text/plain"]);
 * assertEquals(showBundle("done"), { "text/plain": "done" });
 * ```
 */
export function showBundle(value: Showable): MimeBundle {
  const scale = chartScale();
  if (typeof value === "string") {
    // Enlarged with the charts (--scale): as HTML at that size, the text kept as it is.
    return scale === 1 ? { "text/plain": value } : {
      "text/html": `<pre style="font-size: calc(var(--jp-code-font-size, 13px) * ${scale})">${
        escapeText(value)
      }</pre>`,
      "text/plain": value,
    };
  }
  if (value !== null && typeof value === "object") {
    if ("html" in value && "text" in value && "columns" in value) {
      // JupyterLab sets a table's font size itself: the scale multiplies that.
      const html = scale === 1 ? value.html : value.html.replace(
        /^<table\b/,
        `<table style="font-size: calc(var(--jp-ui-font-size1, 13px) * ${scale})"`,
      );
      return { "text/html": html, "text/plain": value.text };
    }
    if ("outerHTML" in value && "tagName" in value) {
      const title = /aria-label="title"[^>]*>([^<]*)</.exec(value.outerHTML)?.[1]?.trim();
      return frameBundle(value, title ? title : "chart");
    }
    const hook = (value as Record<symbol, unknown>)[Symbol.for("Jupyter.display")];
    if (typeof hook === "function") {
      const bundle: unknown = hook.call(value);
      if (bundle !== null && typeof bundle === "object" && !("then" in bundle)) {
        return bundle as MimeBundle;
      }
    }
    if ("markdown" in value && typeof value.markdown === "string") {
      return { "text/markdown": value.markdown, "text/plain": String(value) };
    }
  }
  throw new ParameterTypeError(
    "value",
    "a chart (<svg>), a table from table(), a table with a markdown form, or a string",
    describeValue(value),
    "Pass a chart helper's result, table(rows), compareMixtures(…) or text.",
  );
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Options for {@linkcode show}. */
export interface ShowOptions {
  /**
   * Where the output goes. @default `Deno.jupyter.display` in the kernel, else
   * the text form is printed to stdout
   */
  display?: DisplayFunction;
  /**
   * Waits until the kernel has published the output. @default
   * {@linkcode flushOutputs} in the kernel, nothing elsewhere
   */
  flush?: () => Promise<unknown>;
}

/**
 * Show a value as this cell's output, and return only once the kernel has
 * published it — so the output lands in this cell, never under the next one
 * and never after the cell has finished (see {@linkcode flushOutputs}). Make
 * it the last call of a cell: `await show(chart)`.
 *
 * @param value A chart, a table, a comparison table, or text.
 * @param options Display and flush functions (for tests).
 *
 * @example
 * ```ts
 * import { show, table } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const shown: string[] = [];
 * let flushed = 0;
 * await show(table([{ k: 2, BIC: 783.93 }]), {
 *   display: (bundle) => shown.push(Object.keys(bundle).join()),
 *   flush: async () => flushed++,
 * });
 * assertEquals([shown, flushed], [["text/html,text/plain"], 1]);
 * ```
 */
export async function show(value: Showable, options: ShowOptions = {}): Promise<void> {
  checkOptions(options, optionKeys<ShowOptions>({ display: 1, flush: 1 }), "show");
  const bundle = showBundle(value);
  const display = options.display ?? jupyterDisplay();
  if (display === undefined) {
    console.log(bundle["text/plain"]);
    return;
  }
  await display(bundle, { raw: true, display_id: `emlab-show-${crypto.randomUUID()}` });
  const flush = options.flush ?? (options.display === undefined ? flushOutputs : undefined);
  if (flush) await flush();
}

/**
 * Wait until the Deno kernel has published every output this cell has sent
 * so far (`console.log`, displays, animation frames).
 *
 * The kernel queues a cell's outputs and publishes them from a separate loop,
 * but reports the cell finished ("idle") without waiting for that queue; an
 * output still queued then is lost (nbconvert) or shown under the next cell
 * (JupyterLab, Run All). This subscribes to the kernel's IOPub socket, sends
 * a probe behind the cell's outputs and waits for it to come back.
 * {@linkcode show} calls it; call it yourself at the end of a cell whose
 * output is printed with `console.log`.
 *
 * @param options Time-out and retry interval.
 * @returns true when confirmed, false outside a kernel or on time-out.
 *
 * @example
 * ```ts
 * import { flushOutputs } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(await flushOutputs(), false); // not in a kernel
 * ```
 */
export function flushOutputs(options: FlushOptions = {}): Promise<boolean> {
  const deno = (globalThis as AnyRecord).Deno as AnyRecord | undefined;
  let broadcast: Broadcast | undefined;
  try {
    const b = deno?.jupyter?.broadcast;
    if (typeof b === "function") broadcast = (type, content) => b(type, content);
  } catch {
    broadcast = undefined;
  }
  const address = broadcast ? kernelIopubAddress() : undefined;
  if (!broadcast || !address) return Promise.resolve(false);
  return flushIopub(address, broadcast, options);
}
