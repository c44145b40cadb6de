// The k-means++ start behind initKMeansPlusPlusMv, without argument checks:
// fitMv checks the points once and passes what every start needs from them.
import { distance2, kMeansPlusPlusCentres } from "../init/_kmeans_pp.ts";
import { randomSeed, seededSource } from "../random.ts";
import { checkComponentCount, checkSeed } from "../_validate.ts";
import type { PreparedPoints } from "./_families.ts";
import { cholesky } from "./_linalg.ts";
import { checkStartDimension, covarianceMatrix, type Points } from "./_validate.ts";
import { freezeMvMixture, type MvMixture } from "./mixture.ts";
import { inModel, projectCovariances } from "./models/membership.ts";
import type { MvModelName } from "./models/table.ts";
import { ParameterRangeError } from "../errors.ts";
import { defaultRidge } from "./ridge.ts";

/**
 * {@linkcode initKMeansPlusPlusMv} without argument checks, for a fit that
 * checked the points once; `overall` (their covariance matrix) and `ridge`
 * (the default ridge) when the caller has them already.
 */
export function initKMeansPlusPlusMvUnchecked(
  data: Points,
  k: number,
  seed: number,
  overall: readonly (readonly number[])[] = covarianceMatrix(data),
  ridge: readonly number[] = defaultRidge(data),
): MvMixture {
  const source = seededSource(seed);
  const centres = kMeansPlusPlusCentres(data, k, source, distance2);
  return fromCentres(data, centres, overall, ridge);
}

/** Hard-assign points to the nearest centre and summarise each cluster. */
function fromCentres(
  data: Points,
  centres: readonly (readonly number[])[],
  overall: readonly (readonly number[])[],
  ridge: readonly number[],
): MvMixture {
  const k = centres.length, d = data[0]!.length;
  const clusters: (readonly number[])[][] = Array.from({ length: k }, () => []);
  for (const x of data) {
    let best = 0, bestD = Infinity;
    for (let h = 0; h < k; h++) {
      const t = distance2(x, centres[h]!);
      if (t < bestD) bestD = t, best = h;
    }
    clusters[best]!.push(x);
  }
  const means: number[][] = [], covariances: number[][][] = [];
  for (let h = 0; h < k; h++) {
    const c = clusters[h]!;
    means.push(
      c.length > 0
        ? Array.from({ length: d }, (_, j) => c.reduce((s, x) => s + x[j]!, 0) / c.length)
        : [...centres[h]!],
    );
    let cov = c.length > d ? covarianceMatrix(c) : overall.map((r) => [...r]);
    cov = cov.map((r, a) => r.map((v, b) => (a === b ? v + ridge[a]! : v)));
    if (cholesky(cov) === null) {
      cov = overall.map((r, a) => r.map((v, b) => (a === b ? v + ridge[a]! : v)));
    }
    covariances.push(cov);
  }
  // Give an empty cluster a small share rather than a zero weight.
  const raw = clusters.map((c) => Math.max(c.length, 0.5));
  const total = raw.reduce((a, b) => a + b, 0);
  return freezeMvMixture({ weights: raw.map((c) => c / total), means, covariances });
}

/**
 * The start of a run on prepared points, checked once: the given mixture, or
 * k components by k-means++ from `seed` (a fresh seed when it is undefined),
 * as {@linkcode initKMeansPlusPlusMv} would make them.
 */
export function resolveMvStart(
  prepared: PreparedPoints,
  start: number | MvMixture,
  seed: unknown,
  model: MvModelName = "VVV",
): MvMixture {
  if (typeof start !== "number") {
    checkStartDimension(prepared.points, start, "start");
    checkStartInModel(model, start, "start");
    return start;
  }
  checkComponentCount(start, prepared.n);
  const runSeed = seed ?? randomSeed();
  checkSeed(runSeed, "options.seed");
  return startInModel(
    model,
    initKMeansPlusPlusMvUnchecked(prepared.points, start, runSeed),
    prepared.n,
  );
}

/**
 * A start made for any model (k-means++ gives each cluster its own
 * covariance) turned into the model's: the model's M-step from the
 * clusters' scatters, so the first snapshot already belongs to the model.
 */
export function startInModel(model: MvModelName, start: MvMixture, n: number): MvMixture {
  if (model === "VVV") return start;
  const covariances = projectCovariances(model, start.weights, start.means, start.covariances, n);
  return freezeMvMixture({
    weights: [...start.weights],
    means: start.means.map((m) => [...m]),
    covariances,
  });
}

/** A given start must have the model's geometry: else a typed error naming the model. */
export function checkStartInModel(model: MvModelName, start: MvMixture, parameter: string): void {
  if (inModel(model, start.covariances)) return;
  throw new ParameterRangeError(
    parameter,
    `covariances of the ${model} model (${describeModel(model)})`,
    "covariances outside that model",
    `Start from a mixture of the ${model} model (e.g. from a ${model} fit's history[0]), ` +
      "or leave the start out for k-means++.",
  );
}

function describeModel(model: MvModelName): string {
  const part = (c: string, what: string) =>
    c === "E" ? `equal ${what}` : c === "V" ? `variable ${what}` : `${what} the identity`;
  return [part(model[0]!, "volume"), part(model[1]!, "shape"), part(model[2]!, "orientation")]
    .join(", ")
    .replace("volume the identity", "volume");
}
