// The folders of lib/ and the one-way arrows between them (README, "Architecture"):
// every relative import in lib/ is read and checked against the allowed arrows.
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

/** The folder of a path inside lib/ ("." for lib/ itself). */
function folderOf(path: string): string {
  return relative(LIB, dirname(path)) || ".";
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

Deno.test("the arrow check sees a wrong import", () => {
  const specs = relativeImports(
    `/** import { x } from "../plot/mod.ts"; */\nimport { y } from "../plot/trace.ts";\n`,
  );
  assertEquals(specs, ["../plot/trace.ts"]);
  const to = folderOf(join(LIB, "core", specs[0]!));
  assert(!ALLOWED["core"]!.includes(to), "core → plot is not allowed");
});
