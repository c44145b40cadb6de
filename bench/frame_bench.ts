// One animation frame — 1000 points, 20 bins, k = 2 — rendered to an SVG
// string, as animateEm does for every iteration.
//
//   deno bench -A bench/frame_bench.ts   Deno's bench table (mean, p75, p99)
//   deno run -A bench/frame_bench.ts     median and p90 over 300 frames
import { frameDomain, mixtureFrame, svgString } from "../lib/mod.ts";
import { originalRun } from "../tests/_plot_fixtures.ts";

const { x, history } = originalRun();
const domain = frameDomain(x, history);
const converged = history.at(-1)!;
if (x.length !== 1000 || converged.mixture.weights.length !== 2) throw new Error("bad fixture");

function frame(): string {
  return svgString(mixtureFrame(x, converged, { domain, bins: 20 }));
}

Deno.bench("mixtureFrame → svgString (1000 points, 20 bins, k = 2)", () => {
  frame();
});

Deno.bench("mixtureFrame → svgString, axes fitted per frame", () => {
  svgString(mixtureFrame(x, converged, { bins: 20 }));
});

if (import.meta.main) {
  for (let i = 0; i < 50; i++) frame(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    frame();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  console.log(
    `frame (1000 points, 20 bins, k = 2) → SVG string: median ${q(0.5).toFixed(2)} ms, ` +
      `p90 ${q(0.9).toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms over ${times.length} frames ` +
      `(${frame().length} characters)`,
  );
}
