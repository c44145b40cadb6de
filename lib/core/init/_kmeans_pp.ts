// Internal: the k-means++ choice of centres, shared by the 1-D and d-D starts.
import type { RandomSource } from "../random.ts";

/** Squared Euclidean distance between two points of the same dimension. */
export function distance2(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const t = a[j]! - b[j]!;
    s += t * t;
  }
  return s;
}

/**
 * k centres drawn from the data: the first uniformly, each next one with
 * probability proportional to its squared distance to the nearest centre so
 * far (uniformly again when every point already sits on a centre).
 */
export function kMeansPlusPlusCentres<T>(
  data: ArrayLike<T>,
  k: number,
  source: RandomSource,
  distance2: (a: T, b: T) => number,
): T[] {
  const n = data.length;
  const centres: T[] = [data[Math.floor(source() * n)]!];
  // Squared distances to the nearest centre so far. Single precision is ample
  // for drawing proportionally to them, and halves the memory at large N.
  const d2 = new Float32Array(n).fill(Infinity);
  while (centres.length < k) {
    const c = centres[centres.length - 1]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const t = distance2(data[i]!, c);
      if (t < d2[i]!) d2[i] = t;
      total += d2[i]!;
    }
    let i = 0;
    if (total > 0) {
      let u = source() * total;
      while (i < n - 1 && (u -= d2[i]!) >= 0) i++;
    } else {
      i = Math.floor(source() * n);
    }
    centres.push(data[i]!);
  }
  return centres;
}
