// Internal summary statistics. Sums are taken around a reference point and
// corrected by a second pass, so a large common offset (x = 1e9 + small
// spread) does not swamp the spread with rounding error.

/** Mean of the values (shifted sum, then one corrective pass). */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const c = x[0]!;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! - c;
  const m = c + s / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += x[i]! - m;
  return m + r / n;
}

/** Population variance (divides by n): the corrected two-pass formula. */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  const m = mean(x);
  let s = 0, e = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - m;
    s += d * d;
    e += d;
  }
  return Math.max(0, (s - (e * e) / n) / n);
}

/** Number of distinct values. */
export function distinctCount(x: ArrayLike<number>): number {
  return new Set(Array.from(x)).size;
}
