/** Small charts above the timeline: close codes by count, who closed, connections over time. */
import { useMemo } from 'preact/hooks';
import { closeCodeLabel } from '../../src/closeCodes';
import { type Connection, initiator } from '../../src/model';
import { countBy } from '../../src/timelineLayout';

const WHO: Readonly<Record<string, string>> = {
  page: 'the page',
  server: 'the server',
  failure: 'dropped',
  open: 'not closed yet',
};

function Chart({ title, rows }: { title: string; rows: readonly [string, number][] }) {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return (
    <figure class="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ul>
        {rows.slice(0, 6).map(([label, n]) => (
          <li key={label} title={`${label}: ${n}`}>
            <span class="label">{label}</span>
            <span class="bar" style={{ width: `${(100 * n) / max}%` }} />
            <span class="n">{n}</span>
          </li>
        ))}
        {rows.length === 0 && <li class="muted">none</li>}
        {rows.length > 6 && <li class="muted">and {rows.length - 6} more</li>}
      </ul>
    </figure>
  );
}

/** Connections created per slice of the whole range: bursts (storms) stand out. */
function OverTime({ rows }: { rows: readonly Connection[] }) {
  const SLICES = 40;
  const bins = useMemo(() => {
    const out = new Array<number>(SLICES).fill(0);
    if (rows.length === 0) return out;
    let from = Number.POSITIVE_INFINITY;
    let to = Number.NEGATIVE_INFINITY;
    for (const c of rows) {
      from = Math.min(from, c.createdAt);
      to = Math.max(to, c.createdAt);
    }
    const span = Math.max(1, to - from);
    for (const c of rows) {
      const i = Math.min(SLICES - 1, Math.floor(((c.createdAt - from) / span) * SLICES));
      out[i] = (out[i] ?? 0) + 1;
    }
    return out;
  }, [rows]);
  const max = Math.max(1, ...bins);
  return (
    <figure class="chart over-time" aria-label="Connections over time">
      <figcaption>Connections over time</figcaption>
      <div class="spark">
        {bins.map((n, i) => (
          <span key={`slice-${i}`} style={{ height: `${(100 * n) / max}%` }} title={`${n} created`} />
        ))}
      </div>
    </figure>
  );
}

export function TimelineCharts({ rows, revision }: { rows: readonly Connection[]; revision: number }) {
  const { codes, who } = useMemo(
    () => ({
      codes: countBy(
        rows.filter((c) => c.closed),
        (c) => closeCodeLabel(c.closed?.code ?? 0),
      ),
      who: countBy(rows, (c) => WHO[initiator(c) ?? 'open'] ?? 'not closed yet'),
    }),
    [rows, revision],
  );
  return (
    <div class="timeline-charts" data-testid="timeline-charts">
      <Chart title="Close codes" rows={codes} />
      <Chart title="Closed by" rows={who} />
      <OverTime rows={rows} />
    </div>
  );
}
