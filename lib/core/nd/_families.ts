// The d-dimensional covariance families for the shared EM loop
// (lib/core/em/_em_core.ts): mclust's 14 models (lib/core/nd/models/table.ts),
// scikit-learn's four names as aliases ("full" = VVV, "tied" = EEE,
// "diag" = VVI, "spherical" = VII). Every family keeps its covariances as
// full d × d matrices in an MvMixture (a tied mixture repeats one matrix; a
// diagonal one has zeros off the diagonal), so predictions, densities and
// charts work for all of them. A family's M-step is its model's covariance
// step from the sufficient statistics (Nₕ, μₕ, Wₕ; models/_stats.ts), which
// a fused pass can feed from Σr, Σr x, Σr xxᵀ (statsFromMoments).
import { degenerateRecord } from "../em/_degeneracy.ts";
import {
  type Family,
  type MStepOutcome,
  type PreparedBase,
  readableStep,
  type Snapshot,
} from "../em/_em_core.ts";
import { type CovarianceForm, type MomentShape, momentSize } from "./_fused_forms.ts";
import { formFusedPath, type FormStatistics } from "./_fused_families.ts";
import { openPool } from "../fused/_workers.ts";
import { DEGENERATE_VARIANCE_FACTOR, type DegenerateComponent } from "../em/degeneracy.ts";
import { SingularCovarianceError } from "../errors.ts";
import { cholesky, logDetFromCholesky, logMvNormalPdfCholesky } from "./_linalg.ts";
import type { Points } from "./_validate.ts";
import { degenerateComponentsMvUnchecked } from "./degeneracy.ts";
import type { MvEmSnapshot } from "./_types.ts";
import { type FlatPoints, fusedStepMvUnchecked } from "./fused.ts";
import { mStepMvUnchecked } from "./m_step.ts";
import {
  type ComponentStats,
  INNER,
  type InnerControl,
  statsFromResponsibilities,
  withRidge,
} from "./models/_stats.ts";
import {
  covarianceStep,
  minimumPoints,
  modelParameterCount,
  type MvModelName,
  mvModelName,
} from "./models/table.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";
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

export {
  COVARIANCE_TYPES,
  type CovarianceType,
  MCLUST_MODELS,
  type MvModelName,
  mvModelName,
  sklearnName,
} from "./models/table.ts";

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
    messages().collapsedMvAt(h + 1, iteration, last.toPrecision(8)),
    h,
    history as readonly MvEmSnapshot[],
  );
}

function rows(r: Float64Array, n: number, k: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(r.subarray(i * k, i * k + k)));
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
  parameterCount: (k, d) => modelParameterCount("VVV", k, d),
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
 * A model's M-step from the sufficient statistics: weights Nₕ / N, means
 * μₕ, and the model's covariance step on the scatters with the ridge
 * (W̃ₕ = Wₕ + Nₕ · ridge). A covariance that is not positive definite marks
 * its component collapsed. This is the interface a fused pass feeds.
 */
export function mStepFromStats(
  model: MvModelName,
  stats: ComponentStats,
  ridge: readonly number[],
  previous: MvMixture,
  inner: InnerControl = INNER,
): MStepOutcome<MvMixture> {
  const k = stats.counts.length;
  const total = stats.counts.reduce((a, b) => a + b, 0);
  const weights = stats.counts.map((c) => c / total);
  const means = stats.means.map((m) => [...m]);
  const covariances = covarianceStep(model, k)(
    withRidge(stats, ridge),
    previous.covariances,
    inner,
  );
  const collapsedComponents = covariances.flatMap((c, h) =>
    stats.counts[h]! > 0 && (!c.every((row) => row.every(Number.isFinite)) || cholesky(c) === null)
      ? [h]
      : []
  );
  return outcome({ weights, means, covariances }, stats.emptyComponents, collapsedComponents);
}

/**
 * The degeneracy rule of a model: a component on fewer effective points
 * than its own parameters need (`minimumPoints`: 1 when its covariance is
 * shared, d + 1 when its determinant is its own, else 2), or whose
 * covariance is held up by the ridge (Σₕ − 2·ridge not positive definite).
 */
export function degenerateForModel(
  model: MvModelName,
  mixture: MvMixture,
  n: number,
  ridge: readonly number[],
): DegenerateComponent[] {
  const out: DegenerateComponent[] = [];
  mixture.covariances.forEach((cov, h) => {
    const d = cov.length;
    const min = minimumPoints(model, d);
    const count = n * mixture.weights[h]!;
    const shifted = cov.map((row, a) =>
      row.map((v, b) => (a === b ? v - DEGENERATE_VARIANCE_FACTOR * ridge[a]! : v))
    );
    if (count < min) {
      out.push(degenerateRecord(h, "few-points", count, messages().fewPoints(min)));
    } else if (ridge.some((v) => v > 0) && cholesky(shifted) === null) {
      out.push(degenerateRecord(h, "ridge", count, messages().atRidge));
    }
  });
  return out;
}

/** The covariance form in which a model's log-density is read by its fused pass. */
function formOf(model: MvModelName): CovarianceForm {
  if (model === "EII") return "tied-spherical";
  if (model === "VII") return "spherical";
  if (model === "EEI") return "tied-diagonal";
  if (model.endsWith("I")) return "diagonal";
  return model === "EEE" ? "tied-full" : "full";
}

/**
 * The second moments a model's M-step needs of the pass: none per component
 * for the models with one shared covariance (EII, EEI, EEE: the pooled
 * scatter), the trace for VII, the diagonal for the other diagonal models,
 * the full matrix for the rest.
 */
function momentsOf(model: MvModelName): MomentShape {
  if (model === "EII" || model === "EEI" || model === "EEE") return "pooled";
  if (model === "VII") return "trace";
  return model.endsWith("I") ? "diagonal" : "full";
}

/**
 * The fused pass's statistics as the models' sufficient statistics
 * (Wₕ = Nₕ · scatter; from a trace, Wₕ's first diagonal entry carries it
 * all; from the pooled scatter P, Wₕ = Nₕ · P, whose sum is N · P).
 */
function componentStats(stats: FormStatistics, previous: MvMixture): ComponentStats {
  const { n, d } = stats;
  const k = stats.counts.length, t = momentSize(stats.moments, d);
  const pooled = stats.moments === "pooled";
  const counts: number[] = [], means: number[][] = [], scatters: number[][][] = [];
  const emptyComponents: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = stats.counts[h]!;
    const w = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    if (!(nh / n > 0)) {
      emptyComponents.push(h);
      counts.push(0);
      means.push([...previous.means[h]!]);
      scatters.push(w);
      continue;
    }
    if (stats.moments === "trace") w[0]![0] = nh * stats.scatter[h]!;
    for (let a = 0; a < d && stats.moments !== "trace"; a++) {
      if (stats.moments === "diagonal") {
        w[a]![a] = nh * stats.scatter[h * t + a]!;
        continue;
      }
      const at = pooled ? 0 : h * ((d * (d + 1)) / 2);
      for (let b = 0; b <= a; b++) {
        w[a]![b] = w[b]![a] = nh * stats.scatter[at + (a * (a + 1)) / 2 + b]!;
      }
    }
    counts.push(nh);
    means.push(Array.from(stats.means.subarray(h * d, h * d + d)));
    scatters.push(w);
  }
  return { n, d, counts, means, scatters, emptyComponents };
}

function modelFamily(model: MvModelName): Family<PreparedPoints, MvMixture> {
  const form = formOf(model);
  const family: Family<PreparedPoints, MvMixture> = {
    model,
    // The fused pass (written out, WebAssembly for d = 2, workers): the
    // model's M-step from the pass's statistics; a start outside the form
    // takes the readable steps for its first iteration.
    fused: formFusedPath<PreparedPoints>(
      form,
      momentsOf(model),
      (stats, ridge, previous) =>
        mStepFromStats(model, componentStats(stats, previous), ridge, previous),
      (data, mixture) => readableStep(family, data, mixture),
    ),
    logDensities,
    mStep: (data, r, previous) =>
      mStepFromStats(
        model,
        statsFromResponsibilities(data.points, r, previous.weights.length, previous.means),
        data.ridge,
        previous,
      ),
    parameterCount: (k, d) => modelParameterCount(model, k, d),
    degenerate: (mixture, data) => degenerateForModel(model, mixture, data.n, data.ridge),
    collapse,
  };
  return family;
}

/** Every model's family, each with a fused pass (VVV its own). */
const FAMILIES: Readonly<Record<MvModelName, Family<PreparedPoints, MvMixture>>> = Object.freeze({
  EII: modelFamily("EII"),
  VII: modelFamily("VII"),
  EEI: modelFamily("EEI"),
  VEI: modelFamily("VEI"),
  EVI: modelFamily("EVI"),
  VVI: modelFamily("VVI"),
  EEE: modelFamily("EEE"),
  VEE: modelFamily("VEE"),
  EVE: modelFamily("EVE"),
  VVE: modelFamily("VVE"),
  EEV: modelFamily("EEV"),
  VEV: modelFamily("VEV"),
  EVV: modelFamily("EVV"),
  VVV: familyFull,
});

/** "tied" / "EEE": one covariance for all. */
export const familyTied: Family<PreparedPoints, MvMixture> = FAMILIES.EEE;
/** "diag" / "VVI": diagonal covariances. */
export const familyDiag: Family<PreparedPoints, MvMixture> = FAMILIES.VVI;

/** The family of a model (by mclust's or scikit-learn's name). */
export function covarianceFamily(name: string): Family<PreparedPoints, MvMixture> {
  return FAMILIES[mvModelName(name) ?? "VVV"];
}
