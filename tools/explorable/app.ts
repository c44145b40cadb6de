/// <reference lib="dom" />
/**
 * The explorable's page script (bundled into `out/explorable.html` by
 * `tools/export_explorable.ts`): controls, the library's charts drawn into
 * the page's own `document`, and dragging a component's mean on the chart.
 * The model is {@linkcode Session} (`session.ts`).
 *
 * @module
 */
import { frameDomain, mixtureFrame } from "../../lib/plot/mixture_frame.ts";
import { ellipseDomain, ellipseFrame } from "../../lib/plot/ellipses.ts";
import { logLikelihoodTrace } from "../../lib/plot/trace.ts";
import { responsibilityStrip } from "../../lib/plot/responsibilities.ts";
import { componentColor } from "../../lib/plot/colors.ts";
import type { ChartDocument } from "../../lib/plot/document.ts";
import type { Mixture } from "../../lib/core/model/mixture.ts";
import type { MvMixture } from "../../lib/core/nd/mixture.ts";
import { type DatasetId, DATASETS, loadDataset, Session, TOL } from "./session.ts";
import { pickLanguage, STRINGS } from "./strings.ts";
import { setLanguage } from "../../lib/core/i18n.ts";

type Scale = {
  apply(v: number): number;
  invert(v: number): number;
  domain: readonly number[];
};
type PlotSvg = SVGSVGElement & { scale(name: "x" | "y"): Scale };

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const doc = document as unknown as ChartDocument;
const csv = $("faithful-csv").textContent ?? "";
// ?lang= (or #ja) wins; else the page's own edition (explorable.ja.html says data-lang="ja",
// for JupyterLab's HTML viewer, which passes no query); else the browser's language.
const lang = pickLanguage(
  location.search,
  location.hash || (document.documentElement.dataset.lang ?? ""),
  navigator.language ?? "",
);
const S = STRINGS[lang];
// The charts' own titles, legends and axes follow the library's language.
setLanguage(lang);

let session: Session;
let yTop = 0;
let playing: ReturnType<typeof setTimeout> | null = null;
let dragging: number | null = null;
let chartSvg: PlotSvg | null = null;
/** The component whose mean was dragged last: of handles drawn on top of each other, a grab takes another. */
let lastMoved: number | null = null;
/** Iterations "run to the end" makes at most before it stops and says so. */
const MAX_RUN = 5000;

function fmt(v: number, digits = 3): string {
  return v.toFixed(digits).replace("-", "−");
}

function newSession(): void {
  stop();
  lastMoved = null;
  const id = $<HTMLSelectElement>("dataset").value as DatasetId;
  // k from 1 to 6; anything else is brought into that range and the page says so.
  const asked = $<HTMLInputElement>("k").value.trim();
  const raw = asked === "" ? NaN : Number(asked);
  const k = Number.isFinite(raw) ? Math.max(1, Math.min(6, Math.round(raw))) : 2;
  $("k-note").textContent = asked !== "" && (!Number.isFinite(raw) || raw !== k)
    ? S.kNote(asked, k)
    : "";
  const seed = Math.round(Number($<HTMLInputElement>("seed").value) || 0);
  $<HTMLInputElement>("k").value = String(k);
  $<HTMLInputElement>("seed").value = String(seed);
  session = new Session(localized(loadDataset(id, csv)), k, seed);
  yTop = 0;
  render();
}

function restartFromStart(): void {
  stop();
  session.restart(session.start);
  yTop = 0;
  render();
}

function stop(): void {
  if (playing !== null) clearTimeout(playing);
  playing = null;
  $("play").textContent = S.play;
}

function play(): void {
  if (playing !== null) return stop();
  if (session.converged) return;
  $("play").textContent = S.pause;
  const tick = () => {
    try {
      session.iterate();
    } catch (e) {
      stop();
      $("status").textContent = (e as Error).message;
      return;
    }
    render();
    if (session.converged) return stop();
    playing = setTimeout(tick, Number($<HTMLSelectElement>("speed").value));
  };
  playing = setTimeout(tick, 0);
}

/** Iterate at once until |Δ log L| < tol, or MAX_RUN iterations. */
function runToEnd(): void {
  stop();
  const from = session.iteration;
  try {
    while (!session.converged && session.iteration - from < MAX_RUN) session.iterate();
  } catch (e) {
    $("status").textContent = (e as Error).message;
    return;
  }
  render();
  if (!session.converged) {
    $("status").textContent += S.notConverged(MAX_RUN);
  }
}

function step(action: "E" | "M" | "iteration"): void {
  stop();
  if (session.converged && action !== "E") return;
  try {
    if (action === "E") session.eStep();
    else if (action === "M") session.mStep();
    else session.iterate();
  } catch (e) {
    // The library's typed errors say what went wrong and what to do.
    $("status").textContent = (e as Error).message;
    return;
  }
  render();
}

/** Client coordinates → the chart's own (viewBox) coordinates. */
function chartPoint(svg: SVGSVGElement, e: PointerEvent): [number, number] {
  const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM()!.inverse());
  return [p.x, p.y];
}

function addHandles(svg: PlotSvg): void {
  const sx = svg.scale("x");
  const sy = svg.scale("y");
  const m = session.current;
  const ns = "http://www.w3.org/2000/svg";
  // The handle moved last is drawn first (underneath): where handles overlap, a grab takes
  // another one, so handles on top of each other can be pulled apart one by one.
  const order = [...Array(session.k).keys()];
  if (lastMoved !== null && lastMoved < session.k) {
    order.splice(order.indexOf(lastMoved), 1);
    order.unshift(lastMoved);
  }
  for (const h of order) {
    let cx: number, cy: number;
    if ("stdDevs" in m) {
      const peak = m.weights[h]! / (m.stdDevs[h]! * Math.sqrt(2 * Math.PI));
      cx = sx.apply(m.means[h]!);
      cy = sy.apply(Math.min(peak, yTop));
    } else {
      cx = sx.apply(m.means[h]![0]!);
      cy = sy.apply(m.means[h]![1]!);
    }
    const c = document.createElementNS(ns, "circle");
    c.setAttribute("cx", String(cx));
    c.setAttribute("cy", String(cy));
    c.setAttribute("r", "9");
    c.setAttribute("fill", componentColor(h));
    c.setAttribute("fill-opacity", "0.85");
    c.setAttribute("stroke", "white");
    c.setAttribute("stroke-width", "2.5");
    c.setAttribute("class", "handle");
    c.setAttribute("data-component", String(h));
    c.style.cursor = "stdDevs" in m ? "ew-resize" : "move";
    const title = document.createElementNS(ns, "title");
    title.textContent = S.handleTitle(`μ${sub(h + 1)}`);
    c.append(title);
    c.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      stop();
      dragging = h;
      lastMoved = h;
    });
    svg.append(c);
  }
}

/** While a mean is dragged: the pointer's position on the chart becomes that mean. */
function drag(e: PointerEvent): void {
  if (dragging === null || chartSvg === null) return;
  const sx = chartSvg.scale("x");
  const sy = chartSvg.scale("y");
  const [px, py] = chartPoint(chartSvg, e);
  // A mean dragged past the plot's edge stays on the edge, where it can be grabbed again.
  const clamp = (v: number, s: Scale) =>
    Math.min(Math.max(v, Math.min(...s.domain)), Math.max(...s.domain));
  const x = clamp(sx.invert(px), sx);
  const mean = "stdDevs" in session.current ? x : [x, clamp(sy.invert(py), sy)];
  session.moveMean(dragging, mean);
  render();
}

function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]!);
}

function drawChart(): PlotSvg {
  const d = session.data;
  const state = {
    mixture: session.current,
    iteration: session.iteration,
    logLikelihood: session.logLikelihood,
  };
  if (d.dims === 1) {
    const dom = frameDomain(d.x, [session.current as Mixture]);
    yTop = Math.max(yTop, dom.y[1]);
    return mixtureFrame(d.x, state as { mixture: Mixture }, {
      domain: { x: frameDomain(d.x, [session.start as Mixture]).x, y: [0, yTop] },
      xLabel: d.xLabel,
      width: 760,
      height: 440,
      document: doc,
    }) as unknown as PlotSvg;
  }
  return ellipseFrame(d.points, state as { mixture: MvMixture }, {
    domain: ellipseDomain(d.points),
    xLabel: d.xLabel,
    yLabel: d.yLabel,
    width: 760,
    height: 520,
    document: doc,
  }) as unknown as PlotSvg;
}

function render(): void {
  const chart = drawChart();
  addHandles(chart);
  chartSvg = chart;
  $("chart").replaceChildren(chart);
  const strip = $("strip");
  const d = session.data;
  if (d.dims === 1 && session.responsibilities !== null) {
    strip.replaceChildren(
      responsibilityStrip(d.x, session.responsibilities, {
        domain: frameDomain(d.x, [session.start as Mixture]).x,
        xLabel: d.xLabel,
        title: S.stripTitle,
        width: 760,
        height: 150,
        document: doc,
      }) as unknown as Node,
    );
  } else strip.replaceChildren();
  // The start's log-likelihood is often far below the rest: once there are a few iterations,
  // draw from iteration 1 so the climb stays visible.
  const fromOne = session.trace.length > 2;
  $("trace").replaceChildren(
    logLikelihoodTrace(fromOne ? session.trace.slice(1) : session.trace, {
      tol: TOL,
      title: fromOne ? S.traceFromOne : undefined,
      width: 520,
      height: 300,
      document: doc,
    }) as unknown as Node,
  );
  renderNumbers();
  const state = {
    dataset: d.id,
    k: session.k,
    seed: session.seed,
    start: session.start,
    current: session.current,
    iteration: session.iteration,
    logLikelihood: session.logLikelihood,
    converged: session.converged,
    phase: session.phase,
  };
  $("state").textContent = JSON.stringify(state);
}

function renderNumbers(): void {
  const m = session.current;
  const last = session.trace.at(-1)!;
  const rows: string[] = [];
  if ("stdDevs" in m) {
    rows.push("<tr><th></th><th>λ</th><th>μ</th><th>σ</th></tr>");
    for (let h = 0; h < session.k; h++) {
      rows.push(
        `<tr><td><span class="swatch" style="background:${componentColor(h)}"></span>${
          h + 1
        }</td><td>${fmt(m.weights[h]!)}</td><td>${fmt(m.means[h]!)}</td><td>${
          fmt(m.stdDevs[h]!)
        }</td></tr>`,
      );
    }
  } else {
    rows.push("<tr><th></th><th>λ</th><th>μ</th><th>σ₁</th><th>σ₂</th><th>ρ</th></tr>");
    for (let h = 0; h < session.k; h++) {
      const c = m.covariances[h]!;
      const s1 = Math.sqrt(c[0]![0]!), s2 = Math.sqrt(c[1]![1]!);
      rows.push(
        `<tr><td><span class="swatch" style="background:${componentColor(h)}"></span>${
          h + 1
        }</td><td>${fmt(m.weights[h]!)}</td><td>(${fmt(m.means[h]![0]!, 2)}, ${
          fmt(m.means[h]![1]!, 1)
        })</td><td>${fmt(s1)}</td><td>${fmt(s2)}</td><td>${fmt(c[0]![1]! / (s1 * s2))}</td></tr>`,
      );
    }
  }
  $("params").innerHTML = rows.join("");
  $("iteration").textContent = String(last.iteration);
  $("loglik").textContent = fmt(last.logLikelihood, 4);
  $("delta").textContent = last.delta === null ? "—" : fmt(last.delta, 6);
  $("status").textContent = session.converged
    ? S.converged(TOL, last.iteration)
    : session.phase === "M"
    ? S.afterE
    : last.iteration === 0
    ? S.atStart
    : S.iterationDone(last.iteration);
  const empty = m.weights.flatMap((w, h) => (w < 1e-9 ? [h + 1] : []));
  if (empty.length) {
    $("status").textContent += S.emptied(empty.join(", "));
  }
  $<HTMLButtonElement>("estep").disabled = session.converged || session.phase === "M";
  $<HTMLButtonElement>("mstep").disabled = session.converged || session.phase === "E";
  $<HTMLButtonElement>("iterate").disabled = session.converged;
  $<HTMLButtonElement>("play").disabled = session.converged;
  $<HTMLButtonElement>("finish").disabled = session.converged;
}

/** The data set with its labels in the page's language. */
function localized<T extends ReturnType<typeof loadDataset>>(d: T): T {
  const label = S.datasets[d.id];
  if (d.dims === 1) return { ...d, label, xLabel: d.id === "original" ? "x" : S.eruption };
  return { ...d, label, xLabel: S.eruption, yLabel: S.waiting };
}

// The page's static text, links and tooltips in its language.
document.documentElement.lang = lang;
document.title = S.page.title!;
for (const el of document.querySelectorAll<HTMLElement>("[data-t]")) {
  el.innerHTML = S.page[el.dataset.t!] ?? el.innerHTML;
  const tip = S.page[`${el.dataset.t}Title`];
  if (tip !== undefined) el.title = tip;
}
$<HTMLAnchorElement>("back").href = lang === "ja"
  ? "notebooks/ja/index.html"
  : "notebooks/index.html";
const other = $<HTMLAnchorElement>("lang-switch");
other.href = `${location.pathname.split("/").pop()}?lang=${lang === "ja" ? "en" : "ja"}`;
other.textContent = lang === "ja" ? "English" : "日本語";
other.lang = lang === "ja" ? "en" : "ja";

const select = $<HTMLSelectElement>("dataset");
for (const d of DATASETS) select.append(new Option(S.datasets[d.id], d.id));
select.addEventListener("change", newSession);
$("k").addEventListener("change", newSession);
$("seed").addEventListener("change", newSession);
$("estep").addEventListener("click", () => step("E"));
$("mstep").addEventListener("click", () => step("M"));
$("iterate").addEventListener("click", () => step("iteration"));
$("play").addEventListener("click", play);
$("finish").addEventListener("click", runToEnd);
$("reset").addEventListener("click", restartFromStart);
document.addEventListener("pointermove", drag);
document.addEventListener("pointerup", () => (dragging = null));
newSession();
