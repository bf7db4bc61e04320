/**
 * The details' "Why it closed": each explanation with how sure it is, the facts it rests on and
 * where its rule or number comes from. Everything is rendered as text.
 */
import type { WhyFinding } from '../../src/why/certainty';

export function WhySection({ why }: { why: readonly WhyFinding[] }) {
  return (
    <section aria-label="Why it closed" data-testid="why">
      <h4>Why it closed</h4>
      {why.length === 0 ? (
        <p class="muted">Nothing on record explains more than the close event itself.</p>
      ) : (
        <ul class="why">
          {why.map((f, i) => (
            <li key={`${i}:${f.id}`} class={`sev-${f.severity}`} data-why={f.id} data-certainty={f.certainty}>
              <span class={`certainty certainty-${f.certainty}`}>{f.certainty}</span> {f.text}
              {f.evidence.length > 0 && (
                <ul class="evidence" aria-label="Evidence">
                  {f.evidence.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              )}
              {f.source && (
                <a class="source" href={f.source} target="_blank" rel="noopener noreferrer">
                  source
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
