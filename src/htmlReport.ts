/**
 * A close log as one self-contained HTML file, to attach to a bug: the charts, a timeline of the
 * connections, the table and each connection's details. No script, no network: a Content
 * Security Policy forbids every fetch, and every page-provided text is escaped. Interactivity is
 * native HTML only (<details>, links to anchors).
 */
import type { CloseLog, ExportedConnection } from './closeLog';
import { formatDuration } from './why/duration';

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Characters XML 1.0 and HTML cannot carry (controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
export function safeChars(s: string): string {
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

/** Text for HTML (or XML) text or an attribute value. */
export function htmlText(s: string): string {
  return safeChars(s).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Outcome = 'clean' | 'unclean' | 'invalid' | 'open';

function outcomeOf(c: ExportedConnection): Outcome {
  if (c.invalidCall) return 'invalid';
  if (!c.closeEvent) return 'open';
  return c.closeEvent.wasClean ? 'clean' : 'unclean';
}

const OUTCOME_LABEL: Readonly<Record<Outcome, string>> = {
  clean: 'closed cleanly',
  unclean: 'closed uncleanly',
  invalid: 'an invalid close() call',
  open: 'still open',
};

function countBy<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function barChart(title: string, rows: readonly [string, number][]): string {
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const items = rows
    .map(
      ([label, n]) =>
        `<li><span class="label">${htmlText(label)}</span><span class="bar" style="width:${((100 * n) / max).toFixed(1)}%"></span><span class="n">${n}</span></li>`,
    )
    .join('');
  return `<section class="chart" aria-label="${htmlText(title)}"><h3>${htmlText(title)}</h3><ul>${items || '<li>none</li>'}</ul></section>`;
}

const LANE = 16;
const WIDTH = 1000;
/** Beyond this many lanes the picture stops helping; the table still lists every connection. */
export const TIMELINE_MAX_LANES = 2000;

function endOf(c: ExportedConnection, last: number): number {
  return c.closeEvent?.t ?? last;
}

/** One lane per connection, grouped by endpoint (a storm bunches), in an SVG with an accessible name per lane. */
function timeline(connections: readonly ExportedConnection[]): string {
  if (connections.length === 0) return '';
  const endpoint = (c: ExportedConnection) => c.url.split('?')[0] ?? c.url;
  const lanes = [...connections.entries()]
    .sort((a, b) => endpoint(a[1]).localeCompare(endpoint(b[1])) || a[1].createdAt - b[1].createdAt)
    .slice(0, TIMELINE_MAX_LANES);
  // A loop, not Math.min(...list): a log may hold more connections than a call has arguments.
  let start = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const c of connections) {
    start = Math.min(start, c.createdAt);
    last = Math.max(last, c.createdAt, c.openedAt ?? 0, c.closeEvent?.t ?? 0);
    for (const k of c.closeCalls) last = Math.max(last, k.t);
  }
  const span = Math.max(1, last - start);
  const x = (t: number) => ((WIDTH * (t - start)) / span).toFixed(1);
  const rows = lanes.map(([i, c], lane) => {
    const y = lane * LANE;
    const opened = c.openedAt ?? endOf(c, last);
    const end = endOf(c, last);
    const outcome = outcomeOf(c);
    const label = `${c.url}: ${c.codeName ?? c.state}, ${OUTCOME_LABEL[outcome]}`;
    const calls = c.closeCalls
      .map(
        (k) =>
          `<rect class="call${k.observed.threw ? ' threw' : ''}" x="${x(k.t)}" y="${y + 2}" width="2" height="${LANE - 4}"><title>close() ${k.observed.threw ? `threw ${htmlText(k.observed.name)}` : 'accepted'}</title></rect>`,
      )
      .join('');
    return `<a href="#c${i + 1}"><g role="img" aria-label="${htmlText(label)}" data-outcome="${outcome}" class="lane">
<title>${htmlText(label)}</title>
<rect class="connecting" x="${x(c.createdAt)}" y="${y + 4}" width="${Math.max(1, Number(x(opened)) - Number(x(c.createdAt))).toFixed(1)}" height="${LANE - 8}"></rect>
${c.openedAt === null ? '' : `<rect class="open" x="${x(opened)}" y="${y + 4}" width="${Math.max(1, Number(x(end)) - Number(x(opened))).toFixed(1)}" height="${LANE - 8}"></rect>`}
${c.closeEvent ? `<rect class="end ${outcome}" x="${x(end)}" y="${y + 1}" width="3" height="${LANE - 2}"></rect>` : ''}${calls}</g></a>`;
  });
  const more =
    connections.length > lanes.length
      ? `<p>The first ${lanes.length} of ${connections.length} connections are drawn; the table lists all.</p>`
      : '';
  return `<section class="timeline" role="region" aria-label="Timeline"><h2>Timeline</h2>
<p class="axis">0 — ${htmlText(formatDuration(span))} from the first connection; grey: connecting, blue: open, the end mark: clean (green), unclean (red), invalid call (orange); ticks: close() calls.</p>
<svg viewBox="0 0 ${WIDTH + 4} ${lanes.length * LANE}" width="100%" height="${lanes.length * LANE}" preserveAspectRatio="none">${rows.join('\n')}</svg>${more}</section>`;
}

function detailOf(c: ExportedConnection, i: number): string {
  const why = c.why
    .map((f) => `<li data-why="${htmlText(f.id)}"><b>${htmlText(f.certainty)}</b>: ${htmlText(f.text)}</li>`)
    .join('');
  const calls = c.closeCalls
    .map(
      (k) =>
        `<li>${htmlText(k.observed.threw ? `threw ${k.observed.name}: ${k.observed.message}` : 'accepted')}${k.stack[0] ? ` — at ${htmlText(k.stack[0])}` : ''}</li>`,
    )
    .join('');
  const close = c.closeEvent;
  return `<details id="c${i + 1}" data-outcome="${outcomeOf(c)}"><summary>#${i + 1} ${htmlText(c.url)} — ${htmlText(c.diagnosis)}</summary>
<dl>
<dt>Frame</dt><dd>${htmlText(c.frameUrl)}</dd>
<dt>Close event</dt><dd>${close ? `${htmlText(c.codeName ?? String(close.code))}, reason ${htmlText(JSON.stringify(close.reason))} (${close.reasonBytes} bytes), wasClean ${close.wasClean}` : 'none yet'}</dd>
<dt>Who closed it</dt><dd>${htmlText(c.initiator ?? 'nobody yet')}</dd>
${c.handshakeReplay ? `<dt>Handshake replayed from Node</dt><dd>${htmlText(c.handshakeReplay.summary)}</dd>` : ''}
${c.networkHandshake ? `<dt>Opening handshake</dt><dd>${htmlText(c.networkHandshake.statusLine ?? c.networkHandshake.error ?? 'no answer reported')}</dd>` : ''}
</dl>
${why ? `<h4>Why it closed</h4><ul class="why">${why}</ul>` : ''}
${c.findings.length ? `<h4>Findings</h4><ul>${c.findings.map((f) => `<li>${htmlText(f)}</li>`).join('')}</ul>` : ''}
${calls ? `<h4>close() calls</h4><ol>${calls}</ol>` : ''}
</details>`;
}

const STYLE = `body{font:13px/1.4 system-ui,sans-serif;margin:1.5em;color:#1f1f1f;background:#fff}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}h3{font-size:1em;margin:.2em 0}
.charts{display:flex;gap:2em;flex-wrap:wrap}.chart ul{list-style:none;padding:0;margin:0;min-width:18em}
.chart li{display:grid;grid-template-columns:12em 1fr 3em;gap:.5em;align-items:center}
.chart .bar{background:#1a73e8;height:.8em;display:block}.chart .n{text-align:right}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top;word-break:break-all}
svg .connecting{fill:#c8c8c8}svg .open{fill:#8ab4f8}svg .end.clean{fill:#137333}svg .end.unclean{fill:#c5221f}svg .end.invalid{fill:#e37400}
svg .call{fill:#444}svg .call.threw{fill:#e37400}svg a:focus .lane,svg .lane:hover{opacity:.7}
details{border-bottom:1px solid #eee;padding:2px 0}summary{cursor:pointer;word-break:break-all}dd{margin-left:1em;word-break:break-all}
@media (prefers-color-scheme:dark){body{background:#202124;color:#e8eaed}td,th{border-color:#444}}`;

/** The whole report: one HTML document with no script and no outside request. */
export function toHtmlReport(log: CloseLog): string {
  const cs = log.connections;
  const byCode = countBy(
    cs.filter((c) => c.closeEvent),
    (c) => c.codeName ?? String(c.closeEvent?.code),
  );
  const byWho = countBy(cs, (c) => c.initiator ?? 'still open');
  const rows = cs
    .map(
      (c, i) =>
        `<tr data-outcome="${outcomeOf(c)}"><td><a href="#c${i + 1}">${i + 1}</a></td><td>${htmlText(c.url)}</td><td>${htmlText(c.initiator ?? '')}</td><td>${htmlText(c.codeName ?? c.state)}</td><td>${htmlText(c.closeEvent?.reason ?? '')}</td><td>${c.closeEvent ? String(c.closeEvent.wasClean) : ''}</td><td>${htmlText(c.diagnosis)}</td></tr>`,
    )
    .join('\n');
  const unseen = log.unseenSockets ?? [];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>WebSocket closes — ${htmlText(log.page.url)}</title><style>${STYLE}</style></head>
<body>
<h1>WebSocket closes</h1>
<p>Page <b>${htmlText(log.page.url)}</b>, recorded with ${htmlText(`${log.tool.name} ${log.tool.version}`)} in ${htmlText(log.browser.engine ?? 'an unknown browser')} (${htmlText(log.browser.userAgent)}), exported ${htmlText(log.exportedAt)}. ${cs.length} connection(s)${log.droppedConnections ? `, ${log.droppedConnections} older dropped` : ''}${log.filtered ? ', filtered' : ''}.</p>
<div class="charts">${barChart('Close codes', byCode)}${barChart('Closed by', byWho)}${barChart(
    'Outcome',
    countBy(cs, (c) => OUTCOME_LABEL[outcomeOf(c)]),
  )}</div>
${timeline(cs)}
<h2>Connections</h2>
<table><thead><tr><th>#</th><th>URL</th><th>Closed by</th><th>Code</th><th>Reason</th><th>Clean</th><th>Diagnosis</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Details</h2>
${cs.map(detailOf).join('\n')}
${unseen.length ? `<h2>Sockets the page hook did not see</h2><ul>${unseen.map((h) => `<li>${htmlText(h.url)} — ${htmlText(h.statusLine ?? h.error ?? 'no answer reported')}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}
