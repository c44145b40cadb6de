/**
 * Tables for people: a header, numbers formatted to a sensible number of
 * digits with a true minus sign, right-aligned; as HTML for a notebook and as
 * fixed-width text. Instead of `console.table` (quoted numbers, an `(idx)`
 * column) or raw objects (16 digits).
 *
 * @module
 */
import { checkOptions, optionKeys } from "../core/_validate.ts";
import { describeValue, ParameterTypeError } from "../core/errors.ts";

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
 * assertStringIncludes(t.html, "<thead><tr><th>k</th><th>log L</th></tr></thead>");
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
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === "number"));
  const align = (j: number) => (numeric[j] ? "right" : "left");
  const caption = options.caption;
  const html = [
    `<table class="emlab-table">`,
    caption ? `<caption>${escapeHtml(caption)}</caption>` : "",
    `<thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr></thead>`,
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
