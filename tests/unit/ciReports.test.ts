import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { conditionsOf, failuresOf, githubAnnotations, toJUnit, xmlEscape } from '../../recorder/ciReports';
import { type CloseLog, type CloseLogMeta, toCloseLog } from '../../src/closeLog';
import { closeCallEvent, closed, connectionOf, created, LOG_META, opened, threw } from './fixtures';

const META: CloseLogMeta = { ...LOG_META, pageUrl: 'https://example.com/app?a=1&b=<2>' };

/** A page whose reason and URL carry everything that breaks XML or a workflow command. */
const HOSTILE = 'bye\n::error title=forged::owned & <x> "q" \u0001\u001b[31m\ud800 ]]>';

function log(): CloseLog {
  const invalid = connectionOf([
    created(1, 100, 'wss://example.com/a?x=<1>&y="2"'),
    opened(1, 110),
    closeCallEvent({ args: [1001], observed: threw('InvalidAccessError', 'bad code'), t: 120 }),
    closeCallEvent({ args: [4000, HOSTILE], callId: 2, t: 130 }),
    closed(1, 140, 4000, true, HOSTILE),
  ]);
  const unclean = connectionOf([
    created(1, 200, 'wss://example.com/b'),
    opened(1, 210),
    closed(1, 900, 1006, false),
  ]);
  const fine = connectionOf([
    created(1, 300, 'wss://example.com/c'),
    opened(1, 310),
    closed(1, 320, 1000, true),
  ]);
  return toCloseLog([invalid, unclean, fine], META);
}

describe('CI reports: conditions per connection', () => {
  it('names each condition a connection meets, with its evidence', () => {
    const [invalid, unclean, fine] = log().connections;
    if (!invalid || !unclean || !fine) throw new Error('three connections');
    expect(conditionsOf(invalid, ['invalid', 'unclean']).map((m) => m.condition)).toEqual(['invalid']);
    expect(conditionsOf(invalid, ['invalid'])[0]?.message).toMatch(
      /^close\(\) threw InvalidAccessError at .+ \(1 invalid call\(s\)\)/,
    );
    expect(conditionsOf(unclean, ['invalid', 'unclean'])[0]?.message).toMatch(
      /^closed uncleanly with 1006 Abnormal Closure/,
    );
    expect(conditionsOf(fine, ['invalid', 'unclean', 'portability'])).toEqual([]);
    expect(failuresOf(log(), ['invalid', 'unclean'])).toEqual([
      '1 connection(s) with an invalid close() call',
      '1 connection(s) closed uncleanly',
    ]);
  });
});

describe('CI reports: JUnit XML', () => {
  it('is well-formed XML whatever the page put in URLs and reasons, one test case per connection', () => {
    const xml = toJUnit(log(), ['invalid', 'unclean']);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: { testcase: { name: string; failure?: { type: string } }[] };
      };
    };
    expect(doc.testsuites.tests).toBe('3');
    expect(doc.testsuites.failures).toBe('2');
    const cases = doc.testsuites.testsuite.testcase;
    expect(cases.map((c) => c.name)).toEqual([
      '#1 wss://example.com/a?x=<1>&y="2"',
      '#2 wss://example.com/b',
      '#3 wss://example.com/c',
    ]);
    expect(cases.map((c) => c.failure?.type ?? null)).toEqual(['invalid', 'unclean', null]);
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(xmlEscape(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    expect(xmlEscape('a\u0001b\ud800c\uFFFEd\te\n')).toBe('a\uFFFDb\uFFFDc\uFFFDd\te\n');
    expect(xmlEscape('🙂')).toBe('🙂');
  });
});

describe('CI reports: GitHub Actions annotations', () => {
  it('one ::error per condition met, and page text can never start a command of its own', () => {
    const lines = githubAnnotations(log(), ['invalid', 'unclean']);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.startsWith('::error title=')).toBe(true);
      expect(line).not.toMatch(/[\r\n]/);
    }
    expect(lines[0]).toMatch(/^::error title=WebSocket close%3A invalid \(wss%3A\/\/example\.com\/a/);
    expect(githubAnnotations(log(), ['invalid', 'unclean'], 1)).toHaveLength(1);
    expect(githubAnnotations(log(), [])).toEqual([]);
  });
});
