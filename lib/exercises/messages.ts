/**
 * The texts of the exercise checks, one table per language. A check returns
 * a {@linkcode Verdict} holding a key of these tables and the numbers the
 * text quotes (`{yours}`, `{expected}`, …), so a translation adds a table
 * here and touches nothing else: the notebooks' code cells hold no prose.
 * The language is the one the rest of the library speaks, chosen by
 * `setLanguage` (or `EMLAB_LANG`).
 *
 * @module
 */
import type { Language } from "../core/i18n.ts";

/** The English texts: every key a check can return. */
const en = {
  // status lines
  right: "✓ Right.",
  wrong: "✗ Not right yet.",
  unanswered:
    "✏️ Not answered yet: fill in the cell marked ✏️ above and run it, then run this cell.",
  // shared
  rightValue: "{yours} is what the library computes on this notebook's data.",
  rightFunction:
    "Your function gives the library's values for each of the {components} components.",
  rounded:
    "Yours is {yours}: that is the right value rounded to fewer than {digits} significant digits. Give at least {digits} (or compute it in code).",
  "update.wrong": "For component {component} yours is {yours}, the M-step gives {expected}.",
  notANumber: "The answer should be a number; the cell holds {yours}.",
  notAFunction: "The answer should be a function; the cell holds {yours}.",
  threw: "Your function threw an error: {error}",
  returnedNothing: "Your function returned nothing: did you forget `return`?",
  // 01
  "responsibility.unweighted":
    "Yours is {yours}, the E-step gives {expected}: did you leave out the weights λ? Each density is multiplied by its component's λ before normalising.",
  "responsibility.numerator":
    "Yours is {yours}, the E-step gives {expected}: that is the numerator λ₁ N(x₁ | μ₁, σ₁²) alone; divide it by the sum over both components.",
  "responsibility.otherComponent":
    "Yours is {yours}, the E-step gives {expected}: that is component 2's responsibility (the two add up to 1).",
  "responsibility.sigmaAsVariance":
    "Yours is {yours}, the E-step gives {expected}: you used σ where σ² belongs. N(x | μ, σ²) = exp(−(x − μ)² / 2σ²) / (σ √(2π)), with σ = stdDevs[h].",
  "responsibility.secondPoint":
    "Yours is {yours}, the E-step gives {expected}: that is the responsibility for x[1], the second point; the first point is x[0].",
  "weight.notDivided":
    "Yours is {yours}, the M-step gives {expected}: that is N₁ = Σᵢ p̄(1 | xᵢ); λ₁ is N₁ / N.",
  "weight.hard":
    "Yours is {yours}, the M-step gives {expected}: that is the share of points whose larger responsibility is component 1's. EM counts every point with its responsibility, not 0 or 1.",
  "weight.oldWeight":
    "Yours is {yours}, the start's λ₁; the M-step gives {expected}: run the E-step on the start and average the responsibilities.",
  "weight.otherComponent":
    "Yours is {yours}, the M-step gives {expected}: that is λ₂ (the weights add up to 1).",
  "weight.unweighted":
    "Yours is {yours}, the M-step gives {expected}: your E-step left out the weights λ. The responsibilities are λₕ N(xᵢ | μₕ, σₕ²) normalised.",
  "logL.logInside":
    "Yours is {yours}, log L is {expected}: you took the log of each component's term and summed them; the log goes outside the sum over components, log Σₕ λₕ N(xᵢ | μₕ, σₕ²).",
  "logL.noWeights":
    "Yours is {yours}, log L is {expected}: did you leave out the weights λₕ inside the sum?",
  "logL.mean":
    "Yours is {yours}, log L is {expected}: that is the mean over points; log L is the sum.",
  "logL.log10":
    "Yours is {yours}, log L is {expected}: that is log₁₀; use the natural log, Math.log.",
  "logL.product":
    "Yours is 0, log L is {expected}: the product of 1000 densities underflows to 0 in floating point. Sum the logs instead.",
  "logL.sigmaAsVariance":
    "Yours is {yours}, log L is {expected}: you used σ where σ² belongs in the normal density (σ = stdDevs[h]).",
  // 02
  "sigma.divideByN":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: did you divide by N instead of by Nₕ = N·λₕ?",
  "sigma.oldMean":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: the deviations are taken from the new mean μₕ of this M-step, not the old one.",
  "sigma.unweighted":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: that is the variance of all the data; weight each (xᵢ − μₕ)² by p̄(h | xᵢ).",
  "sigma.returnedSigma":
    "For component {component} yours is {yours}, the M-step's σ² is {expected}: you returned σ, the square root; return σ².",
  "sigma.nhMinusOne":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: you divided by Nₕ − 1; the maximum-likelihood update divides by Nₕ.",
  "mean.divideByN":
    "For component {component} your μ is {yours}, the M-step gives {expected}: did you divide by N instead of by Nₕ = Σᵢ p̄(h | xᵢ)?",
  "mean.notDivided":
    "For component {component} yours is {yours}, the M-step's μ is {expected}: that is Σᵢ p̄(h | xᵢ) xᵢ; divide it by Nₕ.",
  "mean.unweighted":
    "For component {component} your μ is {yours}, the M-step gives {expected}: that is the mean of all the data; weight each xᵢ by p̄(h | xᵢ).",
  "mean.otherComponent":
    "For component {component} your μ is {yours}, the M-step gives {expected}: that is the other component's mean; weight by r[i][h], the responsibility of component h itself.",
  "beta.one":
    "Yours is 1, β is {expected}: 1 is the constraint's value Σλ = 1, not the multiplier. Sum λₕ = Nₕ / β over h.",
  "beta.sign":
    "Yours is {yours}, β is {expected}: with 𝒥 = Σ Nₕ log λₕ + β(1 − Σ λₕ), as in the derivation, β comes out positive.",
  "beta.nh":
    "Yours is {yours}, β is {expected}: that is one component's Nₕ; β = Σₕ Nₕ, because each point's responsibilities sum to 1.",
  "beta.k": "Yours is {yours}, the number of components; β is {expected} = Σₕ Nₕ.",
  // 03
  "bic.threeK":
    "Yours is {yours}, BIC is {expected}: you counted 3k parameters; the weights sum to 1, so p = 3k − 1 = {p}.",
  "bic.sign":
    "Yours is {yours}, BIC is {expected}: BIC = −2 log L + p log N, and log L is negative here, so −2 log L is positive.",
  "bic.log10": "Yours is {yours}, BIC is {expected}: use the natural log of N, Math.log.",
  "bic.aic":
    "Yours is {yours}, that is the AIC (penalty 2p); BIC's penalty is p log N: {expected}.",
  "bic.noTwo": "Yours is {yours}, BIC is {expected}: half of it. BIC = −2 log L + p log N.",
  "bic.twoK":
    "Yours is {yours}, BIC is {expected}: you counted 2k parameters (means and σ); the free weights count too, so p = 3k − 1 = {p}.",
  "pickK.highestLogL":
    "Yours is k = {yours}, the highest log-likelihood, which never decreases with k; BIC picks k = {expected}, the lowest BIC.",
  "pickK.highestBic": "Yours is k = {yours}, the highest BIC; lower is better: k = {expected}.",
  "pickK.parameters":
    "Yours is {yours}, the parameter count 3k − 1 of the lowest-BIC row; the answer is that row's k = {expected}.",
  "pickK.rowIndex":
    "Yours is {yours}, the index of the lowest-BIC row (counted from 0); the answer is that row's k = {expected}.",
  "predict.short":
    "Yours is {yours}, P(long | {duration} min) is {expected}: that is P(short) (the two add up to 1).",
  "predict.unweighted":
    "Yours is {yours}, P(long | {duration} min) is {expected}: did you leave out the weights λ? The posterior is λₕ N(x | μₕ, σₕ²) normalised.",
  "predict.hard":
    "Yours is {yours}, P(long | {duration} min) is {expected}: the question asks for the probability, not the label predict() would give.",
  "predict.numerator":
    "Yours is {yours}, P(long | {duration} min) is {expected}: that is λ N(x | μ, σ²) of the long group alone; divide it by the sum over both groups.",
  "predict.sigmaAsVariance":
    "Yours is {yours}, P(long | {duration} min) is {expected}: you used σ where σ² belongs in the normal density (σ = stdDevs[h]).",
  // 04
  "spike.noTwoPi":
    "Yours is {yours}, log N(x | x, σ²) is {expected}: you left out −½ log 2π. It does not change the point: −log σ grows without bound as σ → 0.",
  "spike.variance":
    "Yours is {yours}, log N(x | x, σ²) is {expected}: that used σ² = {sigma}² where σ belongs: log N = −log σ − ½ log 2π at the mean.",
  "spike.notLog":
    "Yours is {yours}, the density itself; the exercise asks for its log, {expected}.",
  "spike.twoPiSign":
    "Yours is {yours}, log N(x | x, σ²) is {expected}: the ½ log 2π is subtracted, log N = −log σ − ½ log 2π at the mean.",
  "spike.log10":
    "Yours is {yours}, log N(x | x, σ²) is {expected}: that is log₁₀; use the natural log, Math.log.",
  "floor.sampleVariance":
    "Yours is {yours}, the floor is {expected}: the library uses the variance with 1/N, not 1/(N − 1).",
  "floor.sigma":
    "Yours is {yours}, the floor is {expected}: that is σ_min, the square root; the floor is on σ².",
  "floor.variance":
    "Yours is {yours}, the data's variance; the floor is 10⁻⁶ times it: {expected}.",
  "floor.sdTimes":
    "Yours is {yours}, 10⁻⁶ times the standard deviation; the floor is 10⁻⁶ times the variance: {expected}.",
  "match.right":
    "{expected}: component order[h] of the fit plays the true component h (counted from 0).",
  "match.inverse":
    "Yours is {yours}, matchComponents gives {expected}: that is the inverse. order[h] is the fit's component for the true component h, not the other way round.",
  "match.identity":
    "Yours is {yours}: no relabelling. The fit's components come out in another order; matchComponents gives {expected}.",
  "match.oneBased":
    "Yours is {yours}, matchComponents gives {expected}: you counted the components from 1; arrays count from 0.",
  "match.reversed":
    "Yours is {yours}, matchComponents gives {expected}: that is the order reversed. Compare each true component's mean with the fit's means.",
  "match.notPermutation":
    "Yours is {yours}: give an array of the {k} numbers 0 … {last}, each once (matchComponents gives {expected}).",
  "match.wrong":
    "Yours is {yours}, matchComponents gives {expected}: compare the means and σ of each pair.",
  // 05
  "cov.divideByN":
    "For component {component} your Σ is {yours}, the M-step gives {expected}: did you divide by N instead of by Nₕ = Σᵢ p̄(h | xᵢ)?",
  "cov.oldMean":
    "For component {component} your Σ is {yours}, the M-step gives {expected}: the deviations are taken from the new mean μₕ of this M-step, not the old one.",
  "cov.diagonal":
    "For component {component} your Σ is {yours}, the M-step gives {expected}: the off-diagonal entries Σᵢ p̄ (x − μ)(y − μ_y) / Nₕ are missing.",
  "cov.uncentred":
    "For component {component} your Σ is {yours}, the M-step gives {expected}: subtract the mean first, Σᵢ p̄ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ / Nₕ.",
  "cov.nhMinusOne":
    "For component {component} your Σ is {yours}, the M-step gives {expected}: you divided by Nₕ − 1; the maximum-likelihood update divides by Nₕ.",
  "cov.wrong": "For component {component} your Σ is {yours}, the M-step gives {expected}.",
  "mahal.squared":
    "Yours is {yours}, the distance is {expected}: that is its square; take the square root.",
  "mahal.euclidean":
    "Yours is {yours}, the Euclidean distance; the Mahalanobis distance uses Σ⁻¹: {expected}.",
  "mahal.notInverse": "Yours is {yours}, the distance is {expected}: you used Σ where Σ⁻¹ belongs.",
  "mahal.diagonalOnly":
    "Yours is {yours}, the distance is {expected}: you divided by the variances alone and left out the covariance b; invert the whole matrix.",
  "mahal.otherComponent":
    "Yours is {yours}, the distance is {expected}: that is the distance from component 2; the question asks for component {component}.",
  "params.fullMatrix":
    "Yours is {yours}, the count is {expected}: a covariance is symmetric, so it has d(d+1)/2 free entries, not d².",
  "params.weightsFree":
    "Yours is {yours}, the count is {expected}: the weights sum to 1, so only k − 1 of them are free.",
  "params.noWeights":
    "Yours is {yours}, the count is {expected}: the k − 1 free weights are missing.",
  "params.diagonal":
    "Yours is {yours}, the count for diagonal covariances; full covariances have d(d+1)/2 entries each: {expected}.",
  "params.noMeans":
    "Yours is {yours}, the count is {expected}: the k·d entries of the means are missing.",
  "params.orientationPerComponent":
    "Yours is {yours}, the count is {expected}: you gave each component an orientation of its own. The third letter of {model} says how many there are: E, one for all components (d(d−1)/2 angles, one in 2-D); V, one per component; I, none.",
  "params.shapeAllFree":
    "Yours is {yours}, the count is {expected}: a shape A is diagonal with |A| = 1, so only d − 1 of its d entries are free (the volume λ carries the rest).",
  "params.covarianceOnly":
    "Yours is {yours}, the covariances' parameters alone; the mixture also has k − 1 free weights and k·d means: {expected}.",
  "volume.determinant":
    "Yours is {yours}, the volume is {expected}: that is |Σ| itself; the volume is its d-th root, λ = |Σ|^(1/d), on the scale of a variance.",
  "volume.meanVariance":
    "Yours is {yours}, the volume is {expected}: that is tr Σ / d, the arithmetic mean of the eigenvalues; the volume is their geometric mean, |Σ|^(1/d).",
  "volume.diagonalOnly":
    "Yours is {yours}, the volume is {expected}: you took the product of the diagonal entries for |Σ|, leaving out the covariances; in 2-D, |Σ| = Σ₁₁Σ₂₂ − Σ₁₂².",
  "volume.ellipseArea":
    "Yours is {yours}, the area of the 1σ ellipse (π √|Σ| in 2-D); mclust's volume has no π: λ = |Σ|^(1/d) = {expected}.",
  "volume.squareRoot":
    "Yours is {yours}, the square root of the volume {expected}: λ = |Σ|^(1/d) is on the scale of a variance, not of a standard deviation.",
  "shape.larger":
    "Yours is {yours}, A's larger entry (the long axis); the question asks for the smaller one: {expected}.",
  "shape.notNormalised":
    "Yours is {yours}, the smallest eigenvalue of Σ itself; A is scaled so that |A| = 1: divide by the volume λ = |Σ|^(1/d) to get {expected}.",
  "shape.byTraceOrLargest":
    "Yours is {yours}: you scaled the eigenvalues so that they sum to 1 (tr A = 1), or divided them by the largest one (in 2-D, e₂ / e₁ = A₂₂ / A₁₁ = A₂₂², since A₁₁A₂₂ = 1); mclust scales them so that |A| = 1, dividing by the volume |Σ|^(1/d): {expected}.",
  "shape.byDeterminant":
    "Yours is {yours}, the eigenvalue divided by |Σ|; divide by the volume |Σ|^(1/d) instead, so that |A| = 1: {expected}.",
  "shape.sigmaDiagonal":
    "Yours is {yours}, the smaller diagonal entry of Σ divided by the volume; A holds Σ's eigenvalues, not its diagonal entries (the ellipses are tilted, Σ₁₂ ≠ 0): {expected}.",
  // 06
  "kl.notZero":
    "With q the E-step's posterior your KL is {yours}; it must be 0 there (up to rounding): that is why the bound touches log L after the E-step.",
  "kl.reversed":
    "Yours is {yours}, KL(q ‖ p) is {expected}: that is KL(p ‖ q), the other direction. Weight log(q / p) by q.",
  "kl.sign": "Yours is {yours}, KL is {expected}: the sign is flipped; a KL is never negative.",
  "kl.noWeights":
    "Yours is {yours}, KL is {expected}: your posterior p(h | xᵢ, θ) left out the weights λₕ.",
  "kl.unnormalised":
    "Yours is {yours}, KL is {expected}: you used log p(xᵢ, h | θ), the joint; the posterior is log p(xᵢ, h | θ) − log p(xᵢ | θ).",
  "kl.wrong": "With q uniform your KL is {yours}, KL(q ‖ p) is {expected}.",
  "bound.noEntropy":
    "Yours is {yours}, 𝓛 is {expected}: the entropy term −Σᵢ Σₕ qᵢₕ log qᵢₕ is missing.",
  "bound.entropySign":
    "Yours is {yours}, 𝓛 is {expected}: the entropy is added, −Σ q log q ≥ 0; you subtracted it.",
  "bound.logL":
    "Yours is {yours}, log L(θ) itself; 𝓛(q, θ) with this q is lower by the KL: {expected}.",
  "bound.noWeights":
    "Yours is {yours}, 𝓛 is {expected}: log p(xᵢ, h | θ) = log λₕ + log N(xᵢ | μₕ, σₕ²); the log λₕ is missing.",
  "assign.right": "All {n} points go to their nearest centre, as k-means' first step does.",
  "assign.shape": "Your function returned {yours}; it should return one label per point ({n}).",
  "assign.oneBased":
    "{wrong} of {n} labels differ: yours count from 1; the centres are indexed from 0.",
  "assign.farthest": "{wrong} of {n} labels differ: each point went to its farthest centre.",
  "assign.signed":
    "{wrong} of {n} labels differ: compare distances |x − c| (or squares); without |·| every point goes to the largest centre.",
  "assign.firstCentre":
    "{wrong} of {n} labels differ: every point got label 0. Does your loop keep the best centre it finds?",
  "assign.sortedIndex":
    "{wrong} of {n} labels differ: your labels index the sorted centres; give the index in `centres` as given.",
  "assign.wrong": "{wrong} of {n} labels differ from the nearest centre.",
} as const;

/** Every message key. */
export type MessageKey = keyof typeof en;

/** A language's texts: one for every key. */
export type MessageTable = Readonly<Record<MessageKey, string>>;

/** The Japanese texts: the same keys, the same placeholders. */
const ja: MessageTable = {
  // status lines
  right: "✓ 正解です。",
  wrong: "✗ まだ正しくありません。",
  unanswered:
    "✏️ まだ答えていません。上の ✏️ の印のあるセルに答えを書いて実行し、それからこのセルを実行してください。",
  // shared
  rightValue: "{yours} は、このノートブックのデータでライブラリが計算する値と一致します。",
  rightFunction: "この関数は {components} 個の成分すべてでライブラリと同じ値を返します。",
  rounded:
    "答えは {yours} で、正しい値を有効数字 {digits} 桁未満に丸めたものです。有効数字 {digits} 桁以上で答えるか、コードで計算してください。",
  "update.wrong": "成分 {component} の答えは {yours}、Mステップの値は {expected} です。",
  notANumber: "答えは数でなければなりません。セルの値は {yours} です。",
  notAFunction: "答えは関数でなければなりません。セルの値は {yours} です。",
  threw: "関数の実行中に例外が発生しました：{error}",
  returnedNothing: "関数が何も返しませんでした。`return` を忘れていませんか？",
  // 01
  "responsibility.unweighted":
    "答えは {yours}、Eステップの値は {expected} です。混合係数 λ を掛け忘れていませんか？正規化する前に、各密度にその成分の λ を掛けます。",
  "responsibility.numerator":
    "答えは {yours}、Eステップの値は {expected} です。それは分子 λ₁ N(x₁ | μ₁, σ₁²) だけです。2つの成分についての和で割ってください。",
  "responsibility.otherComponent":
    "答えは {yours}、Eステップの値は {expected} です。それは成分 2 の負担率です（2つの和は 1 になります）。",
  "responsibility.sigmaAsVariance":
    "答えは {yours}、Eステップの値は {expected} です。σ² を使うべきところで σ を使っています。N(x | μ, σ²) = exp(−(x − μ)² / 2σ²) / (σ √(2π)) で、σ = stdDevs[h] です。",
  "responsibility.secondPoint":
    "答えは {yours}、Eステップの値は {expected} です。それは2番目の点 x[1] の負担率です。最初の点は x[0] です。",
  "weight.notDivided":
    "答えは {yours}、Mステップの値は {expected} です。それは N₁ = Σᵢ p̄(1 | xᵢ) です。λ₁ は N₁ / N です。",
  "weight.hard":
    "答えは {yours}、Mステップの値は {expected} です。それは成分 1 の負担率の方が大きい点の割合です。EMでは各点を 0 か 1 ではなく、その負担率の重みで数えます。",
  "weight.oldWeight":
    "答えは {yours} で、初期値の λ₁ です。Mステップの値は {expected} です。初期値でEステップを行い、負担率を平均してください。",
  "weight.otherComponent":
    "答えは {yours}、Mステップの値は {expected} です。それは λ₂ です（混合係数の和は 1 になります）。",
  "weight.unweighted":
    "答えは {yours}、Mステップの値は {expected} です。Eステップで混合係数 λ が抜けています。負担率は λₕ N(xᵢ | μₕ, σₕ²) を正規化したものです。",
  "logL.logInside":
    "答えは {yours}、log L は {expected} です。各成分の項の対数をとって足し合わせていますが、対数は成分についての和の外側にかかります：log Σₕ λₕ N(xᵢ | μₕ, σₕ²)。",
  "logL.noWeights":
    "答えは {yours}、log L は {expected} です。和の中の混合係数 λₕ を忘れていませんか？",
  "logL.mean":
    "答えは {yours}、log L は {expected} です。それは点についての平均です。log L は和です。",
  "logL.log10":
    "答えは {yours}、log L は {expected} です。それは常用対数 log₁₀ です。自然対数 Math.log を使ってください。",
  "logL.product":
    "答えは 0、log L は {expected} です。1000 個の密度の積は浮動小数点では 0 にアンダーフローします。代わりに対数の和をとってください。",
  "logL.sigmaAsVariance":
    "答えは {yours}、log L は {expected} です。正規分布の密度で σ² を使うべきところで σ を使っています（σ = stdDevs[h]）。",
  // 02
  "sigma.divideByN":
    "成分 {component} の σ² の答えは {yours}、Mステップの値は {expected} です。Nₕ = N·λₕ ではなく N で割っていませんか？",
  "sigma.oldMean":
    "成分 {component} の σ² の答えは {yours}、Mステップの値は {expected} です。偏差は古い平均ではなく、このMステップの新しい平均 μₕ からとります。",
  "sigma.unweighted":
    "成分 {component} の σ² の答えは {yours}、Mステップの値は {expected} です。それはデータ全体の分散です。各 (xᵢ − μₕ)² に p̄(h | xᵢ) の重みを付けてください。",
  "sigma.returnedSigma":
    "成分 {component} の答えは {yours}、Mステップの σ² は {expected} です。返したのは平方根の σ です。σ² を返してください。",
  "sigma.nhMinusOne":
    "成分 {component} の σ² の答えは {yours}、Mステップの値は {expected} です。Nₕ − 1 で割っています。最尤推定の更新式は Nₕ で割ります。",
  "mean.divideByN":
    "成分 {component} の μ の答えは {yours}、Mステップの値は {expected} です。Nₕ = Σᵢ p̄(h | xᵢ) ではなく N で割っていませんか？",
  "mean.notDivided":
    "成分 {component} の答えは {yours}、Mステップの μ は {expected} です。それは Σᵢ p̄(h | xᵢ) xᵢ です。Nₕ で割ってください。",
  "mean.unweighted":
    "成分 {component} の μ の答えは {yours}、Mステップの値は {expected} です。それはデータ全体の平均です。各 xᵢ に p̄(h | xᵢ) の重みを付けてください。",
  "mean.otherComponent":
    "成分 {component} の μ の答えは {yours}、Mステップの値は {expected} です。それはもう一方の成分の平均です。成分 h 自身の負担率 r[i][h] で重みを付けてください。",
  "beta.one":
    "答えは 1、β は {expected} です。1 は制約 Σλ = 1 の値で、乗数ではありません。λₕ = Nₕ / β を h について足し合わせてください。",
  "beta.sign":
    "答えは {yours}、β は {expected} です。導出と同じ 𝒥 = Σ Nₕ log λₕ + β(1 − Σ λₕ) では、β は正になります。",
  "beta.nh":
    "答えは {yours}、β は {expected} です。それは1つの成分の Nₕ です。各点の負担率の和は 1 なので、β = Σₕ Nₕ です。",
  "beta.k": "答えは {yours} で、成分の数です。β は {expected} = Σₕ Nₕ です。",
  // 03
  "bic.threeK":
    "答えは {yours}、BIC は {expected} です。パラメータを 3k 個と数えていますが、混合係数の和は 1 なので p = 3k − 1 = {p} です。",
  "bic.twoK":
    "答えは {yours}、BIC は {expected} です。パラメータを 2k 個（平均と σ）と数えていますが、自由な混合係数も数えるので p = 3k − 1 = {p} です。",
  "bic.sign":
    "答えは {yours}、BIC は {expected} です。BIC = −2 log L + p log N で、ここでは log L が負なので −2 log L は正です。",
  "bic.log10": "答えは {yours}、BIC は {expected} です。N の自然対数 Math.log を使ってください。",
  "bic.aic":
    "答えは {yours} で、それは AIC（罰則 2p）です。BIC の罰則は p log N で、BIC は {expected} です。",
  "bic.noTwo":
    "答えは {yours} で、BIC {expected} のちょうど半分です。−2 log L の 2 と、p log N の罰則の係数を確かめてください：BIC = −2 log L + p log N。",
  "pickK.highestLogL":
    "答えは k = {yours} で、対数尤度が最大の k です。対数尤度は k とともに減ることがありません。BIC が選ぶのは BIC が最小の k = {expected} です。",
  "pickK.highestBic":
    "答えは k = {yours} で、BIC が最大の k です。BIC は小さいほど良く、答えは k = {expected} です。",
  "pickK.parameters":
    "答えは {yours} で、BIC が最小の行のパラメータ数 3k − 1 です。答えはその行の k = {expected} です。",
  "pickK.rowIndex":
    "答えは {yours} で、BIC が最小の行の番号（0 から数えたもの）です。答えはその行の k = {expected} です。",
  "predict.short":
    "答えは {yours}、P(長い | {duration} 分) は {expected} です。それは P(短い) です（2つの和は 1 になります）。",
  "predict.unweighted":
    "答えは {yours}、P(長い | {duration} 分) は {expected} です。混合係数 λ を忘れていませんか？事後確率は λₕ N(x | μₕ, σₕ²) を正規化したものです。",
  "predict.hard":
    "答えは {yours}、P(長い | {duration} 分) は {expected} です。問われているのは確率で、predict() が返すラベルではありません。",
  "predict.numerator":
    "答えは {yours}、P(長い | {duration} 分) は {expected} です。それは長い群の λ N(x | μ, σ²) だけです。2つの群についての和で割ってください。",
  "predict.sigmaAsVariance":
    "答えは {yours}、P(長い | {duration} 分) は {expected} です。正規分布の密度で σ² を使うべきところで σ を使っています（σ = stdDevs[h]）。",
  // 04
  "spike.noTwoPi":
    "答えは {yours}、log N(x | x, σ²) は {expected} です。−½ log 2π が抜けています。ただし要点は変わりません。σ → 0 で −log σ は限りなく大きくなります。",
  "spike.twoPiSign":
    "答えは {yours}、log N(x | x, σ²) は {expected} です。½ log 2π は引きます。平均の位置では log N = −log σ − ½ log 2π です。",
  "spike.variance":
    "答えは {yours}、log N(x | x, σ²) は {expected} です。σ を使うべきところで σ² = {sigma}² を使っています。平均の位置では log N = −log σ − ½ log 2π です。",
  "spike.notLog": "答えは {yours} で、密度そのものです。問われているのはその対数 {expected} です。",
  "spike.log10":
    "答えは {yours}、log N(x | x, σ²) は {expected} です。それは常用対数 log₁₀ です。自然対数 Math.log を使ってください。",
  "floor.sampleVariance":
    "答えは {yours}、下限は {expected} です。ライブラリは N − 1 ではなく N で割った分散を使います。",
  "floor.sigma":
    "答えは {yours}、下限は {expected} です。それは平方根の σ_min です。下限は σ² にかかります。",
  "floor.variance": "答えは {yours} で、データの分散です。下限はその 10⁻⁶ 倍の {expected} です。",
  "floor.sdTimes":
    "答えは {yours} で、標準偏差の 10⁻⁶ 倍です。下限は分散の 10⁻⁶ 倍の {expected} です。",
  "match.right":
    "{expected}：当てはめの成分 order[h] が真の成分 h に当たります（0 から数えます）。",
  "match.inverse":
    "答えは {yours}、matchComponents の答えは {expected} です。それは逆の対応です。order[h] は真の成分 h に当たる当てはめの成分で、その逆ではありません。",
  "match.identity":
    "答えは {yours} で、ラベルを付け替えていません。当てはめの成分は別の順に並んでいます。matchComponents の答えは {expected} です。",
  "match.oneBased":
    "答えは {yours}、matchComponents の答えは {expected} です。成分を 1 から数えています。配列の番号は 0 からです。",
  "match.reversed":
    "答えは {yours}、matchComponents の答えは {expected} です。順序が逆になっています。真の各成分の平均を当てはめの平均と比べてください。",
  "match.notPermutation":
    "答えは {yours} です。0 … {last} の {k} 個の数を1回ずつ並べた配列を書いてください（matchComponents の答えは {expected} です）。",
  "match.wrong":
    "答えは {yours}、matchComponents の答えは {expected} です。各組の平均と σ を比べてください。",
  // 05
  "cov.divideByN":
    "成分 {component} の Σ の答えは {yours}、Mステップの値は {expected} です。Nₕ = Σᵢ p̄(h | xᵢ) ではなく N で割っていませんか？",
  "cov.oldMean":
    "成分 {component} の Σ の答えは {yours}、Mステップの値は {expected} です。偏差は古い平均ではなく、このMステップの新しい平均 μₕ からとります。",
  "cov.diagonal":
    "成分 {component} の Σ の答えは {yours}、Mステップの値は {expected} です。非対角要素 Σᵢ p̄ (x − μ)(y − μ_y) / Nₕ が抜けています。",
  "cov.uncentred":
    "成分 {component} の Σ の答えは {yours}、Mステップの値は {expected} です。先に平均を引いてください：Σᵢ p̄ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ / Nₕ。",
  "cov.nhMinusOne":
    "成分 {component} の Σ の答えは {yours}、Mステップの値は {expected} です。Nₕ − 1 で割っています。最尤推定の更新式は Nₕ で割ります。",
  "cov.wrong": "成分 {component} の Σ の答えは {yours}、Mステップの値は {expected} です。",
  "mahal.squared":
    "答えは {yours}、距離は {expected} です。それは距離の2乗です。平方根をとってください。",
  "mahal.euclidean":
    "答えは {yours} で、ユークリッド距離です。マハラノビス距離は Σ⁻¹ を使います：{expected}。",
  "mahal.notInverse":
    "答えは {yours}、距離は {expected} です。Σ⁻¹ を使うべきところで Σ を使っています。",
  "mahal.diagonalOnly":
    "答えは {yours}、距離は {expected} です。分散だけで割り、共分散 b を省いています。行列全体の逆行列を使ってください。",
  "mahal.otherComponent":
    "答えは {yours}、距離は {expected} です。それは成分 2 からの距離です。問われているのは成分 {component} です。",
  "params.fullMatrix":
    "答えは {yours}、パラメータ数は {expected} です。共分散行列は対称なので、自由な要素は d² 個ではなく d(d+1)/2 個です。",
  "params.weightsFree":
    "答えは {yours}、パラメータ数は {expected} です。混合係数の和は 1 なので、自由なのは k − 1 個だけです。",
  "params.noWeights":
    "答えは {yours}、パラメータ数は {expected} です。自由な混合係数 k − 1 個が抜けています。",
  "params.diagonal":
    "答えは {yours} で、対角共分散の場合の数です。フル共分散行列はそれぞれ d(d+1)/2 個の要素を持ちます：{expected}。",
  "params.noMeans":
    "答えは {yours}、パラメータ数は {expected} です。平均の k·d 個の要素が抜けています。",
  "params.orientationPerComponent":
    "答えは {yours}、パラメータ数は {expected} です。成分ごとに別々の向きを数えています。向きの数はモデル名 {model} の3文字目で決まります。E ならすべての成分で共通の1つ（d(d−1)/2 個の角度、2次元では1個）、V なら成分ごとに1つ、I なら0個です。",
  "params.shapeAllFree":
    "答えは {yours}、パラメータ数は {expected} です。形状 A は |A| = 1 の対角行列なので、d 個の対角要素のうち自由なのは d − 1 個だけです（残りは体積 λ が受け持ちます）。",
  "params.covarianceOnly":
    "答えは {yours} で、共分散のパラメータだけの数です。混合分布には自由な混合係数 k − 1 個と平均の k·d 個の要素もあります：{expected}。",
  "volume.determinant":
    "答えは {yours}、体積は {expected} です。それは |Σ| そのものです。体積はその d 乗根 λ = |Σ|^(1/d) で、分散と同じ尺度の量です。",
  "volume.meanVariance":
    "答えは {yours}、体積は {expected} です。それは tr Σ / d、つまり固有値の算術平均です。体積は固有値の幾何平均 |Σ|^(1/d) です。",
  "volume.diagonalOnly":
    "答えは {yours}、体積は {expected} です。|Σ| の代わりに対角要素の積を使い、共分散を省いています。2次元では |Σ| = Σ₁₁Σ₂₂ − Σ₁₂² です。",
  "volume.ellipseArea":
    "答えは {yours} で、1σ 楕円の面積（2次元では π √|Σ|）です。mclust の体積に π は付きません：λ = |Σ|^(1/d) = {expected}。",
  "volume.squareRoot":
    "答えは {yours} で、体積 {expected} の平方根です。λ = |Σ|^(1/d) は標準偏差ではなく分散と同じ尺度の量です。",
  "shape.larger":
    "答えは {yours} で、A の大きいほうの対角要素（長い軸）です。問われているのは小さいほうです：{expected}。",
  "shape.notNormalised":
    "答えは {yours} で、Σ の最小固有値そのものです。A は |A| = 1 となるように正規化します。体積 λ = |Σ|^(1/d) で割ると {expected} です。",
  "shape.byTraceOrLargest":
    "答えは {yours} です。固有値を、和が 1 になるように（tr A = 1）正規化したか、最大固有値で割っています（2次元では A₁₁A₂₂ = 1 なので e₂ / e₁ = A₂₂ / A₁₁ = A₂₂² です）。mclust は |A| = 1 となるように体積 |Σ|^(1/d) で割ります：{expected}。",
  "shape.byDeterminant":
    "答えは {yours} で、固有値を |Σ| で割った値です。|A| = 1 となるように、体積 |Σ|^(1/d) で割ってください：{expected}。",
  "shape.sigmaDiagonal":
    "答えは {yours} で、Σ の小さいほうの対角要素を体積で割った値です。楕円の軸が傾いている（Σ₁₂ ≠ 0）ので、A が持つのは Σ の対角要素ではなく固有値です：{expected}。",
  // 06
  "kl.notZero":
    "q をEステップの事後分布にしたとき、KL の答えは {yours} です。そこでは（丸め誤差を除いて）0 でなければなりません。だからEステップの後で下界が log L に接するのです。",
  "kl.reversed":
    "答えは {yours}、KL(q ‖ p) は {expected} です。それは逆向きの KL(p ‖ q) です。log(q / p) に q の重みを付けてください。",
  "kl.sign": "答えは {yours}、KL は {expected} です。符号が逆です。KL は決して負になりません。",
  "kl.noWeights":
    "答えは {yours}、KL は {expected} です。事後分布 p(h | xᵢ, θ) で混合係数 λₕ が抜けています。",
  "kl.unnormalised":
    "答えは {yours}、KL は {expected} です。同時分布 log p(xᵢ, h | θ) を使っています。事後分布は log p(xᵢ, h | θ) − log p(xᵢ | θ) です。",
  "kl.wrong": "q が一様のとき KL の答えは {yours}、KL(q ‖ p) は {expected} です。",
  "bound.noEntropy":
    "答えは {yours}、𝓛 は {expected} です。エントロピーの項 −Σᵢ Σₕ qᵢₕ log qᵢₕ が抜けています。",
  "bound.entropySign":
    "答えは {yours}、𝓛 は {expected} です。エントロピー −Σ q log q ≥ 0 は足すものですが、引いています。",
  "bound.logL":
    "答えは {yours} で、log L(θ) そのものです。この q での 𝓛(q, θ) はそれより KL の分だけ小さく、{expected} です。",
  "bound.noWeights":
    "答えは {yours}、𝓛 は {expected} です。log p(xᵢ, h | θ) = log λₕ + log N(xᵢ | μₕ, σₕ²) の log λₕ が抜けています。",
  "assign.right":
    "{n} 個の点がすべて最も近い中心に割り当てられています。k平均法の最初のステップと同じです。",
  "assign.shape": "関数は {yours} を返しました。点ごとに1つ、{n} 個のラベルを返してください。",
  "assign.oneBased":
    "{n} 個中 {wrong} 個のラベルが違います。ラベルを 1 から数えていますが、中心の番号は 0 からです。",
  "assign.farthest":
    "{n} 個中 {wrong} 個のラベルが違います。各点が最も遠い中心に割り当てられています。",
  "assign.signed":
    "{n} 個中 {wrong} 個のラベルが違います。距離 |x − c|（またはその2乗）で比べてください。|·| がないと、すべての点が最も大きい中心に行きます。",
  "assign.firstCentre":
    "{n} 個中 {wrong} 個のラベルが違います。すべての点がラベル 0 です。ループで見つけた最良の中心を保持していますか？",
  "assign.sortedIndex":
    "{n} 個中 {wrong} 個のラベルが違います。ラベルが並べ替えた中心の番号になっています。`centres` に与えられた順の番号を返してください。",
  "assign.wrong": "{n} 個中 {wrong} 個のラベルが、最も近い中心と違います。",
};

/**
 * The message tables by language, one for every language the library speaks
 * ({@linkcode Language}): a missing language or key fails `deno check`. The
 * language is the library's (`setLanguage`, `EMLAB_LANG`).
 *
 * @example
 * ```ts
 * import { EXERCISE_MESSAGES } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(EXERCISE_MESSAGES.en.right, "✓ Right.");
 * assertEquals(EXERCISE_MESSAGES.ja.right, "✓ 正解です。");
 * ```
 */
export const EXERCISE_MESSAGES: { readonly [L in Language]: MessageTable } = { en, ja };
