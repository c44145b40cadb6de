// Small dense symmetric-matrix routines for the covariance models (d is small):
// the eigen-decomposition by cyclic Jacobi rotations, the orthogonal polar
// factor, products, determinants. Imports nothing.

/** A square matrix as rows. */
export type Mat = number[][];

/** An n × n matrix of zeros. */
export function zeros(n: number): Mat {
  return Array.from({ length: n }, () => new Array<number>(n).fill(0));
}

/** The n × n identity. */
export function identity(n: number): Mat {
  return Array.from(
    { length: n },
    (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
}

/** A · B. */
export function mul(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): Mat {
  const n = a.length, m = b[0]!.length, p = b.length;
  const out = Array.from({ length: n }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < p; l++) {
      const v = a[i]![l]!;
      if (v === 0) continue;
      for (let j = 0; j < m; j++) out[i]![j]! += v * b[l]![j]!;
    }
  }
  return out;
}

/** Aᵀ. */
export function transpose(a: readonly (readonly number[])[]): Mat {
  return a[0]!.map((_, j) => a.map((row) => row[j]!));
}

/** The symmetric eigen-decomposition: values largest first, vectors as columns. */
export interface SymEigen {
  readonly values: number[];
  /** vectors[a][j]: coordinate a of the j-th eigenvector. */
  readonly vectors: Mat;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi
 * rotations (exact to rounding for the small matrices used here), sorted
 * by eigenvalue, largest first.
 */
export function symmetricEigen(s: readonly (readonly number[])[]): SymEigen {
  const n = s.length;
  const a = s.map((row) => [...row]);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p]![p]! * a[p]![p]!;
      for (let q = p + 1; q < n; q++) off += a[p]![q]! * a[p]![q]!;
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r]![p]!, arq = a[r]![q]!;
          a[r]![p] = c * arp - sn * arq;
          a[r]![q] = sn * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p]![r]!, aqr = a[q]![r]!;
          a[p]![r] = c * apr - sn * aqr;
          a[q]![r] = sn * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r]![p]!, vrq = v[r]![q]!;
          v[r]![p] = c * vrp - sn * vrq;
          v[r]![q] = sn * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j]![j]! - a[i]![i]!);
  return {
    values: order.map((i) => a[i]![i]!),
    vectors: v.map((row) => order.map((i) => row[i]!)),
  };
}

/**
 * The orthogonal factor P Rᵀ of the singular value decomposition F = P S Rᵀ
 * (the nearest orthogonal matrix to F). Directions with a zero singular
 * value are completed to an orthonormal basis.
 */
export function polarFactor(f: readonly (readonly number[])[]): Mat {
  const n = f.length;
  const { values, vectors } = symmetricEigen(mul(transpose(f), f));
  const top = Math.max(values[0]!, 0);
  const p: number[][] = []; // columns of P, as arrays
  const r: number[][] = []; // matching columns of R
  for (let j = 0; j < n; j++) {
    const rj = vectors.map((row) => row[j]!);
    const s = Math.sqrt(Math.max(values[j]!, 0));
    if (!(s > 1e-12 * Math.sqrt(top)) || top === 0) continue;
    p.push(f.map((row) => row.reduce((acc, v, l) => acc + v * rj[l]!, 0) / s));
    r.push(rj);
  }
  // Complete P and R with orthonormal vectors (Gram–Schmidt on the unit vectors).
  const complete = (basis: number[][], seed: readonly number[][]) => {
    for (let e = 0; e < n && basis.length < n; e++) {
      const u = new Array<number>(n).fill(0);
      u[e] = 1;
      for (const b of [...basis]) {
        const dot = b.reduce((acc, v, l) => acc + v * u[l]!, 0);
        for (let l = 0; l < n; l++) u[l]! -= dot * b[l]!;
      }
      const norm = Math.hypot(...u);
      if (norm > 1e-6) basis.push(u.map((v) => v / norm));
    }
    return seed;
  };
  const pr = r.length;
  complete(p, p);
  // R's completion must pair with P's: use the eigenvectors not yet taken.
  for (let j = 0; j < n && r.length < n; j++) {
    const rj = vectors.map((row) => row[j]!);
    if (r.slice(0, pr).some((v) => Math.abs(v.reduce((acc, x, l) => acc + x * rj[l]!, 0)) > 0.5)) {
      continue;
    }
    r.push(rj);
  }
  complete(r, r);
  const out = zeros(n);
  for (let c = 0; c < n; c++) {
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out[a]![b]! += p[c]![a]! * r[c]![b]!;
  }
  return out;
}

/** log |A| of a symmetric positive definite matrix (NaN when it is not). */
export function logDetSym(a: readonly (readonly number[])[]): number {
  const { values } = symmetricEigen(a);
  if (!(values[values.length - 1]! > 0)) return NaN;
  return values.reduce((s, v) => s + Math.log(v), 0);
}

/** The inverse of a symmetric positive definite matrix through its eigen-decomposition. */
export function inverseSym(a: readonly (readonly number[])[]): Mat {
  const { values, vectors } = symmetricEigen(a);
  const n = a.length;
  const out = zeros(n);
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) out[p]![q]! += (vectors[p]![j]! * vectors[q]![j]!) / values[j]!;
    }
  }
  return out;
}

/** D · diag(s) · Dᵀ (D's columns the directions). */
export function fromEigen(vectors: readonly (readonly number[])[], s: readonly number[]): Mat {
  const n = s.length;
  const out = zeros(n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let v = 0;
      for (let j = 0; j < n; j++) v += vectors[a]![j]! * s[j]! * vectors[b]![j]!;
      out[a]![b] = v;
      out[b]![a] = v;
    }
  }
  return out;
}
