/**
 * The tokens of a notebook code cell, for comparing the editions: two cells
 * whose tokens differ only in the text of string and template literals and of
 * comments are the same program speaking another language.
 *
 * The tokenizer knows as much TypeScript as that needs: whitespace (skipped),
 * `//` and `/* *\/` comments, `"…"` and `'…'` strings with escapes, template
 * literals whose `${…}` parts are tokenized as code (nested templates,
 * strings holding braces and object literals included), regular-expression
 * literals (told from division by the token before them), words (identifiers,
 * keywords, numbers) and single punctuation characters.
 *
 * @module
 */

/** One token of a code cell. */
export interface CodeToken {
  /**
   * `code` (a word or a punctuation character), `comment`, `regex`, `string`
   * (a quoted literal, its quotes included), or `template` (the text of a
   * template literal between its backticks and `${…}` parts; a template is the
   * tokens `` ` `` text, then `${` the expression's tokens `}` text … `` ` ``).
   */
  readonly kind: "code" | "comment" | "regex" | "string" | "template";
  /** The token as written (a string's quotes and escapes included). */
  readonly text: string;
  /** 1-based line of the token's start in the cell. */
  readonly line: number;
  /** A literal's role, when it has one that its text must keep. */
  readonly role?: LiteralRole;
}

/**
 * What a string literal is to the program, as far as its text matters to it:
 * an `import` specifier, an operand of `===`/`!==`/`==`/`!=` or a `case` label
 * (compared against), or a path (a literal without spaces that contains a `/`
 * or ends in a file extension, `data/old_faithful.csv`, `em-walkthrough.gif`).
 */
export type LiteralRole = "import" | "compared" | "path";

/** A cell whose text cannot be tokenized (an unclosed string, template or comment). */
export class CodeTokenError extends Error {
  constructor(problem: string, line: number) {
    super(`line ${line}: ${problem}`);
    this.name = "CodeTokenError";
  }
}

const WORD = /[\p{L}\p{N}_$]/u;
/** After these a `/` starts a regular expression, not a division. */
const REGEX_AFTER = new Set(
  [..."(,=:[!&|?{};+-*%<>~^"].concat([
    "return",
    "typeof",
    "case",
    "do",
    "else",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "yield",
    "await",
  ]),
);
const PATH = /^[^\s/]*(?:\/[^\s/]*)+$|^[\w.-]+\.[A-Za-z][A-Za-z0-9]{0,4}$/u;

/**
 * The tokens of a code cell (see the module's description).
 *
 * @param code The cell's text.
 * @returns Its tokens in order, string literals marked with their {@linkcode LiteralRole}.
 * @throws {CodeTokenError} for an unclosed string, template, comment or `${`.
 *
 * @example Words, punctuation, and a template's text around its expression
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { codeTokens } from "./code_tokens.ts";
 * const tokens = codeTokens("show(`n = ${n}`); // done");
 * assertEquals(tokens.map((t) => t.text), [
 *   "show", "(", "`", "n = ", "${", "n", "}", "", "`", ")", ";", "// done",
 * ]);
 * ```
 */
export function codeTokens(code: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  let i = 0, line = 1;
  const push = (kind: CodeToken["kind"], text: string, at: number) => {
    tokens.push({ kind, text, line: at });
    line += text.split("\n").length - 1;
  };
  /** Scan code until a `}` that closes depth 0 (in a `${…}`) or the end. */
  const scan = (inTemplate: boolean): void => {
    let depth = 0;
    while (i < code.length) {
      const c = code[i]!;
      if (c === "\n" || /\s/.test(c)) {
        if (c === "\n") line++;
        i++;
        continue;
      }
      const start = i;
      if (c === "/" && code[i + 1] === "/") {
        const end = code.indexOf("\n", i);
        i = end < 0 ? code.length : end;
        push("comment", code.slice(start, i), line);
      } else if (c === "/" && code[i + 1] === "*") {
        const end = code.indexOf("*/", i + 2);
        if (end < 0) throw new CodeTokenError("unclosed /* comment", line);
        i = end + 2;
        push("comment", code.slice(start, i), line);
      } else if (c === '"' || c === "'") {
        i++;
        while (i < code.length && code[i] !== c && code[i] !== "\n") i += code[i] === "\\" ? 2 : 1;
        if (code[i] !== c) throw new CodeTokenError(`unclosed ${c} string`, line);
        i++;
        push("string", code.slice(start, i), line);
      } else if (c === "`") {
        i++;
        push("code", "`", line);
        template();
      } else if (c === "/" && isRegexStart(tokens.filter((t) => t.kind !== "comment"))) {
        i++;
        let inClass = false;
        while (i < code.length && (inClass || code[i] !== "/") && code[i] !== "\n") {
          if (code[i] === "\\") i++;
          else if (code[i] === "[") inClass = true;
          else if (code[i] === "]") inClass = false;
          i++;
        }
        if (code[i] !== "/") throw new CodeTokenError("unclosed regular expression", line);
        i++;
        while (i < code.length && WORD.test(code[i]!)) i++;
        push("regex", code.slice(start, i), line);
      } else if (WORD.test(c) || (c === "." && /\d/.test(code[i + 1] ?? ""))) {
        while (
          i < code.length &&
          (WORD.test(code[i]!) || (code[i] === "." && /\d/.test(code[i + 1] ?? "")))
        ) {
          i++;
        }
        push("code", code.slice(start, i), line);
      } else {
        if (inTemplate && c === "}" && depth === 0) return;
        if (c === "{") depth++;
        if (c === "}") depth--;
        i++;
        push("code", c, line);
      }
    }
    if (inTemplate) throw new CodeTokenError("unclosed ${ in a template literal", line);
  };
  /** Scan a template literal's rest, after its opening backtick. */
  const template = (): void => {
    let start = i, at = line;
    while (i < code.length) {
      const c = code[i]!;
      if (c === "\\") {
        i += 2;
      } else if (c === "`") {
        push("template", code.slice(start, i), at);
        i++;
        push("code", "`", line);
        return;
      } else if (c === "$" && code[i + 1] === "{") {
        push("template", code.slice(start, i), at);
        i += 2;
        push("code", "${", line);
        scan(true);
        i++; // the closing }
        push("code", "}", line);
        start = i;
        at = line;
      } else {
        i++;
      }
    }
    throw new CodeTokenError("unclosed template literal", at);
  };
  scan(false);
  return tokens.map((t, j) => {
    const role = t.kind === "string" || t.kind === "template" ? literalRole(tokens, j) : undefined;
    return role ? { ...t, role } : t;
  });
}

/** Whether a `/` after these tokens (comments left out) starts a regular expression. */
function isRegexStart(before: CodeToken[]): boolean {
  const previous = before.at(-1);
  if (previous === undefined) return true;
  if (previous.kind !== "code") return false;
  // TypeScript's non-null assertion, `x! / 2`, `f()! / 2`, `a[0]! / 2`: a division.
  const beforeThat = before.at(-2);
  if (
    previous.text === "!" && beforeThat?.kind === "code" &&
    (WORD.test(beforeThat.text.at(-1)!) || beforeThat.text === ")" || beforeThat.text === "]")
  ) {
    return false;
  }
  return REGEX_AFTER.has(previous.text);
}

/** The text of a literal token without its quotes (a template's text as it is). */
export function literalText(token: CodeToken): string {
  return token.kind === "string" ? token.text.slice(1, -1) : token.text;
}

function literalRole(tokens: CodeToken[], j: number): LiteralRole | undefined {
  const token = tokens[j]!;
  const before = (n: number) => tokens[j - n]?.text;
  const after = (n: number) => tokens[j + n]?.text;
  if (token.kind === "string") {
    // import … from "x"; import "x"; export … from "x"; import("x")
    if (before(1) === "from" || before(1) === "import") return "import";
    if (before(1) === "(" && before(2) === "import") return "import";
    // a === "x", "x" !== b, case "x":
    if (before(1) === "=" && /^[=!]$/.test(before(2) ?? "")) return "compared";
    if (after(1) === "=" && after(2) === "=") return "compared";
    if (after(1) === "!" && after(2) === "=") return "compared";
    if (before(1) === "case") return "compared";
  } else if (before(1) === "`" && after(1) === "`") {
    // A template without ${} parts is a string.
    if (before(2) === "from" || before(2) === "import") return "import";
  }
  return PATH.test(literalText(token)) ? "path" : undefined;
}

/** A difference between two cells' tokens: where, and what. */
export interface TokenDifference {
  /** 1-based line in the first cell. */
  readonly lineA: number;
  /** 1-based line in the second cell. */
  readonly lineB: number;
  /** What differs: "code", or the role of a literal whose text must not change. */
  readonly what: "code" | LiteralRole;
}

/**
 * The first difference between two cells beyond the text of their string and
 * template literals and of their comments: every word, number, punctuation
 * character, regular expression and `${…}` expression must be the same, in the
 * same order, and so must a literal's quotes, the text of every literal with a
 * {@linkcode LiteralRole} (import specifiers, paths, compared values), and each
 * comment's place and kind (`//` or `/* *\/`; a comment added, dropped or moved
 * is a difference, its words translated are not). Whitespace and line breaks do
 * not count.
 *
 * @param a The first cell's code (the English one).
 * @param b The second cell's code (the translation).
 * @returns The first difference, or undefined when the two are the same program.
 *
 * @example A translated title is fine; a changed number is not
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { firstCodeDifference } from "./code_tokens.ts";
 * const en = 'plot(x, { title: `after ${n} steps`, tol: 1e-3 });';
 * assertEquals(firstCodeDifference(en, 'plot(x, { title: `${n} 回の反復後`, tol: 1e-3 });'), undefined);
 * assertEquals(firstCodeDifference(en, 'plot(x, { title: `after ${n} steps`, tol: 1e-4 });')?.what, "code");
 * assertEquals(firstCodeDifference("f(); // your answer", "f(); // ここに答えを書く"), undefined);
 * assertEquals(firstCodeDifference("f(); // your answer", "g(); // ここに答えを書く")?.what, "code");
 * ```
 */
export function firstCodeDifference(a: string, b: string): TokenDifference | undefined {
  const x = codeTokens(a), y = codeTokens(b);
  for (let j = 0; j < Math.max(x.length, y.length); j++) {
    const s = x[j], t = y[j];
    if (!s || !t) {
      const last = (ts: CodeToken[]) => ts.at(-1)?.line ?? 1;
      return { lineA: s?.line ?? last(x), lineB: t?.line ?? last(y), what: "code" };
    }
    const at = { lineA: s.line, lineB: t.line };
    if (s.kind !== t.kind) return { ...at, what: "code" };
    // A comment is prose: its words are translated, its kind (// or /* */) stays.
    if (s.kind === "comment") {
      if (s.text.slice(0, 2) !== t.text.slice(0, 2)) return { ...at, what: "code" };
      continue;
    }
    if (s.kind === "string" || s.kind === "template") {
      if (s.kind === "string" && s.text[0] !== t.text[0]) return { ...at, what: "code" };
      if (s.role && s.text !== t.text) return { ...at, what: s.role };
      continue;
    }
    if (s.text !== t.text) return { ...at, what: "code" };
  }
  return undefined;
}
