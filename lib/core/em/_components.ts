// Components as a person counts them: from 1, as the formulas write λ₁.
// Arrays and the fields that index them (flooredComponents, bestRun, …) stay
// 0-based; every message a person reads goes through here.

/** "1, 3" for the 0-based positions [0, 2]. */
export function componentList(indices: readonly number[]): string {
  return indices.map((h) => h + 1).join(", ");
}
