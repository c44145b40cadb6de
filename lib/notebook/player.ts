/**
 * A player over the frames of an animation, as one self-contained HTML
 * output: every frame's SVG inline, a small script and its CSS, nothing
 * fetched from elsewhere. With scripts it has play/pause, step back and
 * forward, a slider over the frames and a speed; in step mode (EM by hand)
 * the buttons are "E-step" and "M-step". Where scripts do not run
 * (GitHub, an untrusted notebook in JupyterLab, a sanitised page) the same
 * HTML shows the final frame as a plain picture with its title, and no
 * controls.
 *
 * The pictures are `<img>` elements with the SVG as a `data:` URI: each
 * frame is its own document (ids of two charts cannot clash), and
 * JupyterLab's HTML sanitiser keeps `<img>` where it removes inline `<svg>`.
 *
 * The frames are stored compactly: coordinates in the SVGs are rounded to
 * 0.1 px, and every SVG is cut into its elements; each distinct element is
 * stored once and a frame is a list of element numbers, so what does not
 * change from frame to frame (axes, histogram, grid, legend) is stored once.
 *
 * @example A player over two frames
 * ```ts
 * import { mixture, mixtureFrame, playerHtml, svgString } from "@emlab/emlab";
 * import { assertStringIncludes } from "@std/assert";
 * const x = [0.1, 0.4, 0.9, 1.3];
 * const frames = [mixture([1], [0.5], [1]), mixture([1], [0.7], [0.5])].map((m, i) => ({
 *   title: `iteration ${i}`,
 *   panels: [svgString(mixtureFrame(x, { mixture: m, iteration: i }))],
 * }));
 * const html = playerHtml(frames, { id: "demo" });
 * assertStringIncludes(html, 'data-frames="2"');
 * // in a notebook: await Deno.jupyter.display({ "text/html": html }, { raw: true });
 * ```
 *
 * @module
 */
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";
import { checkOptions, optionKeys } from "../core/_validate.ts";
import { messages } from "../core/i18n.ts";
import { checkNonEmptyArray } from "../core/_validate.ts";
import { CHART_SCALE_RANGE, chartScale } from "../plot/_scale.ts";

/** One frame of a player. */
export interface PlayerFrame {
  /** Shown under the pictures and read by screen readers, e.g. "iteration 7 · log-likelihood = −512.31". */
  readonly title: string;
  /** SVG markup of the pictures of this frame (e.g. the mixture and the log-likelihood trace). */
  readonly panels: readonly string[];
  /** Numbers shown as text beside the pictures (monospace, line breaks kept). @default "" */
  readonly info?: string;
  /**
   * In step mode: which step produced this frame — `"start"`, `"E"` or
   * `"M"`. The buttons offer the step of the next frame.
   */
  readonly step?: "start" | "E" | "M";
  /**
   * The EM iteration this frame shows. When every frame has one, the
   * counter beside the slider names the iteration ("iteration 7 of 45"), and
   * a player that keeps only some iterations says which.
   */
  readonly iteration?: number;
}

/** Options for {@linkcode playerHtml}. */
export interface PlayerOptions {
  /**
   * `"play"`: play/pause, back, forward, a slider and a speed. `"steps"`:
   * back, "E-step" and "M-step" (the one that comes next is enabled), a
   * slider, and "start over".
   * @default "play"
   */
  mode?: "play" | "steps";
  /** Milliseconds between frames when playing at 1×. @default 300 */
  delayMs?: number;
  /** The element id of the player (unique on a page). @default a fresh `emlab-player-<uuid>` */
  id?: string;
  /** What the player shows, for screen readers. @default "EM animation" */
  label?: string;
  /**
   * `"side"`: the first picture, and beside it (or below, on a narrow page)
   * the other pictures and the numbers. `"stack"`: the pictures one above
   * the other, the numbers beside them.
   * @default "side" in play mode, "stack" in step mode
   */
  layout?: "side" | "stack";
  /**
   * The frame shown when the script starts: `"last"` (the animation has
   * just ended there) or `"first"` (EM by hand starts at the start). Without
   * scripts the last frame is shown either way.
   * @default "last" in play mode, "first" in step mode
   */
  start?: "first" | "last";
  /**
   * Enlarge the controls, the counter, the caption and the numbers by this
   * factor (the pictures carry their own size).
   * @default the chart scale, `EMLAB_CHART_SCALE` (1 when unset)
   */
  scale?: number;
}

/** The frames cut into shared pieces: see {@linkcode encodeFrames}. */
export interface EncodedFrames {
  /** Every distinct SVG element (with its text up to the next element). */
  readonly pieces: readonly string[];
  /** Per frame, per panel: the piece numbers that make up its SVG. */
  readonly frames: readonly (readonly (readonly number[])[])[];
}

/** The attribute that marks a player's root element; its value is the mode. */
export const PLAYER_ATTRIBUTE = "data-emlab-player";

const GEOMETRY = /(\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|points)=")([^"]*)"/g;

/**
 * Round the coordinates in an SVG to 0.1 (in geometry attributes only:
 * `d`, `x`, `y`, `cx`, `transform`, …; colours, opacities and text stay
 * as they are). At 640 px a tenth of a pixel cannot be seen.
 *
 * @param svg SVG markup.
 * @returns The markup with shorter numbers.
 *
 * @example
 * ```ts
 * import { roundSvgCoordinates } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   roundSvgCoordinates('<path d="M1.23456,7.0001L3,4" fill-opacity="0.12"/>'),
 *   '<path d="M1.2,7L3,4" fill-opacity="0.12"/>',
 * );
 * ```
 */
export function roundSvgCoordinates(svg: string): string {
  return svg.replace(GEOMETRY, (_m, head: string, value: string) => {
    const rounded = value.replace(/-?\d*\.\d+(?:e[-+]?\d+)?/gi, (n) => {
      const r = String(Math.round(Number(n) * 10) / 10);
      return r === "-0" ? "0" : r;
    });
    return `${head}${rounded}"`;
  });
}

/** Douglas–Peucker: the points of a polyline that keep it within `eps` of the original. */
function simplify(xs: number[], ys: number[], eps: number): number[] {
  const keep = new Uint8Array(xs.length);
  keep[0] = 1;
  keep[xs.length - 1] = 1;
  const stack: [number, number][] = [[0, xs.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const dx = xs[b]! - xs[a]!, dy = ys[b]! - ys[a]!;
    const length = Math.hypot(dx, dy);
    let worst = -1, far = 0;
    for (let i = a + 1; i < b; i++) {
      const d = length === 0
        ? Math.hypot(xs[i]! - xs[a]!, ys[i]! - ys[a]!)
        : Math.abs(dy * (xs[i]! - xs[a]!) - dx * (ys[i]! - ys[a]!)) / length;
      if (d > far) {
        far = d;
        worst = i;
      }
    }
    if (worst >= 0 && far > eps) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const kept: number[] = [];
  keep.forEach((k, i) => k && kept.push(i));
  return kept;
}

/**
 * Drop the points of a line path (`M x,y L x,y …`, as Observable Plot draws
 * a curve) that lie within `eps` px of the line through their neighbours.
 *
 * @param svg SVG markup.
 * @param eps Tolerance in px.
 * @returns The markup with shorter line paths.
 *
 * @example Points on a straight stretch are dropped
 * ```ts
 * import { simplifySvgPaths } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   simplifySvgPaths('<path d="M0,0L1,1L2,2L3,3L4,0"/>'),
 *   '<path d="M0,0L3,3L4,0"/>',
 * );
 * ```
 */
export function simplifySvgPaths(svg: string, eps = 0.2): string {
  return svg.replace(/(\sd=")(M[-\d.,eL]+)"/g, (m, head: string, d: string) => {
    const points = d.slice(1).split("L").map((p) => p.split(",").map(Number));
    if (points.length < 4 || points.some((p) => p.length !== 2 || !p.every(Number.isFinite))) {
      return m;
    }
    const kept = simplify(points.map((p) => p[0]!), points.map((p) => p[1]!), eps);
    return `${head}M${kept.map((i) => points[i]!.join(",")).join("L")}"`;
  });
}

/**
 * Where an SVG is cut into pieces: before every element, and around a
 * `fill` colour, so that a point whose colour changes from frame to frame
 * (responsibilities) keeps its position piece and only swaps a colour piece.
 */
const PIECE_BREAK = /(?=<)|(?= fill="#[0-9a-fA-F]{3,8}")|(?<= fill="#[0-9a-fA-F]{3,8}")/;

/** Piece numbers, runs of consecutive ones written as `first, -(length - 1)`. */
function packRuns(ids: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length;) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j]! + 1) j++;
    out.push(ids[i]!);
    if (j > i) out.push(-(j - i));
    i = j + 1;
  }
  return out;
}

/**
 * A panel's piece numbers for the script: the changes from the same panel
 * of the frame before (`{ c: [position, piece, …] }`) when that is shorter,
 * else the numbers with runs packed.
 */
function panelData(
  frames: EncodedFrames["frames"],
  f: number,
  p: number,
): number[] | { c: number[] } {
  const ids = frames[f]![p]!;
  const packed = packRuns(ids);
  const before = frames[f - 1]?.[p];
  if (before === undefined || before.length !== ids.length) return packed;
  const changes: number[] = [];
  ids.forEach((id, i) => {
    if (id !== before[i]) changes.push(i, id);
  });
  return changes.length < packed.length ? { c: changes } : packed;
}

/**
 * Give the ids of one SVG fixed names (`p0`, `p1`, … in order of
 * appearance), so that the same chart drawn twice is the same text.
 */
function renumberIds(svg: string): string {
  const ids = [...new Set([...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!))];
  if (ids.length === 0) return svg;
  const names = new Map(ids.map((id, i) => [id, `p${i}`]));
  const rename = (id: string) => names.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_m, a, id) => `${a}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id) => `url(#${rename(id)})`)
    .replace(/((?:xlink:)?href=")#([^"]+)"/g, (_m, a, id) => `${a}#${rename(id)}"`)
    // Observable Plot names each chart's style scope with a random class.
    .replace(/\bplot-[0-9a-f]{6}\b/g, "plot-frame");
}

/**
 * Cut frames into shared pieces: coordinates rounded, ids renumbered, each
 * SVG split before every `<` and around every `fill` colour; each distinct
 * piece is stored once.
 *
 * @param frames Per frame, the SVG markup of its panels.
 * @returns The pieces and, per frame and panel, the piece numbers.
 *
 * @example The parts two frames share are stored once
 * ```ts
 * import { decodeFrame, encodeFrames } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const a = '<svg><rect x="1"/><text>iteration 0</text></svg>';
 * const b = '<svg><rect x="1"/><text>iteration 1</text></svg>';
 * const encoded = encodeFrames([[a], [b]]);
 * // 10 pieces in the two frames, 6 different: only "<text>iteration 1" is new in b
 * assertEquals(encoded.pieces.length, 6);
 * assertEquals(decodeFrame(encoded, 1, 0), b);
 * ```
 */
export function encodeFrames(frames: readonly (readonly string[])[]): EncodedFrames {
  const pieces: string[] = [];
  const index = new Map<string, number>();
  const encoded = frames.map((panels) =>
    panels.map((svg) =>
      simplifySvgPaths(roundSvgCoordinates(renumberIds(svg))).split(PIECE_BREAK).map((piece) => {
        let i = index.get(piece);
        if (i === undefined) {
          i = pieces.length;
          pieces.push(piece);
          index.set(piece, i);
        }
        return i;
      })
    )
  );
  return { pieces, frames: encoded };
}

/**
 * The SVG of one panel of one encoded frame (what the player's script does).
 *
 * @param encoded From {@linkcode encodeFrames}.
 * @param frame Frame number.
 * @param panel Panel number within the frame.
 * @returns The SVG markup.
 *
 * @example
 * ```ts
 * import { decodeFrame, encodeFrames } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(decodeFrame(encodeFrames([["<svg><g/></svg>"]]), 0, 0), "<svg><g/></svg>");
 * ```
 */
export function decodeFrame(encoded: EncodedFrames, frame: number, panel: number): string {
  const ids = encoded.frames[frame]?.[panel];
  if (ids === undefined) {
    throw new ParameterRangeError(
      "frame",
      `a frame and panel of the ${encoded.frames.length} frames`,
      `${frame}, panel ${panel}`,
    );
  }
  return ids.map((i) => encoded.pieces[i]!).join("");
}

/**
 * A `data:` URI of an SVG (base64 of its UTF-8), as the player's pictures use.
 *
 * @param svg SVG markup.
 * @returns `data:image/svg+xml;base64,…`.
 *
 * @example
 * ```ts
 * import { svgDataUri } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const uri = svgDataUri("<svg><text>λ</text></svg>");
 * const bytes = Uint8Array.from(atob(uri.split(",")[1]!), (c) => c.charCodeAt(0));
 * assertEquals(new TextDecoder().decode(bytes), "<svg><text>λ</text></svg>");
 * ```
 */
export function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** JSON that is safe inside a `<script>` and in any HTML or TeX post-processing. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")
    .replace(/\$/g, "\\u0024").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The player's CSS. Text sizes are multiplied by `scale`. In the side
 * layout the pictures stay side by side and shrink together (each box's
 * basis is its picture's width, and flex shrinks in proportion to it);
 * only a player narrower than 560 px puts them one above the other.
 */
function css(scale: number): string {
  const px = (n: number) => `${Math.round(n * scale * 10) / 10}px`;
  return `
.emlab-player{font:${
    px(13)
  } system-ui,sans-serif;color:#222;max-width:100%;container-type:inline-size}
.emlab-player .emlab-stage{display:flex;flex-wrap:nowrap;gap:8px;align-items:flex-start}
.emlab-player .emlab-stage img{width:100%;max-width:100%;height:auto;display:block}
.emlab-player .emlab-main,.emlab-player .emlab-column{display:flex;flex-direction:column;gap:4px;min-width:0}
.emlab-player .emlab-side{display:flex;flex-direction:column;gap:6px;min-width:0}
.emlab-player .emlab-controls{display:flex;flex-wrap:wrap;align-items:center;gap:${px(6)};margin:${
    px(6)
  } 0}
.emlab-player button{font:inherit;min-width:2.4em;padding:${px(3)} ${
    px(9)
  };border:1px solid #999;border-radius:4px;background:#f6f6f6;color:#222;cursor:pointer}
.emlab-player button:disabled{opacity:.4;cursor:default}
.emlab-player button.emlab-next{background:#1f5fbf;border-color:#1f5fbf;color:#fff}
.emlab-player input[type=range]{flex:1 1 ${px(160)};min-width:${px(120)};height:${px(16)}}
.emlab-player select{font:inherit}
.emlab-player .emlab-position{font-variant-numeric:tabular-nums;white-space:nowrap}
.emlab-player .emlab-note{flex-basis:100%;color:#555}
.emlab-player .emlab-caption{font-weight:600;margin:4px 0}
.emlab-player .emlab-info{font:${
    px(12)
  } ui-monospace,monospace;white-space:pre;margin:0;padding:6px 8px;background:#f6f6f6;border-radius:4px;overflow-x:auto}
@container (max-width: 560px){.emlab-player .emlab-stage{flex-wrap:wrap}.emlab-player .emlab-stage>*{flex-basis:100%!important}}
`.trim();
}

/* The player's script, kept free of the characters <, > and & so that no
   HTML post-processing can break it. It reads the frames from P, builds the
   controls, and swaps the pictures. */
const SCRIPT = `
(function () {
  var P = __DATA__;
  var T = P.ui;
  var root = document.getElementById(P.id);
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "1");
  var n = P.frames.length, cache = [], current = n - 1, timer = null, speed = 1;
  var stage = root.querySelector(".emlab-stage");
  var caption = root.querySelector(".emlab-caption");
  var info = root.querySelector(".emlab-info");
  var column = stage.querySelector(".emlab-column") || stage.querySelector(".emlab-side") || stage;
  var imgs = [];
  var shown = stage.querySelectorAll("img");
  for (var q = 0; q !== P.panels; q++) {
    if (shown[q]) imgs.push(shown[q]);
    else {
      var extra = document.createElement("img");
      extra.className = "emlab-panel";
      column.appendChild(extra);
      imgs.push(extra);
    }
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  var lists = {};
  function ids(f, p) {
    var key = f + ":" + p;
    if (lists[key]) return lists[key];
    var e = P.frames[f][p], out = [], i, k;
    if (e.c) {
      out = ids(f - 1, p).slice();
      for (i = 0; i !== e.c.length; i += 2) out[e.c[i]] = e.c[i + 1];
    } else {
      for (i = 0; i !== e.length; i++) {
        var v = e[i];
        if (v !== Math.abs(v)) {
          var first = out[out.length - 1];
          for (k = 1; k !== 1 - v; k++) out.push(first + k);
        } else out.push(v);
      }
    }
    return (lists[key] = out);
  }
  function uri(f, p) {
    var key = f + ":" + p;
    if (cache[key]) return cache[key];
    var list = ids(f, p), s = "";
    for (var i = 0; i !== list.length; i++) s += P.pieces[list[i]];
    var bytes = new TextEncoder().encode(s), bin = "", len = bytes.length;
    for (var j = 0; j !== len; j = Math.min(j + 32768, len)) {
      bin += String.fromCharCode.apply(null, bytes.subarray(j, j + 32768));
    }
    return (cache[key] = "data:image/svg+xml;base64," + btoa(bin));
  }
  var style = el("style");
  style.textContent = P.css;
  root.insertBefore(style, root.firstChild);
  var bar = el("div", "", "emlab-controls");
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", P.label + ": " + T.controls);
  function button(action, text, title, act) {
    var b = el("button", text);
    b.type = "button";
    b.setAttribute("data-action", action);
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", act);
    bar.appendChild(b);
    return b;
  }
  var slider = el("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(n - 1);
  slider.step = "1";
  slider.setAttribute("aria-label", T.frame);
  var position = el("span", "", "emlab-position");
  var play, back, fwd, eBtn, mBtn;
  function next() { return Math.min(current + 1, n - 1); }
  function show(f) {
    current = Math.max(0, Math.min(n - 1, f));
    var panels = P.frames[current];
    for (var p = 0; p !== imgs.length; p++) {
      if (!panels[p]) {
        imgs[p].style.display = "none";
        continue;
      }
      imgs[p].style.display = "";
      imgs[p].src = uri(current, p);
      imgs[p].alt = P.titles[current];
    }
    caption.textContent = P.titles[current];
    if (info) info.textContent = P.info[current] || "";
    slider.value = String(current);
    position.textContent = P.iterations
      ? T.iterationOf.replace("{i}", P.iterations[current]).replace("{n}", P.iterations[n - 1])
      : P.mode === "steps"
      ? T.stepOf.replace("{i}", current).replace("{n}", n - 1)
      : T.frameOf.replace("{i}", current + 1).replace("{n}", n);
    root.setAttribute("data-frame", String(current));
    back.disabled = current === 0;
    if (fwd) fwd.disabled = current === n - 1;
    if (eBtn) {
      var kind = current === n - 1 ? "" : P.steps[current + 1];
      eBtn.disabled = kind !== "E";
      mBtn.disabled = kind !== "M";
      eBtn.className = kind === "E" ? "emlab-next" : "";
      mBtn.className = kind === "M" ? "emlab-next" : "";
    }
  }
  function stop() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (play) play.textContent = T.play;
    root.setAttribute("data-playing", "false");
  }
  function tick() {
    if (current === n - 1) { stop(); return; }
    show(current + 1);
    timer = setTimeout(tick, P.delay / speed);
  }
  function start() {
    if (current === n - 1) show(0);
    if (play) play.textContent = T.pause;
    root.setAttribute("data-playing", "true");
    timer = setTimeout(tick, P.delay / speed);
  }
  if (P.mode === "steps") {
    back = button("back", T.backStep, T.backStepTitle, function () { stop(); show(current - 1); });
    eBtn = button("E", T.eStep, T.eStepTitle, function () { show(next()); });
    mBtn = button("M", T.mStep, T.mStepTitle, function () { show(next()); });
    button("restart", T.startOver, T.startOverTitle, function () { stop(); show(0); });
  } else {
    button("first", "|\\u25c0", T.first, function () { stop(); show(0); });
    back = button("back", T.backFrame, T.backFrameTitle, function () { stop(); show(current - 1); });
    play = button("play", T.play, T.playTitle, function () { if (timer === null) start(); else stop(); });
    fwd = button("forward", T.forwardFrame, T.forwardFrameTitle, function () { stop(); show(current + 1); });
    button("last", "\\u25b6|", T.last, function () { stop(); show(n - 1); });
  }
  bar.appendChild(slider);
  bar.appendChild(position);
  if (P.note) bar.appendChild(el("span", P.note, "emlab-note"));
  slider.addEventListener("input", function () { stop(); show(Number(slider.value)); });
  if (P.mode !== "steps") {
    var sel = el("select");
    sel.setAttribute("aria-label", T.speed);
    [0.25, 0.5, 1, 2, 4].forEach(function (s) {
      var o = el("option", s + "\\u00d7");
      o.value = String(s);
      if (s === 1) o.selected = true;
      sel.appendChild(o);
    });
    sel.addEventListener("change", function () { speed = Number(sel.value); });
    bar.appendChild(el("span", T.speed));
    bar.appendChild(sel);
  }
  root.addEventListener("keydown", function (ev) {
    if (ev.target === slider) return;
    if (ev.key === "ArrowRight") { stop(); show(current + 1); ev.preventDefault(); }
    if (ev.key === "ArrowLeft") { stop(); show(current - 1); ev.preventDefault(); }
  });
  root.insertBefore(bar, stage);
  root.tabIndex = 0;
  show(P.start === "first" ? 0 : n - 1);
})();
`.trim();

/** The width an SVG asks for (its `width` attribute), or 0. */
function svgWidth(svg: string): number {
  const m = /^<svg\b[^>]*?\swidth="([\d.]+)"/.exec(svg);
  return m ? Number(m[1]) : 0;
}

/**
 * What a player that keeps only some iterations says about them ("every 2nd
 * iteration kept …"); "" when it keeps every iteration from its first to its
 * last.
 */
function thinningNote(iterations: readonly number[]): string {
  const first = iterations[0]!, last = iterations.at(-1)!;
  const gaps = iterations.slice(1).map((it, i) => it - iterations[i]!);
  if (gaps.every((g) => g === 1)) return "";
  const stride = gaps[0]!;
  // Evenly spaced, except that the last kept iteration may come sooner.
  const even = gaps.slice(0, -1).every((g) => g === stride) && gaps.at(-1)! <= stride &&
    gaps.at(-1)! > 0;
  return messages().playerThinned(iterations.length, first, last, even ? stride : undefined);
}

function checkFrames(frames: unknown): asserts frames is readonly PlayerFrame[] {
  checkNonEmptyArray<{ [key: string]: unknown } | null>(
    frames,
    "frames",
    "a non-empty array of frames { title, panels }",
    "Pass one { title, panels: [svg, …] } per frame.",
  );
  frames.forEach((f, i) => {
    if (
      f === null || typeof f !== "object" || typeof f.title !== "string" ||
      !Array.isArray(f.panels) || f.panels.length === 0 ||
      f.panels.some((p: unknown) => typeof p !== "string" || !p.startsWith("<svg")) ||
      (f.iteration !== undefined && !Number.isInteger(f.iteration))
    ) {
      throw new ParameterTypeError(
        `frames[${i}]`,
        "{ title: string, panels: SVG strings (at least one), iteration?: an integer }",
        describeValue(f),
        "Use svgString(chart) for each panel.",
      );
    }
  });
}

/**
 * The HTML of a player over frames: the last frame as plain pictures (what
 * a page without scripts shows), and a script that adds the controls.
 *
 * @param frames The frames, in order; each with a title and its SVG panels.
 * @param options Mode (play or EM steps), speed, id, label, first frame.
 * @returns One HTML fragment, self-contained.
 *
 * @example Without scripts the last frame shows; its title is in the page
 * ```ts
 * import { playerHtml } from "@emlab/emlab";
 * import { assert, assertStringIncludes } from "@std/assert";
 * const svg = (t: string) => `<svg xmlns="http://www.w3.org/2000/svg"><text>${t}</text></svg>`;
 * const html = playerHtml([
 *   { title: "iteration 0", panels: [svg("iteration 0")] },
 *   { title: "iteration 1", panels: [svg("iteration 1")] },
 * ], { id: "p1" });
 * assertStringIncludes(html, '<div class="emlab-caption">iteration 1</div>');
 * assert(!/https?:\/\//.test(html.replaceAll("http://www.w3.org/", "")));
 * ```
 */
export function playerHtml(frames: readonly PlayerFrame[], options: PlayerOptions = {}): string {
  checkFrames(frames);
  checkOptions(
    options,
    optionKeys<PlayerOptions>({
      mode: 1,
      delayMs: 1,
      id: 1,
      label: 1,
      layout: 1,
      start: 1,
      scale: 1,
    }),
    "playerHtml",
  );
  const { mode = "play", delayMs = 300, label = messages().emAnimation } = options;
  if (mode !== "play" && mode !== "steps") {
    throw new ParameterRangeError("options.mode", '"play" or "steps"', describeValue(mode));
  }
  if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs <= 0) {
    throw new ParameterRangeError(
      "options.delayMs",
      "a number of milliseconds > 0",
      describeValue(delayMs),
    );
  }
  const start = options.start ?? (mode === "steps" ? "first" : "last");
  if (start !== "first" && start !== "last") {
    throw new ParameterRangeError("options.start", '"first" or "last"', describeValue(start));
  }
  const layout = options.layout ?? (mode === "steps" ? "stack" : "side");
  if (layout !== "side" && layout !== "stack") {
    throw new ParameterRangeError("options.layout", '"side" or "stack"', describeValue(layout));
  }
  const id = options.id ?? `emlab-player-${crypto.randomUUID()}`;
  if (typeof id !== "string" || !/^[A-Za-z][\w-]*$/.test(id)) {
    throw new ParameterRangeError(
      "options.id",
      "letters, digits, - and _ (starting with a letter)",
      describeValue(id),
    );
  }
  const scale = options.scale ?? chartScale();
  const [lo, hi] = CHART_SCALE_RANGE;
  if (typeof scale !== "number" || !(scale >= lo && scale <= hi)) {
    throw new ParameterRangeError(
      "options.scale",
      `a number from ${lo} to ${hi}`,
      describeValue(scale),
    );
  }
  const iterations = frames.every((f) => typeof f.iteration === "number")
    ? frames.map((f) => f.iteration!)
    : undefined;
  const encoded = encodeFrames(frames.map((f) => f.panels));
  const last = frames.length - 1;
  const lastFrame = frames[last]!;
  const data = {
    id,
    mode,
    start,
    label,
    delay: delayMs,
    ui: messages().player,
    css: css(scale),
    iterations,
    note: iterations === undefined ? "" : thinningNote(iterations),
    pieces: encoded.pieces,
    frames: encoded.frames.map((panels, f) =>
      panels.map((_, p) => panelData(encoded.frames, f, p))
    ),
    titles: frames.map((f) => f.title),
    info: frames.map((f) => f.info ?? ""),
    steps: frames.map((f) => f.step ?? ""),
    panels: Math.max(...frames.map((f) => f.panels.length)),
  };
  const svgs = encoded.frames[last]!.map((_, p) => decodeFrame(encoded, last, p));
  const imgs = svgs.map((svg) =>
    `<img class="emlab-panel" src="${svgDataUri(svg)}" alt="${
      escapeHtml(lastFrame.title)
    }" style="max-width:100%;height:auto">`
  );
  const hasInfo = frames.some((f) => f.info);
  const infoHtml = hasInfo
    ? `<pre class="emlab-info">${escapeHtml(lastFrame.info ?? "")}</pre>`
    : "";
  // Each box's flex basis is its widest picture: the boxes shrink in proportion.
  const box = (cls: string, widths: number[], html: string) => {
    const w = Math.max(0, ...widths);
    const flex = w > 0 ? `flex:0 1 ${w}px` : "flex:0 1 auto";
    return `<div class="${cls}" style="${flex}">${html}</div>`;
  };
  const widths = svgs.map(svgWidth);
  const stage = layout === "stack"
    ? box("emlab-column", widths, imgs.join("")) +
      (hasInfo ? box("emlab-side", [], infoHtml) : "")
    : box("emlab-main", widths.slice(0, 1), imgs[0]!) +
      (imgs.length > 1 || hasInfo
        ? box("emlab-side", widths.slice(1), `${imgs.slice(1).join("")}${infoHtml}`)
        : "");
  return `<div class="emlab-player" id="${id}" ${PLAYER_ATTRIBUTE}="${mode}" data-frames="${frames.length}" ` +
    `role="figure" aria-label="${escapeHtml(label)}">` +
    `<div class="emlab-stage">${stage}</div>` +
    `<div class="emlab-caption">${escapeHtml(lastFrame.title)}</div>` +
    `<script>${SCRIPT.replace("__DATA__", () => scriptJson(data))}</script></div>`;
}
