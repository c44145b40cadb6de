/**
 * Hot paths of one EM iteration, for `deno bench` (`deno task bench`):
 * the fused pass (`fusedStep`'s unchecked core, what `em()` and `fit()` run;
 * WebAssembly SIMD kernel, and its TypeScript loop alone) and the readable
 * E-step + M-step, at N = 1e3, 1e5, 1e6 and k = 2, 5.
 * The full comparison with scikit-learn and numpy is bench/compare.ts.
 *
 * @module
 */
import { type Mixture, mixture, sampleMixture } from "../lib/mod.ts";
import { eStepUnchecked } from "../lib/core/em/e_step.ts";
import { fusedStepUnchecked } from "../lib/core/em/fused.ts";
import { mStepUnchecked } from "../lib/core/em/m_step.ts";
import { wasmKernel } from "../lib/core/fused/_wasm.ts";

const TRUTH: Record<number, Mixture> = {
  2: mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]),
  5: mixture([0.1, 0.2, 0.3, 0.25, 0.15], [-2, -1, 0, 1, 2.5], [0.3, 0.4, 0.5, 0.35, 0.6]),
};

function start(k: number): Mixture {
  const t = TRUTH[k]!;
  return mixture(
    t.weights.map(() => 1 / k),
    t.means.map((m, h) => m + (h % 2 === 0 ? 0.3 : -0.3) * t.stdDevs[h]!),
    t.stdDevs.map((s) => 1.5 * s),
  );
}

for (const n of [1e3, 1e5, 1e6]) {
  for (const k of [2, 5]) {
    const x = Float64Array.from(
      sampleMixture(TRUTH[k]!, n, { seed: 7 + k, assignment: "random" }).x,
    );
    const m = start(k);
    let sink = 0;
    Deno.bench({
      name: `fused iteration N=${n} k=${k}`,
      group: `N=${n} k=${k}`,
      baseline: true,
      fn() {
        sink += fusedStepUnchecked(x, m, 0).logLikelihood;
      },
    });
    Deno.bench({
      name: `fused, TypeScript loop only N=${n} k=${k}`,
      group: `N=${n} k=${k}`,
      fn() {
        wasmKernel.enabled = false;
        sink += fusedStepUnchecked(x, m, 0).logLikelihood;
        wasmKernel.enabled = true;
      },
    });
    Deno.bench({
      name: `readable eStep+mStep N=${n} k=${k}`,
      group: `N=${n} k=${k}`,
      // Each run allocates the N × k matrix; a few runs are enough at 1e6.
      ...(n >= 1e6 ? { n: 5, warmup: 1 } : {}),
      fn() {
        const e = eStepUnchecked(x, m);
        sink += mStepUnchecked(x, e.responsibilities, 0, m).mixture.means[0]! + e.logLikelihood;
      },
    });
    if (Number.isNaN(sink)) throw new Error("unreachable");
  }
}
