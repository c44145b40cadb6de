/**
 * Read one numeric column out of CSV text (a header row, then one row per
 * observation), for loading real data into a notebook.
 *
 * @module
 */
import { describeValue, ParameterRangeError, ParameterTypeError } from "./errors.ts";

/** Split one CSV line into fields; handles "quoted" fields with "" escapes and commas. */
function splitLine(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * The numbers in one column of CSV text. The first non-empty line is the
 * header; blank lines are skipped; fields may be quoted. Every cell of the
 * column must be a finite number.
 *
 * @param text The CSV text, e.g. from `await Deno.readTextFile(path)`.
 * @param column The column's name in the header.
 * @returns The column's values, in row order.
 * @throws {ParameterTypeError} Text or a column name of the wrong type.
 * @throws {ParameterRangeError} A missing column, or a value that is not a finite number.
 *
 * @example
 * ```ts
 * import { parseCsvColumn } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const text = '"eruptions","waiting"\n3.6,79\n1.8,54\n';
 * assertEquals(parseCsvColumn(text, "eruptions"), [3.6, 1.8]);
 * assertEquals(parseCsvColumn(text, "waiting"), [79, 54]);
 * ```
 */
export function parseCsvColumn(text: string, column: string): number[] {
  if (typeof text !== "string") {
    throw new ParameterTypeError(
      "text",
      "the CSV file's text as a string",
      describeValue(text),
      "Read the file first, e.g. await Deno.readTextFile(path).",
    );
  }
  if (typeof column !== "string") {
    throw new ParameterTypeError("column", "a column name (string)", describeValue(column));
  }
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== "");
  if (headerIndex < 0) {
    throw new ParameterRangeError(
      "text",
      "CSV text with a header row",
      "an empty text",
      "Check the file path and that the file is not empty.",
    );
  }
  const header = splitLine(lines[headerIndex]!);
  const j = header.indexOf(column);
  if (j < 0) {
    throw new ParameterRangeError(
      "column",
      `one of the header's columns (${header.map((h) => JSON.stringify(h)).join(", ")})`,
      JSON.stringify(column),
      "Column names are case-sensitive.",
    );
  }
  const values: number[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const cell = splitLine(line)[j];
    const value = cell === undefined || cell === "" ? NaN : Number(cell);
    if (!Number.isFinite(value)) {
      throw new ParameterRangeError(
        `text (line ${i + 1}, column ${JSON.stringify(column)})`,
        "a finite number",
        describeValue(cell ?? "a missing cell"),
        "Remove or fix the row, or filter missing values before parsing.",
      );
    }
    values.push(value);
  }
  return values;
}
