// Shared by the 1-D and d-dimensional degeneracy checks and fits: one record
// per degenerate component, and the warning a fit gives when every run was
// degenerate. Components are counted from 1 in everything a person reads.
import { messages } from "../i18n.ts";
import type { DegeneracyReason, DegenerateComponent, RunSummary } from "../_types.ts";

/** One frozen record for component `index` (0-based position). */
export function degenerateRecord(
  index: number,
  reason: DegeneracyReason,
  effectiveCount: number,
  what: string,
): DegenerateComponent {
  return Object.freeze({
    component: index + 1,
    index,
    reason,
    effectiveCount,
    description: messages().degenerateComponent(index + 1, what, effectiveCount.toFixed(1)),
  });
}

/**
 * The warning of a fit whose every run was degenerate: names the kept run's
 * degenerate components (from 1) and says what to do.
 */
export function allDegenerateWarning(
  runs: number,
  components: readonly DegenerateComponent[],
  regulariser: "varianceFloor" | "ridge",
): string {
  return messages().allDegenerate(
    runs,
    components.map((c) => c.description).join("; "),
    regulariser,
  );
}

/**
 * The restart ranking shared by `fit` and `fitMv`: a proper run beats a
 * degenerate one; among runs of the same kind the higher log-likelihood wins
 * (the earlier run on a tie).
 */
export function isBetterRun(candidate: RunSummary, incumbent: RunSummary): boolean {
  if (candidate.degenerate !== incumbent.degenerate) return !candidate.degenerate;
  return candidate.logLikelihood > incumbent.logLikelihood;
}
