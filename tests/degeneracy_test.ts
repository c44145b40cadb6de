/**
 * Degenerate components and the restart ranking: a component held up by the
 * variance floor or the ridge, or with too few points, is flagged, and `fit`
 * and `fitMv` never keep such a run when a proper one exists. Old Faithful
 * (notebooks/data/old_faithful.csv) supplies the real cases: six eruption
 * durations recorded as exactly 4.8 min in 1-D, fourteen waits of exactly
 * 83 min in 2-D.
 */
import { assert, assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
import {
  defaultVarianceFloor,
  DEGENERATE_VARIANCE_FACTOR,
  degenerateComponents,
  degenerateComponentsMv,
  fit,
  fitMv,
  mixture,
  mvMixture,
  parseCsvColumn,
} from "../lib/mod.ts";

const csv = await Deno.readTextFile(
  new URL("../notebooks/data/old_faithful.csv", import.meta.url),
);
const eruptions = parseCsvColumn(csv, "eruptions");
const waiting = parseCsvColumn(csv, "waiting");
const points = eruptions.map((e, i) => [e, waiting[i]!]);

// --- the 1-D criterion -----------------------------------------------------

Deno.test("degenerateComponents() flags σ² up to 2 × the floor and not above, counting from 1", () => {
  const floor = 1e-6;
  const at = (sd: number) => degenerateComponents(mixture([0.5, 0.5], [0, 5], [1, sd]), 100, floor);
  assertEquals(DEGENERATE_VARIANCE_FACTOR, 2);
  assertEquals(at(Math.sqrt(floor)).map((c) => [c.component, c.index, c.reason]), [
    [2, 1, "variance-floor"],
  ]);
  assertEquals(at(Math.sqrt(1.99 * floor)).length, 1);
  assertEquals(at(Math.sqrt(2.01 * floor)), []);
  // No floor, no floor check.
  assertEquals(degenerateComponents(mixture([0.5, 0.5], [0, 5], [1, 1e-3]), 100, 0), []);
});

Deno.test("degenerateComponents() flags fewer than 2 effective points, empty components included", () => {
  const m = mixture([0.985, 0.015, 0], [0, 3, 9], [1, 1, 1]);
  const found = degenerateComponents(m, 100, 1e-6);
  assertEquals(found.map((c) => [c.component, c.reason]), [[2, "few-points"], [3, "few-points"]]);
  assertAlmostEquals(found[0]!.effectiveCount, 1.5, 1e-12);
  assertEquals(found[1]!.effectiveCount, 0);
  assertStringIncludes(found[0]!.description, "component 2: fewer than 2 effective points");
  // Two effective points are enough.
  assertEquals(degenerateComponents(mixture([0.98, 0.02], [0, 3], [1, 1]), 100, 1e-6), []);
});

// --- the d-D criterion ------------------------------------------------------

Deno.test("degenerateComponentsMv() flags a covariance held up by the ridge in one column", () => {
  const ridge = [1e-6, 1e-4];
  const cov = (v: number) =>
    mvMixture([0.9, 0.1], [[0, 0], [1, 83]], [[[1, 0.5], [0.5, 40]], [[0.2, 0], [0, v]]]);
  // Σ = S + diag(ridge): own spread 0, 0.9 × ridge → flagged; 1.1 × ridge → proper.
  assertEquals(
    degenerateComponentsMv(cov(1e-4), 272, ridge).map((c) => [c.component, c.reason]),
    [[2, "ridge"]],
  );
  assertEquals(degenerateComponentsMv(cov(1.9e-4), 272, ridge).length, 1);
  assertEquals(degenerateComponentsMv(cov(2.1e-4), 272, ridge), []);
});

Deno.test("degenerateComponentsMv() finds a component squeezed onto a slanted line", () => {
  // Own scatter along (1, 1) only: Σ = 0.5·[[1, 1], [1, 1]] + ridge·I.
  const r = 1e-6;
  const line = [[0.5 + r, 0.5], [0.5, 0.5 + r]];
  const m = mvMixture([0.5, 0.5], [[0, 0], [3, 3]], [[[1, 0], [0, 1]], line]);
  assertEquals(degenerateComponentsMv(m, 100, r).map((c) => c.component), [2]);
  // Neither diagonal entry is small: a check of the variances alone would miss it.
  assert(line[0]![0]! > 1000 * DEGENERATE_VARIANCE_FACTOR * r);
});

Deno.test("degenerateComponentsMv() flags fewer than d + 1 effective points", () => {
  const m = mvMixture([0.975, 0.025], [[0, 0], [3, 3]], [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);
  const found = degenerateComponentsMv(m, 100, 1e-6);
  assertEquals(found.map((c) => [c.component, c.reason]), [[2, "few-points"]]);
  assertStringIncludes(found[0]!.description, "fewer than 3 effective points");
});

// --- the ranking, 1-D: the spike on the six 4.8s ---------------------------

// emlab's k-means++ start with seed 12 converges to this mixture: component 4
// sits on the six durations recorded as exactly 4.8 min, σ at the default
// floor (0.00114 min), log L −254.04 — above the proper maximum −257.458.
const spike = mixture(
  [0.5185487448813709, 0.33658263270669475, 0.12359823898106576, 0.02127038343086861],
  [4.365378735754651, 1.9989750544945697, 3.634382662375541, 4.8],
  [0.3331824031648433, 0.21080204835287494, 0.5739159953005033, 0.0011392712102257676],
);

Deno.test("fit() from the spike on 4.8 says every run was degenerate, names component 4 and what to do", () => {
  const r = fit(eruptions, 4, { start: spike, tol: 1e-8, maxIter: 10_000 });
  assert(r.degenerate);
  assertEquals(r.degenerateComponents.map((c) => [c.component, c.reason]), [[
    4,
    "variance-floor",
  ]]);
  assertAlmostEquals(r.mixture.means[3]!, 4.8, 1e-9);
  assertAlmostEquals(r.degenerateComponents[0]!.effectiveCount, 6, 0.5);
  assert(r.runs[0]!.degenerate);
  const warning = r.warnings.find((w) => w.startsWith("degenerate fit"));
  assert(warning !== undefined, r.warnings.join("\n"));
  assertStringIncludes(warning, "the only run is degenerate");
  assertStringIncludes(warning, "component 4: σ²");
  assertStringIncludes(warning, "Try fewer components, a larger varianceFloor, or more starts");
  assert(r.logLikelihood > -254.1 && r.logLikelihood < -254.0, `${r.logLikelihood}`);
});

Deno.test("the spike's log-likelihood is set by the floor, not by the data", () => {
  // Floor σ 1e-4, 1e-6, 1e-8: each factor 100 adds 6 · ln 100 ≈ 27.6 (six tied points).
  const ll = [1e-4, 1e-6, 1e-8].map((s) =>
    fit(eruptions, 4, { start: spike, varianceFloor: s * s, tol: 1e-8, maxIter: 10_000 })
      .logLikelihood
  );
  assertAlmostEquals(ll[0]!, -239.64, 0.01);
  assertAlmostEquals(ll[1]!, -212.03, 0.01);
  assertAlmostEquals(ll[2]!, -184.40, 0.01);
  assertAlmostEquals(ll[1]! - ll[0]!, 6 * Math.log(100), 0.05);
});

Deno.test("fit() keeps the proper maximum at k = 4 although a degenerate run scores higher", () => {
  const r = fit(eruptions, 4, { nInit: 20, seed: 1, tol: 1e-8, maxIter: 10_000 });
  const spikeRun = r.runs.find((run) => run.seed === 12)!;
  assert(spikeRun.degenerate);
  assertEquals(spikeRun.degenerateComponents.map((c) => c.component), [4]);
  assert(spikeRun.logLikelihood > r.logLikelihood + 3, "the spike scores higher");
  assert(!r.degenerate);
  assert(!r.runs[r.bestRun]!.degenerate);
  assertEquals(r.degenerateComponents, []);
  assertAlmostEquals(r.logLikelihood, -257.4585, 1e-2); // scikit-learn's maximum
  assertEquals(
    r.logLikelihood,
    Math.max(...r.runs.filter((x) => !x.degenerate).map((x) => x.logLikelihood)),
  );
  assert(!r.warnings.some((w) => w.startsWith("degenerate fit")));
});

Deno.test("fit() with nothing but degenerate runs keeps the best of them and says so", () => {
  const r = fit([0, 0, 0, 1, 1, 1], 4, { nInit: 5, seed: 1 });
  assert(r.runs.every((run) => run.degenerate));
  assert(r.degenerate);
  assertEquals(r.logLikelihood, Math.max(...r.runs.map((x) => x.logLikelihood)));
  assertStringIncludes(r.warnings.join("\n"), "all 5 runs are degenerate");
});

// --- the ranking, d-D: a component on the fourteen waits of 83 min ----------

// scikit-learn 1.9.1, GaussianMixture(n_components=3, init_params="random_from_data",
// random_state=56, tol=1e-8, max_iter=5000), default reg_covar=1e-6, on both
// columns of old_faithful.csv: component 2 sits on the 14 waits of exactly
// 83 min (its waiting variance is reg_covar), log L −1053.22.
const sklearnCollapsed = mvMixture(
  [0.5928931245812131, 0.051384043771488086, 0.35572283164729884],
  [[4.296795343032879, 79.70061075133403], [4.20329604430702, 83.0], [
    2.0360242842422807,
    54.47566848989902,
  ]],
  [
    [[0.1673430875763038, 1.0531105597139998], [1.0531105597139998, 38.383719416715266]],
    [[0.19735950531776006, 0.0], [0.0, 1e-06]],
    [[0.06888484287583053, 0.43284350598234766], [0.43284350598234766, 33.688897432707364]],
  ],
);

Deno.test("fitMv() from scikit-learn's collapsed 3-component fit flags component 2 (ridge)", () => {
  const r = fitMv(points, 3, { start: sklearnCollapsed });
  assertAlmostEquals(r.logLikelihood, -1089.44, 0.01);
  // Its waiting variance is the default ridge (1e-6 × the column's variance): no spread of its own.
  assertAlmostEquals(r.mixture.covariances[1]![1]![1]!, r.ridge[1]!, 1e-9 * r.ridge[1]!);
  assertAlmostEquals(r.ridge[1]!, defaultVarianceFloor(waiting), 1e-15);
  assert(r.degenerate);
  assertEquals(r.degenerateComponents.map((c) => [c.component, c.reason]), [[2, "ridge"]]);
  assertAlmostEquals(r.degenerateComponents[0]!.effectiveCount, 14, 0.5);
  const warning = r.warnings.find((w) => w.startsWith("degenerate fit"));
  assert(warning !== undefined, r.warnings.join("\n"));
  assertStringIncludes(warning, "component 2: covariance held up by the ridge");
  assertStringIncludes(warning, "Try fewer components, a larger ridge, or more starts");
  // The collapse scores above the best proper 3-component fit of 10 k-means++ starts:
  // ranked on raw log-likelihood it would win.
  const proper = fitMv(points, 3, { nInit: 10, seed: 1 });
  assert(!proper.degenerate);
  assert(r.logLikelihood > proper.logLikelihood + 20);
});

Deno.test("fitMv() keeps a proper maximum at k = 5 although a ridge-held run scores higher", () => {
  const r = fitMv(points, 5, { nInit: 30, seed: 1 });
  const held = r.runs.filter((run) => run.degenerate);
  assert(held.length > 0);
  assert(held.every((run) => run.degenerateComponents.length > 0));
  const top = held.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
  assert(top.logLikelihood > r.logLikelihood + 10, `${top.logLikelihood} vs ${r.logLikelihood}`);
  assertEquals(top.degenerateComponents.map((c) => c.reason), ["ridge"]);
  assert(!r.degenerate);
  assert(!r.runs[r.bestRun]!.degenerate);
  assertEquals(
    r.logLikelihood,
    Math.max(...r.runs.filter((x) => !x.degenerate).map((x) => x.logLikelihood)),
  );
});
