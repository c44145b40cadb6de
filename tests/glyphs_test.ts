/**
 * Nothing the library or a notebook shows may need a colour emoji font:
 * Debian's Chromium has none, and ❌ or ✅ there are empty boxes. A
 * character whose default presentation is emoji (Unicode's
 * Emoji_Presentation property: ❌ ✅ ⚠️-style pictographs) fails this test;
 * text symbols that every stock font draws (✓ ✗ ▶ ↺) pass.
 */
import { assertEquals } from "@std/assert";
import { join, relative } from "node:path";
import { ROOT } from "../tools/setup.ts";

/** Files left out of the glyph check (none: every file is checked). */
const ELSEWHERE = new Set<string>();

const EMOJI = /\p{Emoji_Presentation}/u;

async function* files(dir: string, ext: RegExp): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* files(path, ext);
    else if (ext.test(entry.name)) yield path;
  }
}

/** Every line of the files under `dirs` that holds a colour-emoji character. */
async function emojiLines(dirs: string[], ext: RegExp): Promise<string[]> {
  const found: string[] = [];
  for (const dir of dirs) {
    for await (const path of files(join(ROOT, dir), ext)) {
      const name = relative(ROOT, path);
      if (ELSEWHERE.has(name)) continue;
      (await Deno.readTextFile(path)).split("\n").forEach((line, i) => {
        if (EMOJI.test(line)) found.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  return found;
}

Deno.test("the test's pattern tells colour emoji from text symbols", () => {
  for (const c of ["❌", "✅", "🙂", "⏩"]) assertEquals(EMOJI.test(c), true, c);
  for (const c of ["✓", "✗", "▶", "◀", "↺", "❚", "−", "→", "λ", "反", "✏"]) {
    assertEquals(EMOJI.test(c), false, c);
  }
});

Deno.test("no colour-emoji glyphs in lib/, the notebooks (sources and built) or the README", async () => {
  assertEquals(await emojiLines(["lib"], /\.ts$/), []);
  assertEquals(await emojiLines(["tools/notebooks"], /\.md$/), []);
  assertEquals(await emojiLines(["notebooks"], /\.(ipynb|md)$/), []);
  const readme = (await Deno.readTextFile(join(ROOT, "README.md"))).split("\n")
    .filter((line) => EMOJI.test(line));
  assertEquals(readme, []);
});

Deno.test("notebook sources print numbers with fixed()/scientific(), not toFixed/toExponential", async () => {
  // toFixed and toExponential write an ASCII "-" and "-0.0000"; fixed() and scientific() write
  // the minus sign the charts use and 0 for a value that rounds to zero.
  const found: string[] = [];
  for (const dir of ["tools/notebooks", "tools/notebooks/ja"]) {
    for await (const entry of Deno.readDir(join(ROOT, dir))) {
      if (!entry.name.endsWith(".md")) continue;
      const text = await Deno.readTextFile(join(ROOT, dir, entry.name));
      for (const block of text.matchAll(/```ts[^\n]*\n([\s\S]*?)\n```/g)) {
        for (const line of block[1]!.split("\n")) {
          if (/\.to(Fixed|Exponential)\(/.test(line)) found.push(`${dir}/${entry.name}: ${line}`);
        }
      }
    }
  }
  assertEquals(found, []);
});
