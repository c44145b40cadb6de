/**
 * Read the verdicts of an executed notebook's exercise checks (cells tagged
 * `check`), for the kernel tests of the students' and the lecturer's notebooks.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { VERDICT_MIME } from "../lib/mod.ts";
import { mimeText, type NotebookCell } from "./_kernel.ts";

/** The verdicts a notebook's check cells showed, in order (each cell shows exactly one). */
export function verdicts(
  cells: readonly NotebookCell[],
): { status: string; exercise: string; key: string }[] {
  const tags = (c: NotebookCell) => (c.metadata.tags as string[] | undefined) ?? [];
  return cells.filter((c) => tags(c).includes("check")).map((c) => {
    const shown = (c.outputs ?? []).map((o) => mimeText(o, VERDICT_MIME)).filter((t) => t);
    assertEquals(shown.length, 1, `a check cell shows one verdict: ${JSON.stringify(c.source)}`);
    return JSON.parse(shown[0]!);
  });
}
