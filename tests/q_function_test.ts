import { assert, assertAlmostEquals, assertGreater, assertThrows } from "@std/assert";
import {
  completeDataLogLikelihood,
  eStep,
  initRandom,
  logLikelihood,
  lowerBound,
  mixture,
  mStep,
  ParameterRangeError,
  ParameterTypeError,
  qFunction,
  qGradient,
  qPerturbations,
  qTerms,
  responsibilityEntropy,
  sampleMixture,
} from "../lib/mod.ts";
import { logNormalPdf } from "../lib/core/math/normal.ts";

const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
const { x, labels } = sampleMixture(truth, 400, { seed: 11 });
const old = initRandom(2, { seed: 5 });
const { responsibilities } = eStep(x, old);

Deno.test("qFunction() matches the double sum written out by hand", () => {
  const data = [0, 1, 3];
  const r = [[1, 0], [0.25, 0.75], [0, 1]];
  const m = mixture([0.4, 0.6], [0.5, 2], [1, 1.5]);
  let expected = 0;
  for (let i = 0; i < 3; i++) {
    for (let h = 0; h < 2; h++) {
      if (r[i]![h] === 0) continue;
      expected += r[i]![h]! *
        (Math.log(m.weights[h]!) + logNormalPdf(data[i]!, m.means[h]!, m.stdDevs[h]!));
    }
  }
  assertAlmostEquals(qFunction(data, r, m), expected, 1e-12);
  const t = qTerms(data, r, m);
  assertAlmostEquals(t.weightTerm, 1.25 * Math.log(0.4) + 1.75 * Math.log(0.6), 1e-12);
});

Deno.test("qFunction() with certain responsibilities is the complete-data log-likelihood", () => {
  const oneHot = labels.map((z) => (z === 0 ? [1, 0] : [0, 1]));
  assertAlmostEquals(
    qFunction(x, oneHot, truth),
    completeDataLogLikelihood(x, labels, truth),
    1e-9,
  );
});

Deno.test("lowerBound() equals log L at θ_old and lies below it elsewhere", () => {
  assertAlmostEquals(lowerBound(x, responsibilities, old), logLikelihood(x, old), 1e-8);
  for (let seed = 0; seed < 20; seed++) {
    const theta = initRandom(2, { seed });
    assert(lowerBound(x, responsibilities, theta) <= logLikelihood(x, theta) + 1e-9);
  }
});

Deno.test("responsibilityEntropy() is k·log k·N at uniform responsibilities", () => {
  const r = Array.from({ length: 10 }, () => [1 / 3, 1 / 3, 1 / 3]);
  assertAlmostEquals(responsibilityEntropy(r), 10 * Math.log(3), 1e-12);
});

Deno.test("qGradient() matches the analytic partial derivatives away from the optimum", () => {
  const theta = mixture([0.3, 0.7], [-0.1, 0.4], [0.2, 0.5]);
  const g = qGradient(x, responsibilities, theta);
  for (let h = 0; h < 2; h++) {
    let nh = 0, dmu = 0, dsigma = 0;
    const mu = theta.means[h]!, s = theta.stdDevs[h]!;
    for (let i = 0; i < x.length; i++) {
      const r = responsibilities[i]![h]!, d = x[i]! - mu;
      nh += r;
      dmu += (r * d) / (s * s);
      dsigma += (r * (-s * s + d * d)) / (s * s * s);
    }
    // Central differences with step 1e-5 on |Q| ~ 1e3: agreement to ~1e-5 relative.
    assertAlmostEquals(g.weights[h]!, nh / theta.weights[h]!, 1e-4 * Math.abs(nh / 0.3));
    assertAlmostEquals(g.means[h]!, dmu, 1e-5 * Math.max(1, Math.abs(dmu)));
    assertAlmostEquals(g.stdDevs[h]!, dsigma, 1e-5 * Math.max(1, Math.abs(dsigma)));
    assertGreater(Math.abs(dmu) + Math.abs(dsigma), 1, "the test point is not already optimal");
  }
});

Deno.test("qGradient() is ≈ 0 at the M-step update, with ∂Q/∂λₕ = N", () => {
  const next = mStep(x, responsibilities).mixture;
  const g = qGradient(x, responsibilities, next);
  for (const v of [...g.means, ...g.stdDevs, ...g.weightsOnSimplex]) {
    assertAlmostEquals(v, 0, 1e-5);
  }
  for (const v of g.weights) assertAlmostEquals(v, x.length, 1e-4);
});

Deno.test("qPerturbations() drops are all positive at the update and not all at θ_old", () => {
  const next = mStep(x, responsibilities).mixture;
  const rows = qPerturbations(x, responsibilities, next, { delta: 0.01 });
  assert(rows.length === 12);
  assert(rows.every((r) => r.drop > 0));
  const atOld = qPerturbations(x, responsibilities, old, { delta: 0.01 });
  assert(atOld.some((r) => r.drop < 0));
  const weightRows = rows.filter((r) => r.parameter === "weights");
  assert(weightRows.every((r) => Math.abs(r.change) > 0));
});

Deno.test("q functions reject mismatched responsibilities and bad options", () => {
  assertThrows(() => qFunction(x, responsibilities.slice(1), old), ParameterRangeError, "rows");
  assertThrows(
    () => qFunction([1, 2], [[0.5, 0.5], [0.5]], old),
    ParameterRangeError,
    "responsibilities[1]",
  );
  assertThrows(() => qFunction([1], [[2, -1]], old), ParameterRangeError, "in [0, 1]");
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => qFunction([1], "r" as any, old),
    ParameterTypeError,
    "responsibilities must be",
  );
  assertThrows(
    () => qPerturbations(x, responsibilities, old, { delta: 0 }),
    ParameterRangeError,
    "options.delta",
  );
  assertThrows(
    () => completeDataLogLikelihood([1, 2], [0, 2], old),
    ParameterRangeError,
    "labels[1]",
  );
});
