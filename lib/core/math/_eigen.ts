// Internal: eigenvalues of a small real matrix whose eigenvalues are real
// (such as the Jacobian of the EM map, which is similar to a symmetric matrix).

/**
 * Eigenvalues by the shifted QR algorithm with deflation, sorted by absolute
 * value, largest first. Complex pairs are not handled: the block then fails
 * to deflate and its diagonal is returned after `maxIter` sweeps.
 */
export function realEigenvalues(matrix: readonly (readonly number[])[], maxIter = 10000): number[] {
  let a = matrix.map((row) => row.slice());
  let n = a.length;
  const out: number[] = [];
  let sweeps = 0;
  while (n > 1) {
    const scale = Math.max(1e-300, ...a.flatMap((row) => row.map(Math.abs)));
    const lastRowSmall = () => {
      let s = 0;
      for (let j = 0; j < n - 1; j++) s = Math.max(s, Math.abs(a[n - 1]![j]!));
      return s <= 1e-15 * scale;
    };
    while (!lastRowSmall() && sweeps < maxIter) {
      sweeps++;
      // Wilkinson shift from the trailing 2 × 2 block (its eigenvalue nearer a_nn), else a_nn.
      const p = a[n - 2]![n - 2]!,
        q = a[n - 2]![n - 1]!,
        r = a[n - 1]![n - 2]!,
        s = a[n - 1]![n - 1]!;
      const tr = p + s, det = p * s - q * r, disc = tr * tr / 4 - det;
      let mu = s;
      if (disc >= 0) {
        const e1 = tr / 2 + Math.sqrt(disc), e2 = tr / 2 - Math.sqrt(disc);
        mu = Math.abs(e1 - s) < Math.abs(e2 - s) ? e1 : e2;
      }
      for (let i = 0; i < n; i++) a[i]![i]! -= mu;
      const { q: Q, r: R } = qr(a);
      a = multiply(R, Q);
      for (let i = 0; i < n; i++) a[i]![i]! += mu;
    }
    out.push(a[n - 1]![n - 1]!);
    n--;
    a = a.slice(0, n).map((row) => row.slice(0, n));
  }
  if (n === 1) out.push(a[0]![0]!);
  return out.sort((x, y) => Math.abs(y) - Math.abs(x));
}

/** Householder-free QR by modified Gram–Schmidt (ample for these small, well-scaled matrices). */
function qr(a: number[][]): { q: number[][]; r: number[][] } {
  const n = a.length;
  const cols = Array.from({ length: n }, (_, j) => a.map((row) => row[j]!));
  const qCols: number[][] = [];
  const r = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const v = cols[j]!.slice();
    for (let i = 0; i < qCols.length; i++) {
      const qi = qCols[i]!;
      const d = dot(qi, v);
      r[i]![j] = d;
      for (let t = 0; t < n; t++) v[t]! -= d * qi[t]!;
    }
    const norm = Math.sqrt(dot(v, v));
    r[j]![j] = norm;
    qCols.push(norm > 0 ? v.map((t) => t / norm) : unitOrthogonal(qCols, n));
  }
  const q = Array.from({ length: n }, (_, i) => qCols.map((c) => c[i]!));
  return { q, r };
}

function unitOrthogonal(basis: number[][], n: number): number[] {
  for (let e = 0; e < n; e++) {
    const v = new Array<number>(n).fill(0);
    v[e] = 1;
    for (const b of basis) {
      const d = dot(b, v);
      for (let t = 0; t < n; t++) v[t]! -= d * b[t]!;
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-8) return v.map((t) => t / norm);
  }
  return new Array<number>(n).fill(0);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The product of two square matrices. */
export function multiply(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number[][] {
  const n = a.length, m = b[0]!.length, inner = b.length;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: m }, (_, j) => {
      let s = 0;
      for (let t = 0; t < inner; t++) s += a[i]![t]! * b[t]![j]!;
      return s;
    }));
}
