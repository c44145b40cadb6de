// Internal: draw a component index with probability proportional to its weight.
import type { RandomSource } from "../random.ts";

/** A function returning h with probability weights[h] / Σ weights, from `source`. */
export function categorical(weights: readonly number[], source: RandomSource): () => number {
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push(acc += w);
  const last = weights.length - 1;
  return () => {
    const u = source() * acc;
    let h = 0;
    while (h < last && u >= cumulative[h]!) h++;
    return h;
  };
}
