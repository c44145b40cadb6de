// Seeded runs shared by the chart tests, snapshots and the frame benchmark.
import { em, type EmSnapshot, initRandom, mixture, sampleMixture } from "../lib/mod.ts";

/** The original write-up's mixture: λ = (0.35, 0.65), μ = (−0.3, 0.5), σ = (0.15, 0.3). */
export const ORIGINAL = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);

/** 1000 draws from {@linkcode ORIGINAL} and a full EM run from a seeded random start. */
export function originalRun(): { x: number[]; history: EmSnapshot[] } {
  const { x } = sampleMixture(ORIGINAL, 1000, { seed: 42 });
  const history = [...em(x, initRandom(2, { seed: 7 }))];
  return { x, history };
}

/** 600 draws from a three-component mixture and a full EM run. */
export function threeComponentRun(): { x: number[]; history: EmSnapshot[] } {
  const truth = mixture([0.3, 0.45, 0.25], [-2, 0.2, 2.6], [0.5, 0.7, 0.45]);
  const { x } = sampleMixture(truth, 600, { seed: 11 });
  const start = mixture([1 / 3, 1 / 3, 1 / 3], [-1, 0, 1], [1, 1, 1]);
  const history = [...em(x, start)];
  return { x, history };
}
