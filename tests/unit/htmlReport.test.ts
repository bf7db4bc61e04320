import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type CloseLog, type ExportedConnection, toCloseLog } from '../../src/closeLog';
import { htmlText, safeChars, TIMELINE_MAX_LANES, toHtmlReport } from '../../src/htmlReport';
import {
  closeCallEvent,
  closed,
  connectionOf,
  created,
  LOG_META,
  networkHandshake,
  opened,
  threw,
} from './fixtures';

const META = LOG_META;

/** Everything that breaks out of HTML text or an attribute, or that HTML cannot carry. */
const HOSTILE = `<script>alert(1)</script> "onmouseover=alert(2) x=" ' onerror='alert(3)' </textarea> &amp; \u0000\u001b[31m \ud800 end`;
const HOSTILE_URL = `wss://evil.example/<script>alert(1)</script>?q="onmouseover=alert(2)&r=' onerror='x'</textarea>&amp;\u0000\u001b\ud800`;

// ---- a tiny tag scan -------------------------------------------------------------------------

interface Tag {
  readonly closing: boolean;
  readonly name: string;
  readonly attrs: readonly (readonly [string, string])[];
}

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*>/g;
const ATTR = /\s+([a-zA-Z][a-zA-Z0-9:-]*)="([^"<]*)"/g;
const VOID = new Set(['meta']);

/** Every tag in `html`; throws if any `<` is not the start of a well-formed tag (or the doctype). */
function tagsOf(html: string): Tag[] {
  const tags: Tag[] = [];
  let lastEnd = 0;
  for (const m of html.matchAll(TAG)) {
    const between = html.slice(lastEnd, m.index);
    if (/[<>]/.test(between)) {
      // Text outside tags (the report's CSS included) holds neither '<' nor '>'.
      throw new Error(`stray markup before ${m[0]}: ${JSON.stringify(between.slice(0, 200))}`);
    }
    const attrs = [...(m[3] ?? '').matchAll(ATTR)].map((a) => [a[1] ?? '', a[2] ?? ''] as const);
    tags.push({ closing: m[1] === '/', name: (m[2] ?? '').toLowerCase(), attrs });
    lastEnd = (m.index ?? 0) + m[0].length;
  }
  if (html.slice(lastEnd).includes('<')) throw new Error('stray < after the last tag');
  return tags;
}

/** The document's tags nest and close properly (void elements aside). */
function expectBalanced(html: string): Tag[] {
  expect(html.startsWith('<!doctype html>\n')).toBe(true);
  const tags = tagsOf(html.slice('<!doctype html>'.length));
  const open: string[] = [];
  for (const t of tags) {
    if (VOID.has(t.name)) continue;
    if (!t.closing) open.push(t.name);
    else expect(open.pop(), `</${t.name}>`).toBe(t.name);
  }
  expect(open).toEqual([]);
  return tags;
}

const ALLOWED_TAGS = new Set(
  'html head meta title style body h1 h2 h3 h4 p b div section ul ol li span svg a g rect table thead tbody tr th td details summary dl dt dd'.split(
    ' ',
  ),
);
const ALLOWED_ATTRS = new Set(
  'lang charset http-equiv content name class style aria-label role href id data-outcome data-why viewBox width height preserveAspectRatio x y'.split(
    ' ',
  ),
);

function count(html: string, re: RegExp): number {
  return [...html.matchAll(re)].length;
}

/** Decodes the five entities htmlText writes. */
function unescapeHtml(s: string): string {
  return s.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
  );
}

/** The SVG of the timeline as a parsed XML tree (it is well-formed XML). */
function timelineSvg(html: string): string {
  const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0];
  if (!svg) throw new Error('no svg');
  return svg;
}

interface Lane {
  readonly href: number;
  readonly label: string;
  readonly outcome: string;
}

function lanesOf(html: string): Lane[] {
  return [
    ...html.matchAll(
      /<a href="#c(\d+)"><g role="img" aria-label="([^"]*)" data-outcome="([a-z]+)" class="lane">/g,
    ),
  ].map((m) => ({ href: Number(m[1]), label: unescapeHtml(m[2] ?? ''), outcome: m[3] ?? '' }));
}

function chartRows(html: string, title: string): [string, number][] {
  const section = new RegExp(`<section class="chart" aria-label="${title}">([\\s\\S]*?)</section>`).exec(
    html,
  )?.[1];
  if (section === undefined) throw new Error(`no chart ${title}`);
  return [
    ...section.matchAll(
      /<span class="label">([^<]*)<\/span><span class="bar"[^>]*><\/span><span class="n">(\d+)<\/span>/g,
    ),
  ].map((m) => [unescapeHtml(m[1] ?? ''), Number(m[2])]);
}

// ---- logs ------------------------------------------------------------------------------------

function hostileLog(): CloseLog {
  const c = connectionOf([
    created(1, 100, HOSTILE_URL),
    opened(1, 110),
    closeCallEvent({ args: [1001], observed: threw('InvalidAccessError', HOSTILE), t: 120, stack: HOSTILE }),
    closeCallEvent({ args: [4000, 'bye'], callId: 2, t: 130 }),
    closed(1, 140, 4000, true, HOSTILE),
  ]);
  const base = toCloseLog([c], {
    ...META,
    pageUrl: `https://example.com/app?${HOSTILE}`,
    userAgent: HOSTILE,
    unseenSockets: [networkHandshake('u1', HOSTILE_URL, 50, { statusLine: HOSTILE })],
  });
  const [exported] = base.connections;
  if (!exported) throw new Error('one connection');
  // Diagnosis, findings, why and the frame are derived by the model; put hostile text in each.
  const forged: ExportedConnection = {
    ...exported,
    frameUrl: HOSTILE_URL,
    diagnosis: HOSTILE,
    findings: [HOSTILE],
    why: [{ id: HOSTILE, certainty: 'certain', text: HOSTILE, evidence: [HOSTILE], severity: 'error' }],
    networkHandshake: networkHandshake('h1', HOSTILE_URL, 90, { error: HOSTILE }),
  };
  return { ...base, connections: [forged] };
}

const URLS = {
  clean1: 'wss://example.com/a',
  clean2: 'wss://example.com/b?x=1&y=2',
  unclean: 'wss://example.com/c',
  invalid: 'wss://example.com/d',
  open: 'wss://example.com/e',
};

function mixedLog(): CloseLog {
  return toCloseLog(
    [
      // Timeline lanes sort by endpoint, so list them out of URL order to check the #cN links.
      connectionOf([created(1, 500, URLS.open), opened(1, 510)]),
      connectionOf([created(1, 100, URLS.clean1), opened(1, 110), closed(1, 150, 1000, true)]),
      connectionOf([created(1, 200, URLS.unclean), opened(1, 210), closed(1, 900, 1006, false)]),
      connectionOf([created(1, 300, URLS.clean2), opened(1, 310), closed(1, 320, 1000, true)]),
      connectionOf([
        created(1, 400, URLS.invalid),
        opened(1, 410),
        closeCallEvent({ args: [1001], observed: threw('InvalidAccessError', 'bad code'), t: 420 }),
      ]),
    ],
    META,
  );
}

// ---- tests -----------------------------------------------------------------------------------

describe('HTML report: safety', () => {
  const html = toHtmlReport(hostileLog());

  it('escapes every page-provided text, wherever it lands', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<\/textarea/i);
    expect(html).not.toContain('"onmouseover');
    expect(html).not.toContain("' onerror");
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;onmouseover=');
    expect(html).toContain('&#39; onerror=&#39;');
    expect(html).toContain('&lt;/textarea&gt;');
    expect(html).toContain('&amp;amp;');
    // No '&' that is not one of the entities htmlText writes.
    expect(html).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
    // No raw control characters (tab, LF, CR aside) and no lone surrogates.
    expect(html).not.toMatch(/(?![\t\n\r])\p{Cc}/u);
    expect(html).not.toMatch(/\p{Cs}/u);
    expect(html).not.toMatch(/[\uFFFE\uFFFF]/);
    // Each hostile field arrived, made safe: in the title, the page line, the table, the details,
    // the timeline and the unseen sockets.
    const safe = htmlText(HOSTILE);
    const safeUrl = htmlText(HOSTILE_URL);
    expect(safe).toContain('\uFFFD');
    expect(html).toContain(
      `<title>WebSocket closes — ${htmlText(`https://example.com/app?${HOSTILE}`)}</title>`,
    );
    expect(html).toContain(`(${safe}), exported`);
    expect(html).toContain(`<td>${safeUrl}</td>`);
    expect(html).toContain(`<td>${safe}</td>`);
    expect(html).toContain(`— ${safe}</summary>`);
    expect(html).toContain(`<dt>Frame</dt><dd>${safeUrl}</dd>`);
    expect(html).toContain(`<li data-why="${safe}"><b>certain</b>: ${safe}</li>`);
    expect(html).toContain(`<h4>Findings</h4><ul><li>${safe}</li></ul>`);
    expect(html).toContain(`<li>threw InvalidAccessError: ${safe}`);
    expect(html).toContain(`<dt>Opening handshake</dt><dd>${safe}</dd>`);
    expect(html).toContain(`<li>${safeUrl} — ${safe}</li>`);
    const [lane] = lanesOf(html);
    const codeName = hostileLog().connections[0]?.codeName;
    expect(codeName).toMatch(/^4000 /);
    expect(lane?.label).toBe(`${safeChars(HOSTILE_URL)}: ${codeName}, an invalid close() call`);
  });

  it('is markup the report wrote: known tags and attributes only, no handlers, balanced', () => {
    const tags = expectBalanced(html);
    for (const t of tags) {
      expect(ALLOWED_TAGS, t.name).toContain(t.name);
      for (const [name] of t.attrs) expect(ALLOWED_ATTRS, `${t.name} ${name}`).toContain(name);
    }
    const attrs = tags.flatMap((t) => t.attrs);
    expect(attrs.some(([name]) => /^on/i.test(name))).toBe(false);
    // Only in-document links; nothing loads from anywhere.
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    const hrefs = attrs.filter(([name]) => name === 'href').map(([, v]) => v);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^#c\d+$/);
    expect(count(html, /\shref\s*=/gi)).toBe(hrefs.length);
    // Inline styles are the bar widths only.
    for (const [, v] of attrs.filter(([name]) => name === 'style')) expect(v).toMatch(/^width:\d+(\.\d)?%$/);
  });

  it('has one <style>, the report’s own, and a CSP that forbids every fetch', () => {
    expect(count(html, /<style/gi)).toBe(1);
    expect(count(html, /<\/style/gi)).toBe(1);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(css).toContain('body{');
    expect(css).not.toMatch(/alert|evil|onmouseover|<|&/);
    // The same stylesheet whatever the log holds.
    expect(css).toBe(/<style>([\s\S]*?)<\/style>/.exec(toHtmlReport(toCloseLog([], META)))?.[1]);
    expect(html).toMatch(
      /<head><meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*">/,
    );
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('draws the timeline as well-formed SVG even with hostile text', () => {
    const svg = timelineSvg(html);
    expect(XMLValidator.validate(svg)).toBe(true);
  });
});

describe('HTML report: content', () => {
  const log = mixedLog();
  const html = toHtmlReport(log);
  const cs = log.connections;
  const OUTCOMES: Record<string, [string, string]> = {
    [URLS.clean1]: ['clean', 'closed cleanly'],
    [URLS.clean2]: ['clean', 'closed cleanly'],
    [URLS.unclean]: ['unclean', 'closed uncleanly'],
    [URLS.invalid]: ['invalid', 'an invalid close() call'],
    [URLS.open]: ['open', 'still open'],
  };

  it('lists every connection once in the table and once in the details, in log order', () => {
    expectBalanced(html);
    expect(count(html, /<tr data-outcome=/g)).toBe(cs.length);
    const rows = [
      ...html.matchAll(/<tr data-outcome="([a-z]+)"><td><a href="#c(\d+)">\d+<\/a><\/td><td>([^<]*)<\/td>/g),
    ];
    expect(rows.map((m) => [Number(m[2]), unescapeHtml(m[3] ?? ''), m[1]])).toEqual(
      cs.map((c, i) => [i + 1, c.url, OUTCOMES[c.url]?.[0]]),
    );
    cs.forEach((c, i) => {
      expect(count(html, new RegExp(`<details id="c${i + 1}"`, 'g'))).toBe(1);
      expect(html).toContain(
        `<details id="c${i + 1}" data-outcome="${OUTCOMES[c.url]?.[0]}"><summary>#${i + 1} ${htmlText(c.url)} — `,
      );
    });
    expect(count(html, /<details /g)).toBe(cs.length);
  });

  it('draws one timeline lane per connection, named by URL, code and outcome, linking to its details', () => {
    expect(html).toContain('<section class="timeline" role="region" aria-label="Timeline">');
    expect(count(html, /role="img"/g)).toBe(cs.length);
    const lanes = lanesOf(html);
    expect(lanes).toHaveLength(cs.length);
    expect(new Set(lanes.map((l) => l.href))).toEqual(new Set(cs.map((_, i) => i + 1)));
    for (const lane of lanes) {
      const c = cs[lane.href - 1];
      if (!c) throw new Error(`lane links to #c${lane.href}`);
      const [outcome, words] = OUTCOMES[c.url] ?? [];
      expect(lane.outcome).toBe(outcome);
      expect(lane.label).toBe(`${c.url}: ${c.codeName ?? c.state}, ${words}`);
    }
    const byUrl = new Map(lanes.map((l) => [cs[l.href - 1]?.url, l.label]));
    expect(byUrl.get(URLS.clean1)).toBe(`${URLS.clean1}: 1000 Normal Closure, closed cleanly`);
    expect(byUrl.get(URLS.unclean)).toBe(`${URLS.unclean}: 1006 Abnormal Closure, closed uncleanly`);
    expect(byUrl.get(URLS.invalid)).toMatch(/, an invalid close\(\) call$/);
    expect(byUrl.get(URLS.open)).toBe(`${URLS.open}: open, still open`);
    // Lanes are grouped by endpoint (sorted), not in log order.
    expect(lanes.map((l) => cs[l.href - 1]?.url)).toEqual(Object.values(URLS));
    // The SVG is well-formed XML with one titled <g> per lane.
    const svg = timelineSvg(html);
    expect(XMLValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg) as {
      svg: { height: string; a: { href: string; g: { role: string; title: string } }[] };
    };
    expect(doc.svg.a).toHaveLength(cs.length);
    expect(doc.svg.height).toBe(String(cs.length * 16));
    for (const a of doc.svg.a) {
      expect(a.g.role).toBe('img');
      expect(a.g.title).toContain(cs[Number(a.href.slice(2)) - 1]?.url);
    }
  });

  it('counts close codes, initiators and outcomes in the charts', () => {
    expect(chartRows(html, 'Close codes')).toEqual([
      ['1000 Normal Closure', 2],
      ['1006 Abnormal Closure', 1],
    ]);
    expect(chartRows(html, 'Closed by')).toEqual([
      ['server', 2],
      ['still open', 2],
      ['failure', 1],
    ]);
    expect(chartRows(html, 'Outcome')).toEqual([
      ['closed cleanly', 2],
      ['an invalid close() call', 1],
      ['closed uncleanly', 1],
      ['still open', 1],
    ]);
    expect(html).toContain('5 connection(s).');
  });
});

describe('HTML report: TIMELINE_MAX_LANES', () => {
  it('caps the lanes and says so, while the table keeps every connection', () => {
    const base = mixedLog();
    const [template] = base.connections;
    if (!template) throw new Error('a connection');
    const total = TIMELINE_MAX_LANES + 7;
    const connections = Array.from({ length: total }, (_, i) => ({
      ...template,
      url: `wss://example.com/s${String(i).padStart(5, '0')}`,
      createdAt: template.createdAt + i,
    }));
    const html = toHtmlReport({ ...base, connections });
    expect(count(html, /role="img"/g)).toBe(TIMELINE_MAX_LANES);
    expect(html).toContain(
      `<p>The first ${TIMELINE_MAX_LANES} of ${total} connections are drawn; the table lists all.</p>`,
    );
    expect(count(html, /<tr data-outcome=/g)).toBe(total);
    expect(count(html, /<details id="c\d+"/g)).toBe(total);
    // The lanes drawn are the first by endpoint, each linking to its own row.
    const lanes = lanesOf(html);
    expect(lanes.map((l) => l.href)).toEqual(Array.from({ length: TIMELINE_MAX_LANES }, (_, i) => i + 1));
    expect(timelineSvg(html)).toContain(`height="${TIMELINE_MAX_LANES * 16}"`);
  });

  it('draws every lane, with no note, at exactly the cap', () => {
    const base = mixedLog();
    const [template] = base.connections;
    if (!template) throw new Error('a connection');
    const connections = Array.from({ length: TIMELINE_MAX_LANES }, (_, i) => ({
      ...template,
      url: `wss://x/${i}`,
    }));
    const html = toHtmlReport({ ...base, connections });
    expect(count(html, /role="img"/g)).toBe(TIMELINE_MAX_LANES);
    expect(html).not.toContain('connections are drawn');
  });
});

describe('HTML report: an empty log', () => {
  it('is a whole document with empty charts and table, and no timeline', () => {
    const html = toHtmlReport(toCloseLog([], META));
    expectBalanced(html);
    expect(html).toContain('<html lang="en">');
    expect(html.trimEnd().endsWith('</body></html>')).toBe(true);
    expect(html).toContain('0 connection(s).');
    expect(html).not.toContain('class="timeline"');
    expect(html).not.toContain('aria-label="Timeline"');
    expect(html).not.toContain('<svg');
    expect(count(html, /<tr data-outcome=/g)).toBe(0);
    expect(count(html, /<details/g)).toBe(0);
    expect(html).not.toContain('Sockets the page hook did not see');
    for (const title of ['Close codes', 'Closed by', 'Outcome']) {
      expect(chartRows(html, title)).toEqual([]);
      expect(html).toContain(
        `<section class="chart" aria-label="${title}"><h3>${title}</h3><ul><li>none</li></ul></section>`,
      );
    }
  });
});

describe('htmlText and safeChars', () => {
  it('escapes the five characters HTML and XML give meaning to', () => {
    expect(htmlText(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(htmlText('a &amp; b')).toBe('a &amp;amp; b');
    expect(htmlText('plain text, ü, — 中文')).toBe('plain text, ü, — 中文');
  });

  it('keeps emoji, valid surrogate pairs and the edges of the allowed ranges', () => {
    for (const s of [
      '😀',
      '\ud83d\ude00',
      '👩‍👩‍👧',
      '\u{10000}',
      '\u{10FFFF}',
      '\uD7FF',
      '\uE000',
      '\uFFFD',
      ' ~',
    ]) {
      expect(safeChars(s)).toBe(s);
      expect(htmlText(s)).toBe(s);
    }
    expect(safeChars('\t\n\r')).toBe('\t\n\r');
  });

  it('replaces C0 controls (but tab, LF, CR), U+FFFE, U+FFFF and lone surrogates with U+FFFD', () => {
    const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).filter(
      (c) => !'\t\n\r'.includes(c),
    );
    expect(controls).toHaveLength(29);
    for (const c of controls)
      expect(safeChars(`a${c}b`), `U+${c.charCodeAt(0).toString(16)}`).toBe('a\uFFFDb');
    expect(safeChars('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(safeChars('x\ud800y')).toBe('x\uFFFDy');
    expect(safeChars('x\udc00y')).toBe('x\uFFFDy');
    expect(safeChars('\ud800')).toBe('\uFFFD');
    expect(safeChars('\udbff')).toBe('\uFFFD');
    // A low surrogate before a high one is two lone surrogates, not a pair.
    expect(safeChars('\udc00\ud800')).toBe('\uFFFD\uFFFD');
    expect(safeChars('\ud83d\ude00\ud83d')).toBe('😀\uFFFD');
    expect(htmlText('<\u0000>\ud800&')).toBe('&lt;\uFFFD&gt;\uFFFD&amp;');
    // The result is well-formed UTF-16.
    expect(safeChars('\ud800\udc00\udc00\ud800')).not.toMatch(/\p{Cs}/u);
  });
});

describe('HTML report: timeline geometry', () => {
  it('keeps a still-open connection that opened last inside the picture', () => {
    const open = connectionOf([created(1, 100, 'wss://example.com/late'), opened(1, 110)]);
    const html = toHtmlReport(toCloseLog([open], META));
    const xs = [
      ...html.matchAll(/<rect class="(?:connecting|open)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g),
    ].map((m) => Number(m[1]) + Number(m[2]));
    expect(xs.length).toBe(2);
    for (const right of xs) expect(right).toBeLessThanOrEqual(1001);
  });
});
