// A direct transcription of the original write-up's EM, kept only for tests:
// per-component normal pdf (no logs), responsibilities normalised per sample,
// and the three closed-form updates.

export interface Params {
  lambda: number[];
  mu: number[];
  sigma: number[];
}

function pdf(x: number, mu: number, sigma: number): number {
  return Math.exp(-((x - mu) ** 2) / (2 * sigma ** 2)) / (sigma * Math.sqrt(2 * Math.PI));
}

export function originalStep(x: readonly number[], p: Params): Params {
  const k = p.lambda.length;
  const n = x.length;
  // E-step: p̄(h | x_i) = λ_h N(x_i | μ_h, σ_h) / Σ_j λ_j N(x_i | μ_j, σ_j)
  const resp = x.map((xi) => {
    const w = p.lambda.map((l, h) => l * pdf(xi, p.mu[h]!, p.sigma[h]!));
    const s = w.reduce((a, b) => a + b, 0);
    return w.map((v) => v / s);
  });
  const lambda: number[] = [], mu: number[] = [], sigma: number[] = [];
  for (let h = 0; h < k; h++) {
    const nh = resp.reduce((s, r) => s + r[h]!, 0);
    lambda.push(nh / n);
    const m = resp.reduce((s, r, i) => s + r[h]! * x[i]!, 0) / nh;
    mu.push(m);
    sigma.push(Math.sqrt(resp.reduce((s, r, i) => s + r[h]! * (x[i]! - m) ** 2, 0) / nh));
  }
  return { lambda, mu, sigma };
}

export function originalLogLikelihood(x: readonly number[], p: Params): number {
  return x.reduce(
    (s, xi) =>
      s + Math.log(p.lambda.reduce((a, l, h) => a + l * pdf(xi, p.mu[h]!, p.sigma[h]!), 0)),
    0,
  );
}
