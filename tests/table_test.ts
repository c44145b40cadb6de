import { assert, assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { formatCell, ParameterTypeError, table } from "../lib/mod.ts";

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
  assertStringIncludes(t.html, "<thead><tr><th>k</th><th>log L</th><th>BIC</th></tr></thead>");
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
