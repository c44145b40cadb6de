/**
 * Have a fit's components separated? A run that stops on a plateau — two
 * components almost on top of each other, the log-likelihood hardly moving
 * — passes the `|Δ| < tol` test like a real maximum. The Bhattacharyya
 * coefficient of two Gaussians, BC = ∫ √(p q) dx, measures how much they
 * overlap: 1 for the same Gaussian, 0 for ones far apart. For normals it
 * has a closed form, BC = exp(−D_B) with
 *
 *   D_B = ⅛ (μ₁ − μ₂)ᵀ Σ⁻¹ (μ₁ − μ₂) + ½ ln(det Σ / √(det Σ₁ det Σ₂)),  Σ = (Σ₁ + Σ₂) / 2
 *
 * (in 1-D: (μ₁ − μ₂)² / (4 (σ₁² + σ₂²)) + ½ ln((σ₁² + σ₂²) / (2 σ₁ σ₂))).
 * Two components whose coefficient is at least {@linkcode SEPARATION_THRESHOLD}
 * (0.9) have not separated: with equal σ their means are less than 0.92 σ
 * apart, and with equal means their σ differ by less than a factor 1.6.
 * In notebook 01 the runs that stop on the plateau end at 0.99 or more; the
 * ones that find the two groups end at 0.22.
 *
 * @example
 * ```ts
 * import { mixture, notSeparated } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(notSeparated(mixture([0.5, 0.5], [0.21, 0.24], [0.46, 0.46]))?.components, [0, 1]);
 * assertEquals(notSeparated(mixture([0.35, 0.65], [-0.3, 0.5], [0.14, 0.31])), undefined);
 * ```
 *
 * @module
 */
import { describeValue, ParameterRangeError } from "../errors.ts";
import { messages } from "../i18n.ts";
import type { Mixture } from "../model/mixture.ts";
import type { MvMixture } from "../nd/mixture.ts";
import { cholesky, logDetFromCholesky, mahalanobis2 } from "../nd/_linalg.ts";

/** The Bhattacharyya coefficient from which two components count as not separated. */
export const SEPARATION_THRESHOLD = 0.9;

/** Two components that overlap: see {@linkcode notSeparated}. */
export interface Overlap {
  /** The two components (from 0), the lower first. */
  readonly components: readonly [number, number];
  /** Their Bhattacharyya coefficient, in [0, 1]. */
  readonly coefficient: number;
}

/**
 * The Bhattacharyya coefficient of two 1-D normals: 1 when they are the
 * same, towards 0 as they move apart.
 *
 * @param mean1 μ₁.
 * @param sd1 σ₁ (> 0).
 * @param mean2 μ₂.
 * @param sd2 σ₂ (> 0).
 * @returns BC = exp(−D_B).
 *
 * @example Equal σ, means one σ apart: exp(−1/8)
 * ```ts
 * import { bhattacharyyaCoefficient } from "@emlab/emlab";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(bhattacharyyaCoefficient(0, 1, 1, 1), Math.exp(-1 / 8), 1e-12);
 * assertAlmostEquals(bhattacharyyaCoefficient(2, 0.5, 2, 0.5), 1, 1e-12);
 * ```
 */
export function bhattacharyyaCoefficient(
  mean1: number,
  sd1: number,
  mean2: number,
  sd2: number,
): number {
  for (const [name, v] of [["sd1", sd1], ["sd2", sd2]] as const) {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) {
      throw new ParameterRangeError(name, "a standard deviation > 0", describeValue(v));
    }
  }
  const v = sd1 * sd1 + sd2 * sd2;
  const d = (mean1 - mean2) ** 2 / (4 * v) + 0.5 * Math.log(v / (2 * sd1 * sd2));
  return Math.exp(-d);
}

/** The Bhattacharyya coefficient of two multivariate normals (Σ as rows). */
function bhattacharyyaMv(
  m1: readonly number[],
  s1: readonly (readonly number[])[],
  m2: readonly number[],
  s2: readonly (readonly number[])[],
): number {
  const avg = s1.map((row, i) => row.map((v, j) => (v + s2[i]![j]!) / 2));
  const l = cholesky(avg), l1 = cholesky(s1), l2 = cholesky(s2);
  if (l === null || l1 === null || l2 === null) return 0;
  const d = mahalanobis2(m1, m2, l) / 8 +
    0.5 * (logDetFromCholesky(l) - 0.5 * (logDetFromCholesky(l1) + logDetFromCholesky(l2)));
  return Math.exp(-d);
}

function isMv(m: Mixture | MvMixture): m is MvMixture {
  return "covariances" in m;
}

/**
 * The pair of components that overlap most, if they overlap so much that
 * they have not separated (Bhattacharyya coefficient ≥ `threshold`); else
 * `undefined`. A fit that stops with such a pair has most likely stopped on
 * a plateau, not at a maximum.
 *
 * @param mixture A 1-D mixture or a multivariate one (with `covariances`).
 * @param threshold The coefficient from which a pair counts. @default 0.9
 * @returns The most overlapping pair and its coefficient, or `undefined`.
 *
 * @example
 * ```ts
 * import { mixture, notSeparated } from "@emlab/emlab";
 * import { assert, assertEquals } from "@std/assert";
 * const plateau = notSeparated(mixture([0.4, 0.6], [0.27, 0.18], [0.46, 0.46]));
 * assert(plateau !== undefined && plateau.coefficient > 0.99);
 * assertEquals(notSeparated(mixture([0.5, 0.5], [-1, 1], [0.5, 0.5])), undefined);
 * ```
 */
export function notSeparated(
  mixture: Mixture | MvMixture,
  threshold: number = SEPARATION_THRESHOLD,
): Overlap | undefined {
  if (typeof threshold !== "number" || !(threshold > 0 && threshold <= 1)) {
    throw new ParameterRangeError("threshold", "a number in (0, 1]", describeValue(threshold));
  }
  const k = mixture.weights.length;
  let worst: Overlap | undefined;
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const coefficient = isMv(mixture)
        ? bhattacharyyaMv(
          mixture.means[a]!,
          mixture.covariances[a]!,
          mixture.means[b]!,
          mixture.covariances[b]!,
        )
        : bhattacharyyaCoefficient(
          mixture.means[a]!,
          mixture.stdDevs[a]!,
          mixture.means[b]!,
          mixture.stdDevs[b]!,
        );
      if (coefficient >= threshold && (worst === undefined || coefficient > worst.coefficient)) {
        worst = { components: [a, b], coefficient };
      }
    }
  }
  return worst;
}

/**
 * What to tell a student when a fit stops with components that have not
 * separated (in the current language; see {@linkcode setLanguage}), or ""
 * when they have.
 *
 * @param mixture The fit's last parameters.
 * @returns The warning, or "".
 *
 * @example
 * ```ts
 * import { mixture, plateauNote } from "@emlab/emlab";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 * assertStringIncludes(
 *   plateauNote(mixture([0.5, 0.5], [0.21, 0.24], [0.46, 0.46])),
 *   "components 1 and 2 have not separated",
 * );
 * assertEquals(plateauNote(mixture([0.35, 0.65], [-0.3, 0.5], [0.14, 0.31])), "");
 * ```
 */
export function plateauNote(mixture: Mixture | MvMixture): string {
  const overlap = notSeparated(mixture);
  if (overlap === undefined) return "";
  const [a, b] = overlap.components;
  return messages().notSeparated(a + 1, b + 1, overlap.coefficient.toFixed(2));
}
