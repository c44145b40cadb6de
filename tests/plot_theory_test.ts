import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  boundTrace,
  coordinateAscent,
  kMeans,
  kMeansFrame,
  kMeansMv,
  mixture,
  ParameterRangeError,
  ParameterTypeError,
  rateTrace,
  sampleMixture,
  sharedSigmaEm,
  sharedSigmaEmMv,
} from "../lib/mod.ts";

const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 120, { seed: 3 });

function count(svg: string, pattern: RegExp): number {
  return svg.match(pattern)?.length ?? 0;
}

Deno.test("boundTrace() draws one log L dot per iteration and the saw-tooth bound", () => {
  const steps = coordinateAscent(x, mixture([0.5, 0.5], [-0.1, 0.1], [0.5, 0.5]), {
    iterations: 8,
  });
  const svg = boundTrace(steps).outerHTML;
  // 9 log L dots (start + 8) and 8 M-step dots.
  assertEquals(count(svg, /<circle/g), 9 + 8 + 1 /* the legend swatch of log L */);
  assertStringIncludes(svg, "lower bound ℒ");
  const gap = boundTrace(steps, { view: "gap" }).outerHTML;
  assertStringIncludes(gap, "log scale");
  // Negative numbers in the chart's text carry a true minus (−), never an ASCII hyphen.
  const final = steps.at(-1)!.logLikelihoodAfter;
  assert(final < 0, "the axis names a negative log L");
  assertStringIncludes(gap, `−${Math.abs(final).toFixed(2)}`);
  assertEquals(gap.match(/>[^<]*-\d[^<]*</g), null, "no hyphen-minus before a digit");
  assertThrows(() => boundTrace([]), ParameterTypeError, "steps");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => boundTrace(steps, { view: "log" as any }), ParameterRangeError, "view");
});

Deno.test("rateTrace() draws one line and one dashed rule per run", () => {
  const svg = rateTrace([
    { label: "a", ratios: [0.2, 0.3, 0.3], rate: 0.3 },
    { label: "b", ratios: [0.5, 0.9, 0.93], rate: 0.93 },
  ]).outerHTML;
  assertEquals(count(svg, /stroke-dasharray="5,4"/g), 2);
  assertStringIncludes(svg, "Jacobian's rate 0.9300");
  assertThrows(() => rateTrace([{ label: "a", ratios: [], rate: NaN }]), ParameterRangeError);
});

Deno.test("kMeansFrame() draws every point once per panel, 1-D and 2-D", () => {
  const km = [...kMeans(x, [-1, 1])].at(-1)!;
  const em = [...sharedSigmaEm(x, [-1, 1], 0.1, { maxIter: 5 })].at(-1)!;
  const panels = [
    { label: "k-means", centres: km.centres, membership: km.assignments },
    { label: "EM", centres: em.means, membership: em.responsibilities },
  ];
  const svg = kMeansFrame(x, panels).outerHTML;
  assert(count(svg, /<circle/g) >= 2 * x.length);
  const pts = Array.from(x, (v, i) => [v, (i % 7) / 7]);
  const km2 = [...kMeansMv(pts, [[-1, 0], [1, 0]])].at(-1)!;
  const em2 = [...sharedSigmaEmMv(pts, [[-1, 0], [1, 0]], 0.2, { maxIter: 5 })].at(-1)!;
  const svg2 = kMeansFrame(pts, [
    { label: "k-means", centres: km2.centres, membership: km2.assignments },
    { label: "EM", centres: em2.means, membership: em2.responsibilities },
  ]).outerHTML;
  assert(count(svg2, /<circle/g) >= 2 * pts.length);
  // The centres are drawn as ×: the legend's centre entry is a × (a path), not a ring.
  for (const chart of [svg, svg2]) {
    assert(/symbol="times"|d="M[^"]*L[^"]*M/.test(chart.split('aria-label="legend"')[0]!));
    const legend = chart.split('aria-label="legend"')[1]!.split("</g>")[0]!;
    assertEquals(count(legend, /<circle[^>]*fill="none"/g), 0, "no ring in the legend");
    assert(/<path[^>]*stroke="#1a1a1a"/.test(legend), "a dark × in the legend");
  }
  assertThrows(
    () => kMeansFrame(x, [{ label: "a", centres: [0], membership: [0] }]),
    ParameterRangeError,
    "panels[0]",
  );
});
