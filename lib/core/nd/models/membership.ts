// Which covariances belong to a model, and the nearest start inside it: a
// start's covariances are turned into the model's by its own M-step, with
// Wₕ = Nₕ Σₕ as the scatters.
import type { ComponentStats } from "./_stats.ts";
import { mul, symmetricEigen } from "./_matrix.ts";
import { covarianceStep, type MvModelName } from "./table.ts";

/**
 * The covariances of the model nearest to `covariances` with weights
 * `weights` on `n` points: the model's M-step from the scatters
 * Wₕ = N λₕ Σₕ (for VVV the covariances themselves).
 */
export function projectCovariances(
  model: MvModelName,
  weights: readonly number[],
  means: readonly (readonly number[])[],
  covariances: readonly (readonly (readonly number[])[])[],
  n: number,
): number[][][] {
  const k = weights.length;
  if (model === "VVV" && k > 0) return covariances.map((c) => c.map((row) => [...row]));
  const counts = weights.map((w) => Math.max(w, 1e-12) * n);
  const stats: ComponentStats = {
    n,
    d: means[0]!.length,
    counts,
    means,
    scatters: covariances.map((c, h) => c.map((row) => row.map((v) => v * counts[h]!))),
    emptyComponents: [],
  };
  return covarianceStep(model, k)(stats, covariances);
}

function close(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
}

/**
 * Whether covariances Σₕ = λₕ Dₕ Aₕ Dₕᵀ have the model's geometry, to a
 * relative tolerance: volumes λₕ = |Σₕ|^{1/d} equal for E volume; shapes
 * (eigenvalues of Cₕ = Σₕ / λₕ) all 1 for I, equal for E; orientations
 * axis-aligned for I, shared for E (the Cₕ equal, or commuting when the
 * shapes vary). One component fits every model.
 */
export function inModel(
  model: MvModelName,
  covariances: readonly (readonly (readonly number[])[])[],
  tol = 1e-8,
): boolean {
  if (covariances.length === 0) return true;
  const d = covariances[0]!.length;
  const eig = covariances.map((c) => symmetricEigen(c));
  if (eig.some((e) => !(e.values[d - 1]! > 0))) return false;
  const volumes = eig.map((e) => Math.exp(e.values.reduce((s, v) => s + Math.log(v), 0) / d));
  const shapes = covariances.map((c, h) => c.map((row) => row.map((v) => v / volumes[h]!)));
  const [volume, shape, orientation] = model;
  const k = covariances.length;
  if (volume === "E" && !volumes.every((v) => close(v, volumes[0]!, tol))) return false;
  if (
    shape === "I" &&
    !shapes.every((c) =>
      c.every((row, a) =>
        row.every((v, b) =>
          close(v, a === b ? 1 : 0, tol) || Math.abs(v - (a === b ? 1 : 0)) <= tol
        )
      )
    )
  ) {
    return false;
  }
  if (
    shape === "E" && k > 1 &&
    !eig.every((e, h) =>
      e.values.every((v, j) => close(v / volumes[h]!, eig[0]!.values[j]! / volumes[0]!, tol))
    )
  ) return false;
  if (
    orientation === "I" &&
    !shapes.every((c) =>
      c.every((row, a) =>
        row.every((v, b) => a === b || Math.abs(v) <= tol * Math.sqrt(row[a]! * c[b]![b]!))
      )
    )
  ) return false;
  if (orientation === "E" && shape === "E" && k > 1) {
    // Equal shape and orientation: one matrix Cₕ for all.
    const scale = Math.max(...shapes[0]!.flat().map(Math.abs));
    if (
      !shapes.every((c) =>
        c.every((row, a) => row.every((v, b) => Math.abs(v - shapes[0]![a]![b]!) <= tol * scale))
      )
    ) {
      return false;
    }
  }
  if (orientation === "E" && k > 1) {
    for (let h = 1; h < k; h++) {
      const ab = mul(shapes[0]!, shapes[h]!), ba = mul(shapes[h]!, shapes[0]!);
      const scale = Math.max(...ab.flat().map(Math.abs));
      if (!ab.every((row, a) => row.every((v, b) => Math.abs(v - ba[a]![b]!) <= tol * scale))) {
        return false;
      }
    }
  }
  return true;
}
