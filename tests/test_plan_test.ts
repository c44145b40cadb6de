// How `deno task test` splits the suite into processes (tools/test_plan.ts) and reads them back.
import { assert, assertEquals } from "@std/assert";
import {
  failedTests,
  findTestFiles,
  isHeavySource,
  isTestFile,
  junitSeconds,
  KNOWN_SECONDS,
  OWN_PROCESS_SECONDS,
  parseSummary,
  planUnits,
  SPLIT_FILES,
} from "../tools/test_plan.ts";
import { ROOT } from "../tools/setup.ts";

Deno.test("isTestFile() takes the names deno test takes in a folder", () => {
  for (const yes of ["tests/em_test.ts", "a.test.tsx", "test.ts", "x_test.mjs"]) {
    assert(isTestFile(yes), yes);
  }
  for (const no of ["tests/_kernel.ts", "latest.ts", "test_plan.ts", "em_test.json"]) {
    assert(!isTestFile(no), no);
  }
});

Deno.test("findTestFiles() finds every test file of tests/, this one included, and the helpers", async () => {
  const { tests, docs } = await findTestFiles(ROOT, "tests");
  assert(tests.includes("tests/test_plan_test.ts"));
  assert(tests.includes("tests/browser_test.ts"));
  assert(tests.every(isTestFile), tests.join(" "));
  assert(docs.includes("tests/_kernel.ts"), docs.join(" "));
  assertEquals(docs.filter(isTestFile), []);
  assertEquals([...tests].sort(), tests);
});

Deno.test("isHeavySource() tells kernel, lab, browser and subprocess tests from the rest", () => {
  assert(isHeavySource("const r = await runCells([code]);"));
  assert(isHeavySource("const lab = await startLab({ port: 0 });"));
  assert(isHeavySource("browser = await launchChromium(path);"));
  assert(isHeavySource("await new Deno.Command(Deno.execPath(), { args }).output();"));
  assert(!isHeavySource('import { runCells } from "./_kernel.ts";\nassertEquals(1, 1);'));
});

Deno.test("planUnits(): slow files alone, the quick ones balanced over the jobs, longest first", () => {
  const quick = Array.from(
    { length: 6 },
    (_, i) => ({ path: `tests/q${i}_test.ts`, heavy: false }),
  );
  const times = Object.fromEntries(quick.map((q, i) => [q.path, i + 1]));
  const units = planUnits(
    [...quick, { path: "tests/kernel_test.ts", heavy: true }, {
      path: "tests/long_test.ts",
      heavy: false,
    }],
    { ...times, "tests/long_test.ts": OWN_PROCESS_SECONDS + 100, "tests/kernel_test.ts": 2 },
    2,
  );
  assertEquals(units[0]!.files, ["tests/long_test.ts"]);
  assertEquals(units.find((u) => u.name === "tests/kernel_test.ts")?.files, [
    "tests/kernel_test.ts",
  ]);
  const groups = units.filter((u) => u.files.length > 1);
  assertEquals(groups.length, 2);
  // Every quick file exactly once, and the groups' estimates within the largest file's time.
  assertEquals(groups.flatMap((g) => g.files).sort(), quick.map((q) => q.path).sort());
  assert(Math.abs(groups[0]!.estimate - groups[1]!.estimate) <= 6);
  for (let i = 1; i < units.length; i++) assert(units[i - 1]!.estimate >= units[i]!.estimate);
});

Deno.test("planUnits() without timings estimates from KNOWN_SECONDS and heaviness", () => {
  const units = planUnits(
    [{ path: "tests/hub_test.ts", heavy: true }, {
      path: "tests/new_kernel_test.ts",
      heavy: true,
    }],
    {},
    3,
  );
  assertEquals(units.map((u) => u.name), ["tests/hub_test.ts", "tests/new_kernel_test.ts"]);
  assertEquals(units[0]!.estimate, KNOWN_SECONDS["tests/hub_test.ts"]);
});

Deno.test("planUnits() runs each SPLIT_FILES file as its parts, each with its environment", () => {
  for (const [path, parts] of Object.entries(SPLIT_FILES)) {
    const units = planUnits([{ path, heavy: true }], { [path]: 600 }, 3);
    assertEquals(units.map((u) => u.files), parts.map(() => [path]));
    assertEquals(units.map((u) => u.env), parts.map((p) => p.env));
    for (const u of units) assertEquals(u.estimate, 600 / parts.length);
  }
  assert("tests/browser_test.ts" in SPLIT_FILES && "tests/exercises_kernel_test.ts" in SPLIT_FILES);
});

Deno.test("parseSummary() reads deno test's closing line, steps and ignored included", () => {
  assertEquals(parseSummary("x\nok | 12 passed (4 steps) | 0 failed (3s)\n"), {
    passed: 12,
    failed: 0,
    ignored: 0,
  });
  assertEquals(
    parseSummary("\x1b[31mFAILED\x1b[0m | 3 passed | 2 failed | 1 ignored (1m 2s)"),
    { passed: 3, failed: 2, ignored: 1 },
  );
  assertEquals(parseSummary("error: Module not found"), null);
});

Deno.test("failedTests() lists the FAILURES section's tests", () => {
  const out = [
    "a ... FAILED (2ms)",
    "",
    " ERRORS ",
    "",
    "a => ./tests/a_test.ts:1:6",
    "error: AssertionError",
    "",
    " FAILURES ",
    "",
    "a => ./tests/a_test.ts:1:6",
    "b c => ./tests/a_test.ts:9:6",
    "",
    "FAILED | 0 passed | 2 failed (5ms)",
  ].join("\n");
  assertEquals(failedTests(out), ["a => ./tests/a_test.ts:1:6", "b c => ./tests/a_test.ts:9:6"]);
  assertEquals(failedTests("ok | 1 passed | 0 failed"), []);
});

Deno.test("junitSeconds() sums each file's tests, JSDoc examples to their module, not steps", () => {
  const xml = `<?xml version="1.0"?><testsuites>
<testsuite name="./tests/a_test.ts" tests="2">
<testcase name="x" classname="./tests/a_test.ts" time="1.25" line="1" col="6">
<testcase name="x &gt; step" classname="./tests/a_test.ts" time="1.000" line="2" col="6">
<testcase name="y" classname="./tests/a_test.ts" time="0.5" line="9" col="6"></testsuite>
<testsuite name="./lib/core/em.ts#12-20.ts" tests="1">
<testcase name="./lib/core/em.ts#12-20.ts" classname="./lib/core/em.ts#12-20.ts" time="0.25">
<testcase name="./lib/core/em.ts#30-33.ts" classname="./lib/core/em.ts#30-33.ts" time="0.25">
</testsuite></testsuites>`;
  assertEquals(junitSeconds(xml), { "tests/a_test.ts": 1.75, "lib/core/em.ts": 0.5 });
});
