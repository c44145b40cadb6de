/**
 * The notebooks' notation: the normal density is written with its variance,
 * 𝒩(x | μ, σ²) (TeX `\mathcal{N}(x \mid \mu, \sigma^2)`), or a covariance
 * matrix Σ, in every notebook source of both editions — never with the
 * standard deviation σ as its second argument.
 */
import { assert, assertEquals } from "@std/assert";
import { join } from "node:path";

const SOURCES = ["tools/notebooks", "tools/notebooks/ja"];

/** The argument lists of every 𝒩(…) / \mathcal{N}(…) in a text, with their line numbers. */
function normalArguments(text: string): { line: number; args: string[] }[] {
  const found: { line: number; args: string[] }[] = [];
  for (const match of text.matchAll(/\\mathcal\{N\}\s*\(|𝒩\s*\(/g)) {
    const start = match.index! + match[0].length;
    const args: string[] = [];
    let depth = 0, current = "", end = -1;
    for (let i = start; i < text.length; i++) {
      const ch = text[i]!;
      if ("({[".includes(ch)) depth++;
      if (")}]".includes(ch)) {
        if (depth === 0 && ch === ")") {
          end = i;
          break;
        }
        depth--;
      }
      if (ch === "," && depth === 0) {
        args.push(current.trim());
        current = "";
      } else current += ch;
    }
    if (end < 0) continue;
    args.push(current.trim());
    found.push({ line: text.slice(0, match.index).split("\n").length, args });
  }
  return found;
}

/** Whether a normal density's last argument is a variance (or a covariance matrix). */
function isVariance(arg: string): boolean {
  return /\^\s*2|\^\{\s*2\s*\}|²|\\Sigma|Σ/.test(arg);
}

Deno.test("normalArguments() finds σ where the variance belongs", () => {
  const wrong = normalArguments(String.raw`$\mathcal{N}(x \mid \mu, \sigma)$ and 𝒩(x | μ, σ₁)`);
  assertEquals(wrong.map((f) => f.args.at(-1)), [String.raw`\sigma`, "σ₁"]);
  assert(wrong.every((f) => !isVariance(f.args.at(-1)!)));
  const right = normalArguments(
    String.raw`\mathcal{N}(x_i \mid \mu_{\pi(h)}, \sigma_{\pi(h)}^2), 𝒩(x | μ, σ²), ` +
      String
        .raw`\mathcal{N}(x \mid \mu_h, (\sigma_h^{\text{old}})^2), \mathcal{N}(x \mid \mu_h, \Sigma_h)`,
  );
  assertEquals(right.length, 4);
  assert(right.every((f) => isVariance(f.args.at(-1)!)), JSON.stringify(right));
});

Deno.test("every notebook writes the normal density with its variance, 𝒩(x | μ, σ²)", async () => {
  const problems: string[] = [];
  let densities = 0;
  for (const dir of SOURCES) {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !/^\d\d-.*\.md$/.test(entry.name)) continue;
      const path = join(dir, entry.name);
      for (const { line, args } of normalArguments(await Deno.readTextFile(path))) {
        densities++;
        if (args.length < 2 || !isVariance(args.at(-1)!)) {
          problems.push(`${path}:${line}: 𝒩(${args.join(", ")})`);
        }
      }
    }
  }
  assert(densities >= 20, `only ${densities} normal densities found in the notebooks`);
  assertEquals(problems, []);
});
