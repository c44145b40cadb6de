/**
 * Put a fitted mixture beside a reference one (the truth, or another run):
 * match components despite label switching, and tabulate λ, μ, σ side by side.
 *
 * @module
 */
import { messages } from "../i18n.ts";
import { checkInteger, checkOptions, optionKeys } from "../_validate.ts";
import { ParameterRangeError } from "../errors.ts";
import { type Mixture, validateMixture } from "../model/mixture.ts";

/** The largest k for which {@linkcode matchComponents} tries every permutation. */
export const MAX_MATCH_COMPONENTS = 8;

function permutations(k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (const rest of permutations(k - 1)) {
    for (let pos = 0; pos <= rest.length; pos++) {
      out.push([...rest.slice(0, pos), k - 1, ...rest.slice(pos)]);
    }
  }
  return out;
}

/**
 * Which estimated component corresponds to each reference component. EM's
 * component numbers are arbitrary (label switching), so before comparing,
 * pair them up: the permutation minimising Σₕ ((μ_ref,h − μ_est,π(h)) / σ_ref,h)²
 * + Σₕ (log σ_ref,h − log σ_est,π(h))², searched exhaustively.
 *
 * @param reference The mixture whose numbering to keep.
 * @param estimate A mixture with the same k.
 * @returns order, with estimate component order[h] matched to reference component h.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value.
 *
 * @example A fit that came out with its labels swapped
 * ```ts
 * import { matchComponents, mixture } from "@emlab/emlab";
 * import { assertEquals } from "@std/assert";
 * const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * const fitted = mixture([0.66, 0.34], [0.49, -0.31], [0.31, 0.14]);
 * assertEquals(matchComponents(truth, fitted), [1, 0]);
 * ```
 */
export function matchComponents(reference: Mixture, estimate: Mixture): number[] {
  const k = validateMixture(reference, "reference");
  const kEst = validateMixture(estimate, "estimate");
  if (kEst !== k) {
    throw new ParameterRangeError(
      "estimate",
      `a mixture with k = ${k} components, like the reference`,
      `k = ${kEst}`,
      "Compare fits with the same number of components.",
    );
  }
  if (k > MAX_MATCH_COMPONENTS) {
    throw new ParameterRangeError(
      "reference",
      `a mixture with at most ${MAX_MATCH_COMPONENTS} components`,
      `k = ${k}`,
      "Sort both mixtures by their means instead.",
    );
  }
  let best: number[] = [], bestCost = Infinity;
  for (const p of permutations(k)) {
    let cost = 0;
    for (let h = 0; h < k; h++) {
      const e = p[h]!;
      const dm = (reference.means[h]! - estimate.means[e]!) / reference.stdDevs[h]!;
      const ds = Math.log(reference.stdDevs[h]! / estimate.stdDevs[e]!);
      cost += dm * dm + ds * ds;
    }
    if (cost < bestCost) {
      bestCost = cost;
      best = p;
    }
  }
  return best;
}

/** One row of a {@linkcode ParameterTable}. */
export interface ParameterRow {
  /** "λ₁", "μ₁", "σ₁", … (components numbered from 1, as in the formulas). */
  readonly parameter: string;
  /** The reference value. */
  readonly reference: number;
  /** The estimate, from the matched component. */
  readonly estimate: number;
  /** estimate − reference. */
  readonly error: number;
}

/** λ, μ, σ of two mixtures side by side; displays itself as a table in Jupyter. */
export interface ParameterTable {
  /** Estimate component order[h] is matched to reference component h. */
  readonly order: readonly number[];
  /** λ rows, then μ rows, then σ rows. */
  readonly rows: readonly ParameterRow[];
  /** The table as Markdown. */
  readonly markdown: string;
  /** The table as fixed-width text. */
  toString(): string;
}

/** Options for {@linkcode compareMixtures}. */
export interface CompareOptions {
  /** Digits after the decimal point. @default 3 */
  digits?: number;
  /** Column heading of the reference. @default "true" */
  referenceLabel?: string;
  /** Column heading of the estimate. @default "estimated" */
  estimateLabel?: string;
  /** Pair components with {@linkcode matchComponents} first. @default true */
  match?: boolean;
}

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => SUBSCRIPTS[Number(d)]!);
}

function formatNumber(v: number, digits: number): string {
  const s = v.toFixed(digits);
  // A true minus sign; and no "−0.000".
  return Number(s) === 0 ? (0).toFixed(digits) : s.replace("-", "−");
}

/**
 * A table of λ, μ, σ: reference vs estimate and the error, with the
 * estimate's components matched to the reference's first. The result's
 * `markdown` is the table; in a Jupyter notebook it displays as a table when
 * it is a cell's last expression.
 *
 * @param reference The true (or reference) mixture.
 * @param estimate The fitted mixture, same k.
 * @param options Digits, column headings, whether to match components.
 * @returns The matched rows, the order used, and the Markdown table.
 * @throws {ParameterTypeError} An argument of the wrong type.
 * @throws {ParameterRangeError} An unusable value, or an unknown option key.
 *
 * @example True vs estimated, labels switched by the fit
 * ```ts
 * import { compareMixtures, mixture } from "@emlab/emlab";
 * import { assertAlmostEquals, assertEquals, assertStringIncludes } from "@std/assert";
 * const truth = mixture([0.35, 0.65], [-0.3, 0.5], [0.15, 0.3]);
 * const fitted = mixture([0.66, 0.34], [0.49, -0.31], [0.31, 0.14]);
 * const table = compareMixtures(truth, fitted);
 * assertEquals(table.rows[0]!.parameter, "λ₁");
 * assertAlmostEquals(table.rows[0]!.estimate, 0.34, 1e-12);
 * assertStringIncludes(table.markdown, "| μ₁ | −0.300 | −0.310 | −0.010 |");
 * ```
 */
export function compareMixtures(
  reference: Mixture,
  estimate: Mixture,
  options: CompareOptions = {},
): ParameterTable {
  const k = validateMixture(reference, "reference");
  validateMixture(estimate, "estimate");
  checkOptions(
    options,
    optionKeys<CompareOptions>({ digits: 1, referenceLabel: 1, estimateLabel: 1, match: 1 }),
    "compareMixtures",
  );
  const {
    digits = 3,
    referenceLabel = messages().reference,
    estimateLabel = messages().estimate,
    match = true,
  } = options;
  checkInteger(digits, "options.digits", 0, 15);
  const order = match ? matchComponents(reference, estimate) : (() => {
    if (estimate.weights.length !== k) {
      throw new ParameterRangeError(
        "estimate",
        `a mixture with k = ${k} components, like the reference`,
        `k = ${estimate.weights.length}`,
      );
    }
    return Array.from({ length: k }, (_, h) => h);
  })();
  const rows: ParameterRow[] = [];
  for (
    const [symbol, key] of [["λ", "weights"], ["μ", "means"], ["σ", "stdDevs"]] as const
  ) {
    for (let h = 0; h < k; h++) {
      const ref = reference[key][h]!;
      const est = estimate[key][order[h]!]!;
      rows.push({
        parameter: `${symbol}${subscript(h + 1)}`,
        reference: ref,
        estimate: est,
        error: est - ref,
      });
    }
  }
  const cells = rows.map((r) => [
    r.parameter,
    formatNumber(r.reference, digits),
    formatNumber(r.estimate, digits),
    formatNumber(r.error, digits),
  ]);
  const head = [messages().parameter, referenceLabel, estimateLabel, messages().error];
  const markdown = [
    `| ${head.join(" | ")} |`,
    `| --- | ${head.slice(1).map(() => "---:").join(" | ")} |`,
    ...cells.map((c) => `| ${c.join(" | ")} |`),
  ].join("\n");
  const widths = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j]!.length)));
  const text = [head, ...cells]
    .map((c) => c.map((v, j) => (j === 0 ? v.padEnd(widths[j]!) : v.padStart(widths[j]!))))
    .map((c) => c.join("  "))
    .join("\n");
  return {
    order: Object.freeze(order),
    rows: Object.freeze(rows),
    markdown,
    toString: () => text,
    // The Deno kernel displays an object through this method when it is a cell's value.
    [Symbol.for("Jupyter.display")]: () => ({ "text/markdown": markdown, "text/plain": text }),
  } as ParameterTable;
}
