// The d-dimensional covariance families for the shared EM loop
// (lib/core/_em_core.ts). Names as scikit-learn's `covariance_type`, with R
// mclust's model names beside them:
//   "full" = "VVV"  a covariance matrix per component (the original model)
//   "tied" = "EEE"  one covariance matrix shared by every component
//   "diag" = "VVI"  a diagonal covariance per component (axis-aligned ellipses)
// Every family keeps its covariances as full d × d matrices in an MvMixture
// (a tied mixture repeats one matrix; a diagonal one has zeros off the
// diagonal), so predictions, densities and charts work for all of them.
import { degenerateRecord } from "../_degeneracy.ts";
import {
  type Family,
  type MStepOutcome,
  type PreparedBase,
  readableStep,
  type Snapshot,
} from "../_em_core.ts";
import { openPool } from "../fused/_workers.ts";
import { DEGENERATE_VARIANCE_FACTOR, type DegenerateComponent } from "../degeneracy.ts";
import { SingularCovarianceError } from "../errors.ts";
import { cholesky, logDetFromCholesky, logMvNormalPdfCholesky } from "./_linalg.ts";
import type { Points } from "./_validate.ts";
import { degenerateComponentsMvUnchecked } from "./degeneracy.ts";
import type { MvEmSnapshot } from "./em.ts";
import { type FlatPoints, fusedStepMvUnchecked } from "./fused.ts";
import {
  formFusedPath,
  mStepDiagFromStatistics,
  mStepTiedFromStatistics,
} from "./_fused_families.ts";
import { mStepMvUnchecked } from "./m_step.ts";
import { freezeMvMixture, type MvMixture, mvParameterCount } from "./mixture.ts";
import { messages } from "../i18n.ts";

/** d-dimensional points checked once: as rows, as one flat array, and the ridge. */
export interface PreparedPoints extends PreparedBase {
  /** The points as rows. */
  readonly points: Points;
  /** The same points flat, row-major (the fused pass reads these). */
  readonly flat: FlatPoints;
  /** The ridge, one value per dimension. */
  readonly ridge: readonly number[];
}

/** scikit-learn's names of the covariance families. */
export const COVARIANCE_TYPES: readonly CovarianceType[] = ["full", "tied", "diag"];
/** A covariance family by scikit-learn's name. */
export type CovarianceType = "full" | "tied" | "diag";
/** mclust's model name of each family. */
export const MCLUST_MODELS: Readonly<Record<CovarianceType, "VVV" | "EEE" | "VVI">> = Object
  .freeze({ full: "VVV", tied: "EEE", diag: "VVI" });
/** mclust's model names of the covariance families. */
export type MvModelName = "VVV" | "EEE" | "VVI";

/** The family for a scikit-learn or mclust name, or undefined when unknown. */
export function covarianceType(name: unknown): CovarianceType | undefined {
  if (COVARIANCE_TYPES.includes(name as CovarianceType)) return name as CovarianceType;
  const entry = Object.entries(MCLUST_MODELS).find(([, m]) => m === name);
  return entry?.[0] as CovarianceType | undefined;
}

function logDensities(data: PreparedPoints, mixture: MvMixture): Float64Array {
  const { points, n } = data;
  const k = mixture.weights.length;
  const factors = mixture.covariances.map((c) => cholesky(c));
  const logDets = factors.map((l) => (l === null ? NaN : logDetFromCholesky(l)));
  const logWeights = mixture.weights.map(Math.log);
  const out = new Float64Array(n * k);
  const z: number[] = new Array<number>(data.d);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < k; h++) {
      const l = factors[h];
      out[i * k + h] = l === null || l === undefined ? -Infinity : logWeights[h]! +
        logMvNormalPdfCholesky(points[i]!, mixture.means[h]!, l, logDets[h]!, z);
    }
  }
  return out;
}

function collapse(
  h: number,
  iteration: number,
  last: number,
  history: readonly Snapshot<MvMixture>[],
): Error {
  return new SingularCovarianceError(
    messages().collapsedMvAt(h + 1, iteration, String(last)),
    h,
    history as readonly MvEmSnapshot[],
  );
}

function rows(r: Float64Array, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(r.subarray(i * k, i * k + k)));
}

/** Weights and means from responsibilities; `nh` per component (0 for an empty one). */
function weightsAndMeans(data: PreparedPoints, r: Float64Array, previous: MvMixture) {
  const { points, n, d } = data;
  const k = previous.weights.length;
  const counts = new Float64Array(k);
  const means: number[][] = [];
  const emptyComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    let nh = 0;
    const s = new Array<number>(d).fill(0);
    for (let i = 0; i < n; i++) {
      const rh = r[i * k + h]!;
      nh += rh;
      const x = points[i]!;
      for (let a = 0; a < d; a++) s[a]! += rh * x[a]!;
    }
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      means.push([...previous.means[h]!]);
      continue;
    }
    counts[h] = nh;
    means.push(s.map((v) => v / nh));
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const weights = Array.from(counts, (c) => c / total);
  return { counts, means, weights, emptyComponents };
}

/** Σᵢ rᵢₕ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ for one component, lower triangle mirrored. */
function scatter(
  data: PreparedPoints,
  r: Float64Array,
  k: number,
  h: number,
  mu: readonly number[],
  diagonalOnly: boolean,
): number[][] {
  const { points, n, d } = data;
  const s = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const dev = new Array<number>(d);
  for (let i = 0; i < n; i++) {
    const rh = r[i * k + h]!;
    if (rh === 0) continue;
    const x = points[i]!;
    for (let a = 0; a < d; a++) dev[a] = x[a]! - mu[a]!;
    for (let a = 0; a < d; a++) {
      if (diagonalOnly) {
        s[a]![a]! += rh * dev[a]! * dev[a]!;
        continue;
      }
      for (let b = 0; b <= a; b++) s[a]![b]! += rh * dev[a]! * dev[b]!;
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) s[b]![a] = s[a]![b]!;
  return s;
}

/**
 * An M-step's outcome: the mixture frozen to its last array, or, when a
 * covariance collapsed, frozen at the top only, for the error the loop throws.
 */
function outcome(
  mixture: { weights: number[]; means: number[][]; covariances: number[][][] },
  emptyComponents: readonly number[],
  collapsedComponents: readonly number[],
): MStepOutcome<MvMixture> {
  return {
    mixture: collapsedComponents.length > 0 ? Object.freeze(mixture) : freezeMvMixture(mixture),
    emptyComponents,
    collapsedComponents,
  };
}

/** "full" / "VVV": a covariance matrix per component, with the fused pass. */
export const familyFull: Family<PreparedPoints, MvMixture> = {
  model: "VVV",
  logDensities,
  mStep: (data, r, previous) =>
    mStepMvUnchecked(data.points, rows(r, data.n, previous.weights.length), data.ridge, previous),
  parameterCount: mvParameterCount,
  degenerate: (mixture, data) => degenerateComponentsMvUnchecked(mixture, data.n, data.ridge),
  collapse,
  fused: {
    open(data, k, workers) {
      const { n, d } = data;
      const slot = 1 + k + k * d + (k * d * (d + 1)) / 2;
      const pool = openPool(data.flat.x, n, slot, k * (2 * d + d * d + 1), workers);
      return pool === undefined ? undefined : {
        data: { ...data, flat: { x: pool.x, n, d } },
        runner: pool,
        close: () => pool.close(),
      };
    },
    step: (data, mixture, runner) => fusedStepMvUnchecked(data.flat, mixture, data.ridge, runner),
  },
};

/**
 * The M-step of "tied": weights and means as "full"; one covariance, the
 * within-component scatter pooled over components,
 * Σ = Σₕ Σᵢ rᵢₕ (xᵢ − μₕ)(xᵢ − μₕ)ᵀ / N, plus the ridge.
 */
function mStepTied(
  data: PreparedPoints,
  r: Float64Array,
  previous: MvMixture,
): MStepOutcome<MvMixture> {
  const { n, d, ridge } = data;
  const k = previous.weights.length;
  const { means, weights, emptyComponents, counts } = weightsAndMeans(data, r, previous);
  const pooled = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let h = 0; h < k; h++) {
    if (!(counts[h]! > 0)) continue;
    const s = scatter(data, r, k, h, means[h]!, false);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) pooled[a]![b]! += s[a]![b]!;
  }
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) pooled[a]![b] = pooled[a]![b]! / n;
    pooled[a]![a]! += ridge[a]!;
  }
  const collapsedComponents = cholesky(pooled) === null ? [0] : [];
  const covariances = means.map(() => pooled.map((row) => [...row]));
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/**
 * The M-step of "diag": weights and means as "full"; per component the
 * variance of each coordinate, σ²ₕⱼ = Σᵢ rᵢₕ (xᵢⱼ − μₕⱼ)² / Nₕ, plus the
 * ridge; no covariances between coordinates.
 */
function mStepDiag(
  data: PreparedPoints,
  r: Float64Array,
  previous: MvMixture,
): MStepOutcome<MvMixture> {
  const { d, ridge } = data;
  const k = previous.weights.length;
  const { means, weights, emptyComponents, counts } = weightsAndMeans(data, r, previous);
  const covariances: number[][][] = [];
  const collapsedComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = counts[h]!;
    if (!(nh > 0)) {
      covariances.push(previous.covariances[h]!.map((row) => [...row]));
      continue;
    }
    const s = scatter(data, r, k, h, means[h]!, true);
    for (let a = 0; a < d; a++) s[a]![a] = s[a]![a]! / nh + ridge[a]!;
    if (!s.every((row, a) => row[a]! > 0 && Number.isFinite(row[a]!))) collapsedComponents.push(h);
    covariances.push(s);
  }
  return outcome({ weights, means, covariances }, emptyComponents, collapsedComponents);
}

/**
 * Degeneracy of "tied": a component on less than one effective point (its
 * mean rests on nothing), or the shared covariance held up by the ridge in
 * some direction (then every component is).
 */
function degenerateTied(mixture: MvMixture, data: PreparedPoints): DegenerateComponent[] {
  const { ridge } = data;
  const shared = mixture.covariances[0]!;
  const shifted = shared.map((row, a) =>
    row.map((v, b) => (a === b ? v - DEGENERATE_VARIANCE_FACTOR * ridge[a]! : v))
  );
  const held = ridge.some((v) => v > 0) && cholesky(shifted) === null;
  const out: DegenerateComponent[] = [];
  mixture.weights.forEach((w, h) => {
    const count = data.n * w;
    if (count < 1) {
      out.push(degenerateRecord(h, "few-points", count, "fewer than 1 effective point"));
    } else if (held) {
      out.push(
        degenerateRecord(
          h,
          "ridge",
          count,
          "shared covariance held up by the ridge (no spread of its own in one direction)",
        ),
      );
    }
  });
  return out;
}

/**
 * Degeneracy of "diag": a component on fewer than 2 effective points, or a
 * coordinate's variance within a factor 2 of the ridge.
 */
function degenerateDiag(mixture: MvMixture, data: PreparedPoints): DegenerateComponent[] {
  const { ridge } = data;
  const out: DegenerateComponent[] = [];
  mixture.covariances.forEach((cov, h) => {
    const count = data.n * mixture.weights[h]!;
    if (count < 2) {
      out.push(degenerateRecord(h, "few-points", count, "fewer than 2 effective points"));
    } else if (
      cov.some((row, a) => ridge[a]! > 0 && row[a]! <= DEGENERATE_VARIANCE_FACTOR * ridge[a]!)
    ) {
      out.push(
        degenerateRecord(
          h,
          "ridge",
          count,
          "a variance held up by the ridge (no spread of its own)",
        ),
      );
    }
  });
  return out;
}

/**
 * "tied" / "EEE": one covariance for all: (k − 1) + k·d + d(d + 1)/2 parameters;
 * its fused pass solves with the one shared Cholesky factor once per point.
 */
export const familyTied: Family<PreparedPoints, MvMixture> = {
  model: "EEE",
  logDensities,
  mStep: mStepTied,
  parameterCount: (k, d) => k - 1 + k * d + (d * (d + 1)) / 2,
  degenerate: degenerateTied,
  collapse,
  fused: formFusedPath(
    "tied-full",
    "full",
    mStepTiedFromStatistics,
    (data, mixture) => readableStep(familyTied, data, mixture),
  ),
};

/** "diag" / "VVI": diagonal covariances: (k − 1) + k·d + k·d parameters. */
export const familyDiag: Family<PreparedPoints, MvMixture> = {
  model: "VVI",
  logDensities,
  mStep: mStepDiag,
  parameterCount: (k, d) => k - 1 + 2 * k * d,
  degenerate: degenerateDiag,
  collapse,
  fused: formFusedPath(
    "diagonal",
    "diagonal",
    mStepDiagFromStatistics,
    (data, mixture) => readableStep(familyDiag, data, mixture),
  ),
};

/** The family of a covariance type. */
export function covarianceFamily(type: CovarianceType): Family<PreparedPoints, MvMixture> {
  return type === "tied" ? familyTied : type === "diag" ? familyDiag : familyFull;
}
