import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  type ChartElement,
  componentColor,
  densityHistogram,
  eStep,
  filmstrip,
  frameDomain,
  logLikelihoodTrace,
  mixture,
  MIXTURE_COLOR,
  mixtureFrame,
  normalPdf,
  ParameterRangeError,
  ParameterTypeError,
  responsibilityStrip,
  svgString,
} from "../lib/mod.ts";
import { originalRun, threeComponentRun } from "./_plot_fixtures.ts";

function all(chart: ChartElement, selector: string): ChartElement[] {
  return Array.from(chart.querySelectorAll(selector));
}

function lineStrokes(chart: ChartElement): (string | null)[] {
  return all(chart, 'g[aria-label="line"] > g').map((g) => g.getAttribute("stroke"));
}

function yTickLabels(chart: ChartElement): string[] {
  return all(chart, 'g[aria-label="y-axis tick label"] text').map((t) => t.textContent ?? "");
}

Deno.test("densityHistogram() spans the data with equal bins whose areas sum to 1", () => {
  const { x } = originalRun();
  const bins = densityHistogram(x);
  assertEquals(bins.length, 20);
  assertEquals(bins[0]!.x1, Math.min(...x));
  assertEquals(bins.at(-1)!.x2, Math.max(...x));
  assertEquals(bins.reduce((s, b) => s + b.count, 0), x.length);
  assertAlmostEquals(bins.reduce((s, b) => s + b.density * (b.x2 - b.x1), 0), 1, 1e-12);
  assertThrows(() => densityHistogram(x, { bins: 0 }), ParameterRangeError, "options.bins");
});

Deno.test("mixtureFrame() draws 20 outline bars, one curve per component and the mixture on top", () => {
  const { x, history } = originalRun();
  const chart = mixtureFrame(x, history.at(-1)!);
  assertEquals(all(chart, 'g[aria-label="rect"] rect').length, 20);
  assertEquals(
    all(mixtureFrame(x, history[0]!, { bins: 35 }), 'g[aria-label="rect"] rect').length,
    35,
  );
  assertEquals(lineStrokes(chart), [componentColor(0), componentColor(1), MIXTURE_COLOR]);
  const title = all(chart, 'text[aria-label="title"]')[0]!.textContent;
  const last = history.at(-1)!;
  assertEquals(
    title,
    `iteration ${last.iteration} · log-likelihood = −${Math.abs(last.logLikelihood).toFixed(2)}`,
  );
  const legend = all(chart, 'g[aria-label="legend"] text').map((t) => t.textContent);
  assertEquals(legend.length, 4);
  assertStringIncludes(legend[2]!, `λ₁=${last.mixture.weights[0]!.toFixed(2)}`);
  assertStringIncludes(legend[3]!, `σ₂=${last.mixture.stdDevs[1]!.toFixed(2)}`);
});

Deno.test("mixtureFrame() keeps component colours and, with a run's domain, the axes across frames", () => {
  const { x, history } = threeComponentRun();
  const domain = frameDomain(x, history);
  const frames = history.map((s) => mixtureFrame(x, s, { domain }));
  for (const frame of frames) {
    assertEquals(lineStrokes(frame), [0, 1, 2].map(componentColor).concat(MIXTURE_COLOR));
    assertEquals(yTickLabels(frame), yTickLabels(frames[0]!));
  }
  const free = history.map((s) => yTickLabels(mixtureFrame(x, s)));
  assert(free.some((t) => t.join() !== free[0]!.join()), "frames without a domain fit themselves");
});

Deno.test("frameDomain() reaches above every histogram bar and every density curve of the run", () => {
  const { x, history } = originalRun();
  const { x: xd, y: yd } = frameDomain(x, history);
  assert(xd[0] < Math.min(...x) && xd[1] > Math.max(...x));
  assertEquals(yd[0], 0);
  assert(yd[1] >= Math.max(...densityHistogram(x).map((b) => b.density)));
  for (const s of history) {
    const { weights: w, means: m, stdDevs: sd } = s.mixture;
    for (let h = 0; h < w.length; h++) {
      if (m[h]! > xd[0] && m[h]! < xd[1]) assert(yd[1] >= w[h]! * normalPdf(m[h]!, m[h]!, sd[h]!));
    }
  }
  // A narrow component's peak is found even between the points of an even grid.
  const narrow = mixture([0.5, 0.5], [0.0123, 0.6], [0.002, 0.3]);
  assert(frameDomain(x, [narrow]).y[1] >= 0.5 * normalPdf(0, 0, 0.002));
});

Deno.test("mixtureFrame() rejects bad states and domains with typed errors", () => {
  const { x, history } = originalRun();
  // deno-lint-ignore no-explicit-any
  assertThrows(() => mixtureFrame(x, { iteration: 3 } as any), ParameterTypeError, "state must be");
  assertThrows(
    () => mixtureFrame(x, history[0]!, { domain: { x: [1, 0] } }),
    ParameterRangeError,
    "options.domain.x",
  );
  assertThrows(() => mixtureFrame([], history[0]!), ParameterRangeError, "x must be");
  const chart = mixtureFrame(x, history[0]!.mixture, { title: false, legend: false });
  assertEquals(all(chart, 'text[aria-label="title"]').length, 0);
  assertEquals(all(chart, 'g[aria-label="legend"]').length, 0);
});

Deno.test("logLikelihoodTrace() rings only the first iteration with |Δ| < tol", () => {
  const { history } = originalRun();
  const ring = (tol: number) => {
    const chart = logLikelihoodTrace(history, { tol });
    // The ring is the dot mark stroked in red (the line's dots are filled).
    const circles = all(chart, 'g[aria-label="dot"]').filter((g) =>
      g.getAttribute("stroke") === "#d62728"
    ).flatMap((g) => Array.from(g.querySelectorAll("circle")));
    return { chart, circles };
  };
  const firstBelow = (tol: number) =>
    history.find((s) => s.delta !== null && Math.abs(s.delta) < tol)!.iteration;
  // tol = 1: several iterations are below it, one ring, at the first of them.
  assert(history.filter((s) => s.delta !== null && Math.abs(s.delta) < 1).length > 1);
  assertEquals(ring(1).circles.length, 1);
  assertStringIncludes(ring(1).chart.outerHTML, `(iteration ${firstBelow(1)})`);
  assertStringIncludes(ring(1).chart.outerHTML, "past the stop");
  assertEquals(ring(1e-3).circles.length, 1);
  assertStringIncludes(ring(1e-3).chart.outerHTML, `(iteration ${firstBelow(1e-3)})`);
  // Never below: no ring, and the legend says so.
  assertEquals(ring(0).circles.length, 0);
  assertStringIncludes(ring(0).chart.outerHTML, "(not reached)");
  assertThrows(() => logLikelihoodTrace([]), ParameterTypeError, "history must be");
});

Deno.test("logLikelihoodTrace() view gap draws ℓ_final − ℓ_t on a log scale", () => {
  const { history } = originalRun();
  const final = history.at(-1)!.logLikelihood;
  const chart = logLikelihoodTrace(history, { view: "gap" });
  assertStringIncludes(chart.outerHTML, "log scale");
  // Every iteration but the last (gap 0) is drawn; ticks are powers of ten.
  const line = all(chart, 'g[aria-label="line"] path')[0]!;
  assert(line.getAttribute("d")!.split("L").length >= history.length - 2);
  const ticks = all(chart, 'g[aria-label="y-axis tick label"] text').map((t) => t.textContent);
  assert(ticks.length >= 2, `ticks: ${ticks}`);
  assert(ticks.every((t) => /^(10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]*|1|10|100|1000)$/.test(t ?? "")), `ticks: ${ticks}`);
  // Measured to a given maximum, the last iteration has a gap too.
  const shifted = logLikelihoodTrace(history, { view: "gap", final: final + 0.5 });
  const shiftedLine = all(shifted, 'g[aria-label="line"] path')[0]!;
  assert(shiftedLine.getAttribute("d")!.split("L").length >= history.length - 1);
  assertThrows(
    () => logLikelihoodTrace(history, { view: "log" as never }),
    ParameterRangeError,
    "options.view",
  );
  assertThrows(
    () => logLikelihoodTrace([history[0]!], { view: "gap" }),
    ParameterRangeError,
    "history",
  );
});

Deno.test("responsibilityStrip() colours each point by its responsibilities", () => {
  const { x, history } = originalRun();
  const state = history.at(-1)!;
  const { responsibilities } = eStep(x, state.mixture);
  const dots = all(responsibilityStrip(x, responsibilities), 'g[aria-label="dot"] circle');
  assertEquals(dots.length, x.length);
  const fills = new Set(dots.map((d) => d.getAttribute("fill")));
  const sure = responsibilities.findIndex((r) => r[0]! > 0.999999);
  assert(sure >= 0);
  assertEquals(dots[sure]!.getAttribute("fill"), componentColor(0));
  const unsure = responsibilities.findIndex((r) => Math.abs(r[0]! - 0.5) < 0.1);
  assert(unsure >= 0);
  assert(![componentColor(0), componentColor(1)].includes(dots[unsure]!.getAttribute("fill")!));
  assert(fills.size > 10, "responsibilities between 0 and 1 give mixed colours");
  assertEquals(
    all(responsibilityStrip(x, state), 'g[aria-label="dot"] circle').map((d) =>
      d.getAttribute("fill")
    ),
    dots.map((d) => d.getAttribute("fill")),
  );
  assertThrows(
    () => responsibilityStrip(x, responsibilities.slice(1)),
    ParameterRangeError,
    "one row per observation",
  );
});

Deno.test("filmstrip() shows the chosen iterations as labelled panels", () => {
  const { x, history } = originalRun();
  const labels = (chart: ChartElement) =>
    all(chart, 'g[aria-label="text"] text').map((t) =>
      /^iteration (\d+)/.exec(t.textContent ?? "")![1]
    );
  const last = history.at(-1)!.iteration;
  assertEquals(labels(filmstrip(x, history)).length, 6);
  assertEquals(labels(filmstrip(x, history)).at(-1), String(last));
  assertEquals(labels(filmstrip(x, history, { iterations: [0, 2, 4] })), ["0", "2", "4"]);
  assertThrows(
    () => filmstrip(x, history, { iterations: [999] }),
    ParameterRangeError,
    "options.iterations",
  );
});

Deno.test("svgString() adds the SVG namespace and refuses other elements", () => {
  const { x, history } = originalRun();
  const svg = svgString(mixtureFrame(x, history[0]!));
  assert(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" '));
  assertEquals(svg.match(/xmlns="/g)!.length, 1);
  const g = all(mixtureFrame(x, history[0]!), "g")[0]!;
  assertThrows(() => svgString(g), TypeError, "chart must be an <svg> element");
});
