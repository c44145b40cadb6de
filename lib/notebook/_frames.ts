/**
 * The display and frame-player types and the history summary, shared by
 * `jupyter.ts` and `_animate.ts` and kept in a leaf module so that the two
 * do not import each other. They are public through `jupyter.ts`.
 *
 * @module
 */
import { messages } from "../core/i18n.ts";
import type { ChartElement } from "../plot/document.ts";
import { formatNumber } from "../plot/_overlay.ts";

/** A MIME bundle: MIME type → content, as Jupyter displays it. */
export type MimeBundle = Record<string, string>;

/** Options of a display call, as `Deno.jupyter.display` takes them. */
export interface DisplayOptions {
  /** The bundle is already a MIME bundle. */
  raw: true;
  /** The output to create or update. */
  display_id: string;
  /** Replace the output with this id instead of creating one. */
  update?: boolean;
}

/** A display function: `Deno.jupyter.display`, or a test double. */
export type DisplayFunction = (bundle: MimeBundle, options: DisplayOptions) => unknown;

/** Options for {@linkcode framePlayer}. */
export interface FramePlayerOptions {
  /** Milliseconds between frames; `EMLAB_FRAME_DELAY` overrides it. @default 150 */
  delayMs?: number;
  /**
   * Where frames go. @default `Deno.jupyter.display` in the kernel, else nothing
   * (with one note on stderr)
   */
  display?: DisplayFunction;
  /** Output id to use. @default a fresh `<idPrefix>-<uuid>` per player */
  displayId?: string;
  /** Prefix of the fresh output id. @default "emlab-frames" */
  idPrefix?: string;
  /** Who is animating, named in the note printed outside a kernel. @default "the animation" */
  caller?: string;
  /**
   * When the animation ends, turn its output into a player over the frames
   * shown (play/pause, back, forward, a slider, a speed; see
   * {@linkcode playerHtml}). `false` leaves the last frame as a plain SVG.
   * @default true
   */
  player?: boolean;
  /**
   * The player keeps at most this many frames, so that the notebook stays
   * small: all of them when they fit, else every n-th (the first and the last
   * always kept; see {@linkcode playerFrameIndices}).
   * @default 200
   */
  playerFrames?: number;
}

/** What {@linkcode FramePlayer.finish} adds to the player. */
export interface FinishOptions {
  /** Pictures shown beside frame `index` (e.g. the log-likelihood trace up to it). */
  panels?: (index: number) => ChartElement[];
  /** Numbers shown as text beside frame `index`. */
  info?: (index: number) => string;
  /** What the player shows, for screen readers. @default "animation" */
  label?: string;
}

/** What a frame of a {@linkcode FramePlayer} is, besides its picture and title. */
export interface FrameInfo {
  /**
   * The EM iteration it shows: the player's counter then names iterations
   * ("iteration 7 of 45") instead of frames.
   */
  iteration?: number;
}

/** Shows frames in one notebook output: see {@linkcode framePlayer}. */
export interface FramePlayer {
  /** The output id every frame goes to. */
  readonly displayId: string;
  /**
   * Show a frame: the first under a fresh display id, every later one as an
   * update of that output, the frame delay apart.
   */
  show(chart: ChartElement, text: string, frame?: FrameInfo): Promise<void>;
  /** How many frames have been shown. */
  readonly shown: number;
  /**
   * In the Deno kernel: `show()` draws and waits (blocking the thread) before
   * it returns, so an animation may call it without `await` and run inside
   * the cell's own evaluation, where ■ (Interrupt) stops it and the kernel
   * keeps its variables; an interrupted animation leaves its last frame. The
   * kernel cannot resume a cell interrupted while it awaits: it stays busy
   * (Deno 2.9). `false` with a `display` of one's own or outside the kernel.
   */
  readonly blocking: boolean;
  /**
   * End the animation: replace the output with a player over the frames
   * shown (unless `player: false`, or fewer than two frames), then wait
   * until the kernel has published everything (see {@linkcode flushOutputs};
   * nothing to wait for with a custom `display`).
   */
  finish(options?: FinishOptions): Promise<void>;
}

/** What a history summary reads from each snapshot. */
export interface SummarisedSnapshot {
  /** Iteration number. */
  readonly iteration: number;
  /** log L at this iteration. */
  readonly logLikelihood: number;
  /** Whether the run converged here. */
  readonly converged: boolean;
}

/**
 * Attach a Jupyter display hook to a history, so that a history as a cell's
 * value shows one line instead of every snapshot.
 *
 * @param history The snapshots (returned, with the hook attached).
 * @returns The same array.
 *
 * @example
 * ```ts
 * import { summarizedHistory } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const h = summarizedHistory([{ iteration: 3, logLikelihood: -12.5, converged: true }]);
 * // deno-lint-ignore no-explicit-any
 * const bundle = (h as any)[Symbol.for("Jupyter.display")]();
 * assertStringIncludes(bundle["text/plain"], "converged after 3 iterations");
 * ```
 */
export function summarizedHistory<T extends SummarisedSnapshot>(history: T[]): T[] {
  Object.defineProperty(history, Symbol.for("Jupyter.display"), {
    value: () => {
      const last = history.at(-1);
      const t = messages();
      const text = last === undefined ? t.historyEmpty : t.historySummary(
        history.length,
        last.converged,
        last.iteration,
        formatNumber(last.logLikelihood, 2),
      );
      return { "text/plain": text };
    },
    enumerable: false,
  });
  return history;
}
