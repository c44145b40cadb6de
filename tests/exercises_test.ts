/**
 * Every exercise check of the notebooks, on the notebook's own data: the
 * solution is judged right, each typical mistake wrong with the message that
 * names it, a placeholder "not answered yet", and the texts exist for every key.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes, assertThrows } from "@std/assert";
import { join } from "node:path";
import {
  checkAssignment,
  checkBic,
  checkBound,
  checkCovarianceUpdate,
  checkFloor,
  checkKl,
  checkLagrangeMultiplier,
  checkLogLikelihood,
  checkMahalanobis,
  checkMatching,
  checkMeanUpdate,
  checkModelParameterCount,
  checkMStepWeight,
  checkParameterCount,
  checkPickK,
  checkPredictLong,
  checkResponsibility,
  checkShape,
  checkSigmaUpdate,
  checkSpike,
  checkVolume,
  type ComponentUpdate,
  type CovarianceUpdate,
  eStep,
  EXERCISE_MESSAGES,
  exerciseById,
  EXERCISES,
  fit,
  fitMv,
  initRandom,
  judgeNumber,
  type KlFunction,
  logNormalPdf,
  logSumExp,
  mixture,
  MV_MODELS,
  mvMixture,
  ParameterRangeError,
  ParameterTypeError,
  parseCsvColumn,
  sampleMixture,
  selectK,
  separationProblems,
  setLanguage,
  significantDigits,
  Verdict,
  VERDICT_MIME,
} from "../lib/mod.ts";
import { ROOT } from "../tools/setup.ts";
import { numberExercise } from "../lib/exercises/exercise.ts";

const seed = 16;
const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
const { x } = sampleMixture(truth, 1000, { seed });
const start = initRandom(2, { seed });
const csv = Deno.readTextFileSync(join(ROOT, "notebooks", "data", "old_faithful.csv"));
const durations = parseCsvColumn(csv, "eruptions");
const waiting = parseCsvColumn(csv, "waiting");
const points = durations.map((e, i) => [e, waiting[i]!]);

/** The status and key of a verdict, for one assertEquals. */
const judged = (v: Verdict) => [v.status, v.key];

/** Normal density, written out as the solutions do. */
const pdf = (v: number, m: number, s: number) =>
  Math.exp(-((v - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));

function weighted(
  data: ArrayLike<number>,
  r: readonly (readonly number[])[],
  h: number,
) {
  let nh = 0, sum = 0;
  for (let i = 0; i < data.length; i++) {
    nh += r[i]![h]!;
    sum += r[i]![h]! * data[i]!;
  }
  return { nh, sum, mean: sum / nh };
}

Deno.test("exercise checks say 'not answered yet' for the placeholder, as status unanswered", () => {
  const r = eStep(x, start).responsibilities;
  const verdicts = [
    checkResponsibility(undefined, x, start),
    checkMStepWeight(undefined, x, start),
    checkLogLikelihood(undefined, x, start),
    checkSigmaUpdate(undefined, x, r, start),
    checkLagrangeMultiplier(undefined, r),
    checkMeanUpdate(undefined, x, r),
    checkSpike(undefined, 0.3, 1e-3),
    checkFloor(undefined, x),
    checkMatching(undefined, truth, start),
    checkParameterCount(undefined, 3, 2),
    checkModelParameterCount(undefined, "VVE", 3, 2),
    checkVolume(undefined, [[4, 1], [1, 2]]),
    checkShape(undefined, [[4, 1], [1, 2]]),
    checkBound(undefined, x, start),
    checkKl(undefined, x, start),
    checkAssignment(undefined, x, [-1, -0.8]),
  ];
  for (const v of verdicts) {
    assertEquals(v.status, "unanswered", v.exercise);
    assertEquals(v.text(), EXERCISE_MESSAGES.en.unanswered, v.exercise);
  }
});

Deno.test("01 checkResponsibility: the hand-computed value is right; the numerator alone is named", () => {
  const a = start.weights[0]! * pdf(x[0]!, start.means[0]!, start.stdDevs[0]!);
  const b = start.weights[1]! * pdf(x[0]!, start.means[1]!, start.stdDevs[1]!);
  assertEquals(judged(checkResponsibility(a / (a + b), x, start)), ["right", "rightValue"]);
  assertEquals(judged(checkResponsibility(a, x, start)), ["wrong", "responsibility.numerator"]);
  assertEquals(judged(checkResponsibility(b / (a + b), x, start)), [
    "wrong",
    "responsibility.otherComponent",
  ]);
  // unequal weights, where leaving λ out makes a difference
  const m = mixture([0.2, 0.8], [-0.3, 0.5], [0.3, 0.3]);
  const u = pdf(x[0]!, -0.3, 0.3) / (pdf(x[0]!, -0.3, 0.3) + pdf(x[0]!, 0.5, 0.3));
  assertEquals(judged(checkResponsibility(u, x, m)), ["wrong", "responsibility.unweighted"]);
  assertEquals(judged(checkResponsibility("0.5", x, m)), ["wrong", "notANumber"]);
});

Deno.test("01 checkMStepWeight: the average responsibility is right; N₁ and the hard share are named", () => {
  const r = eStep(x, start).responsibilities;
  const n1 = r.reduce((s, row) => s + row[0]!, 0);
  assertEquals(judged(checkMStepWeight(n1 / x.length, x, start)), ["right", "rightValue"]);
  assertEquals(judged(checkMStepWeight(n1, x, start)), ["wrong", "weight.notDivided"]);
  const hard = r.filter((row) => row[0]! > row[1]!).length / x.length;
  assertEquals(judged(checkMStepWeight(hard, x, start)), ["wrong", "weight.hard"]);
  const v = checkMStepWeight(n1, x, start);
  assertMatch(v.text(), /N₁ = Σᵢ p̄\(1 \| xᵢ\)/);
  assertMatch(v.text(), new RegExp(`${(n1 / x.length).toPrecision(4)}`));
});

Deno.test("01 checkLogLikelihood: log of the sum is right; log inside the sum, mean, 0 are named", () => {
  let right = 0, inside = 0;
  for (const v of x) {
    const terms = [0, 1].map((h) => start.weights[h]! * pdf(v, start.means[h]!, start.stdDevs[h]!));
    right += Math.log(terms[0]! + terms[1]!);
    inside += Math.log(terms[0]!) + Math.log(terms[1]!);
  }
  assertEquals(judged(checkLogLikelihood(right, x, start)), ["right", "rightValue"]);
  assertEquals(judged(checkLogLikelihood(inside, x, start)), ["wrong", "logL.logInside"]);
  assertEquals(judged(checkLogLikelihood(right / x.length, x, start)), ["wrong", "logL.mean"]);
  assertEquals(judged(checkLogLikelihood(0, x, start)), ["wrong", "logL.product"]);
  // to the digits given: two decimals are right, two significant digits only "rounded"
  assertEquals(judged(checkLogLikelihood(Number(right.toFixed(2)), x, start)), [
    "right",
    "rightValue",
  ]);
  assertEquals(judged(checkLogLikelihood(Number(right.toPrecision(2)), x, start)), [
    "wrong",
    "rounded",
  ]);
  assertEquals(judged(checkLogLikelihood(right * 1.001, x, start)), ["wrong", "wrong"]);
});

const r02 = eStep(x, start).responsibilities;
const sigmaRight: ComponentUpdate = (d, r, h) => {
  const { nh, mean } = weighted(d, r, h);
  let ss = 0;
  for (let i = 0; i < d.length; i++) ss += r[i]![h]! * (d[i]! - mean) ** 2;
  return ss / nh;
};

Deno.test("02 checkSigmaUpdate: the M-step's σ² is right; dividing by N, the old mean, σ are named", () => {
  assertEquals(judged(checkSigmaUpdate(sigmaRight, x, r02, start)), ["right", "rightFunction"]);
  const byN: ComponentUpdate = (d, r, h) => (sigmaRight(d, r, h) * weighted(d, r, h).nh) / d.length;
  const v = checkSigmaUpdate(byN, x, r02, start);
  assertEquals(judged(v), ["wrong", "sigma.divideByN"]);
  assertMatch(
    v.text(),
    /For component 1 your σ² is .*did you divide by N instead of by Nₕ = N·λₕ\?/,
  );
  const oldMean: ComponentUpdate = (d, r, h) => {
    const { nh } = weighted(d, r, h);
    let ss = 0;
    for (let i = 0; i < d.length; i++) ss += r[i]![h]! * (d[i]! - start.means[h]!) ** 2;
    return ss / nh;
  };
  assertEquals(judged(checkSigmaUpdate(oldMean, x, r02, start)), ["wrong", "sigma.oldMean"]);
  const sigma: ComponentUpdate = (d, r, h) => Math.sqrt(sigmaRight(d, r, h));
  assertEquals(judged(checkSigmaUpdate(sigma, x, r02, start)), ["wrong", "sigma.returnedSigma"]);
  const throws: ComponentUpdate = () => {
    throw new Error("not written yet");
  };
  const thrown = checkSigmaUpdate(throws, x, r02, start);
  assertEquals(judged(thrown), ["wrong", "threw"]);
  assertMatch(thrown.text(), /not written yet/);
  assertEquals(judged(checkSigmaUpdate(42, x, r02, start)), ["wrong", "notAFunction"]);
  // right for component 1 only: the verdict names component 2
  const half: ComponentUpdate = (d, r, h) => (h === 0 ? sigmaRight(d, r, h) : byN(d, r, h));
  assertMatch(checkSigmaUpdate(half, x, r02, start).text(), /For component 2/);
});

Deno.test("02 checkLagrangeMultiplier: Σₕ Nₕ is right; 1, −N and one Nₕ are named", () => {
  const nSum = r02.reduce((s, r) => s + r[0]! + r[1]!, 0);
  assertEquals(judged(checkLagrangeMultiplier(nSum, r02)), ["right", "rightValue"]);
  assertEquals(judged(checkLagrangeMultiplier(1, r02)), ["wrong", "beta.one"]);
  assertEquals(judged(checkLagrangeMultiplier(-x.length, r02)), ["wrong", "beta.sign"]);
  const n1 = r02.reduce((s, r) => s + r[0]!, 0);
  assertEquals(judged(checkLagrangeMultiplier(n1, r02)), ["wrong", "beta.nh"]);
});

Deno.test("02 checkMeanUpdate: the weighted mean is right; /N, no division, plain mean are named", () => {
  const right: ComponentUpdate = (d, r, h) => weighted(d, r, h).mean;
  assertEquals(judged(checkMeanUpdate(right, x, r02)), ["right", "rightFunction"]);
  const byN: ComponentUpdate = (d, r, h) => weighted(d, r, h).sum / d.length;
  assertEquals(judged(checkMeanUpdate(byN, x, r02)), ["wrong", "mean.divideByN"]);
  const noDivision: ComponentUpdate = (d, r, h) => weighted(d, r, h).sum;
  assertEquals(judged(checkMeanUpdate(noDivision, x, r02)), ["wrong", "mean.notDivided"]);
  const plain: ComponentUpdate = (d) => Array.from(d).reduce((a, b) => a + b, 0) / d.length;
  assertEquals(judged(checkMeanUpdate(plain, x, r02)), ["wrong", "mean.unweighted"]);
  const nothing = (() => {}) as unknown as ComponentUpdate;
  assertEquals(judged(checkMeanUpdate(nothing, x, r02)), ["wrong", "returnedNothing"]);
});

const two = fit(durations, 2, { init: "random", nInit: 10, seed: 7, maxIter: 2000 });

Deno.test("03 checkBic: −2 log L + 5 log N is right; 3k parameters and +2 log L are named", () => {
  const n = durations.length;
  const right = -2 * two.logLikelihood + 5 * Math.log(n);
  assertEquals(judged(checkBic(right, durations, two)), ["right", "rightValue"]);
  assertEquals(judged(checkBic(-2 * two.logLikelihood + 6 * Math.log(n), durations, two)), [
    "wrong",
    "bic.threeK",
  ]);
  assertEquals(judged(checkBic(2 * two.logLikelihood + 5 * Math.log(n), durations, two)), [
    "wrong",
    "bic.sign",
  ]);
  assertEquals(judged(checkBic(-2 * two.logLikelihood + 10, durations, two)), ["wrong", "bic.aic"]);
});

Deno.test("03 checkPickK: the lowest BIC among proper fits is right; the highest log L is named", () => {
  const choice = selectK(durations, [1, 2, 3, 4, 5], { nInit: 4, seed: 7 });
  const proper = choice.rows.filter((r) => !r.degenerate);
  const lowest = proper.reduce((a, b) => (b.bic < a.bic ? b : a)).k;
  assertEquals(judged(checkPickK(lowest, choice)), ["right", "rightValue"]);
  const highestL = proper.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a)).k;
  assert(highestL !== lowest, "this test needs log L and BIC to disagree");
  assertEquals(judged(checkPickK(highestL, choice)), ["wrong", "pickK.highestLogL"]);
});

Deno.test("03 checkPredictLong: the weighted posterior is right; P(short) and a hard label are named", () => {
  const m = two.mixture;
  const long = m.means[0]! > m.means[1]! ? 0 : 1;
  const w = [0, 1].map((h) => m.weights[h]! * pdf(3, m.means[h]!, m.stdDevs[h]!));
  const p = w[long]! / (w[0]! + w[1]!);
  assertEquals(judged(checkPredictLong(p, m, 3)), ["right", "rightValue"]);
  assertEquals(judged(checkPredictLong(1 - p, m, 3)), ["wrong", "predict.short"]);
  assertEquals(judged(checkPredictLong(p > 0.5 ? 1 : 0, m, 3)), ["wrong", "predict.hard"]);
  const u = pdf(3, m.means[long]!, m.stdDevs[long]!) /
    (pdf(3, m.means[0]!, m.stdDevs[0]!) + pdf(3, m.means[1]!, m.stdDevs[1]!));
  assertEquals(judged(checkPredictLong(u, m, 3)), ["wrong", "predict.unweighted"]);
});

const small = sampleMixture(truth, 50, { seed }).x;

Deno.test("04 checkSpike: −log σ − ½ log 2π is right; without ½ log 2π and with σ² are named", () => {
  const right = -Math.log(1e-3) - 0.5 * Math.log(2 * Math.PI);
  assertEquals(judged(checkSpike(right, small[0]!, 1e-3)), ["right", "rightValue"]);
  assertEquals(judged(checkSpike(-Math.log(1e-3), small[0]!, 1e-3)), ["wrong", "spike.noTwoPi"]);
  assertEquals(judged(checkSpike(-Math.log(1e-6) - 0.5 * Math.log(2 * Math.PI), 0.1, 1e-3)), [
    "wrong",
    "spike.variance",
  ]);
});

Deno.test("04 checkFloor: 10⁻⁶ × the 1/N variance is right; 1/(N − 1) and σ_min are named", () => {
  const mean = small.reduce((s, v) => s + v, 0) / small.length;
  const ss = small.reduce((s, v) => s + (v - mean) ** 2, 0);
  assertEquals(judged(checkFloor(1e-6 * ss / small.length, small)), ["right", "rightValue"]);
  assertEquals(judged(checkFloor(1e-6 * ss / (small.length - 1), small)), [
    "wrong",
    "floor.sampleVariance",
  ]);
  assertEquals(judged(checkFloor(Math.sqrt(1e-6 * ss / small.length), small)), [
    "wrong",
    "floor.sigma",
  ]);
});

Deno.test("04 checkMatching: matchComponents' order is right; its inverse and no order are named", () => {
  const three = mixture([1 / 3, 1 / 3, 1 / 3], [-4, 0, 4], [1, 1, 1]);
  const x3 = sampleMixture(three, 600, { seed: 3 }).x;
  const restarts = fit(x3, 3, { nInit: 10, seed: 3 });
  const means = restarts.mixture.means;
  const order = three.means.map((m) =>
    means.reduce((b, e, j) => (Math.abs(e - m) < Math.abs(means[b]! - m) ? j : b), 0)
  );
  assertEquals(judged(checkMatching(order, three, restarts.mixture)), ["right", "match.right"]);
  // the same fit relabelled so that the order is a 3-cycle (its inverse differs)
  const est = mixture([0.3, 0.4, 0.3], [0.1, 3.9, -4.1], [1, 1, 1]);
  assertEquals(judged(checkMatching([2, 0, 1], three, est)), ["right", "match.right"]);
  assertEquals(judged(checkMatching([1, 2, 0], three, est)), ["wrong", "match.inverse"]);
  assertEquals(judged(checkMatching([0, 1, 2], three, est)), ["wrong", "match.identity"]);
  assertEquals(judged(checkMatching([1, 1, 2], three, est)), ["wrong", "match.notPermutation"]);
});

const start05 = mvMixture(
  [0.5, 0.5],
  [[2.5, 75], [4.0, 60]],
  [[[0.5, 0], [0, 50]], [[0.5, 0], [0, 50]]],
);

function covariance(centre: "new" | "old", divideBy: "nh" | "n"): CovarianceUpdate {
  return (pts, r, h) => {
    let nh = 0;
    let m0 = 0, m1 = 0;
    pts.forEach((p, i) => {
      nh += r[i]![h]!;
      m0 += r[i]![h]! * p[0]!;
      m1 += r[i]![h]! * p[1]!;
    });
    const mu = [m0, m1];
    const c = centre === "new" ? mu.map((v) => v / nh) : [...start05.means[h]!];
    const s = [[0, 0], [0, 0]];
    pts.forEach((p, i) => {
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) s[a]![b]! += r[i]![h]! * (p[a]! - c[a]!) * (p[b]! - c[b]!);
      }
    });
    const by = divideBy === "nh" ? nh : pts.length;
    return s.map((row) => row.map((v) => v / by));
  };
}

Deno.test("05 checkCovarianceUpdate: the weighted scatter / Nₕ is right; /N, old mean, diagonal named", () => {
  assertEquals(judged(checkCovarianceUpdate(covariance("new", "nh"), points, start05)), [
    "right",
    "rightFunction",
  ]);
  assertEquals(judged(checkCovarianceUpdate(covariance("new", "n"), points, start05)), [
    "wrong",
    "cov.divideByN",
  ]);
  assertEquals(judged(checkCovarianceUpdate(covariance("old", "nh"), points, start05)), [
    "wrong",
    "cov.oldMean",
  ]);
  const diagonal: CovarianceUpdate = (pts, r, h) => {
    const s = covariance("new", "nh")(pts, r, h);
    return [[s[0]![0]!, 0], [0, s[1]![1]!]];
  };
  assertEquals(judged(checkCovarianceUpdate(diagonal, points, start05)), ["wrong", "cov.diagonal"]);
});

Deno.test("05 checkMahalanobis: √(dᵀ Σ⁻¹ d) is right; its square and the Euclidean distance are named", () => {
  const fitted = fitMv(points, 2, { seed: 1 }).mixture;
  const cov = fitted.covariances[0]!;
  const a = cov[0]![0]!, b = cov[0]![1]!, c = cov[1]![1]!;
  const dx = points[0]![0]! - fitted.means[0]![0]!, dy = points[0]![1]! - fitted.means[0]![1]!;
  const d2 = (c * dx * dx - 2 * b * dx * dy + a * dy * dy) / (a * c - b * b);
  assertEquals(judged(checkMahalanobis(Math.sqrt(d2), points[0]!, fitted)), [
    "right",
    "rightValue",
  ]);
  assertEquals(judged(checkMahalanobis(d2, points[0]!, fitted)), ["wrong", "mahal.squared"]);
  assertEquals(judged(checkMahalanobis(Math.hypot(dx, dy), points[0]!, fitted)), [
    "wrong",
    "mahal.euclidean",
  ]);
});

Deno.test("05 checkParameterCount: k·d + k·d(d+1)/2 + k − 1 is right; d² entries and k weights named", () => {
  assertEquals(judged(checkParameterCount(17, 3, 2)), ["right", "rightValue"]);
  assertEquals(judged(checkParameterCount(20, 3, 2)), ["wrong", "params.fullMatrix"]);
  assertEquals(judged(checkParameterCount(18, 3, 2)), ["wrong", "params.weightsFree"]);
  assertEquals(judged(checkParameterCount(15, 3, 2)), ["wrong", "params.noWeights"]);
});

Deno.test("05 checkModelParameterCount: VVE, k = 3, d = 2 is 15; an orientation per component, d shape entries named", () => {
  // (k − 1) + k·d + k volumes + k·(d − 1) shapes + one shared orientation, d(d − 1)/2
  assertEquals(judged(checkModelParameterCount(2 + 6 + 3 + 3 + 1, "VVE", 3, 2)), [
    "right",
    "rightValue",
  ]);
  assertEquals(judged(checkModelParameterCount(17, "VVE", 3, 2)), [
    "wrong",
    "params.orientationPerComponent",
  ]);
  assertEquals(judged(checkModelParameterCount(18, "VVE", 3, 2)), ["wrong", "params.shapeAllFree"]);
  assertEquals(judged(checkModelParameterCount(7, "VVE", 3, 2)), [
    "wrong",
    "params.covarianceOnly",
  ]);
  assertEquals(judged(checkModelParameterCount(16, "VVE", 3, 2)), ["wrong", "params.weightsFree"]);
  assertEquals(judged(checkModelParameterCount(9, "VVE", 3, 2)), ["wrong", "params.noMeans"]);
  assertMatch(checkModelParameterCount(17, "VVE", 3, 2).text(), /third letter of VVE/);
  // the other form, letter by letter, agrees with the table for every model
  const ex = exerciseById("05.modelParameters");
  for (const model of MV_MODELS) {
    for (const [k, d] of [[1, 1], [3, 2], [4, 5]] as const) {
      assertEquals(ex.otherForm(model, k, d), ex.solution(model, k, d), `${model} k ${k} d ${d}`);
    }
  }
  // EEI at k = 3 cannot tell k free weights (11) from d free shape entries (11)
  assert(separationProblems(ex, "EEI", 3, 2).length > 0);
  assertThrows(
    () => checkModelParameterCount(15, "full" as never, 3, 2),
    ParameterRangeError,
    "model",
  );
});

/** The shared covariance of a three-component EEE fit on Old Faithful, as in notebook 05. */
const eee = fitMv(points, 3, { covariance: "EEE", nInit: 5, seed: 1, tol: 1e-6 }).mixture
  .covariances[0]!;

Deno.test("05 checkVolume: |Σ|^(1/d) is right; |Σ|, tr Σ / d, the ellipse's area, √λ named", () => {
  const a = eee[0]![0]!, b = eee[0]![1]!, c = eee[1]![1]!;
  const det = a * c - b * b;
  assertEquals(judged(checkVolume(Math.sqrt(det), eee)), ["right", "rightValue"]);
  assertEquals(judged(checkVolume(det, eee)), ["wrong", "volume.determinant"]);
  assertEquals(judged(checkVolume((a + c) / 2, eee)), ["wrong", "volume.meanVariance"]);
  assertEquals(judged(checkVolume(Math.sqrt(a * c), eee)), ["wrong", "volume.diagonalOnly"]);
  assertEquals(judged(checkVolume(Math.PI * Math.sqrt(det), eee)), ["wrong", "volume.ellipseArea"]);
  assertEquals(judged(checkVolume(det ** 0.25, eee)), ["wrong", "volume.squareRoot"]);
  // in 3-D the volume is the cube root
  assertEquals(judged(checkVolume(2, [[8, 0, 0], [0, 1, 0], [0, 0, 1]])), ["right", "rightValue"]);
  assertThrows(() => checkVolume(1, [[1, 2], [2, 1]]), ParameterRangeError, "covariance");
  assertThrows(() => checkVolume(1, [[1, 0]]), ParameterTypeError, "covariance");
  assertEquals(separationProblems(exerciseById("05.volume"), eee), []);
});

Deno.test("05 checkShape: the smallest eigenvalue / |Σ|^(1/d) is right; the larger entry, unnormalised, ÷ tr or ÷ e₁, ÷ |Σ|, Σ's diagonal named", () => {
  const a = eee[0]![0]!, b = eee[0]![1]!, c = eee[1]![1]!;
  const mid = (a + c) / 2, r = Math.hypot((a - c) / 2, b);
  const [e1, e2] = [mid + r, mid - r];
  const volume = Math.sqrt(e1 * e2);
  // A = diag(21.720, 0.046040): the question asks for the smaller entry
  assertEquals(judged(checkShape(e2 / volume, eee)), ["right", "rightValue"]);
  assertEquals(judged(checkShape(Math.sqrt(e2 / e1), eee)), ["right", "rightValue"]);
  assertEquals(judged(checkShape(0.04604, eee)), ["right", "rightValue"]);
  assertEquals(judged(checkShape(e1 / volume, eee)), ["wrong", "shape.larger"]);
  assertEquals(judged(checkShape(e2, eee)), ["wrong", "shape.notNormalised"]);
  assertEquals(judged(checkShape(e2 / e1, eee)), ["wrong", "shape.byTraceOrLargest"]);
  // ÷ tr Σ (0.0021152) and ÷ e₁ (0.0021197) agree to 3 digits: one message names both,
  // and ÷ tr Σ typed to more digits is named too
  for (const digits of [3, 4, 6, 17]) {
    assertEquals(judged(checkShape(Number((e2 / (a + c)).toPrecision(digits)), eee)), [
      "wrong",
      "shape.byTraceOrLargest",
    ], `÷ tr Σ to ${digits} digits`);
  }
  assertEquals(judged(checkShape(e2 / (e1 * e2), eee)), ["wrong", "shape.byDeterminant"]);
  // the tilt forgotten: Σ₁₁ / λ = 0.0503; with the larger entry, Σ₂₂ / λ = 21.716 was within 21.720's band
  assertEquals(judged(checkShape(a / volume, eee)), ["wrong", "shape.sigmaDiagonal"]);
  // in 3-D: eigenvalues 8, 2 and 1/2 have the volume ∛8 = 2, so A's smallest entry is (1/2) / 2
  const diag3 = [[8, 0, 0], [0, 2, 0], [0, 0, 0.5]];
  assertEquals(judged(checkShape(0.5 / Math.cbrt(8), diag3)), ["right", "rightValue"]);
  assertEquals(separationProblems(exerciseById("05.shape"), eee), []);
});

const theta = mixture([0.5, 0.5], [0, 0.3], [0.5, 0.5]);

Deno.test("06 checkKl: KL(q ‖ p) is right (0 at the posterior); KL(p ‖ q) and its negative are named", () => {
  const posterior = (m: typeof theta, v: number) => {
    const lj = m.weights.map((w, h) => Math.log(w) + logNormalPdf(v, m.means[h]!, m.stdDevs[h]!));
    const lp = logSumExp(lj);
    return lj.map((l) => l - lp);
  };
  const right: KlFunction = (d, q, m) => {
    let s = 0;
    for (let i = 0; i < d.length; i++) {
      const lp = posterior(m, d[i]!);
      q[i]!.forEach((qh, h) => (s += qh > 0 ? qh * (Math.log(qh) - lp[h]!) : 0));
    }
    return s;
  };
  assertEquals(judged(checkKl(right, x, theta)), ["right", "rightValue"]);
  const reversed: KlFunction = (d, q, m) => {
    let s = 0;
    for (let i = 0; i < d.length; i++) {
      const lp = posterior(m, d[i]!);
      q[i]!.forEach((qh, h) => (s += Math.exp(lp[h]!) * (lp[h]! - Math.log(qh))));
    }
    return s;
  };
  assertEquals(judged(checkKl(reversed, x, theta)), ["wrong", "kl.reversed"]);
  const negative: KlFunction = (d, q, m) => -right(d, q, m);
  assertEquals(judged(checkKl(negative, x, theta)), ["wrong", "kl.sign"]);
  assertEquals(judged(checkKl(() => 1, x, theta)), ["wrong", "kl.notZero"]);
});

Deno.test("06 checkBound: joint term + entropy is right; without the entropy or with it subtracted named", () => {
  let joint = 0;
  for (const v of x) {
    for (let h = 0; h < 2; h++) {
      joint += 0.5 * (Math.log(0.5) + logNormalPdf(v, theta.means[h]!, theta.stdDevs[h]!));
    }
  }
  const entropy = x.length * Math.log(2);
  assertEquals(judged(checkBound(joint + entropy, x, theta)), ["right", "rightValue"]);
  assertEquals(judged(checkBound(joint, x, theta)), ["wrong", "bound.noEntropy"]);
  assertEquals(judged(checkBound(joint - entropy, x, theta)), ["wrong", "bound.entropySign"]);
});

Deno.test("06 checkAssignment: the nearest centre is right; the farthest and labels from 1 are named", () => {
  const nearest = (d: ArrayLike<number>, c: readonly number[]) =>
    Array.from(d, (v) => (Math.abs(v - c[0]!) <= Math.abs(v - c[1]!) ? 0 : 1));
  const centres = [-1, -0.8];
  assertEquals(judged(checkAssignment(nearest, x, centres)), ["right", "assign.right"]);
  const farthest = (d: ArrayLike<number>, c: readonly number[]) => nearest(d, c).map((l) => 1 - l);
  assertEquals(judged(checkAssignment(farthest, x, centres)), ["wrong", "assign.farthest"]);
  const fromOne = (d: ArrayLike<number>, c: readonly number[]) => nearest(d, c).map((l) => l + 1);
  assertEquals(judged(checkAssignment(fromOne, x, centres)), ["wrong", "assign.oneBased"]);
  assertEquals(judged(checkAssignment(() => [0], x, centres)), ["wrong", "assign.shape"]);
});

Deno.test("Verdict shows its text and its status for tools; every key has an English text", () => {
  const v = Verdict.wrong("01.weight", "weight.notDivided", { yours: 389.1, expected: 0.3891 });
  const bundle = (v as unknown as Record<symbol, () => Record<string, string>>)[
    Symbol.for("Jupyter.display")
  ]!.call(v);
  assertEquals(bundle["text/plain"], v.text());
  assertEquals(JSON.parse(bundle[VERDICT_MIME]!), {
    status: "wrong",
    exercise: "01.weight",
    key: "weight.notDivided",
  });
  assertMatch(v.text(), /^✗ Not right yet\. Yours is 389\.1, the M-step gives 0\.3891/);
  for (const [key, text] of Object.entries(EXERCISE_MESSAGES.en)) {
    assert(text.trim() !== "", `empty text for ${key}`);
    for (const name of text.matchAll(/\{(\w+)\}/g)) {
      assert(/^[a-z]\w*$/i.test(name[1]!), `${key}: placeholder ${name[0]}`);
    }
  }
});

/** The placeholders of a text, sorted. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
/** Kana and CJK ideographs. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

Deno.test("EXERCISE_MESSAGES: the Japanese table has every key, in Japanese, quoting the same values", () => {
  assertEquals(Object.keys(EXERCISE_MESSAGES.ja).sort(), Object.keys(EXERCISE_MESSAGES.en).sort());
  for (const [key, en] of Object.entries(EXERCISE_MESSAGES.en)) {
    const ja = EXERCISE_MESSAGES.ja[key as keyof typeof EXERCISE_MESSAGES.ja];
    assertMatch(ja, JAPANESE, `${key} is Japanese`);
    assertEquals(placeholders(ja), placeholders(en), `${key} quotes the same values`);
  }
});

Deno.test('Verdict speaks the library\'s language: a wrong answer under setLanguage("ja") says why in Japanese', () => {
  const wrong = checkParameterCount(20, 3, 2); // d² covariance entries instead of d(d+1)/2
  const unanswered = checkParameterCount(undefined, 3, 2);
  assertEquals(judged(wrong), ["wrong", "params.fullMatrix"]);
  assertMatch(wrong.text(), /^✗ Not right yet\. Yours is 20, the count is 17/);
  setLanguage("ja");
  try {
    assertEquals(
      wrong.text(),
      "✗ まだ正しくありません。答えは 20、パラメータ数は 17 です。" +
        "共分散行列は対称なので、自由な要素は d² 個ではなく d(d+1)/2 個です。",
    );
    assertEquals(String(wrong), wrong.text(), "toString() follows the language too");
    assertEquals(unanswered.text(), EXERCISE_MESSAGES.ja.unanswered);
    // An explicit language wins over the chosen one.
    assertMatch(wrong.text("en"), /^✗ Not right yet\./);
  } finally {
    setLanguage("en");
  }
  assertMatch(wrong.text(), /^✗ Not right yet\./, "back to English");
});

Deno.test({
  name: "EMLAB_LANG=ja makes the checks speak Japanese from the start",
  fn: async () => {
    const script = 'import { checkParameterCount } from "@emlab/emlab"; ' +
      "console.log(checkParameterCount(20, 3, 2).text());";
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", "--quiet", script],
      cwd: ROOT,
      env: { EMLAB_LANG: "ja" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert(out.success, new TextDecoder().decode(out.stderr));
    assertMatch(
      new TextDecoder().decode(out.stdout),
      /^✗ まだ正しくありません。答えは 20、/,
    );
  },
});

Deno.test("judgeNumber is right to the digits an answer gives, down to 3 significant digits", () => {
  const truth = 0.612349;
  const says = (a: number) => judged(judgeNumber("x.y", a, truth, [{ value: 0.7, key: "wrong" }]));
  for (const a of [truth, 0.6123, 0.61234, 0.612, 0.61235]) {
    assertEquals(says(a), ["right", "rightValue"], String(a));
  }
  for (const a of [0.6125, 0.6122, 0.613, 0.611]) {
    assertEquals(says(a), ["wrong", "wrong"], String(a));
  }
  // fewer than 3 digits: "rounded" only when it is the truth rounded or cut off
  assertEquals(says(0.61), ["wrong", "rounded"]);
  assertEquals(says(0.6), ["wrong", "rounded"]);
  assertEquals(says(0.62), ["wrong", "wrong"]);
  // a computed value is held to about 10 digits, not 3
  assertEquals(says(truth * (1 + 1e-6)), ["wrong", "wrong"]);
  assertEquals(says(truth * (1 + 1e-13)), ["right", "rightValue"]);
  // integers: 1000 is 1000, 1005 is not
  assertEquals(judged(judgeNumber("x.y", 1000, 999.9999999999998)), ["right", "rightValue"]);
  assertEquals(judged(judgeNumber("x.y", 1005, 1000)), ["wrong", "wrong"]);
  assertEquals([significantDigits(1000), significantDigits(0.0012), significantDigits(-12.5)], [
    1,
    2,
    3,
  ]);
});

Deno.test("EXERCISES: 21 exercises, each with ≥ 4 mistakes, unique ids, a diagnosis in every language", async () => {
  assertEquals(EXERCISES.length, 21);
  assertEquals(new Set(EXERCISES.map((e) => e.id)).size, 21);
  // three per notebook, six in 05, numbered in notebook order
  const perNotebook = [3, 3, 3, 3, 6, 3];
  const numbers = perNotebook.flatMap((n, nb) =>
    Array.from({ length: n }, (_, i) => `0${nb + 1}.${i + 1}`)
  );
  assertEquals(EXERCISES.map((e) => e.number), numbers);
  for (const e of EXERCISES) {
    assertEquals(e.number.slice(0, 2), e.notebook.slice(0, 2), e.id);
    assertEquals(e.id.slice(0, 2), e.notebook.slice(0, 2), e.id);
    assert(e.mistakes.length >= 4, `${e.id}: ${e.mistakes.length} mistakes`);
    assertEquals(new Set(e.mistakes.map((m) => m.id)).size, e.mistakes.length, e.id);
    for (const m of e.mistakes) {
      assert(m.label.trim() !== "", `${e.id} ${m.id}: a label`);
      assert(m.key in EXERCISE_MESSAGES.en && m.key in EXERCISE_MESSAGES.ja, `${e.id} ${m.key}`);
    }
    assertEquals(exerciseById(e.id), e);
  }
  assertThrows(() => exerciseById("07.nothing"), ParameterRangeError, "07.nothing");
  // The README counts them.
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  const mistakes = EXERCISES.reduce((n, e) => n + e.mistakes.length, 0);
  const messages = EXERCISES.reduce((n, e) => n + new Set(e.mistakes.map((m) => m.key)).size, 0);
  assertStringIncludes(readme, `${mistakes} mistakes in all (${messages} messages)`);
});

Deno.test("separationProblems lets two mistakes share a band only when they share a message", () => {
  // 2.000 and 2.001 agree at 3 digits (2.00): fine when one message names both, not otherwise.
  const made = (second: "shape.byTraceOrLargest" | "shape.larger") =>
    numberExercise<[]>({
      id: "05.made",
      number: "05.9",
      notebook: "05-old-faithful-2d",
      solution: () => 1,
      mistakes: [
        { id: "a", key: "shape.byTraceOrLargest", label: "a", answer: () => 2 },
        { id: "b", key: second, label: "b", answer: () => 2.001 },
        { id: "c", key: "shape.notNormalised", label: "c", answer: () => 3 },
        { id: "d", key: "shape.byDeterminant", label: "d", answer: () => 4 },
      ],
    });
  assertEquals(separationProblems(made("shape.byTraceOrLargest")), []);
  const problems = separationProblems(made("shape.larger"));
  assert(problems.some((p) => p.startsWith("05.made b: 2 agrees with a, b")), problems.join("\n"));
});

Deno.test("separationProblems finds a catalogue that these data cannot tell apart", () => {
  // equal weights: leaving λ out of the responsibility changes nothing
  const equal = mixture([0.5, 0.5], [-0.5, 0.4], [0.3, 0.3]);
  const problems = separationProblems(exerciseById("01.responsibility"), x, equal);
  assert(problems.some((p) => p.includes("unweighted")), problems.join("\n"));
  // unequal weights: every mistake has its own band
  const guess = mixture([0.3, 0.7], [-0.5, 0.4], [0.3, 0.5]);
  assertEquals(separationProblems(exerciseById("01.responsibility"), x, guess), []);
  // two centres that every point is nearer the second of: the rules cannot be told apart
  assert(separationProblems(exerciseById("06.assign"), x, [-1, -0.8]).length > 0);
  assertEquals(separationProblems(exerciseById("06.assign"), x, [0.1, 0.6, -0.4]), []);
});

Deno.test("Japanese messages: no 「あなた」, 例外が発生しました, PRML's terms", () => {
  const all = Object.values(EXERCISE_MESSAGES.ja).join("\n");
  for (
    const banned of ["あなた", "エラーを投げ", "混合比", "完全な共分散", "非対角成分", "❌", "✅"]
  ) {
    assert(!all.includes(banned), banned);
  }
  assertMatch(EXERCISE_MESSAGES.ja.threw, /例外が発生しました/);
  assertMatch(EXERCISE_MESSAGES.ja["responsibility.unweighted"], /混合係数/);
  assertMatch(EXERCISE_MESSAGES.ja["params.diagonal"], /フル共分散行列/);
  assert(!Object.values(EXERCISE_MESSAGES.en).join("\n").match(/[❌✅]/u));
});
