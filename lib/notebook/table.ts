/**
 * Tables for people: a header, numbers formatted to a sensible number of
 * digits with a true minus sign, right-aligned; as HTML for a notebook and as
 * fixed-width text. Instead of `console.table` (quoted numbers, an `(idx)`
 * column) or raw objects (16 digits).
 *
 * @module
 */
import { checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterRangeError, ParameterTypeError } from "../core/errors.ts";

/** A cell value: numbers are formatted, strings shown as they are. */
export type TableValue = number | string | boolean | null | undefined;

/** Options for {@linkcode table}. */
export interface TableOptions {
  /** Column order (and which columns). @default the keys of the first row */
  columns?: readonly string[];
  /**
   * Digits after the decimal point, per column; columns not listed get
   * {@linkcode formatCell}'s default (6 significant digits, integers as they are).
   * @default {}
   */
  digits?: Readonly<Record<string, number>>;
  /** A caption shown above the table. */
  caption?: string;
}

/** A formatted table: header, rows of strings, and its HTML and text forms. */
export interface Table {
  /** Column headings. */
  readonly columns: readonly string[];
  /** Each row's cells, formatted. */
  readonly rows: readonly (readonly string[])[];
  /** Caption, if any. */
  readonly caption?: string;
  /** An HTML `<table>` with a `<thead>`. */
  readonly html: string;
  /** Fixed-width text, numbers right-aligned. */
  readonly text: string;
}

/**
 * One value as a table shows it: integers as they are, other numbers with
 * `decimals` digits after the point (or 6 significant digits), a true minus
 * sign, no "−0.00"; strings unchanged; null/undefined as "".
 *
 * @param value The value.
 * @param decimals Digits after the decimal point (numbers only).
 * @returns The text of the cell.
 *
 * @example
 * ```ts
 * import { formatCell } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatCell(-1130.2639601924), "−1130.26");
 * assertEquals(formatCell(0.35587289851), "0.355873");
 * assertEquals(formatCell(0.0001234, 2), "0.00");
 * assertEquals(formatCell(12), "12");
 * ```
 */
export function formatCell(value: TableValue, decimals?: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "number") return String(value);
  if (!Number.isFinite(value)) return value > 0 ? "∞" : value < 0 ? "−∞" : "NaN";
  let s: string;
  if (decimals !== undefined) s = value.toFixed(decimals);
  else if (Number.isInteger(value) && Math.abs(value) < 1e15) s = String(value);
  else {
    const a = Math.abs(value);
    s = a !== 0 && (a < 1e-4 || a >= 1e9)
      ? value.toExponential(3)
      : String(Number(value.toPrecision(6)));
    if (a >= 1e-4 && a < 1e9 && s.includes("e")) s = value.toFixed(6);
  }
  if (/^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s.replace(/^-/, "−").replace(/e-/, "e−");
}

/**
 * A number for printed text, with `decimals` digits after the point and the
 * true minus sign (−) the charts use; a value that rounds to zero at that
 * precision prints as `0` (never `-0.0000`). The notebooks' `console.log`
 * lines use it where JavaScript's `toFixed` would print `-0.0000` or `-512.3`.
 *
 * @param value The number.
 * @param decimals Digits after the decimal point (0 to 20). @default 2
 * @returns Its text.
 *
 * @example
 * ```ts
 * import { fixed } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(fixed(-512.3456, 2), "−512.35");
 * assertEquals(fixed(-0.00001, 4), "0");
 * assertEquals(fixed(0.5), "0.50");
 * ```
 */
export function fixed(value: number, decimals = 2): string {
  checkDecimals(decimals, "decimals", 0);
  if (typeof value !== "number") {
    throw new ParameterTypeError("value", "a number", describeValue(value), "Pass a number.");
  }
  if (!Number.isFinite(value)) return formatCell(value);
  const s = value.toFixed(decimals);
  if (Number(s) === 0) return "0";
  return s.replace(/^-/, "−");
}

/**
 * A number for printed text in exponent form (`3.80e−9`), with `digits`
 * digits after the point and a true minus sign; a value below `zero` in size
 * prints as `0`: at 10⁻¹² it is rounding error, not a quantity (a gradient
 * at a maximum, |Σλ − 1|).
 *
 * @param value The number.
 * @param digits Digits after the point of the mantissa (0 to 20). @default 2
 * @param zero Below this size the value prints as 0. @default 1e-12
 * @returns Its text.
 *
 * @example
 * ```ts
 * import { scientific } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * assertEquals(scientific(-3.8e-16), "0");
 * assertEquals(scientific(-0.000123456, 2), "−1.23e−4");
 * assertEquals(scientific(52000, 1), "5.2e+4");
 * ```
 */
export function scientific(value: number, digits = 2, zero = 1e-12): string {
  checkDecimals(digits, "digits", 0);
  if (typeof value !== "number") {
    throw new ParameterTypeError("value", "a number", describeValue(value), "Pass a number.");
  }
  if (typeof zero !== "number" || !(zero >= 0)) {
    throw new ParameterRangeError("zero", "a number ≥ 0", describeValue(zero));
  }
  if (!Number.isFinite(value)) return formatCell(value);
  if (Math.abs(value) < zero || value === 0) return "0";
  return value.toExponential(digits).replace(/^-/, "−").replace("e-", "e−");
}

function checkDecimals(n: unknown, parameter: string, min: number): void {
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > 20) {
    throw new ParameterRangeError(parameter, `an integer from ${min} to 20`, describeValue(n));
  }
}

const NUMBER = String.raw`[−+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:e[−+-]?\d+)?(?: ?%)?|[−+]?∞|NaN`;
/** Text that is a number, or a list of numbers separated by ", " (what a numeric column holds). */
const NUMERIC_TEXT = new RegExp(`^(?:${NUMBER})(?:, (?:${NUMBER}))*$`);

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  );
}

/**
 * A formatted table from rows of values.
 *
 * @param rows One object per row: column → value.
 * @param options Column order, digits per column, caption.
 * @returns The table, with `html` and `text`.
 *
 * @example
 * ```ts
 * import { table } from "@emlab/emlab";
 * import { assertEquals, assertStringIncludes } from "@std/assert";
 * const t = table([{ k: 1, "log L": -421.4166 }, { k: 2, "log L": -276.36 }], {
 *   digits: { "log L": 2 },
 * });
 * assertEquals(t.columns, ["k", "log L"]);
 * assertEquals(t.rows, [["1", "−421.42"], ["2", "−276.36"]]);
 * assertStringIncludes(t.html, '<th style="text-align: right">log L</th>');
 * assertEquals(t.text.split("\n")[2], "1  −421.42");
 * ```
 */
export function table(
  rows: readonly Readonly<Record<string, TableValue>>[],
  options: TableOptions = {},
): Table {
  if (!Array.isArray(rows)) {
    throw new ParameterTypeError(
      "rows",
      "an array of objects (column → value)",
      describeValue(rows),
      "Pass e.g. [{ k: 1, BIC: 850.2 }, { k: 2, BIC: 783.9 }].",
    );
  }
  checkOptions(options, optionKeys<TableOptions>({ columns: 1, digits: 1, caption: 1 }), "table");
  const columns = options.columns ?? Object.keys(rows[0] ?? {});
  const digits = options.digits ?? {};
  const cells = rows.map((row) => columns.map((c) => formatCell(row[c], digits[c])));
  // A column of numbers — or of numbers already written as text ("−0.312", "0.35, 0.65") — is
  // right-aligned.
  const numeric = columns.map((c, j) =>
    cells.some((r) => r[j] !== "") &&
    cells.every((r, i) =>
      typeof rows[i]![c] === "number" || r[j] === "" || NUMERIC_TEXT.test(r[j]!)
    )
  );
  const align = (j: number) => (numeric[j] ? "right" : "left");
  const caption = options.caption;
  const html = [
    `<table class="emlab-table">`,
    caption ? `<caption>${escapeHtml(caption)}</caption>` : "",
    `<thead><tr>${
      columns.map((c, j) => `<th style="text-align: ${align(j)}">${escapeHtml(c)}</th>`).join("")
    }</tr></thead>`,
    `<tbody>`,
    ...cells.map((r) =>
      `<tr>${
        r.map((v, j) => `<td style="text-align: ${align(j)}">${escapeHtml(v)}</td>`).join("")
      }</tr>`
    ),
    `</tbody></table>`,
  ].filter((s) => s !== "").join("\n");
  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j]!.length)));
  const pad = (v: string, j: number) => numeric[j] ? v.padStart(widths[j]!) : v.padEnd(widths[j]!);
  const lines = [
    columns.map(pad).join("  ").trimEnd(),
    widths.map((w) => "─".repeat(w)).join("  "),
    ...cells.map((r) => r.map(pad).join("  ").trimEnd()),
  ];
  const text = (caption ? [caption, ...lines] : lines).join("\n");
  return Object.freeze({
    columns: Object.freeze([...columns]),
    rows: Object.freeze(cells.map((r) => Object.freeze(r))),
    ...(caption ? { caption } : {}),
    html,
    text,
  });
}
