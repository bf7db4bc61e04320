/**
 * The shared shape of every "Why it closed" answer. A close event carries a code and little else, so
 * most answers are inferences: each one says how sure it is and which measured facts it rests on,
 * so the panel can rank them and the user can check them.
 */

/**
 * - certain: follows from the recorded events alone (e.g. "reconnected 7 times in 10 s").
 * - likely: the facts match one known cause well (e.g. silence equal to a default idle timeout).
 * - possible: the facts are consistent with the cause, but other causes fit as well.
 */
export type Certainty = 'certain' | 'likely' | 'possible';

export type WhySeverity = 'info' | 'warning' | 'error';

export interface WhyFinding {
  /** Stable kebab-case id (e.g. 'idle-timeout'): tests, filters and exports key on it, never on the text. */
  readonly id: string;
  readonly certainty: Certainty;
  /** One or two plain sentences that answer "why did it close?". */
  readonly text: string;
  /** The facts the text rests on, each a short sentence with its numbers. */
  readonly evidence: readonly string[];
  /** Where the rule or number comes from (spec, vendor documentation or library source). */
  readonly source?: string;
  readonly severity: WhySeverity;
}

const CERTAINTY_RANK: Readonly<Record<Certainty, number>> = { certain: 0, likely: 1, possible: 2 };
const SEVERITY_RANK: Readonly<Record<WhySeverity, number>> = { error: 0, warning: 1, info: 2 };

/** Most useful first: surer findings before weaker ones, then the more severe. Stable for ties. */
export function sortFindings(findings: readonly WhyFinding[]): WhyFinding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        CERTAINTY_RANK[a.finding.certainty] - CERTAINTY_RANK[b.finding.certainty] ||
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}
