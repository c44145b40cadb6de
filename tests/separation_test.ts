import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  animateEm,
  bhattacharyyaCoefficient,
  em,
  initRandom,
  mixture,
  mvMixture,
  notSeparated,
  ParameterRangeError,
  plateauNote,
  sampleMixture,
  SEPARATION_THRESHOLD,
  setLanguage,
  stepperPlayer,
} from "../lib/mod.ts";

/** Notebook 01's data: 1000 points from its truth, seed 16. */
function notebookData(): number[] {
  return [...sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 1000, { seed: 16 }).x];
}
/** Where notebook 01's EM cell stops from initRandom(2, { seed }). */
function stopOf(x: number[], seed: number) {
  return [...em(x, initRandom(2, { seed }), { tol: 1e-3 })].at(-1)!;
}

Deno.test("bhattacharyyaCoefficient() matches its closed form and numerical integration", () => {
  // ∫ √(p q) dx on a fine grid
  const cases = [[0, 1, 1, 1], [0, 0.5, 0.3, 2], [-0.3, 0.15, 0.5, 0.3], [1, 1, 1, 1]] as const;
  for (const [m1, s1, m2, s2] of cases) {
    const pdf = (x: number, m: number, s: number) =>
      Math.exp(-((x - m) ** 2) / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
    let sum = 0;
    const h = 1e-3;
    for (let x = -20; x <= 20; x += h) sum += Math.sqrt(pdf(x, m1, s1) * pdf(x, m2, s2)) * h;
    assertAlmostEquals(bhattacharyyaCoefficient(m1, s1, m2, s2), sum, 1e-6);
  }
  assertThrows(() => bhattacharyyaCoefficient(0, 0, 1, 1), ParameterRangeError, "sd1");
  assertThrows(() => notSeparated(mixture([1], [0], [1]), 1.5), ParameterRangeError, "threshold");
});

Deno.test("notSeparated() flags notebook 01's plateau stop and not its separated fit", () => {
  const x = notebookData();
  // seed 21 is the EM cell's sixth run (seed + 5): it stops at iteration 5 on the plateau.
  const plateau = stopOf(x, 21);
  assert(plateau.converged && plateau.iteration < 10, `stops early: ${plateau.iteration}`);
  const flagged = notSeparated(plateau.mixture);
  assert(flagged !== undefined, "the plateau stop is flagged");
  assertEquals(flagged.components, [0, 1]);
  assert(flagged.coefficient > 0.99, `overlap ${flagged.coefficient}`);
  // The notebook's own start (seed 16) finds the two groups: not flagged.
  const good = stopOf(x, 16);
  assertEquals(notSeparated(good.mixture), undefined);
  // Over the first 40 re-runs, the flag is exactly the runs that end with μ₁ ≈ μ₂ (< σ/2 apart).
  for (let seed = 16; seed < 56; seed++) {
    const m = stopOf(x, seed).mixture;
    const close = Math.abs(m.means[0]! - m.means[1]!) < 0.5 * Math.min(...m.stdDevs);
    assertEquals(notSeparated(m) !== undefined, close, `seed ${seed}: ${m.means}`);
  }
});

Deno.test("notSeparated() works in 2-D and picks the most overlapping pair", () => {
  const id = [[1, 0], [0, 1]];
  const same = mvMixture([0.5, 0.5], [[0, 0], [0.1, 0]], [id, id]);
  assertAlmostEquals(notSeparated(same)!.coefficient, Math.exp(-0.01 / 8), 1e-12);
  assertEquals(notSeparated(mvMixture([0.5, 0.5], [[0, 0], [5, 0]], [id, id])), undefined);
  const three = mixture([0.3, 0.3, 0.4], [0, 3, 3.05], [1, 1, 1]);
  assertEquals(notSeparated(three)!.components, [1, 2]);
  // The threshold in σ terms as documented: equal σ, means 0.92 σ apart.
  assert(bhattacharyyaCoefficient(0, 1, 0.91, 1) > SEPARATION_THRESHOLD);
  assert(bhattacharyyaCoefficient(0, 1, 0.93, 1) < SEPARATION_THRESHOLD);
});

Deno.test("plateauNote() speaks both languages; the player's caption and EM by hand carry it", async () => {
  const x = notebookData();
  const plateau = stopOf(x, 21).mixture;
  assertStringIncludes(plateauNote(plateau), "components 1 and 2 have not separated");
  setLanguage("ja");
  try {
    assertStringIncludes(plateauNote(plateau), "成分 1 と 2 が分かれていません");
  } finally {
    setLanguage("en");
  }
  let html = "";
  const display = (bundle: Record<string, string>) => {
    if (bundle["text/html"]) html = bundle["text/html"];
  };
  await animateEm(x, em(x, initRandom(2, { seed: 21 }), { tol: 1e-3 }), { delayMs: 0, display });
  const caption = /<div class="emlab-caption">([^<]*)</.exec(html)![1]!;
  assertStringIncludes(caption, "have not separated");
  await animateEm(x, em(x, initRandom(2, { seed: 16 }), { tol: 1e-3 }), { delayMs: 0, display });
  assert(!html.includes("have not separated"), "a separated fit is not flagged");
  const byHand = stepperPlayer(x, initRandom(2, { seed: 21 }), { tol: 1e-3 });
  assertStringIncludes(byHand.frames.at(-1)!.info!, "have not separated");
  assert(!byHand.frames.slice(0, -1).some((f) => f.info?.includes("have not separated")));
});
