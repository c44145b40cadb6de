/**
 * Kernel robustness, through the real Deno Jupyter kernel: a cell that
 * throws (bad input to the library) shows the typed error and leaves the
 * kernel alive; the next cell works, and so does the failed cell once fixed
 * and re-run.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { type CellSummary, mimeText, runCells } from "./_kernel.ts";

function plain(result: { notebook: { cells: { outputs?: unknown[] }[] } }, index: number): string {
  const outputs = (result.notebook.cells[index]?.outputs ?? []) as Parameters<typeof mimeText>[0][];
  // The kernel colours text/plain with ANSI escapes; compare the text.
  const text = outputs.map((o) => mimeText(o, "text/plain") ?? "").join("");
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

/**
 * The cell's value, when the kernel's execute_result arrived. The Deno kernel
 * now and then reports "idle" before it, and nbclient drops it; the cells
 * therefore also throw when their state is wrong, which `assertRan` catches
 * through the cell's error.
 */
function assertValue(
  result: { notebook: { cells: { outputs?: unknown[] }[] } },
  index: number,
  expected: string,
): void {
  const value = plain(result, index);
  if (value !== "") assertEquals(value, expected);
}

function assertRan(cell: CellSummary | undefined, what: string): void {
  assert(cell !== undefined, `${what}: no such cell`);
  assert(cell.execution_count !== null, `${what}: did not run`);
  assertEquals(cell.error, null, `${what}: ${JSON.stringify(cell.error)}`);
}

Deno.test("kernel: a cell with bad input shows the typed error; the kernel lives on, and the fixed cell runs", async () => {
  const result = await runCells([
    // 0: set-up
    'import { fit, mixture, sampleMixture } from "../lib/mod.ts";\n' +
    "const { x } = sampleMixture(mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]), 500, { seed: 1 });",
    // 1: bad k
    { source: "fit(x, 0)", tags: ["again"] },
    // 2: the next cell, independent of the failure
    'if (x.length !== 500) throw new Error("state lost");\nx.length + 1',
    // 3: the failed cell, fixed
    {
      source: "const fixed = fit(x, 2, { seed: 1 });\n" +
        'if (fixed.mixture.weights.length !== 2) throw new Error("wrong fit");\n' +
        "fixed.mixture.weights.length",
      tags: ["again"],
    },
    // 4: a type error and 5: a mixture that is not one
    'fit("1,2,3", 2)',
    "mixture([0.5, 0.6], [0, 1], [1, 1])",
    // 6: state survived all of it
    "const again = fit(x, 2, { seed: 1 });\n" +
    'if (again.mixture.weights.length !== 2) throw new Error("wrong fit");\n' +
    "again.mixture.weights.length * 10",
    // 7: identical data, the documented degenerate error
    "fit([2, 2, 2], 1)",
    // 8: still alive
    '"alive"',
  ], { rerunTag: "again", timeoutSec: 60 });
  const { summary } = result;
  assertEquals(summary.kernel_error, null);
  assertEquals(summary.cells.length, 9);

  const bad = summary.cells[1]!;
  assertEquals(bad.error?.ename, "ParameterRangeError");
  assertStringIncludes(bad.error?.evalue ?? "", "k must be an integer ≥ 1, got 0.");
  assertStringIncludes(bad.error?.evalue ?? "", "A mixture needs at least one component.");

  assertRan(summary.cells[2], "next cell");
  assertValue(result, 2, "501");
  assertRan(summary.cells[3], "fixed cell");
  assertValue(result, 3, "2");

  assertEquals(summary.cells[4]!.error?.ename, "ParameterTypeError");
  assertStringIncludes(summary.cells[4]!.error?.evalue ?? "", "data must be an array");
  assertEquals(summary.cells[5]!.error?.ename, "ParameterRangeError");
  assertStringIncludes(summary.cells[5]!.error?.evalue ?? "", "Divide each weight by their sum.");
  assertRan(summary.cells[6], "cell after three errors");
  assertValue(result, 6, "20");
  assertEquals(summary.cells[7]!.error?.ename, "ParameterRangeError");
  assertStringIncludes(summary.cells[7]!.error?.evalue ?? "", "at least two distinct values");
  assertRan(summary.cells[8], "last cell");

  // Re-running in the same kernel: the bad cell fails the same way, the fixed one still works.
  assertEquals(summary.reruns.map((c) => c.index), [1, 3]);
  const [badAgain, fixedAgain] = summary.reruns;
  assertEquals(badAgain!.error, bad.error);
  assertRan(fixedAgain, "fixed cell re-run");
  assert(fixedAgain!.execution_count! > summary.cells[8]!.execution_count!);
  assertValue(result, 3, "2"); // the executed notebook keeps the re-run's output
  assertEquals(summary.ok, false); // errors were recorded, on purpose
});

Deno.test("kernel: an answer cell that does not parse shows nothing and leaves the earlier value (what the exercise sections tell students)", async () => {
  const result = await runCells([
    // 0: the answer cell as handed out, 1: the student's typo, 2: what the check would read
    "const answer: number | undefined = undefined;",
    "const answer: number = 0.61 +;",
    'if (answer !== undefined) throw new Error("the typo was run");\n"still undefined"',
    // 3: the typo fixed
    "const answer: number = 0.61;\nanswer * 100",
  ], { timeoutSec: 60 });
  const { summary } = result;
  assertEquals(summary.kernel_error, null);
  const typo = summary.cells[1]!;
  // The kernel's reply says error, but it sends no error output: the student sees nothing.
  assert(typo.error !== null, "the reply reports the failure");
  assertEquals(typo.outputs, [], "no output, no message under the cell");
  assertRan(summary.cells[2], "the cell after the typo");
  assertValue(result, 2, '"still undefined"');
  assertRan(summary.cells[3], "the fixed cell");
  assertValue(result, 3, "61");
});
