import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  blendComponentColors,
  componentColor,
  covarianceAxes,
  covarianceEllipse,
  ellipseDomain,
  ellipseFrame,
  emMv,
  eStepMv,
  fitMv,
  type MvEmSnapshot,
  mvMixture,
  ParameterRangeError,
  ParameterTypeError,
  parseCsvColumn,
  sampleMvMixture,
} from "../lib/mod.ts";
import { snapshotTest } from "./_snapshot.ts";

const TRUTH = mvMixture([0.4, 0.6], [[0, 0], [4, 2]], [
  [[1, 0.7], [0.7, 1]],
  [[0.6, -0.3], [-0.3, 1.2]],
]);

/** 400 seeded points and a full run from a poor start (both means in the middle). */
function twoComponentRun(): { x: number[][]; history: MvEmSnapshot[] } {
  const { x } = sampleMvMixture(TRUTH, 400, { seed: 42 });
  const start = mvMixture([0.5, 0.5], [[1.5, 0.5], [2.5, 1.5]], [
    [[1, 0], [0, 1]],
    [[1, 0], [0, 1]],
  ]);
  return { x, history: [...emMv(x, start)] };
}

function oldFaithful(): number[][] {
  const text = Deno.readTextFileSync(
    new URL("../notebooks/data/old_faithful.csv", import.meta.url),
  );
  const e = parseCsvColumn(text, "eruptions"), w = parseCsvColumn(text, "waiting");
  return e.map((v, i) => [v, w[i]!]);
}

function insidePolygon([px, py]: readonly number[], polygon: [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!, [xj, yj] = polygon[j]!;
    if ((yi > py!) !== (yj > py!) && px! < ((xj - xi) * (py! - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

Deno.test("covarianceAxes() returns eigenpairs: Σ v = λ v along the angle", () => {
  for (const cov of [[[2, 0.8], [0.8, 1]], [[1, -0.9], [-0.9, 1]], [[0.3, 0], [0, 5]]]) {
    const { variances, radii, angle } = covarianceAxes(cov);
    const axes = [[Math.cos(angle), Math.sin(angle)], [-Math.sin(angle), Math.cos(angle)]];
    axes.forEach((v, j) => {
      const sv = [
        cov[0]![0]! * v[0]! + cov[0]![1]! * v[1]!,
        cov[1]![0]! * v[0]! + cov[1]![1]! * v[1]!,
      ];
      assertAlmostEquals(sv[0]!, variances[j]! * v[0]!, 1e-12);
      assertAlmostEquals(sv[1]!, variances[j]! * v[1]!, 1e-12);
      assertAlmostEquals(radii[j]!, Math.sqrt(variances[j]!), 1e-15);
    });
    assert(variances[0] >= variances[1]);
  }
});

Deno.test("covarianceEllipse() at radius r holds 1 − exp(−r²/2) of a Gaussian's draws", () => {
  // In 2-D the 1σ ellipse holds about 39 % of the mass and the 2σ ellipse 86 %
  // (not the 68 % and 95 % of 1-D intervals).
  const mean = [1, -2], cov = [[2, 1.2], [1.2, 1.5]];
  const { x } = sampleMvMixture(mvMixture([1], [mean], [cov]), 20_000, { seed: 5 });
  for (const r of [1, 2]) {
    const outline = covarianceEllipse(mean, cov, { scale: r, points: 720 });
    const share = x.filter((p) => insidePolygon(p, outline)).length / x.length;
    // Binomial standard error ≤ 0.0035 at N = 2e4; allow about 4 of them.
    assertAlmostEquals(share, 1 - Math.exp(-(r * r) / 2), 0.015);
  }
});

Deno.test("ellipseFrame() draws k × scales ellipses in the component colours and colours points by responsibility", () => {
  const { x, history } = twoComponentRun();
  const state = history[3]!;
  const chart = ellipseFrame(x, state, { scales: [1, 2, 3] });
  const svg = chart.outerHTML;
  for (let h = 0; h < 2; h++) {
    const color = componentColor(h);
    const rings = [
      ...svg.matchAll(new RegExp(`<g[^>]*stroke="${color}" fill="none">\\s*<path d="M`, "g")),
    ];
    assertEquals(rings.length, 3, `component ${h}: one outline per scale`);
  }
  const { responsibilities } = eStepMv(x, state.mixture);
  const fills = new Set(responsibilities.map((r) => blendComponentColors(r)));
  for (const fill of fills) assert(svg.includes(`fill="${fill}"`), `missing point colour ${fill}`);
  assert(svg.includes(`iteration ${state.iteration} · log-likelihood = `));
});

Deno.test("ellipseFrame() draws 1 point in ⌈N / maxDots⌉ above maxDots, and says so", () => {
  const { x, history } = twoComponentRun();
  const m = history.at(-1)!.mixture;
  const circles = (svg: string) => [...svg.matchAll(/<circle /g)].length;
  const all = ellipseFrame(x, m, { maxDots: x.length }).outerHTML;
  const stride = 3, maxDots = Math.ceil(x.length / stride);
  const some = ellipseFrame(x, m, { maxDots }).outerHTML;
  assertEquals(circles(all) - circles(some), x.length - Math.ceil(x.length / stride));
  assert(some.includes(`(1 point in ${stride} of ${x.length} drawn)`));
  assert(!all.includes("drawn)"));
  // The title's log-likelihood is still that of every point.
  const title = (svg: string) => svg.match(/log-likelihood = [^<]*/)?.[0];
  assertEquals(title(some), title(all));
  assert(title(all) !== undefined);
});

Deno.test("ellipseFrame() and ellipseDomain() reject bad input with typed errors", () => {
  const { x, history } = twoComponentRun();
  const three = x.map((p) => [p[0]!, p[1]!, 0]);
  assertThrows(() => ellipseFrame(three, history[0]!), ParameterRangeError, "2 dimensions");
  assertThrows(
    () => ellipseFrame(x, history[0]!, { scales: [1, -2] }),
    ParameterRangeError,
    "options.scales",
  );
  // deno-lint-ignore no-explicit-any
  assertThrows(() => ellipseFrame(x, 3 as any), ParameterTypeError, "state must be");
  assertThrows(() => ellipseDomain(x, { padding: -1 }), ParameterRangeError, "options.padding");
  assertThrows(
    () => covarianceEllipse([0, 0], [[1, 2], [2, 1]]),
    ParameterRangeError,
    "positive definite",
  );
});

snapshotTest("ellipses-start", () => {
  const { x, history } = twoComponentRun();
  return ellipseFrame(x, history[0]!, { domain: ellipseDomain(x) });
});

snapshotTest("ellipses-converged", () => {
  const { x, history } = twoComponentRun();
  return ellipseFrame(x, history.at(-1)!, { domain: ellipseDomain(x) });
});

snapshotTest("ellipses-old-faithful-k3", () => {
  const points = oldFaithful();
  const result = fitMv(points, 3, { nInit: 3, seed: 1 });
  return ellipseFrame(points, result.history.at(-1)!, {
    xLabel: "eruption duration (min)",
    yLabel: "waiting time (min)",
  });
});
