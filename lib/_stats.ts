// Internal summary statistics (two-pass, so no catastrophic cancellation).

/** Mean of the values. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Population variance (divides by n), computed around the mean. */
export function variance(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    s += d * d;
  }
  return s / x.length;
}

/** Number of distinct values. */
export function distinctCount(x: ArrayLike<number>): number {
  return new Set(Array.from(x)).size;
}
