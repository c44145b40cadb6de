/**
 * Build the teaching notebooks `notebooks/NN-*.ipynb` from their readable
 * sources `tools/notebooks/NN-*.md`, and add the navigation lines.
 *
 *     deno run -A tools/build_notebooks.ts          # write notebooks/*.ipynb
 *     deno run -A tools/build_notebooks.ts --check  # exit 1 if any is stale
 *
 * Source format: Markdown. Every fenced block that opens with ```` ```ts ````
 * becomes a code cell; words after `ts` are the cell's tags
 * (```` ```ts em-run ````). The Markdown between code blocks becomes Markdown
 * cells, split further at lines `<!-- cell -->`. The first line is the
 * notebook's `# Title`; the builder puts a navigation line
 * (previous · index · next) under it and in a last cell.
 *
 * The notebooks are written without outputs (execution counts null), in the
 * layout `deno fmt` gives them (code cells formatted too), and the notebook
 * tests check that the committed files equal a fresh build.
 *
 * @module
 */
import { basename, join } from "node:path";
import { ROOT } from "./setup.ts";

/** A notebook in reading order: built from a source here, or written by hand. */
export interface NotebookEntry {
  /** File name inside `notebooks/`. */
  readonly file: string;
  /** Short title for navigation links. */
  readonly title: string;
  /** Built from `tools/notebooks/<stem>.md` (false: maintained as .ipynb). */
  readonly built: boolean;
}

/** Every notebook, in reading order. */
export const NOTEBOOKS: readonly NotebookEntry[] = [
  { file: "01-em-walkthrough.ipynb", title: "EM walkthrough", built: true },
  { file: "02-deriving-the-updates.ipynb", title: "Deriving the updates", built: true },
  { file: "03-old-faithful.ipynb", title: "Old Faithful", built: true },
  { file: "04-pitfalls.ipynb", title: "Pitfalls", built: true },
  { file: "05-old-faithful-2d.ipynb", title: "Old Faithful in 2-D", built: false },
  { file: "06-em-as-coordinate-ascent.ipynb", title: "EM as coordinate ascent", built: true },
];

/** Where the sources live. */
export const SOURCE_DIR: string = join(ROOT, "tools", "notebooks");
/** Where the notebooks go. */
export const NOTEBOOK_DIR: string = join(ROOT, "notebooks");

/** The kernelspec every notebook names. */
export const KERNELSPEC = {
  name: "deno",
  display_name: "Deno (emlab)",
  language: "typescript",
} as const;

interface Cell {
  cell_type: "markdown" | "code";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
  execution_count?: null;
  outputs?: unknown[];
}

/** The navigation line of notebook `index` in {@linkcode NOTEBOOKS}. */
export function navigation(index: number): string {
  const prev = NOTEBOOKS[index - 1];
  const next = NOTEBOOKS[index + 1];
  return [
    prev ? `[← ${prev.title}](${prev.file})` : "",
    "[Index](README.md)",
    next ? `[${next.title} →](${next.file})` : "",
  ].filter((s) => s !== "").join(" · ");
}

function lines(text: string): string[] {
  const parts = text.split("\n");
  return parts.map((line, i) => (i < parts.length - 1 ? `${line}\n` : line)).filter((l) =>
    l !== ""
  );
}

/** Parse a source file's text into cells (without navigation). */
export function parseSource(
  text: string,
): { type: "markdown" | "code"; source: string; tags: string[] }[] {
  const cells: { type: "markdown" | "code"; source: string; tags: string[] }[] = [];
  let markdown: string[] = [];
  const flush = () => {
    const source = markdown.join("\n").trim();
    if (source !== "") cells.push({ type: "markdown", source, tags: [] });
    markdown = [];
  };
  const all = text.split("\n");
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const open = /^```ts(?:\s+(.*))?$/.exec(line);
    if (open) {
      flush();
      const code: string[] = [];
      i++;
      while (i < all.length && !/^```\s*$/.test(all[i]!)) code.push(all[i++]!);
      if (i >= all.length) throw new Error(`unclosed \`\`\`ts block opened at line ${i + 1}`);
      const tags = (open[1] ?? "").split(/\s+/).filter((t) => t !== "");
      cells.push({ type: "code", source: code.join("\n").trim(), tags });
    } else if (line.trim() === "<!-- cell -->") {
      flush();
    } else {
      markdown.push(line);
    }
  }
  flush();
  return cells;
}

/** Build one notebook's JSON text from its source text. */
export function buildNotebook(text: string, index: number): string {
  const parsed = parseSource(text);
  const first = parsed[0];
  if (first?.type !== "markdown" || !first.source.startsWith("# ")) {
    throw new Error(`${NOTEBOOKS[index]?.file}: the source must start with a "# Title" line`);
  }
  const nav = navigation(index);
  first.source = first.source.replace(/^(# .*)$/m, `$1\n\n${nav}`);
  parsed.push({ type: "markdown", source: `---\n\n${nav}`, tags: [] });
  const cells: Cell[] = parsed.map((c, i) => {
    const cell: Cell = {
      cell_type: c.type,
      id: `cell-${String(i).padStart(2, "0")}`,
      metadata: c.tags.length ? { tags: c.tags } : {},
      source: lines(c.source),
    };
    if (c.type === "code") {
      cell.execution_count = null;
      cell.outputs = [];
    }
    return cell;
  });
  const notebook = {
    cells,
    metadata: {
      kernelspec: KERNELSPEC,
      language_info: {
        name: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        codemirror_mode: "typescript",
        pygments_lexer: "typescript",
        nbconvert_exporter: "script",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, 1) + "\n";
}

async function fmt(files: string[]): Promise<void> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", `--config=${join(ROOT, "deno.json")}`, ...files],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
}

/**
 * Build every notebook into `dir`, formatted as `deno fmt` leaves it.
 *
 * @returns The paths written.
 */
export async function buildAll(dir: string): Promise<string[]> {
  // Formatted in a scratch folder: deno.json keeps notebooks/*.ipynb out of
  // `deno fmt` (its --check misreports .ipynb files in a fresh checkout), so
  // the formatter only runs on them here.
  const scratch = await Deno.makeTempDir({ prefix: "emlab-nbfmt-" });
  try {
    const built: string[] = [];
    for (const [index, entry] of NOTEBOOKS.entries()) {
      if (!entry.built) continue;
      const source = join(SOURCE_DIR, entry.file.replace(/\.ipynb$/, ".md"));
      const path = join(scratch, entry.file);
      await Deno.writeTextFile(path, buildNotebook(await Deno.readTextFile(source), index));
      built.push(path);
    }
    await fmt(built);
    const written: string[] = [];
    for (const path of built) {
      const target = join(dir, basename(path));
      await Deno.copyFile(path, target);
      written.push(target);
    }
    return written;
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/**
 * Compare a fresh build with the notebooks in `notebooks/`.
 *
 * @returns The file names that differ (empty when up to date).
 */
export async function staleNotebooks(): Promise<string[]> {
  const tmp = await Deno.makeTempDir({ prefix: "emlab-nbbuild-" });
  try {
    const stale: string[] = [];
    for (const path of await buildAll(tmp)) {
      const name = basename(path);
      const fresh = await Deno.readTextFile(path);
      const committed = await Deno.readTextFile(join(NOTEBOOK_DIR, name)).catch(() => "");
      if (fresh !== committed) stale.push(name);
    }
    return stale;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) {
  if (Deno.args.includes("--check")) {
    const stale = await staleNotebooks();
    if (stale.length) {
      console.error(
        `Out of date with tools/notebooks/: ${stale.join(", ")}. ` +
          "Run `deno run -A tools/build_notebooks.ts`.",
      );
      Deno.exit(1);
    }
    console.log("notebooks are up to date with their sources");
  } else {
    for (const path of await buildAll(NOTEBOOK_DIR)) console.log(`wrote ${path}`);
  }
}
