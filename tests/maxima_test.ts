import { assertEquals, assertThrows } from "@std/assert";
import { distinctMaxima, fit, ParameterTypeError, parseCsvColumn } from "../lib/mod.ts";

const run = (logLikelihood: number, seed: number, degenerate = false) => ({
  logLikelihood,
  seed,
  degenerate,
});

Deno.test("distinctMaxima() groups runs within `within` and keeps degenerate runs apart", () => {
  const runs = [
    run(-10.004, 1),
    run(-12, 2),
    run(-10, 3),
    run(-9, 4, true),
    run(-10.02, 5),
    run(-9.001, 6),
  ];
  const maxima = distinctMaxima(runs);
  assertEquals(maxima.map((m) => [m.logLikelihood, m.lowest, m.runs, m.degenerate]), [
    [-9, -9, 1, true],
    [-9.001, -9.001, 1, false],
    [-10, -10.004, 2, false],
    [-10.02, -10.02, 1, false],
    [-12, -12, 1, false],
  ]);
  assertEquals(maxima[2]!.seeds, [1, 3]);
  assertEquals(distinctMaxima(runs, { within: 0.05 }).map((m) => m.runs), [1, 1, 3, 1]);
});

Deno.test("distinctMaxima() on Old Faithful's eruptions, k = 3: the starts reach different maxima", () => {
  const text = Deno.readTextFileSync(
    new URL("../notebooks/data/old_faithful.csv", import.meta.url),
  );
  const x = parseCsvColumn(text, "eruptions");
  const result = fit(x, 3, { nInit: 20, seed: 7, tol: 1e-6 });
  const maxima = distinctMaxima(result.runs);
  assertEquals(maxima.reduce((n, m) => n + m.runs, 0), 20);
  // The best proper maximum is the fit's, and more than one maximum was reached.
  assertEquals(maxima.find((m) => !m.degenerate)!.logLikelihood, result.logLikelihood);
  assertEquals(maxima.length > 1, true);
  for (const m of maxima) assertEquals(m.logLikelihood - m.lowest <= 0.01, true);
});

Deno.test("distinctMaxima() refuses what is not a list of runs", () => {
  assertThrows(() => distinctMaxima(null as never), ParameterTypeError, "runs must be");
  assertThrows(() => distinctMaxima([run(NaN, 1)]), ParameterTypeError, "runs must be");
});
