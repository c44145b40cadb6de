/**
 * Every string the explorable shows, in English and Japanese. The page picks
 * the language from `?lang=ja` / `#ja` (the Japanese handouts link with
 * `?lang=ja`), else from the browser's language; the 日本語 / English link
 * in its header switches.
 *
 * @module
 */
import type { DatasetId } from "./session.ts";

/** The explorable's languages. */
export type ExplorableLanguage = "en" | "ja";

/** The strings of one language. */
export interface ExplorableStrings {
  /** Static page text, by `data-t` key (HTML allowed). */
  readonly page: Readonly<Record<string, string>>;
  readonly datasets: Readonly<Record<DatasetId, string>>;
  readonly eruption: string;
  readonly waiting: string;
  readonly play: string;
  readonly pause: string;
  kNote(asked: string, k: number): string;
  handleTitle(mu: string): string;
  readonly stripTitle: string;
  readonly traceFromOne: string;
  converged(tol: number, iterations: number): string;
  readonly afterE: string;
  readonly atStart: string;
  iterationDone(i: number): string;
  emptied(components: string): string;
  notConverged(n: number): string;
}

const en: ExplorableStrings = {
  page: {
    title: "EM, step by step — emlab",
    back: "← The notebooks",
    h1: "EM, step by step",
    lead: "Choose a data set, the number of components k and a seed for the start. " +
      "Drag a coloured dot to move that component's mean (in 1-D the dot sits on the top of its " +
      "curve; in 2-D it is the centre of its ellipses). Then take one E-step, one M-step, a full " +
      "iteration, or play EM until the log-likelihood changes by less than 10<sup>−3</sup>.",
    data: "data",
    seed: "seed",
    speed: "speed",
    estep: "E-step",
    estepTitle: "responsibilities of every point under the current mixture",
    mstep: "M-step",
    mstepTitle: "new λ, μ, σ from the responsibilities",
    iterate: "Iteration",
    iterateTitle: "one E-step and one M-step",
    finish: "⇥ To the end",
    finishTitle: "iterate at once until EM converges",
    reset: "↺ Start",
    resetTitle: "back to this run's start",
    slow: "slow",
    normal: "normal",
    fast: "fast",
    iteration: "iteration",
    loglik: "log-likelihood",
    delta: "Δ log-likelihood",
    footer:
      "The same library code as the notebooks (emlab's <code>em</code>, <code>eStep</code>, " +
      "<code>mStep</code> and charts), bundled into this page; it needs no network. The original " +
      "case is notebook 01's sample: 1000 points from weights 0.35/0.65, means −0.3/0.5, standard " +
      "deviations 0.15/0.3. Its start is the original's random start (λ = 1/k, μ uniform on " +
      "[−1, 1]); Old Faithful starts from k-means++. Both depend on the seed.",
  },
  datasets: {
    original: "The original case: 1000 points from two Gaussians",
    faithful: "Old Faithful: eruption durations (1-D)",
    faithful2d: "Old Faithful: durations × waiting times (2-D)",
  },
  eruption: "eruption (min)",
  waiting: "waiting (min)",
  play: "▶ Play",
  pause: "❚❚ Pause",
  kNote: (asked, k) => `k is a whole number from 1 to 6: ${asked} became ${k}`,
  handleTitle: (mu) => `drag to move ${mu}, then step or play`,
  stripTitle: "the E-step's responsibilities p̄(h | xᵢ): the M-step averages with them",
  traceFromOne: "log-likelihood per iteration (from iteration 1)",
  converged: (tol, n) =>
    `Converged: |Δ log L| < ${tol} after ${n} iterations. Drag a mean or change the seed to start again.`,
  afterE:
    "E-step done: each point now has its responsibilities. Next: the M-step re-estimates λ, μ, σ from them.",
  atStart: "The start. Drag a mean to move it, or press E-step, Iteration, Play or ⇥.",
  iterationDone: (i) => `Iteration ${i} done. Next: an E-step.`,
  emptied: (c) =>
    ` Component ${c} lost all its points (λ = 0) and stays empty from here: change the seed for a new start.`,
  notConverged: (n) =>
    ` Stopped after ${n} more iterations without converging: press ⇥ again to go on.`,
};

const ja: ExplorableStrings = {
  page: {
    title: "EMを1ステップずつ — emlab",
    back: "← ノートブックの目次",
    h1: "EMを1ステップずつ",
    lead: "データ、成分の数 k、初期値のシードを選んでください。色の付いた点をドラッグすると、" +
      "その成分の平均が動きます（1次元では点は曲線の頂上に、2次元では楕円の中心にあります）。" +
      "そのうえでEステップ、Mステップ、1回の反復を1つずつ進めるか、対数尤度の変化が" +
      "10<sup>−3</sup>未満になるまでEMを再生してください。",
    data: "データ",
    seed: "シード",
    speed: "速さ",
    estep: "Eステップ",
    estepTitle: "いまの混合分布のもとでの各点の負担率",
    mstep: "Mステップ",
    mstepTitle: "負担率から新しい λ, μ, σ",
    iterate: "反復",
    iterateTitle: "Eステップ1回とMステップ1回",
    finish: "⇥ 最後まで",
    finishTitle: "EMが収束するまで一気に反復する",
    reset: "↺ 初期値",
    resetTitle: "この実行の初期値に戻る",
    slow: "遅い",
    normal: "ふつう",
    fast: "速い",
    iteration: "反復",
    loglik: "対数尤度",
    delta: "対数尤度の変化 Δ",
    footer: "ノートブックと同じライブラリのコード（emlab の <code>em</code>、<code>eStep</code>、" +
      "<code>mStep</code> と図）をこのページに同梱しています。ネットワークは要りません。" +
      "元の例はノートブック01の標本で、重み 0.35/0.65、平均 −0.3/0.5、標準偏差 0.15/0.3 の" +
      "2つの正規分布からの1000点です。初期値は元の例と同じランダムな初期値（λ = 1/k、μ は" +
      "[−1, 1] 上の一様分布）、Old Faithful は k-means++ から始めます。どちらもシードで決まります。",
  },
  datasets: {
    original: "元の例：2つの正規分布からの1000点",
    faithful: "Old Faithful：噴出の長さ（1次元）",
    faithful2d: "Old Faithful：噴出の長さ × 待ち時間（2次元）",
  },
  eruption: "噴出の長さ（分）",
  waiting: "待ち時間（分）",
  play: "▶ 再生",
  pause: "❚❚ 一時停止",
  kNote: (asked, k) => `k は1から6までの整数です：${asked} は ${k} になりました`,
  handleTitle: (mu) => `ドラッグして ${mu} を動かし、ステップか再生へ`,
  stripTitle: "Eステップの負担率 p̄(h | xᵢ)：Mステップはこれで重み付き平均をとる",
  traceFromOne: "反復ごとの対数尤度（反復1から）",
  converged: (tol, n) =>
    `収束しました：${n} 回の反復で |Δ log L| < ${tol}。平均をドラッグするかシードを変えると、やり直せます。`,
  afterE:
    "Eステップが済み、各点に負担率が付きました。次はMステップで、負担率から λ, μ, σ を推定し直します。",
  atStart: "初期値です。平均をドラッグして動かすか、Eステップ、反復、再生、⇥ を押してください。",
  iterationDone: (i) => `反復 ${i} が済みました。次はEステップです。`,
  emptied: (c) =>
    ` 成分 ${c} はすべての点を失い（λ = 0）、ここから先も空のままです。シードを変えて初期値を選び直してください。`,
  notConverged: (n) =>
    ` ${n} 回反復しても収束しなかったので止めました。⇥ をもう一度押すと続けます。`,
};

/** Both languages' strings. */
export const STRINGS: Readonly<Record<ExplorableLanguage, ExplorableStrings>> = { en, ja };

/**
 * The page's language: `?lang=` or `#ja`/`#en` in its address, else the
 * browser's first language.
 *
 * @param search `location.search`.
 * @param hash `location.hash`.
 * @param browser `navigator.language`.
 * @returns "ja" or "en".
 */
export function pickLanguage(search: string, hash: string, browser: string): ExplorableLanguage {
  const asked = new URLSearchParams(search).get("lang") ?? hash.replace(/^#/, "");
  if (asked === "ja" || asked === "en") return asked;
  return browser.toLowerCase().startsWith("ja") ? "ja" : "en";
}
