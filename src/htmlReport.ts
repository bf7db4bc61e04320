/**
 * A close log as one self-contained HTML file, to attach to a bug: the charts, a timeline of the
 * connections, the table and each connection's details. No script, no network: a Content
 * Security Policy forbids every fetch, and every page-provided text is escaped. Interactivity is
 * native HTML only (<details>, links to anchors).
 */
import type { CloseLog, ExportedConnection } from './closeLog';
import { exportedTimelineInput } from './timelineInputs';
import { countBy, laneOutcome, layoutTimeline, OUTCOME_LABEL } from './timelineLayout';
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

const outcomeOf = (c: ExportedConnection) => laneOutcome({ invalid: c.invalidCall, end: c.closeEvent });

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

/** One lane per connection, grouped by endpoint (a storm bunches), in an SVG with an accessible name per lane. */
function timeline(connections: readonly ExportedConnection[]): string {
  if (connections.length === 0) return '';
  const { lanes: all, from, to } = layoutTimeline(connections.map(exportedTimelineInput));
  const lanes = all.slice(0, TIMELINE_MAX_LANES);
  const span = to - from;
  const x = (t: number) => ((WIDTH * (t - from)) / span).toFixed(1);
  const width = (a: number, b: number) => Math.max(1, Number(x(b)) - Number(x(a))).toFixed(1);
  const rows = lanes.map((lane, n) => {
    const y = n * LANE;
    const end = lane.endAt ?? to;
    const opened = lane.openedAt ?? end;
    const calls = lane.calls
      .map(
        (k) =>
          `<rect class="call${k.threw ? ' threw' : ''}" x="${x(k.t)}" y="${y + 2}" width="2" height="${LANE - 4}"><title>${htmlText(k.text)}</title></rect>`,
      )
      .join('');
    return `<a href="#${lane.key}"><g role="img" aria-label="${htmlText(lane.label)}" data-outcome="${lane.outcome}" class="lane">
<title>${htmlText(lane.label)}</title>
<rect class="connecting" x="${x(lane.start)}" y="${y + 4}" width="${width(lane.start, opened)}" height="${LANE - 8}"></rect>
${lane.openedAt === null ? '' : `<rect class="open" x="${x(opened)}" y="${y + 4}" width="${width(opened, end)}" height="${LANE - 8}"></rect>`}
${lane.endAt === null ? '' : `<rect class="end ${lane.outcome}" x="${x(end)}" y="${y + 1}" width="3" height="${LANE - 2}"></rect>`}${calls}</g></a>`;
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
