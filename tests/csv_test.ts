import { assertEquals, assertThrows } from "@std/assert";
import { ParameterRangeError, ParameterTypeError, parseCsvColumn } from "../lib/mod.ts";

Deno.test("parseCsvColumn() reads the project's Old Faithful file", async () => {
  const text = await Deno.readTextFile(
    new URL("../notebooks/data/old_faithful.csv", import.meta.url),
  );
  const eruptions = parseCsvColumn(text, "eruptions");
  assertEquals(eruptions.length, 272);
  assertEquals(eruptions.slice(0, 3), [3.6, 1.8, 3.333]);
  assertEquals(parseCsvColumn(text, "waiting").slice(0, 2), [79, 54]);
});

Deno.test("parseCsvColumn() handles CRLF, quotes, blank lines and embedded commas", () => {
  const text = '\r\n"name","x"\r\n"a, b",1.5\r\n\r\n"c ""d""", -2\r\n';
  assertEquals(parseCsvColumn(text, "x"), [1.5, -2]);
});

Deno.test("parseCsvColumn() names the line of a bad cell and the available columns", () => {
  assertThrows(() => parseCsvColumn("x\n1\nNA\n", "x"), ParameterRangeError, "line 3");
  assertThrows(() => parseCsvColumn("x,y\n1,\n", "y"), ParameterRangeError, "line 2");
  assertThrows(() => parseCsvColumn("x,y\n1,2\n", "z"), ParameterRangeError, '("x", "y")');
  assertThrows(() => parseCsvColumn("\n\n", "x"), ParameterRangeError, "header");
  // deno-lint-ignore no-explicit-any
  assertThrows(() => parseCsvColumn(42 as any, "x"), ParameterTypeError, "text must be");
});
