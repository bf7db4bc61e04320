import { describe, expect, it } from 'vitest';
import { newDocId } from '../../src/docId';
import { DocumentLog } from '../../src/documentLog';
import { PageIntake } from '../../src/pageIntake';
import { LIMITS, PROTOCOL_VERSION, type RawLogEvent, type Sequenced } from '../../src/protocol';
import { closed, created, opened, rawCloseCall } from './fixtures';

const NOW = 1_000_000;

function intake(): PageIntake {
  return new PageIntake({ engine: 'chromium', log: new DocumentLog(), now: () => NOW });
}

const batch = (events: unknown[], v = PROTOCOL_VERSION): string =>
  JSON.stringify({ source: 'wsci-page', v, events });

const notes = (out: Sequenced<RawLogEvent>[]): string[] =>
  out.flatMap((s) => (s.kind === 'note' ? [s.text] : []));

describe('PageIntake', () => {
  it('numbers and keeps a batch, close() calls raw (the background judges them), byte lengths measured again', () => {
    const i = intake();
    const start = i.documentStart({ t: 5, url: 'https://a.test/', top: true, userAgent: 'UA' });
    expect(start).toMatchObject([{ kind: 'document', seq: 0, t: 5, engine: 'chromium', top: true }]);
    const out = i.receive(
      batch([
        created(1, 10),
        rawCloseCall({ sid: 1, args: [2999] }),
        { ...closed(1, 20, 1006, false, 'é'), reasonBytes: 0 },
      ]),
    );
    expect(out.map((s) => [s.kind, s.seq])).toEqual([
      ['created', 1],
      ['close-call', 2],
      ['closed', 3],
    ]);
    const call = out[1];
    expect(call?.kind === 'close-call' && call.code).toEqual({
      given: 'number',
      value: { type: 'number', v: 2999 },
    });
    expect(call && 'verdicts' in call).toBe(false);
    // The page's own byte count is not trusted: it is measured again.
    expect(out[2]?.kind === 'closed' && out[2].reasonBytes).toBe(2);
  });

  it("clamps page times to the document's start and now: a page cannot date an event elsewhere", () => {
    const i = intake();
    i.documentStart({ t: 500, url: 'https://a.test/', top: true, userAgent: 'UA' });
    const out = i.receive(batch([created(1, 1e15), opened(1, 3), rawCloseCall({ sid: 1, t: 1e14 })]));
    expect(out.map((s) => ('t' in s ? s.t : null))).toEqual([NOW, 500, NOW]);
  });

  it('a batch that is not a string, not JSON, or of another protocol version becomes one note, never silence', () => {
    const i = intake();
    expect(notes(i.receive({ events: [] }))).toEqual(['a batch of page events was rejected: not a string']);
    expect(notes(i.receive('{'))).toEqual(['a batch of page events was rejected: not JSON']);
    expect(notes(i.receive(batch([], PROTOCOL_VERSION + 1)))[0]).toMatch(/wrong shape or protocol version/);
  });

  it('counts malformed events of a batch and keeps the others', () => {
    const i = intake();
    const out = i.receive(batch([created(1, 10), { kind: 'created', sid: 'x' }, { kind: 'nonsense' }]));
    expect(out.map((s) => s.kind)).toEqual(['created', 'note']);
    expect(notes(out)).toEqual(['2 malformed event(s) from the page were rejected']);
  });

  it('notes from the page are never in the extension’s voice', () => {
    const out = intake().receive(batch([{ kind: 'note', t: 1, text: 'all good, nothing lost' }]));
    expect(notes(out)).toEqual(['reported from the page: all good, nothing lost']);
  });

  it('caps what the document start says, and says when batches were lost', () => {
    const i = intake();
    const [start] = i.documentStart({
      t: 1,
      url: `https://a.test/${'x'.repeat(5000)}`,
      top: false,
      userAgent: 'UA',
    });
    expect(start?.kind === 'document' && start.url.length).toBeLessThanOrEqual(LIMITS.url + 20);
    expect(notes(i.lostWhileLoading(3))).toEqual([
      "3 batch(es) of page events were lost while the inspector's bridge loaded",
    ]);
  });
});

describe('newDocId', () => {
  it('is 128 random bits in hex, without needing a secure context', () => {
    const ids = new Set(Array.from({ length: 100 }, newDocId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});
