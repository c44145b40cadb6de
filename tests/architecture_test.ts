// The folders of lib/ and the one-way arrows between them (README, "Architecture"):
// every relative import in lib/ is read and checked against the allowed arrows,
// the static imports between the files of lib/ (and of tools/) must form no cycle,
// and lib/core keeps a small top level, the rest in its concern folders.
import { assert, assertEquals } from "@std/assert";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const LIB = fileURLToPath(new URL("../lib/", import.meta.url));

/** Which folders each folder may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  "core": ["core/nd", "core/fused", "core/nd/models"],
  "core/nd": ["core", "core/fused", "core/nd/models"],
  "core/nd/models": [],
  "core/fused": ["core", "core/nd", "core/nd/models"],
  "derive": ["core"],
  "plot": ["core", "core/nd", "derive"],
  "notebook": ["core", "core/nd", "plot"],
  "export": ["core", "plot"],
  "exercises": ["core", "core/nd", "derive"],
  ".": ["core", "derive", "plot", "notebook", "export", "exercises"],
};

/**
 * The concern folders of lib/core's 1-D code: parts of "core" for the arrows
 * (they import one another and core/ as its top-level files did).
 */
const CORE_PARTS: readonly string[] = [
  "core/math",
  "core/model",
  "core/em",
  "core/em/families",
  "core/init",
  "core/fit",
];

/** At most this many files at lib/core's top level (mod.ts and what every part uses). */
const CORE_TOP_LEVEL_FILES = 12;

/** The folder of a path inside lib/ ("." for lib/ itself; a core concern folder is "core"). */
function folderOf(path: string): string {
  const folder = relative(LIB, dirname(path)) || ".";
  return CORE_PARTS.includes(folder) ? "core" : folder;
}

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Relative module specifiers of a file's imports and re-exports (comments and examples skipped). */
function relativeImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  for (const m of code.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) found.push(m[1]!);
  for (const m of code.matchAll(/new URL\(\s*"(\.{1,2}\/[^"]+)"/g)) found.push(m[1]!);
  return found;
}

Deno.test("lib/ imports only along the allowed arrows between its folders", async () => {
  const wrong: string[] = [];
  const seen = new Set<string>();
  for await (const file of sources(LIB)) {
    const from = folderOf(file);
    seen.add(from);
    for (const spec of relativeImports(await Deno.readTextFile(file))) {
      const to = folderOf(join(dirname(file), spec));
      if (to !== from && !(ALLOWED[from] ?? []).includes(to)) {
        wrong.push(`${relative(LIB, file)} → ${spec} (${from} → ${to})`);
      }
    }
  }
  assertEquals(wrong, [], "imports against the arrows");
  assertEquals([...seen].sort(), Object.keys(ALLOWED).sort(), "the folders of lib/");
});

Deno.test("lib/core keeps a small top level; its 1-D code lives in the concern folders", async () => {
  const files: string[] = [], folders: string[] = [];
  for await (const entry of Deno.readDir(join(LIB, "core"))) {
    (entry.isDirectory ? folders : files).push(entry.name);
  }
  assert(files.includes("mod.ts"), "lib/core/mod.ts is the one entry");
  assert(
    files.length <= CORE_TOP_LEVEL_FILES,
    `lib/core has ${files.length} files at its top level (at most ${CORE_TOP_LEVEL_FILES}): ` +
      `move ${files.sort().join(", ")} into its folders (${folders.sort().join(", ")})`,
  );
  assertEquals(
    folders.sort(),
    [
      ...CORE_PARTS.map((f) => f.slice("core/".length)).filter((f) => !f.includes("/")),
      "fused",
      "nd",
    ].sort(),
    "the folders of lib/core (a new one goes into CORE_PARTS and README's Architecture)",
  );
});

Deno.test("the arrow check sees a wrong import", () => {
  const specs = relativeImports(
    `/** import { x } from "../plot/mod.ts"; */\nimport { y } from "../plot/trace.ts";\n`,
  );
  assertEquals(specs, ["../plot/trace.ts"]);
  const to = folderOf(join(LIB, "core", specs[0]!));
  assert(!ALLOWED["core"]!.includes(to), "core → plot is not allowed");
});

/**
 * Relative specifiers of a file's static imports and re-exports (`import … from`,
 * `import type … from`, `export … from`, `import "…"`); dynamic `import()` and
 * `new URL()` are left out, as they load at run time and cannot form a cycle.
 */
function staticImports(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(/\b(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1]!);
}

/**
 * The import cycles of a graph (file → files it imports): its strongly connected
 * components (Tarjan) of more than one file, or of one file that imports itself.
 * Each cycle is sorted; the cycles come in the order of their first file.
 */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One line per cycle, naming its files, for a failure message. */
function describeCycles(cycles: readonly string[][]): string {
  return cycles.map((c) => `cycle of ${c.length} files: ${c.join(", ")}`).join("\n");
}

/** The static import graph of the .ts files under a folder, by paths relative to it. */
async function importGraph(root: string): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  for await (const file of sources(root)) {
    const specs = staticImports(await Deno.readTextFile(file));
    graph.set(relative(root, file), specs.map((s) => relative(root, join(dirname(file), s))));
  }
  return graph;
}

Deno.test("lib/ has no import cycles", async () => {
  const graph = await importGraph(LIB);
  assert(graph.size > 100, `read ${graph.size} files of lib/`);
  const cycles = importCycles(graph);
  assert(cycles.length === 0, `import cycles in lib/:\n${describeCycles(cycles)}`);
});

Deno.test("tools/ has no import cycles", async () => {
  const graph = await importGraph(fileURLToPath(new URL("../tools/", import.meta.url)));
  assert(graph.size > 20, `read ${graph.size} files of tools/`);
  const cycles = importCycles(graph);
  assert(cycles.length === 0, `import cycles in tools/:\n${describeCycles(cycles)}`);
});

Deno.test("the cycle check sees a synthetic cycle and names its files", () => {
  const text = (...specs: string[]) =>
    specs.map((s, i) => `import type { T${i} } from "${s}";`).join("\n");
  assertEquals(
    staticImports(
      `import type { A } from "./a.ts";\nexport { b } from "../b.ts";\nimport "./c.ts";\n` +
        `const d = await import("./d.ts");\n// import { e } from "./e.ts";\n`,
    ),
    ["./a.ts", "../b.ts", "./c.ts"],
  );
  const graph = new Map<string, string[]>([
    ["core/a.ts", staticImports(text("./_b.ts", "./leaf.ts"))],
    ["core/_b.ts", staticImports(text("./c.ts"))],
    ["core/c.ts", staticImports(text("./a.ts"))],
    ["core/leaf.ts", []],
    ["core/self.ts", staticImports(text("./self.ts"))],
    ["plot/x.ts", staticImports(text("../core/a.ts"))],
  ].map(([file, specs]) => [
    file as string,
    (specs as string[]).map((s) => relative(".", join(dirname(file as string), s))),
  ]));
  const cycles = importCycles(graph);
  assertEquals(cycles, [["core/_b.ts", "core/a.ts", "core/c.ts"], ["core/self.ts"]]);
  const message = describeCycles(cycles);
  for (const file of ["core/_b.ts", "core/a.ts", "core/c.ts", "core/self.ts"]) {
    assert(message.includes(file), `the message names ${file}: ${message}`);
  }
  graph.set("core/c.ts", []);
  assertEquals(importCycles(graph), [["core/self.ts"]], "no cycle once c.ts stops importing a.ts");
});
