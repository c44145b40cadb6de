/**
 * SVG snapshot tests in the style of Observable Plot's own: each case is a
 * named function returning a chart; its SVG is normalised (generated ids
 * renumbered, long decimals rounded), pretty-printed and compared with the
 * golden file `tests/snapshots/<name>.svg`.
 *
 * - A missing golden is written (never when the `CI` environment variable is
 *   set: then the test fails).
 * - A mismatch writes `tests/snapshots/<name>-changed.svg` (git-ignored) and
 *   fails; open both files as pictures, or diff them. To accept a change,
 *   move the `-changed.svg` file over the golden.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { type ChartElement, svgString } from "../lib/mod.ts";

/** Folder of the golden files. */
export const SNAPSHOT_DIR: string = fileURLToPath(new URL("./snapshots/", import.meta.url));

/**
 * Renumber generated ids (`plot-clip-7` → `plot-clip-1`, in order of first
 * appearance, references included) and round decimals to 3 places, so a
 * snapshot does not depend on how many charts were drawn before it or on
 * the last bits of floating point.
 */
export function normalizeSvg(svg: string): string {
  const ids = new Map<string, string>();
  const counters = new Map<string, number>();
  let out = svg.replace(/\b(plot-[a-z]+)-(\d+)\b/g, (match, prefix: string) => {
    let id = ids.get(match);
    if (id === undefined) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      id = `${prefix}-${n}`;
      ids.set(match, id);
    }
    return id;
  });
  out = out.replace(/-?\d+\.\d{4,}(e-?\d+)?/g, (match) => {
    const v = Number(Number(match).toFixed(3));
    return String(Object.is(v, -0) ? 0 : v);
  });
  return out;
}

/** Indent an SVG: one element per line, text-only elements kept on one line. */
export function prettySvg(svg: string): string {
  const tokens = svg.match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  const pad = () => "  ".repeat(depth);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.startsWith("</")) {
      depth = Math.max(0, depth - 1);
      lines.push(pad() + t);
    } else if (t.startsWith("<")) {
      if (t.endsWith("/>") || t.startsWith("<?") || t.startsWith("<!")) {
        lines.push(pad() + t);
        continue;
      }
      const text = tokens[i + 1], close = tokens[i + 2];
      if (text !== undefined && !text.startsWith("<") && close?.startsWith("</")) {
        lines.push(pad() + t + text + close);
        i += 2;
        continue;
      }
      lines.push(pad() + t);
      depth++;
    } else if (t.trim() !== "") {
      for (const line of t.split("\n")) if (line.trim() !== "") lines.push(pad() + line.trim());
    }
  }
  return lines.join("\n") + "\n";
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
}

/**
 * Compare a chart with its golden file (see the module doc for what
 * happens when it is missing or different).
 */
export async function assertSvgSnapshot(name: string, chart: ChartElement): Promise<void> {
  const actual = prettySvg(normalizeSvg(svgString(chart)));
  const golden = `${SNAPSHOT_DIR}${name}.svg`;
  const changed = `${SNAPSHOT_DIR}${name}-changed.svg`;
  const expected = await readText(golden);
  if (expected === undefined) {
    if (Deno.env.get("CI")) {
      throw new Error(`missing snapshot ${golden}; goldens are never written when CI is set`);
    }
    await Deno.mkdir(SNAPSHOT_DIR, { recursive: true });
    await Deno.writeTextFile(golden, actual);
    console.warn(`wrote new snapshot ${golden}; review it as a picture before committing`);
    return;
  }
  if (actual === expected) {
    await Deno.remove(changed).catch(() => {});
    return;
  }
  await Deno.writeTextFile(changed, actual);
  const a = actual.split("\n"), e = expected.split("\n");
  const at = a.findIndex((line, i) => line !== e[i]);
  throw new Error(
    `snapshot ${name} differs from ${golden} (first at line ${at + 1}:\n` +
      `  expected: ${e[at]?.slice(0, 160)}\n  actual:   ${a[at]?.slice(0, 160)})\n` +
      `wrote ${changed}; compare the two as pictures, and if the change is intended ` +
      `move it over the golden.`,
  );
}

/** Register a named snapshot case: `Deno.test("snapshot <name>")`. */
export function snapshotTest(name: string, draw: () => ChartElement | Promise<ChartElement>): void {
  Deno.test(`snapshot ${name}`, async () => {
    await assertSvgSnapshot(name, await draw());
  });
}
