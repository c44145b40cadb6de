/**
 * The outputs each notebook cell must show, declared in the notebook sources
 * and checked wherever the notebooks run (nbclient, JupyterLab, the export).
 *
 * In a source, the manifest follows a `|` on the code fence:
 *
 *     ```ts em-run | text, svg
 *     ```ts | table[k; log L; BIC], text
 *
 * Kinds: `text` (printed lines or a text result; consecutive ones count as
 * one), `svg` (a chart), `gif`, `player` (an animation's or the stepper's
 * player: HTML marked `data-emlab-player`, see `lib/notebook/player.ts`),
 * `table[col; col; …]` (an HTML or Markdown table with exactly that header). A code fence without `|` declares that
 * the cell shows nothing. The builder writes the list into the cell's
 * metadata as `emlab.outputs`.
 *
 * @module
 */

/** One expected or seen output. */
export interface OutputKind {
  /** "text", "svg", "gif", "player", "table" (or "other: <mime>" when seen). */
  readonly kind: string;
  /** A table's column headings. */
  readonly header?: readonly string[];
}

const KINDS = new Set(["text", "svg", "gif", "player"]);

/** The attribute that marks a player's HTML (`PLAYER_ATTRIBUTE` in `lib/notebook/player.ts`). */
export const PLAYER_MARK = "data-emlab-player";

/**
 * Parse a manifest: `text, svg, table[k; log L]`.
 *
 * @param spec The text after `|` on a code fence.
 * @returns The outputs in order.
 */
export function parseManifest(spec: string): OutputKind[] {
  const items: OutputKind[] = [];
  const parts = spec.trim() === "" ? [] : spec.split(/,(?![^\[]*\])/).map((p) => p.trim());
  for (const part of parts) {
    const table = /^table\[([^\]]*)\]$/.exec(part);
    if (table) {
      const header = table[1]!.split(";").map((c) => c.trim());
      if (header.some((c) => c === "")) throw new Error(`empty column in manifest "${spec}"`);
      items.push({ kind: "table", header });
    } else if (KINDS.has(part)) {
      items.push({ kind: part });
    } else {
      throw new Error(`unknown output "${part}" in manifest "${spec}"`);
    }
  }
  return items;
}

/** The manifest as written in a source: the inverse of {@linkcode parseManifest}. */
export function formatManifest(outputs: readonly OutputKind[]): string {
  return outputs.map((o) => o.kind === "table" ? `table[${o.header!.join("; ")}]` : o.kind)
    .join(", ");
}

/** The header of an HTML table (`<th>` of its first row) or a Markdown table. */
export function tableHeader(markup: string): string[] | undefined {
  const html = /<tr>([\s\S]*?)<\/tr>/.exec(markup);
  if (/<table[\s>]/.test(markup) && html) {
    return [...html[1]!.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => unescape(c[1]!));
  }
  const first = markup.trimStart().split("\n")[0] ?? "";
  if (first.startsWith("|")) {
    return first.split("|").slice(1, -1).map((c) => c.trim());
  }
  return undefined;
}

function unescape(s: string): string {
  return s.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"').replace(/&amp;/g, "&").trim();
}

/** A raw nbformat output, as far as classification needs it. */
export interface RawOutput {
  /** "stream", "display_data", "execute_result", "error". */
  output_type: string;
  /** MIME bundle. */
  data?: Record<string, unknown>;
  /** Stream name. */
  name?: string;
}

function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/** The kind of one raw output, by its richest MIME type. */
export function classifyOutput(output: RawOutput): OutputKind {
  if (output.output_type === "stream") {
    return { kind: output.name === "stderr" ? "stderr" : "text" };
  }
  if (output.output_type === "error") return { kind: "error" };
  const data = output.data ?? {};
  if (data["image/svg+xml"] !== undefined) return { kind: "svg" };
  if (data["image/gif"] !== undefined) return { kind: "gif" };
  if (data["text/html"] !== undefined && text(data["text/html"]).includes(`${PLAYER_MARK}=`)) {
    return { kind: "player" };
  }
  for (const mime of ["text/html", "text/markdown"]) {
    if (data[mime] === undefined) continue;
    const header = tableHeader(text(data[mime]));
    if (header) return { kind: "table", header };
    return { kind: `other: ${mime}` };
  }
  if (data["text/plain"] !== undefined) return { kind: "text" };
  return { kind: `other: ${Object.keys(data).join(", ")}` };
}

/** Classify a cell's outputs in order, merging consecutive text outputs into one. */
export function classifyOutputs(outputs: readonly RawOutput[]): OutputKind[] {
  return mergeText(outputs.map(classifyOutput));
}

/** Merge consecutive `text` entries into one. */
export function mergeText(kinds: readonly OutputKind[]): OutputKind[] {
  const merged: OutputKind[] = [];
  for (const k of kinds) {
    if (k.kind === "text" && merged.at(-1)?.kind === "text") continue;
    merged.push(k);
  }
  return merged;
}

/**
 * What differs between the outputs a cell declares and what it shows.
 *
 * @returns An empty string when they match, else a description.
 */
export function manifestMismatch(
  expected: readonly OutputKind[],
  actual: readonly OutputKind[],
): string {
  const a = formatManifest(actual), e = formatManifest(expected);
  return a === e ? "" : `expected [${e}], shown [${a}]`;
}

/** The manifest the builder stored in a cell's metadata (`emlab.outputs`). */
export function cellManifest(
  metadata: Record<string, unknown> | undefined,
): OutputKind[] | undefined {
  const emlab = metadata?.emlab as { outputs?: OutputKind[] } | undefined;
  return emlab?.outputs;
}

/** One cell whose outputs do not match its manifest. */
export interface Misplaced {
  /** Cell index in the notebook. */
  readonly index: number;
  /** What differs. */
  readonly problem: string;
}

/**
 * Check every code cell of an executed notebook against its manifest.
 *
 * @returns The cells that differ (empty when every output is where it belongs).
 */
export function checkNotebookOutputs(
  notebook: {
    cells: { cell_type: string; metadata?: Record<string, unknown>; outputs?: RawOutput[] }[];
  },
): Misplaced[] {
  const problems: Misplaced[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const expected = cellManifest(cell.metadata);
    if (expected === undefined) {
      problems.push({ index, problem: "no output manifest in the cell's metadata" });
      return;
    }
    const problem = manifestMismatch(expected, classifyOutputs(cell.outputs ?? []));
    if (problem) problems.push({ index, problem });
  });
  return problems;
}
