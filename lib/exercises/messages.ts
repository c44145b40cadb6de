/**
 * The texts of the exercise checks, one table per language. A check returns
 * a {@linkcode Verdict} holding a key of these tables and the numbers the
 * text quotes (`{yours}`, `{expected}`, …), so a translation adds a table
 * here and touches nothing else: the notebooks' code cells hold no prose.
 *
 * @module
 */

/** The English texts: every key a check can return. */
const en = {
  // status lines
  right: "✅ Right.",
  wrong: "❌ Not right yet.",
  unanswered:
    "✏️ Not answered yet: fill in the cell marked ✏️ above and run it, then run this cell.",
  // shared
  rightValue: "{yours} is what the library computes on this notebook's data.",
  rightFunction: "Your function gives the library's values for all {components} components.",
  rounded:
    "Yours is {yours}, the library gives {expected}: close, but not to 6 digits. Compute it in code rather than copying rounded numbers.",
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
  "weight.notDivided":
    "Yours is {yours}, the M-step gives {expected}: that is N₁ = Σᵢ p̄(1 | xᵢ); λ₁ is N₁ / N.",
  "weight.hard":
    "Yours is {yours}, the M-step gives {expected}: that is the share of points whose larger responsibility is component 1's. EM counts every point with its responsibility, not 0 or 1.",
  "weight.oldWeight":
    "Yours is {yours}, the start's λ₁; the M-step gives {expected}: run the E-step on the start and average the responsibilities.",
  "weight.otherComponent":
    "Yours is {yours}, the M-step gives {expected}: that is λ₂ (the weights add up to 1).",
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
  // 02
  "sigma.divideByN":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: did you divide by N instead of by Nₕ = N·λₕ?",
  "sigma.oldMean":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: the deviations are taken from the new mean μₕ of this M-step, not the old one.",
  "sigma.unweighted":
    "For component {component} your σ² is {yours}, the M-step gives {expected}: that is the variance of all the data; weight each (xᵢ − μₕ)² by p̄(h | xᵢ).",
  "sigma.returnedSigma":
    "For component {component} yours is {yours}, the M-step's σ² is {expected}: you returned σ, the square root; return σ².",
  "mean.divideByN":
    "For component {component} your μ is {yours}, the M-step gives {expected}: did you divide by N instead of by Nₕ = Σᵢ p̄(h | xᵢ)?",
  "mean.notDivided":
    "For component {component} yours is {yours}, the M-step's μ is {expected}: that is Σᵢ p̄(h | xᵢ) xᵢ; divide it by Nₕ.",
  "mean.unweighted":
    "For component {component} your μ is {yours}, the M-step gives {expected}: that is the mean of all the data; weight each xᵢ by p̄(h | xᵢ).",
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
  "pickK.highestLogL":
    "Yours is k = {yours}, the highest log-likelihood, which always grows with k; BIC picks k = {expected}, the lowest BIC.",
  "pickK.highestBic": "Yours is k = {yours}, the highest BIC; lower is better: k = {expected}.",
  "pickK.aic": "Yours is k = {yours}, the lowest AIC; the lowest BIC is at k = {expected}.",
  "predict.short":
    "Yours is {yours}, P(long | {duration} min) is {expected}: that is P(short) (the two add up to 1).",
  "predict.unweighted":
    "Yours is {yours}, P(long | {duration} min) is {expected}: did you leave out the weights λ? The posterior is λₕ N(x | μₕ, σₕ²) normalised.",
  "predict.hard":
    "Yours is {yours}, P(long | {duration} min) is {expected}: the question asks for the probability, not the label predict() would give.",
  // 04
  "spike.noTwoPi":
    "Yours is {yours}, log N(x | x, σ²) is {expected}: you left out −½ log 2π. It does not change the point: −log σ grows without bound as σ → 0.",
  "spike.variance":
    "Yours is {yours}, log N(x | x, σ²) is {expected}: that used σ² = {sigma}² where σ belongs: log N = −log σ − ½ log 2π at the mean.",
  "spike.notLog":
    "Yours is {yours}, the density itself; the exercise asks for its log, {expected}.",
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
  "cov.wrong": "For component {component} your Σ is {yours}, the M-step gives {expected}.",
  "mahal.squared":
    "Yours is {yours}, the distance is {expected}: that is its square; take the square root.",
  "mahal.euclidean":
    "Yours is {yours}, the Euclidean distance; the Mahalanobis distance uses Σ⁻¹: {expected}.",
  "mahal.notInverse": "Yours is {yours}, the distance is {expected}: you used Σ where Σ⁻¹ belongs.",
  "params.fullMatrix":
    "Yours is {yours}, the count is {expected}: a covariance is symmetric, so it has d(d+1)/2 free entries, not d².",
  "params.weightsFree":
    "Yours is {yours}, the count is {expected}: the weights sum to 1, so only k − 1 of them are free.",
  "params.noWeights":
    "Yours is {yours}, the count is {expected}: the k − 1 free weights are missing.",
  "params.diagonal":
    "Yours is {yours}, the count for diagonal covariances; full covariances have d(d+1)/2 entries each: {expected}.",
  // 06
  "kl.notZero":
    "With q the E-step's posterior your KL is {yours}; it must be 0 there (up to rounding): that is why the bound touches log L after the E-step.",
  "kl.reversed":
    "Yours is {yours}, KL(q ‖ p) is {expected}: that is KL(p ‖ q), the other direction. Weight log(q / p) by q.",
  "kl.sign": "Yours is {yours}, KL is {expected}: the sign is flipped; a KL is never negative.",
  "bound.noEntropy":
    "Yours is {yours}, 𝓛 is {expected}: the entropy term −Σᵢ Σₕ qᵢₕ log qᵢₕ is missing.",
  "bound.entropySign":
    "Yours is {yours}, 𝓛 is {expected}: the entropy is added, −Σ q log q ≥ 0; you subtracted it.",
  "bound.logL":
    "Yours is {yours}, log L(θ) itself; 𝓛(q, θ) with this q is lower by the KL: {expected}.",
  "assign.right": "All {n} points go to their nearest centre, as k-means' first step does.",
  "assign.shape": "Your function returned {yours}; it should return one label per point ({n}).",
  "assign.oneBased":
    "{wrong} of {n} labels differ: yours count from 1; the centres are indexed from 0.",
  "assign.farthest": "{wrong} of {n} labels differ: each point went to its farthest centre.",
  "assign.wrong": "{wrong} of {n} labels differ from the nearest centre.",
} as const;

/** Every message key. */
export type MessageKey = keyof typeof en;

/** A language's texts: one for every key. */
export type MessageTable = Readonly<Record<MessageKey, string>>;

/**
 * The message tables by language. Add a language by adding a table with
 * every key (the type checker lists any that is missing).
 *
 * @example
 * ```ts
 * import { EXERCISE_MESSAGES } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(EXERCISE_MESSAGES.en.right, "✅ Right.");
 * ```
 */
export const EXERCISE_MESSAGES: Readonly<{ en: MessageTable }> = { en };

/** A language with a message table. */
export type ExerciseLanguage = keyof typeof EXERCISE_MESSAGES;
