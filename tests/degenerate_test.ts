/**
 * Degenerate data, on purpose. Each case has a documented behaviour (see
 * docs/errors.md, "Degenerate data"): a clear error, or a well-defined fit
 * whose `warnings` say what happened — never a silent NaN.
 */
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertInstanceOf,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  defaultVarianceFloor,
  DegenerateFitError,
  em,
  type EmSnapshot,
  emStep,
  fit,
  type FitResult,
  type Mixture,
  mixture,
  mStep,
  ParameterRangeError,
  sampleMixture,
} from "../lib/mod.ts";

function assertFiniteMixture(m: Mixture): void {
  for (const v of [...m.weights, ...m.means, ...m.stdDevs]) assert(Number.isFinite(v), `${v}`);
  for (const s of m.stdDevs) assert(s > 0);
  assertAlmostEquals(m.weights.reduce((a, b) => a + b, 0), 1, 1e-12);
}

function assertFiniteFit(r: FitResult): void {
  assertFiniteMixture(r.mixture);
  for (const v of [r.logLikelihood, r.bic, r.aic]) assert(Number.isFinite(v), `${v}`);
  for (const s of r.history) {
    assertFiniteMixture(s.mixture);
    assert(Number.isFinite(s.logLikelihood));
  }
  for (const row of r.responsibilities) assert(row.every(Number.isFinite));
}

const bulk = sampleMixture(mixture([1], [0], [1]), 200, { seed: 5 }).x;

// --- all points identical -------------------------------------------------

for (
  const [name, data] of [
    ["three copies of 2", [2, 2, 2]],
    ["a single point", [5]],
    // 0.1 is not a binary fraction: a naive mean of ten copies is not exactly 0.1,
    // which once gave a variance of 2e-34 and a spike "fit" instead of this error.
    ["ten copies of 0.1", new Array(10).fill(0.1)],
    ["1000 copies of 1e9 + 0.3", new Array(1000).fill(1e9 + 0.3)],
  ] as const
) {
  Deno.test(`fit(), em() and emStep() reject identical data: ${name}`, () => {
    for (
      const call of [
        () => fit(data, 1),
        () => [...em(data, mixture([1], [0], [1]))],
        () => emStep(data, mixture([1], [0], [1])),
      ]
    ) {
      const e = assertThrows(
        call,
        ParameterRangeError,
        "data must be at least two distinct values",
      );
      assertEquals(e.parameter, "data");
      assertStringIncludes(e.message, "add data or summarise it without EM");
    }
  });
}

Deno.test("fit() names the single value of one-point data", () => {
  const e = assertThrows(() => fit([5], 1), ParameterRangeError);
  assertStringIncludes(e.received, "5");
});

// --- fewer distinct values than components --------------------------------

Deno.test("fit() with fewer distinct values than components holds σ at the floor and warns", () => {
  const data = [0, 0, 0, 1, 1, 1];
  const floor = defaultVarianceFloor(data);
  for (const init of ["kmeans++", "quantiles", "random-points"] as const) {
    const r = fit(data, 4, { init, seed: 1 });
    assertFiniteFit(r);
    assert(r.warnings.some((w) => w.includes("held at the variance floor")), `${init}`);
    // Every run is degenerate, and the fit says so.
    assert(r.degenerate && r.runs.every((run) => run.degenerate), init);
    assert(r.warnings.some((w) => w.startsWith("degenerate fit: the only run is degenerate")));
    // Every component sits on 0 or 1 with σ² at the floor, or has (almost) no weight.
    for (let h = 0; h < 4; h++) {
      if (r.mixture.weights[h]! < 1e-3) continue;
      assert([0, 1].some((v) => Math.abs(r.mixture.means[h]! - v) < 1e-6), `${init} μ${h}`);
      assertAlmostEquals(r.mixture.stdDevs[h]! ** 2, floor, floor * 1e-9);
    }
    // The likelihood is bounded by the floor: each point's density ≤ 1/(√(2π)·σ_floor).
    assert(r.logLikelihood <= data.length * -Math.log(Math.sqrt(2 * Math.PI * floor)) + 1e-9);
  }
});

Deno.test("fit() with k = N puts one component on each point, at the floor", () => {
  const r = fit([1, 2, 3], 3, { seed: 1 });
  assertFiniteFit(r);
  assertEquals(r.mixture.means.toSorted(), [1, 2, 3]);
  for (const s of r.mixture.stdDevs) {
    assertAlmostEquals(s ** 2, defaultVarianceFloor([1, 2, 3]), 1e-15);
  }
  assertStringIncludes(r.warnings.join(), "component(s) 1, 2, 3 held at the variance floor");
});

// --- a component that loses all its points --------------------------------

Deno.test("em() gives weight 0 to a component that loses all its points, keeps it, and warns", () => {
  // Component 2 sits 1000 σ from every point: its responsibilities underflow to 0.
  const start = mixture([0.5, 0.5], [0, 1e3], [1, 1e-3]);
  const history: EmSnapshot[] = [...em(bulk, start, { tol: 0, maxIter: 5 })];
  assertEquals(history.length, 6);
  for (const s of history.slice(1)) {
    assertEquals(s.mixture.weights[1], 0);
    assertEquals(s.mixture.weights[0], 1);
    // The empty component keeps its last μ and σ, so the state stays finite.
    assertEquals([s.mixture.means[1], s.mixture.stdDevs[1]], [1e3, 1e-3]);
    assertEquals(s.warnings, ["component(s) 2 lost all their points (weight 0)"]);
    assert(Number.isFinite(s.logLikelihood));
  }
  const r = fit(bulk, 2, { start });
  assertFiniteFit(r);
  assertStringIncludes(r.warnings.join(), "component(s) 2 lost all their points (weight 0)");
  // The only run has an empty component: the fit says it is degenerate.
  assert(r.degenerate);
  assertEquals(r.degenerateComponents.map((c) => [c.component, c.reason]), [[2, "few-points"]]);
  // With component 2 gone, the fit is the one-component fit.
  const one = fit(bulk, 1, { seed: 1 });
  assertAlmostEquals(r.mixture.means[0]!, one.mixture.means[0]!, 1e-9);
  assertAlmostEquals(r.logLikelihood, one.logLikelihood, 1e-6);
});

Deno.test("mStep() reports an empty component and keeps the previous μ, σ", () => {
  const previous = mixture([0.5, 0.5], [0, 7], [1, 2]);
  const { mixture: m, emptyComponents } = mStep([0, 1, 2], [[1, 0], [1, 0], [1, 0]], {
    previous,
  });
  assertEquals(emptyComponents, [1]);
  assertEquals([m.weights[1], m.means[1], m.stdDevs[1]], [0, 7, 2]);
  assertEquals(m.weights[0], 1);
});

Deno.test("mStep() counts a component whose weight underflows to 0 as empty, and says so", () => {
  // Σᵢ p̄ = 1e-323 > 0, but λ = 1e-323 / 10 underflows to 0.
  const data = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const rows = data.map((_, i) => (i === 0 ? [1, 1e-323] : [1, 0]));
  const previous = mixture([0.5, 0.5], [4, 40], [3, 2]);
  const { mixture: m, emptyComponents } = mStep(data, rows, { previous });
  assertEquals(emptyComponents, [1]);
  assertEquals([m.weights[1], m.means[1], m.stdDevs[1]], [0, 40, 2]);
});

// --- one far outlier -------------------------------------------------------

Deno.test("fit() gives a far outlier its own component, σ at the floor, with a warning", () => {
  const data = [...bulk, 1e3];
  const r = fit(data, 2, { seed: 1, nInit: 3 });
  assertFiniteFit(r);
  const o = r.mixture.means[0]! > r.mixture.means[1]! ? 0 : 1;
  assertAlmostEquals(r.mixture.means[o]!, 1e3, 1e-9);
  assertAlmostEquals(r.mixture.weights[o]!, 1 / data.length, 1e-12);
  assertAlmostEquals(r.mixture.stdDevs[o]! ** 2, defaultVarianceFloor(data), 1e-12);
  assertStringIncludes(r.warnings.join(), `component(s) ${o + 1} held at the variance floor`);
  // One point: a degenerate component, in every run, and the fit says so.
  assertEquals(r.degenerateComponents.map((c) => [c.component, c.reason]), [[o + 1, "few-points"]]);
  assertStringIncludes(r.warnings.join(), "degenerate fit: all 3 runs are degenerate");
  // The bulk is fitted as if the outlier were not there.
  const clean = fit(bulk, 1, { seed: 1 });
  assertAlmostEquals(r.mixture.means[1 - o]!, clean.mixture.means[0]!, 1e-9);
  assertAlmostEquals(r.mixture.stdDevs[1 - o]!, clean.mixture.stdDevs[0]!, 1e-9);
});

Deno.test("fit() with an outlier 10⁶ σ away: the relative floor swamps the bulk, and says so", () => {
  // The default floor is 1e-6 × the variance of all the data, which one point
  // 10⁶ σ away inflates to about 2e9: σ_floor ≈ 70, so the bulk's σ ≈ 1 is held
  // at the floor. Documented in docs/errors.md; an explicit floor fixes it.
  const data = [...bulk, 1e6];
  const floor = defaultVarianceFloor(data);
  assert(floor > 1e3);
  const r = fit(data, 2, { seed: 1 });
  assertFiniteFit(r);
  assertStringIncludes(r.warnings.join(), "component(s) 1, 2 held at the variance floor");
  for (const s of r.mixture.stdDevs) assertAlmostEquals(s ** 2, floor, floor * 1e-12);
  const fixed = fit(data, 2, { seed: 1, varianceFloor: 1e-6 });
  assertFiniteFit(fixed);
  const b = fixed.mixture.means[0]! < fixed.mixture.means[1]! ? 0 : 1;
  assertAlmostEquals(
    fixed.mixture.stdDevs[b]!,
    fit(bulk, 1, { seed: 1 }).mixture.stdDevs[0]!,
    1e-9,
  );
});

Deno.test("fit() with k = 1 and a far outlier is the plain mean and standard deviation", () => {
  const data = [...bulk, 1e6];
  const r = fit(data, 1, { seed: 1 });
  assertFiniteFit(r);
  const m = data.reduce((a, b) => a + b, 0) / data.length;
  const s = Math.sqrt(data.reduce((a, v) => a + (v - m) ** 2, 0) / data.length);
  assertAlmostEquals(r.mixture.means[0]!, m, 1e-9 * Math.abs(m));
  assertAlmostEquals(r.mixture.stdDevs[0]!, s, 1e-9 * s);
  assertEquals(r.warnings, []);
});

// --- data already at a collapse -------------------------------------------

const collapsed = mixture([0.5, 0.5], [bulk[0]!, 0], [1e-12, 1]);

Deno.test("fit() from a start with a component collapsed on one point lifts σ to the floor", () => {
  const r = fit(bulk, 2, { start: collapsed });
  assertFiniteFit(r);
  const floor = defaultVarianceFloor(bulk);
  assertAlmostEquals(r.history[1]!.mixture.stdDevs[0]! ** 2, floor, floor * 1e-12);
  assertStringIncludes(r.history[1]!.warnings.join(), "component(s) 1 held at the variance floor");
  // The start itself is scored as given: finite, if huge for a σ of 1e-12.
  assert(Number.isFinite(r.history[0]!.logLikelihood));
});

Deno.test("em() with varianceFloor 0 stops at a collapse with DegenerateFitError", () => {
  const err = assertThrows(
    () => [...em(bulk, collapsed, { varianceFloor: 0 })],
    DegenerateFitError,
    "collapsed onto a single point",
  );
  assertInstanceOf(err, DegenerateFitError);
  assertEquals([err.component, err.index], [1, 0]);
  assertStringIncludes(err.message, "Component 1 collapsed");
  assertEquals(err.history.length, 1); // the start, the last finite state
  assert(Number.isFinite(err.history[0]!.logLikelihood));
  assertStringIncludes(err.message, "Use a positive varianceFloor");
  assertThrows(
    () => fit(bulk, 2, { start: collapsed, varianceFloor: 0 }),
    DegenerateFitError,
  );
  assertThrows(() => emStep(bulk, collapsed, { varianceFloor: 0 }), DegenerateFitError);
});

Deno.test("mStep() with varianceFloor 0 and a one-point component throws, naming the floor", () => {
  const e = assertThrows(
    () => mStep([0, 1, 2], [[1, 0], [0, 1], [0, 1]], { varianceFloor: 0 }),
    ParameterRangeError,
  );
  assertEquals(e.parameter, "options.varianceFloor");
  assertStringIncludes(e.message, "Component 1 collapsed onto one point");
});
