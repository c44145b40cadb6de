// The package's entry points (deno.json "exports"): the core loads no chart,
// Jupyter or export code, and lib/mod.ts is exactly the union of the entries.
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
const exportsMap = config.exports as Record<string, string>;

/** Display and export packages and modules that the core must not load. */
const HEAVY = [
  "@observablehq/plot",
  "linkedom",
  "@resvg/resvg-wasm",
  "gifenc",
  "/lib/plot/",
  "/lib/notebook/",
  "/lib/export/",
];

interface ModuleGraph {
  modules: { specifier: string }[];
}

async function graph(entry: string): Promise<ModuleGraph> {
  const args = ["info", "--json", "--lock=tools/dev.lock"];
  const map = join(ROOT, ".cache", "offline-import-map.json");
  if (await Deno.stat(map).then(() => true, () => false)) args.push(`--import-map=${map}`);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...args, join(ROOT, entry)],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(out.success, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

function heavyIn(g: ModuleGraph): string[] {
  // (npmPackages lists every package of the lockfile's resolution, not only
  // those the entry reaches; the modules list holds what is loaded.)
  return g.modules.map((m) => m.specifier).filter((n) => HEAVY.some((h) => n.includes(h)));
}

Deno.test("deno.json exports the all-in-one module and one entry per concern", () => {
  assertEquals(Object.keys(exportsMap).sort(), [
    ".",
    "./core",
    "./derive",
    "./exercises",
    "./export",
    "./notebook",
    "./plot",
  ]);
});

Deno.test("the core, derive and exercises entries load no chart, Jupyter or export code", async () => {
  const counts: string[] = [];
  for (const sub of ["./core", "./derive", "./exercises"]) {
    const g = await graph(exportsMap[sub]!);
    assertEquals(heavyIn(g), [], `${sub} loads display or export code`);
    counts.push(`${sub}: ${g.modules.length} modules`);
  }
  const all = await graph(exportsMap["."]!);
  assert(heavyIn(all).length > 0, "the all-in-one module should hold the charts");
  counts.push(`.: ${all.modules.length} modules`);
  console.log(counts.join("\n"));
});

Deno.test("lib/mod.ts exports exactly the union of the entries", async () => {
  const all = new Set(Object.keys(await import("../lib/mod.ts")));
  const union = new Set<string>();
  for (const [sub, file] of Object.entries(exportsMap)) {
    if (sub === ".") continue;
    const mod = await import(new URL(`../${file.replace(/^\.\//, "")}`, import.meta.url).href);
    for (const name of Object.keys(mod)) union.add(name);
  }
  assertEquals([...all].sort(), [...union].sort());
});

Deno.test("every lib module with public exports is reachable from an entry", async () => {
  const reached = new Set<string>();
  for (const [sub, file] of Object.entries(exportsMap)) {
    if (sub === ".") continue;
    for (const m of (await graph(file)).modules) reached.add(m.specifier);
  }
  const missing: string[] = [];
  for await (const e of Deno.readDir(join(ROOT, "lib"))) {
    if (!e.isFile || !e.name.endsWith(".ts") || e.name.startsWith("_") || e.name === "mod.ts") {
      continue;
    }
    const url = new URL(`../lib/${e.name}`, import.meta.url).href;
    if (!reached.has(url)) missing.push(e.name);
  }
  assertEquals(missing, []);
});
