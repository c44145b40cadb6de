import { assert, assertAlmostEquals } from "@std/assert";
import { eStep, logLikelihood, mixture, normalPdf, sampleMixture } from "../lib/mod.ts";

Deno.test("logLikelihood() matches a direct computation", () => {
  const m = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
  const { x } = sampleMixture(m, 1000, { seed: 5 });
  let direct = 0;
  for (const xi of x) {
    direct += Math.log(
      0.35 * normalPdf(xi, -0.3, 0.15) + 0.65 * normalPdf(xi, 0.5, 0.3),
    );
  }
  assertAlmostEquals(logLikelihood(x, m), direct, Math.abs(direct) * 1e-12);
  assertAlmostEquals(eStep(x, m).logLikelihood, direct, Math.abs(direct) * 1e-12);
});

Deno.test("logLikelihood() is finite where the direct computation gives -Infinity", () => {
  const m = mixture([0.5, 0.5], [0, 1], [0.01, 0.01]);
  const ll = logLikelihood([50], m);
  assert(Number.isFinite(ll));
  assert(Math.log(0.5 * normalPdf(50, 0, 0.01) + 0.5 * normalPdf(50, 1, 0.01)) === -Infinity);
});
