/**
 * The language of what the library shows a student: chart titles, axis labels
 * and legends, frame titles, the headers of the tables it makes, the text of
 * the `show` helpers, the warnings of a fit and the messages of the common
 * errors (bad data, a degenerate or collapsed fit).
 *
 * English is the default. `setLanguage("ja")` switches to Japanese for the
 * rest of the program (in a notebook: the rest of the kernel's life); the
 * environment variable `EMLAB_LANG=ja` chooses Japanese from the start when the
 * program may read it. Every string lives in one table per language,
 * {@linkcode MESSAGES}, typed by {@linkcode Messages}: a key missing from a
 * language fails `deno check`.
 *
 * @example Japanese frame titles
 * ```ts
 * import { frameTitle, setLanguage } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * setLanguage("ja");
 * assertEquals(frameTitle({ iteration: 3 }), "反復 3");
 * setLanguage("en");
 * assertEquals(frameTitle({ iteration: 3 }), "iteration 3");
 * ```
 *
 * @module
 */

/** A language the library speaks. */
export type Language = "en" | "ja";

/** Every language, in the order of {@linkcode MESSAGES}. */
export const LANGUAGES: readonly Language[] = ["en", "ja"];

/** The strings of one language; functions fill in numbers and names. */
export interface Messages {
  // Frames and mixture charts
  /** A frame title's first part, "iteration 3". */
  iteration(n: number): string;
  /** A frame title's second part, "log-likelihood = −514.47" (value formatted). */
  logLikelihoodIs(value: string): string;
  /** Filmstrip panel label's log-likelihood part, "ℓ = −514.5". */
  ellIs(value: string): string;
  /** Legend: the data histogram. */
  dataHistogram: string;
  /** Legend: the mixture's density curve. */
  mixtureDensity: string;
  /** Legend or table: component h (from 1). */
  component(h: number): string;
  /** Axis label of a density axis, pointing up. */
  densityUp: string;
  /** Axis label of a density axis, written along the axis. */
  densityAlong: string;
  /** Filmstrip's title. */
  filmstripTitle: string;
  // Trace
  /** Title of the log-likelihood trace. */
  traceTitle: string;
  /** Title of the gap view of the trace. */
  traceGapTitle: string;
  /** Legend of the trace's line. */
  logLikelihood: string;
  /** Axis label of the trace's y axis. */
  logLikelihoodUp: string;
  /** Axis label of the gap view's y axis (final log-likelihood formatted). */
  gapUp(final: string): string;
  /** The stop marker: where |Δ| first fell below tol. */
  traceStop(tol: string, iteration: number | undefined): string;
  /** Legend of the part of a run past the stop. */
  pastTheStop: string;
  /** An axis of iterations. */
  iterationAxis: string;
  /** An axis of iterations t. */
  iterationTAxis: string;
  // Responsibilities
  /** Title of the responsibility strip. */
  responsibilitiesTitle: string;
  /** Legend of a point shared between components. */
  undecided: string;
  // Criterion chart
  /** Title of a criterion chart, "BIC by number of components". */
  criterionTitle(name: string): string;
  /** Legend of the proper fits. */
  criterionProper(name: string): string;
  /** Legend of the lowest value. */
  criterionLowest(name: string, k: number): string;
  /** Legend of the degenerate fits. */
  criterionDegenerate(ks: string): string;
  /** y axis of a criterion chart. */
  criterionAxis(name: string): string;
  /** x axis of a criterion chart. */
  numberOfComponents: string;
  // Covariance models
  /** Title of the BIC-over-models chart. */
  modelCriterionTitle(name: string): string;
  /** Legend of its lowest cell. */
  modelCriterionLowest(name: string, model: string, k: number): string;
  /** Legend of its degenerate or collapsed cells. */
  modelCriterionLeftOut(count: number): string;
  /** Title of the ellipses-per-model chart. */
  modelEllipsesTitle: string;
  /** One panel's label: the model, k and BIC. */
  modelPanel(model: string, k: number, bic: string): string;
  // Ellipses
  /** Legend of the ellipses: the first scale drawn solid, the others dashed. */
  ellipsesLegend(scales: readonly number[]): string;
  /** x label when only every stride-th point is drawn. */
  thinned(label: string, stride: number, n: string): string;
  // Theory charts
  /** Title of the coordinate-ascent chart. */
  boundTitle: string;
  /** Legend of log L in the coordinate-ascent chart. */
  boundLogL: string;
  /** Legend of the bound in the coordinate-ascent chart. */
  boundLower: string;
  /** y axis of the coordinate-ascent chart. */
  boundAxis: string;
  /** y axis of its gap view (the last log L formatted). */
  boundGapAxis(final: string): string;
  /** y axis of the convergence-rate chart. */
  ratioAxis: string;
  /** Title of the convergence-rate chart. */
  rateTitle: string;
  /** Legend of one run's ratios. */
  rateRatios(label: string): string;
  /** Legend of one run's Jacobian rate. */
  rateJacobian(rate: string): string;
  /** Title of the k-means-beside-EM chart. */
  kmeansTitle: string;
  /** Legend: cluster h (from 1). */
  cluster(h: number): string;
  /** Legend: centres and means. */
  centreOrMean: string;
  // Tables and show helpers
  /** Header of the parameter column. */
  parameter: string;
  /** Header of the reference column (the default label of the reference). */
  reference: string;
  /** Header of the estimate column (the default label of the estimate). */
  estimate: string;
  /** Header of the error column. */
  error: string;
  /** The text of an EM history. */
  historySummary(snapshots: number, converged: boolean, iterations: number, ll: string): string;
  /** The text of an empty EM history. */
  historyEmpty: string;
  /** Printed when an animation runs outside a kernel. */
  notInKernel(caller: string): string;
  /** The text of an animated GIF. */
  gifSummary(frames: number, width: number, height: number, kib: number): string;
  /** Who animates, when the caller gave no name. */
  theAnimation: string;
  // Errors and warnings
  /** A typed error's message. */
  mustBe(parameter: string, expected: string, received: string, hint: string): string;
  /** Bad data: not an array. */
  dataArrayExpected: string;
  /** Bad data: not an array (hint). */
  dataArrayHint: string;
  /** Bad data: empty. */
  dataNonEmpty: string;
  /** Bad data: the empty array received. */
  emptyArray: string;
  /** Bad data: empty (hint). */
  dataEmptyHint: string;
  /** Bad data: a value that is not a finite number. */
  finiteNumber: string;
  /** Bad data: a value that is not a number (hint). */
  dataNumberHint: string;
  /** Bad data: NaN or ±∞ (hint). */
  dataFiniteHint: string;
  /** EM needs two distinct values. */
  twoDistinct: string;
  /** …received: one value, or n copies of one. */
  copiesOf(n: number, value: string): string;
  /** EM needs spread (hint). */
  spreadHint: string;
  /** A 1-D component collapsed onto a point during a run. */
  collapsedAt(h: number, iteration: number, last: string): string;
  /** A 2-D component collapsed onto a point or a line during a run. */
  collapsedMvAt(h: number, iteration: number, last: string): string;
  /** A 1-D start or step with a collapsed component. */
  collapsed(h: number): string;
  /** A 2-D start or step with a singular covariance. */
  singular(h: number): string;
  /** Warning: components held at the variance floor. */
  floored(components: string): string;
  /** Warning: components that lost all their points. */
  emptied(components: string): string;
  /** Warning: a fit that did not converge. */
  notConverged(maxIter: number, delta: string): string;
  /** A degenerate component's description. */
  degenerateComponent(h: number, what: string, points: string): string;
  /** Degenerate: too few effective points. */
  fewPoints(min: number): string;
  /** Degenerate: σ² at the floor. */
  atFloor(variance: string, floor: string): string;
  /** Degenerate (2-D): held up by the ridge. */
  atRidge: string;
  /** Warning: every run of a fit was degenerate. */
  allDegenerate(runs: number, components: string, regulariser: "varianceFloor" | "ridge"): string;
  // Option names
  /** An unknown option: what was expected. */
  optionOf(fn: string): string;
  /** An unknown option: what was received. */
  unknownOption(key: string): string;
  /** An unknown option: the nearest name, if any, and the names the function takes. */
  optionHint(nearest: string | undefined, fn: string, keys: string): string;
  // Players
  /** The texts of a player's controls. */
  player: PlayerTexts;
  /** The trace's marker of the frame shown, "now: iteration 3". */
  nowIteration(n: number): string;
  /**
   * A player that keeps only some iterations: every `stride`-th from `first`
   * (and the last, `last`), `kept` frames in all; `stride` undefined when
   * they are not evenly spaced.
   */
  playerThinned(kept: number, first: number, last: number, stride: number | undefined): string;
  /** A player's name for screen readers: an animation of EM in 1-D. */
  emAnimation: string;
  /** A player's name: an animation of EM in 2-D. */
  emAnimation2d: string;
  /** A player's name: any other animation. */
  animation: string;
  /** A player's name: EM stepped by hand. */
  emByHand: string;
  /** EM by hand: the start's caption, after a frame title. */
  stepStart(frameTitle: string): string;
  /** EM by hand: the start's first line of numbers. */
  stepStartInfo: string;
  /** EM by hand: which button comes next. */
  stepNext(step: "E" | "M"): string;
  /** EM by hand: an E-step's caption. */
  eStepCaption(iteration: number): string;
  /** EM by hand: an E-step's first line of numbers. */
  eStepInfo(iteration: number): string;
  /** EM by hand: an E-step's responsibility strip. */
  eStepStrip(iteration: number): string;
  /** EM by hand: an M-step's caption (log-likelihood formatted). */
  mStepCaption(iteration: number, logLikelihood: string): string;
  /** EM by hand: an M-step's first line of numbers. */
  mStepInfo(iteration: number): string;
  /** EM by hand: the responsibilities an M-step used. */
  mStepStrip(iteration: number): string;
  /** EM by hand: the last step. */
  stepStop(tol: string): string;
  /** A chart title when only every stride-th point is drawn. */
  onePointIn(title: string, stride: number): string;
  /** A fit stopped with components a and b (from 1) on top of each other (Bhattacharyya coefficient formatted). */
  notSeparated(a: number, b: number, coefficient: string): string;
}

/** The texts of a player's buttons (`text`), their tooltips and screen-reader names, slider and speed. */
export interface PlayerTexts {
  /** The group of controls (after the player's name). */
  readonly controls: string;
  /** The slider. */
  readonly frame: string;
  /** The speed menu. */
  readonly speed: string;
  /** Play button. */
  readonly play: string;
  /** Play button while playing. */
  readonly pause: string;
  /** Play button's name. */
  readonly playTitle: string;
  /** First-frame button's name. */
  readonly first: string;
  /** Back button (play mode). */
  readonly backFrame: string;
  /** Back button's name (play mode). */
  readonly backFrameTitle: string;
  /** Forward button. */
  readonly forwardFrame: string;
  /** Forward button's name. */
  readonly forwardFrameTitle: string;
  /** Last-frame button's name. */
  readonly last: string;
  /** Back button (steps). */
  readonly backStep: string;
  /** Back button's name (steps). */
  readonly backStepTitle: string;
  /** E-step button. */
  readonly eStep: string;
  /** E-step button's name. */
  readonly eStepTitle: string;
  /** M-step button. */
  readonly mStep: string;
  /** M-step button's name. */
  readonly mStepTitle: string;
  /** Start-over button. */
  readonly startOver: string;
  /** Start-over button's name. */
  readonly startOverTitle: string;
  /** The counter of a player over iterations: `{i}` the iteration shown, `{n}` the last one. */
  readonly iterationOf: string;
  /** The counter of EM by hand: `{i}` the step shown (the start is step 0), `{n}` the last one. */
  readonly stepOf: string;
  /** The counter of any other player: `{i}` the frame shown (from 1), `{n}` the number of frames. */
  readonly frameOf: string;
}

/** 2nd, 3rd, 4th, 11th, 21st … */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13
    ? "th"
    : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

const en: Messages = {
  iteration: (n) => `iteration ${n}`,
  logLikelihoodIs: (v) => `log-likelihood = ${v}`,
  ellIs: (v) => `ℓ = ${v}`,
  dataHistogram: "data (histogram)",
  mixtureDensity: "mixture density p(x)",
  component: (h) => `component ${h}`,
  densityUp: "↑ density",
  densityAlong: "density →",
  filmstripTitle: "EM, iteration by iteration",
  traceTitle: "log-likelihood per iteration",
  traceGapTitle: "gap to the final log-likelihood per iteration",
  logLikelihood: "log-likelihood",
  logLikelihoodUp: "↑ log-likelihood",
  gapUp: (final) => `↑ ℓ_final − ℓ_t, log scale (ℓ_final = ${final})`,
  traceStop: (tol, it) =>
    `first |Δ| < tol = ${tol}: EM stops here` +
    (it !== undefined ? ` (iteration ${it})` : " (not reached)"),
  pastTheStop: "past the stop",
  iterationAxis: "iteration",
  iterationTAxis: "iteration t",
  responsibilitiesTitle: "responsibilities p̄(h | xᵢ)",
  undecided: "undecided: mixed colour",
  criterionTitle: (name) => `${name} by number of components`,
  criterionProper: (name) => `${name} − lowest ${name}, proper fits`,
  criterionLowest: (name, k) => `lowest ${name}: k = ${k}`,
  criterionDegenerate: (ks) => `× degenerate at k = ${ks} (set by the floor)`,
  criterionAxis: (name) => `↑ ${name} − lowest ${name} (linear below 1, logarithmic above)`,
  numberOfComponents: "number of components k",
  modelCriterionTitle: (name) => `${name} by covariance model and number of components`,
  modelCriterionLowest: (name, model, k) => `lowest ${name}: ${model}, k = ${k}`,
  modelCriterionLeftOut: (count) =>
    `${count} degenerate or collapsed cell${count === 1 ? "" : "s"} left out`,
  modelEllipsesTitle: "each model's fit at its best k (2σ ellipses)",
  modelPanel: (model, k, bic) => `${model}, k = ${k}: BIC ${bic}`,
  ellipsesLegend: (scales) =>
    `ellipses: ${scales.map((s, j) => `${s}σ ${j === 0 ? "solid" : "dashed"}`).join(", ")}; × mean`,
  thinned: (label, stride, n) => `${label} (1 point in ${stride} of ${n} drawn)`,
  boundTitle: "EM as coordinate ascent: ℒ touches log L",
  boundLogL: "log L(θₜ)",
  boundLower: "lower bound ℒ: M-step ↗, E-step ↑ (closes the KL gap)",
  boundAxis: "↑ log-likelihood and bound",
  boundGapAxis: (final) => `↑ distance below the last log L (${final}), log scale, reversed`,
  ratioAxis: "↑ ratio",
  rateTitle: "ratio of successive EM steps → the Jacobian's largest eigenvalue",
  rateRatios: (label) => `${label}: ‖Δθₜ‖ / ‖Δθₜ₋₁‖`,
  rateJacobian: (rate) => `Jacobian's rate ${rate}`,
  kmeansTitle: "k-means beside EM with one shared σ",
  cluster: (h) => `cluster ${h}`,
  centreOrMean: "centre / mean",
  parameter: "parameter",
  reference: "true",
  estimate: "estimated",
  error: "error",
  historySummary: (n, converged, it, ll) =>
    `EM history: ${n} snapshots, ${
      converged ? "converged" : "not converged"
    } after ${it} iterations, log-likelihood ${ll}`,
  historyEmpty: "EM history: empty",
  notInKernel: (caller) =>
    `emlab: not running in a Jupyter kernel, so ${caller} draws nothing (EM still runs and the ` +
    "history is returned). Pass { display } to capture frames.",
  theAnimation: "the animation",
  gifSummary: (frames, w, h, kib) => `EM animation: ${frames} frames, ${w}×${h} px, ${kib} KiB GIF`,
  mustBe: (p, e, r, h) => `${p} must be ${e}, got ${r}.${h ? ` ${h}` : ""}`,
  dataArrayExpected: "an array or typed array of finite numbers",
  dataArrayHint: "Pass the observations as number[] or Float64Array.",
  dataNonEmpty: "a non-empty array of finite numbers",
  emptyArray: "an empty array",
  dataEmptyHint: "Pass at least one observation.",
  finiteNumber: "a finite number",
  dataNumberHint: "Convert the data to numbers first, e.g. data.map(Number).",
  dataFiniteHint: "Remove or impute missing and infinite values before fitting.",
  twoDistinct: "at least two distinct values",
  copiesOf: (n, v) => `${n === 1 ? "a single value," : `${n} copies of`} ${v}`,
  spreadHint: "A Gaussian mixture needs spread in the data; add data or summarise it without EM.",
  collapsedAt: (h, it, last) =>
    `Component ${h} collapsed onto a single point at iteration ${it} ` +
    `(σ → 0, log-likelihood → ∞; last finite value ${last}). ` +
    "Use a positive varianceFloor (the default is 1e-6 × the data's variance, divided by N).",
  collapsedMvAt: (h, it, last) =>
    `Component ${h} collapsed onto a point or a line at iteration ${it} ` +
    `(singular covariance, log-likelihood → ∞; last finite value ${last}). Use a positive ` +
    "ridge (the default is 1e-6 × each column's variance).",
  collapsed: (h) =>
    `Component ${h} collapsed onto a single point (σ = 0). Use a positive varianceFloor.`,
  singular: (h) => `Component ${h} has a singular covariance. Use a positive ridge.`,
  floored: (c) => `σ² of component(s) ${c} held at the variance floor`,
  emptied: (c) => `component(s) ${c} lost all their points (weight 0)`,
  notConverged: (maxIter, delta) =>
    `did not converge in ${maxIter} iterations (last |Δ log-likelihood| = ${delta}); ` +
    "raise maxIter or tol",
  degenerateComponent: (h, what, points) => `component ${h}: ${what}, on ${points} points`,
  fewPoints: (min) => `fewer than ${min} effective points`,
  atFloor: (v, floor) => `σ² = ${v} at the variance floor (${floor})`,
  atRidge: "covariance held up by the ridge (no spread of its own in one direction)",
  allDegenerate: (runs, components, regulariser) =>
    `degenerate fit: ${
      runs === 1 ? "the only run is" : runs === 2 ? "both runs are" : `all ${runs} runs are`
    } degenerate; the kept run has ${components}. It is not a proper maximum of the ` +
    "likelihood (with a component on one value its log-likelihood is set by the " +
    `${regulariser === "ridge" ? "ridge" : "variance floor"}). ` +
    `Try fewer components, a larger ${regulariser}, or more starts (nInit).`,
  optionOf: (fn) => `one of the options of ${fn}()`,
  unknownOption: (key) => `unknown option '${key}'`,
  optionHint: (nearest, fn, keys) =>
    `${nearest === undefined ? "" : `Did you mean '${nearest}'? `}${fn}() takes: ${keys}.`,
  player: {
    controls: "controls",
    frame: "frame",
    speed: "speed",
    play: "▶ play",
    pause: "❚❚ pause",
    playTitle: "play or pause",
    first: "first frame",
    backFrame: "◀ step",
    backFrameTitle: "back one frame",
    forwardFrame: "step ▶",
    forwardFrameTitle: "forward one frame",
    last: "last frame",
    backStep: "◀ back",
    backStepTitle: "back one step",
    eStep: "E-step",
    eStepTitle: "E-step: responsibilities of the current parameters",
    mStep: "M-step",
    mStepTitle: "M-step: new parameters from the responsibilities",
    startOver: "↺ start over",
    startOverTitle: "start over",
    iterationOf: "iteration {i} of {n}",
    stepOf: "step {i} of {n}",
    frameOf: "frame {i} of {n}",
  },
  nowIteration: (n) => `now: iteration ${n}`,
  playerThinned: (kept, first, last, stride) =>
    stride === undefined
      ? `${kept} of the ${last - first + 1} iterations ${first}–${last} kept`
      : `every ${ordinal(stride)} iteration kept (${first}, ${first + stride}, ${
        first + 2 * stride
      }, …, ${last}): ${kept} of ${last - first + 1}`,
  emAnimation: "EM animation",
  emAnimation2d: "EM animation in 2-D",
  animation: "animation",
  emByHand: "EM by hand",
  stepStart: (title) => `start · ${title}`,
  stepStartInfo: "iteration 0 (the start)",
  stepNext: (step) => `next: ${step}-step`,
  eStepCaption: (it) => `E-step on iteration ${it}: responsibilities`,
  eStepInfo: (it) => `E-step on iteration ${it}`,
  eStepStrip: (it) => `E-step: responsibilities at iteration ${it}`,
  mStepCaption: (it, ll) => `M-step → iteration ${it} · log-likelihood = ${ll}`,
  mStepInfo: (it) => `M-step → iteration ${it}`,
  mStepStrip: (it) => `responsibilities used by this M-step (iteration ${it})`,
  stepStop: (tol) => `|Δ| < tol = ${tol}: EM stops here`,
  onePointIn: (title, stride) => `${title} (1 point in ${stride})`,
  notSeparated: (a, b, bc) =>
    `Note: components ${a} and ${b} have not separated (overlap BC = ${bc}). ` +
    "EM may have stopped on a plateau, not at a maximum: try another start or a smaller tol.",
};
const ja: Messages = {
  iteration: (n) => `反復 ${n}`,
  logLikelihoodIs: (v) => `対数尤度 = ${v}`,
  ellIs: (v) => `ℓ = ${v}`,
  dataHistogram: "データ（ヒストグラム）",
  mixtureDensity: "混合密度 p(x)",
  component: (h) => `成分 ${h}`,
  densityUp: "↑ 密度",
  densityAlong: "密度 →",
  filmstripTitle: "EMアルゴリズムの反復ごとの様子",
  traceTitle: "反復ごとの対数尤度",
  traceGapTitle: "最終的な対数尤度との差（反復ごと）",
  logLikelihood: "対数尤度",
  logLikelihoodUp: "↑ 対数尤度",
  gapUp: (final) => `↑ ℓ_final − ℓ_t、対数目盛（ℓ_final = ${final}）`,
  traceStop: (tol, it) =>
    `初めて |Δ| < tol = ${tol}：EMはここで停止` +
    (it !== undefined ? `（反復 ${it}）` : "（未到達）"),
  pastTheStop: "停止後の反復",
  iterationAxis: "反復回数",
  iterationTAxis: "反復回数 t",
  responsibilitiesTitle: "負担率 p̄(h | xᵢ)",
  undecided: "どちらとも言えない点：混ざった色",
  criterionTitle: (name) => `成分数ごとの ${name}`,
  criterionProper: (name) => `${name} − 最小の ${name}（非退化な当てはめ）`,
  criterionLowest: (name, k) => `最小の ${name}：k = ${k}`,
  criterionDegenerate: (ks) => `× k = ${ks} で退化（値は下限で決まる）`,
  criterionAxis: (name) => `↑ ${name} − 最小の ${name}（1 未満は線形、1 以上は対数目盛）`,
  numberOfComponents: "成分数 k",
  modelCriterionTitle: (name) => `共分散モデルと成分数ごとの ${name}`,
  modelCriterionLowest: (name, model, k) => `最小の ${name}：${model}、k = ${k}`,
  modelCriterionLeftOut: (count) => `退化した、または1点に縮んだ ${count} 個の組を除外`,
  modelEllipsesTitle: "各モデルの最良の k での当てはめ（2σ 楕円）",
  modelPanel: (model, k, bic) => `${model}、k = ${k}：BIC ${bic}`,
  ellipsesLegend: (scales) =>
    `楕円：${scales.map((s, j) => `${s}σ ${j === 0 ? "実線" : "破線"}`).join("、")}、× は平均`,
  thinned: (label, stride, n) => `${label}（${n} 点のうち ${stride} 点に 1 点を描画）`,
  boundTitle: "座標上昇法としてのEM：ℒ は log L に接する",
  boundLogL: "log L(θₜ)",
  boundLower: "下界 ℒ：Mステップ ↗、Eステップ ↑（差 KL を 0 にする）",
  boundAxis: "↑ 対数尤度と下界",
  boundGapAxis: (final) => `↑ 最後の log L（${final}）より下の距離、対数目盛、上下反転`,
  ratioAxis: "↑ 比",
  rateTitle: "連続するEMステップの比 → ヤコビ行列の最大固有値",
  rateRatios: (label) => `${label}：‖Δθₜ‖ / ‖Δθₜ₋₁‖`,
  rateJacobian: (rate) => `ヤコビ行列から求めた収束率 ${rate}`,
  kmeansTitle: "k平均法と共通の σ を持つEMの比較",
  cluster: (h) => `クラスタ ${h}`,
  centreOrMean: "中心 / 平均",
  parameter: "パラメータ",
  reference: "真の値",
  estimate: "推定値",
  error: "誤差",
  historySummary: (n, converged, it, ll) =>
    `EMの履歴：スナップショット ${n} 個、反復 ${it} 回で${
      converged ? "収束" : "未収束"
    }、対数尤度 ${ll}`,
  historyEmpty: "EMの履歴：空",
  notInKernel: (caller) =>
    `emlab：Jupyter カーネルの外で実行されているため、${caller}は何も描画しません` +
    "（EMは実行され、履歴は返されます）。フレームを受け取るには { display } を渡してください。",
  theAnimation: "アニメーション",
  gifSummary: (frames, w, h, kib) =>
    `EMのアニメーション：${frames} コマ、${w}×${h} px、${kib} KiB の GIF`,
  mustBe: (p, e, r, h) => `${p} は ${e} でなければなりませんが、${r} が渡されました。${h}`,
  dataArrayExpected: "有限の数からなる配列または型付き配列",
  dataArrayHint: "観測値を number[] か Float64Array で渡してください。",
  dataNonEmpty: "有限の数からなる空でない配列",
  emptyArray: "空の配列",
  dataEmptyHint: "観測値を少なくとも 1 つ渡してください。",
  finiteNumber: "有限の数",
  dataNumberHint: "まずデータを数に変換してください（例：data.map(Number)）。",
  dataFiniteHint: "当てはめの前に、欠損値と無限大の値を取り除くか補完してください。",
  twoDistinct: "少なくとも 2 つの異なる値",
  copiesOf: (n, v) => (n === 1 ? `値 ${v} が 1 つだけ` : `${v} が ${n} 個（すべて同じ値）`),
  spreadHint:
    "混合ガウス分布にはデータのばらつきが必要です。データを増やすか、EMを使わずに要約してください。",
  collapsedAt: (h, it, last) =>
    `成分 ${h} が反復 ${it} で 1 点に縮んで退化しました（σ → 0、対数尤度 → ∞。最後の有限値は ${last}）。` +
    "オプション varianceFloor に正の値を指定してください（既定値は、N で割ったデータの分散の 1e-6 倍）。",
  collapsedMvAt: (h, it, last) =>
    `成分 ${h} が反復 ${it} で点または直線の上に縮んで退化しました（共分散行列が特異になり、対数尤度 → ∞。` +
    `最後の有限値は ${last}）。オプション ridge に正の値を指定してください（既定値は各列の分散の 1e-6 倍）。`,
  collapsed: (h) =>
    `成分 ${h} が 1 点に縮んで退化しています（σ = 0）。オプション varianceFloor に正の値を指定してください。`,
  singular: (h) =>
    `成分 ${h} の共分散行列が特異です。オプション ridge に正の値を指定してください。`,
  floored: (c) => `成分 ${c} の σ² が分散の下限に留められています`,
  emptied: (c) => `成分 ${c} が点をすべて失いました（混合係数 0）`,
  notConverged: (maxIter, delta) =>
    `${maxIter} 回の反復で収束しませんでした（最後の |Δ 対数尤度| = ${delta}）。` +
    "maxIter か tol を大きくしてください",
  degenerateComponent: (h, what, points) => `成分 ${h}：${what}（有効な点は ${points} 個）`,
  fewPoints: (min) => `有効な点が ${min} 個未満`,
  atFloor: (v, floor) => `σ² = ${v} が分散の下限（${floor}）にある`,
  atRidge: "共分散行列がリッジだけで支えられている（ある方向に自身のばらつきがない）",
  allDegenerate: (runs, components, regulariser) =>
    `退化した当てはめ：${
      runs === 1 ? "唯一の実行が" : runs === 2 ? "2 回の実行がどちらも" : `${runs} 回の実行がすべて`
    }退化しています。残した実行では ${components}。これは尤度の非退化な最大点ではありません` +
    `（1 つの値に乗った成分があると、対数尤度は${
      regulariser === "ridge" ? "リッジ" : "分散の下限"
    }で決まります）。成分を減らすか、オプション ${regulariser} を大きくするか、初期値の数（nInit）を増やしてください。`,
  optionOf: (fn) => `${fn}() のオプションのどれか`,
  unknownOption: (key) => `未知のオプション '${key}'`,
  optionHint: (nearest, fn, keys) =>
    `${nearest === undefined ? "" : `'${nearest}' のことですか？ `}${fn}() のオプション：${keys}。`,
  player: {
    controls: "操作",
    frame: "コマ",
    speed: "速さ",
    play: "▶ 再生",
    pause: "❚❚ 一時停止",
    playTitle: "再生・一時停止",
    first: "最初のコマ",
    backFrame: "◀ 戻る",
    backFrameTitle: "1コマ戻る",
    forwardFrame: "進む ▶",
    forwardFrameTitle: "1コマ進む",
    last: "最後のコマ",
    backStep: "◀ 戻る",
    backStepTitle: "1ステップ戻る",
    eStep: "Eステップ",
    eStepTitle: "Eステップ：現在のパラメータでの負担率",
    mStep: "Mステップ",
    mStepTitle: "Mステップ：負担率から新しいパラメータ",
    startOver: "↺ 最初から",
    startOverTitle: "最初からやり直す",
    iterationOf: "反復 {i} / {n}",
    stepOf: "ステップ {i} / {n}",
    frameOf: "コマ {i} / {n}",
  },
  nowIteration: (n) => `表示中：反復 ${n}`,
  playerThinned: (kept, first, last, stride) =>
    stride === undefined
      ? `反復 ${first}–${last} の ${last - first + 1} 個のうち ${kept} 個を表示`
      : `${stride} 反復ごとに表示（${first}, ${first + stride}, ${
        first + 2 * stride
      }, …, ${last}）：${last - first + 1} 個のうち ${kept} 個`,
  emAnimation: "EMのアニメーション",
  emAnimation2d: "2次元のEMのアニメーション",
  animation: "アニメーション",
  emByHand: "手で動かすEM",
  stepStart: (title) => `初期値 · ${title}`,
  stepStartInfo: "反復 0（初期値）",
  stepNext: (step) => `次：${step}ステップ`,
  eStepCaption: (it) => `Eステップ（反復 ${it} のパラメータ）：負担率`,
  eStepInfo: (it) => `Eステップ（反復 ${it} のパラメータ）`,
  eStepStrip: (it) => `Eステップ：反復 ${it} での負担率`,
  mStepCaption: (it, ll) => `Mステップ → 反復 ${it} · 対数尤度 = ${ll}`,
  mStepInfo: (it) => `Mステップ → 反復 ${it}`,
  mStepStrip: (it) => `このMステップが使った負担率（反復 ${it}）`,
  stepStop: (tol) => `|Δ| < tol = ${tol}：EMはここで止まります`,
  onePointIn: (title, stride) => `${title}（${stride} 点に 1 点を表示）`,
  notSeparated: (a, b, bc) =>
    `注意：成分 ${a} と ${b} が分かれていません（重なり BC = ${bc}）。` +
    "最大点ではなく平坦部で止まった可能性があります。別の初期値か小さい tol で試してください。",
};
/** Every language's strings. A key missing from one of them fails `deno check`. */
export const MESSAGES: { readonly [L in Language]: Readonly<Messages> } = Object.freeze({
  en: Object.freeze(en),
  ja: Object.freeze(ja),
});

function fromEnvironment(): Language {
  try {
    const deno = (globalThis as { Deno?: typeof Deno }).Deno;
    if (
      deno?.permissions.querySync?.({ name: "env", variable: "EMLAB_LANG" }).state !== "granted"
    ) {
      return "en";
    }
    const value = deno.env.get("EMLAB_LANG")?.trim().toLowerCase() ?? "";
    return value.startsWith("ja") ? "ja" : "en";
  } catch {
    return "en";
  }
}

let current: Language = fromEnvironment();

/**
 * Choose the language of the charts, tables and messages from now on.
 *
 * @param lang `"en"` (the default) or `"ja"`.
 * @throws {RangeError} for any other value.
 *
 * @example
 * ```ts
 * import { language, setLanguage } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * setLanguage("ja");
 * assertEquals(language(), "ja");
 * setLanguage("en");
 * ```
 */
export function setLanguage(lang: Language): void {
  if (!LANGUAGES.includes(lang)) {
    throw new RangeError(
      `lang must be one of ${LANGUAGES.map((l) => JSON.stringify(l)).join(", ")}, got ${
        JSON.stringify(lang)
      }. Use "en" for English or "ja" for Japanese.`,
    );
  }
  current = lang;
}

/**
 * The language chosen now: by {@linkcode setLanguage}, else by `EMLAB_LANG`, else English.
 *
 * @returns `"en"` or `"ja"`.
 *
 * @example
 * ```ts
 * import { language } from "@emlab/emlab";
 * import { assert } from "@std/assert";
 * assert(["en", "ja"].includes(language()));
 * ```
 */
export function language(): Language {
  return current;
}

/**
 * The strings of the chosen language.
 *
 * @returns One entry of {@linkcode MESSAGES}.
 *
 * @example
 * ```ts
 * import { messages, setLanguage } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * setLanguage("ja");
 * assertEquals(messages().traceTitle, "反復ごとの対数尤度");
 * setLanguage("en");
 * ```
 */
export function messages(): Readonly<Messages> {
  return MESSAGES[current];
}
