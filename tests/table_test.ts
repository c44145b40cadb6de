import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import {
  fixed,
  formatCell,
  ParameterRangeError,
  ParameterTypeError,
  scientific,
  showBundle,
  table,
} from "../lib/mod.ts";

Deno.test("formatCell() gives 6 significant digits, integers as they are, a true minus sign", () => {
  assertEquals(formatCell(-1130.26396019), "−1130.26");
  assertEquals(formatCell(0.644127101486), "0.644127");
  assertEquals(formatCell(0.00114), "0.00114");
  assertEquals(formatCell(3e-7), "3.000e−7");
  assertEquals(formatCell(272), "272");
  assertEquals(formatCell(-0.0001, 2), "0.00", "no −0.00");
  assertEquals(formatCell(2.5, 3), "2.500");
  assertEquals(formatCell(-Infinity), "−∞");
  assertEquals(formatCell("λ₁"), "λ₁");
  assertEquals(formatCell(undefined), "");
});

Deno.test("table() has a header, no index column, and no quoted numbers", () => {
  const t = table(
    [{ k: 1, "log L": -421.41664, BIC: 854.0 }, { k: 2, "log L": -276.36, BIC: 583.93 }],
    { digits: { "log L": 2, BIC: 2 }, caption: "BIC" },
  );
  assertEquals(t.columns, ["k", "log L", "BIC"]);
  assertEquals(t.rows, [["1", "−421.42", "854.00"], ["2", "−276.36", "583.93"]]);
  assertStringIncludes(
    t.html,
    '<thead><tr><th style="text-align: right">k</th><th style="text-align: right">log L</th>' +
      '<th style="text-align: right">BIC</th></tr></thead>',
  );
  assertStringIncludes(t.html, "<caption>BIC</caption>");
  assert(!t.html.includes('"−421'), "numbers are not quoted");
  assert(!/idx/.test(t.html + t.text));
  assertEquals(t.text.split("\n"), [
    "BIC",
    "k    log L     BIC",
    "─  ───────  ──────",
    "1  −421.42  854.00",
    "2  −276.36  583.93",
  ]);
});

Deno.test("table() escapes HTML, keeps a given column order, left-aligns text columns", () => {
  const t = table([{ a: "<b>", b: 1.5 }], { columns: ["b", "a"] });
  assertEquals(t.columns, ["b", "a"]);
  assertStringIncludes(t.html, "&lt;b&gt;");
  assertStringIncludes(t.html, '<td style="text-align: right">1.5</td>');
  assertStringIncludes(t.html, '<td style="text-align: left">&lt;b&gt;</td>');
  assertThrows(() => table({} as never), ParameterTypeError, "rows");
});

Deno.test("table() right-aligns columns of numbers written as text, head and cells", () => {
  const t = table([
    { fit: "truth", "μ": "−0.300, 0.500", "log L": "−512.31", share: "35 %" },
    { fit: "ML EM", "μ": "−0.299, 0.500", "log L": "−511.90", share: "" },
  ]);
  const aligned = (column: string) => {
    const j = t.columns.indexOf(column);
    const head = [...t.html.matchAll(/<th style="text-align: (\w+)">/g)][j]![1];
    const cells = [...t.html.matchAll(/<tr>(.*?)<\/tr>/g)].slice(1).map((m) =>
      [...m[1]!.matchAll(/text-align: (\w+)/g)][j]![1]
    );
    return [head, ...cells];
  };
  assertEquals(aligned("fit"), ["left", "left", "left"]);
  assertEquals(aligned("μ"), ["right", "right", "right"]);
  assertEquals(aligned("log L"), ["right", "right", "right"]);
  assertEquals(aligned("share"), ["right", "right", "right"]);
  assertEquals(t.text.split("\n")[2], "truth  −0.300, 0.500  −512.31   35 %");
});

Deno.test("fixed() and scientific() print zero as 0 and a true minus sign", () => {
  assertEquals(fixed(-0.00004, 4), "0", "no −0.0000");
  assertEquals(fixed(0.00004, 4), "0");
  assertEquals(fixed(-0.00006, 4), "−0.0001");
  assertEquals(fixed(-1130.26396, 2), "−1130.26");
  assertEquals(fixed(3, 0), "3");
  assertEquals(fixed(-Infinity), "−∞");
  assertEquals(scientific(-3.8e-16), "0", "rounding error prints as 0");
  assertEquals(scientific(2.5e-8), "2.50e−8");
  assertEquals(scientific(-2.5e-8, 1), "−2.5e−8");
  assertEquals(scientific(1e-13, 2, 1e-14), "1.00e−13");
  assertThrows(() => fixed(1, 1.5), ParameterRangeError, "decimals");
  assertThrows(() => scientific(1, 2, -1), ParameterRangeError, "zero");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => fixed("1" as any), ParameterTypeError, "value");
});

Deno.test("showBundle() enlarges tables and text with the chart scale (EMLAB_CHART_SCALE)", () => {
  const before = Deno.env.get("EMLAB_CHART_SCALE");
  const t = table([{ k: 2, BIC: 783.93 }]);
  try {
    Deno.env.set("EMLAB_CHART_SCALE", "1");
    assertEquals(showBundle("done"), { "text/plain": "done" });
    assertEquals(showBundle(t)["text/html"], t.html);
    Deno.env.set("EMLAB_CHART_SCALE", "1.5");
    const text = showBundle("a < b");
    assertEquals(text["text/plain"], "a < b");
    assertStringIncludes(text["text/html"]!, "calc(var(--jp-code-font-size, 13px) * 1.5)");
    assertStringIncludes(text["text/html"]!, "a &lt; b");
    assertStringIncludes(
      showBundle(t)["text/html"]!,
      '<table style="font-size: calc(var(--jp-ui-font-size1, 13px) * 1.5)" class="emlab-table">',
    );
  } finally {
    if (before === undefined) Deno.env.delete("EMLAB_CHART_SCALE");
    else Deno.env.set("EMLAB_CHART_SCALE", before);
  }
});
