/**
 * What CI systems read: the --fail-on conditions per connection, a JUnit XML report (one test case
 * per connection, a failure for each condition it meets) and GitHub Actions annotations. Every
 * text here comes from the page (URLs, reasons, diagnoses) and is escaped for its target.
 */
import type { CloseLog, ExportedConnection } from '../src/closeLog';
import { htmlText } from '../src/htmlReport';
import { terminalSafe } from '../src/terminalText';

export type FailOn = 'invalid' | 'unclean' | 'portability';
export const FAIL_ON: readonly FailOn[] = ['invalid', 'unclean', 'portability'];

export interface ConditionMet {
  readonly condition: FailOn;
  /** One line: what is wrong with this connection. */
  readonly message: string;
}

const DESCRIBE: Record<
  FailOn,
  { readonly test: (c: ExportedConnection) => boolean; readonly plural: string }
> = {
  invalid: { test: (c) => c.invalidCall, plural: 'with an invalid close() call' },
  unclean: { test: (c) => c.closeEvent !== null && !c.closeEvent.wasClean, plural: 'closed uncleanly' },
  portability: {
    test: (c) => c.findings.some((f) => f.includes('not portable')),
    plural: 'with a non-portable close() call',
  },
};

/** The --fail-on conditions one connection meets, each with its evidence. */
export function conditionsOf(c: ExportedConnection, failOn: readonly FailOn[]): ConditionMet[] {
  const met: ConditionMet[] = [];
  for (const condition of failOn) {
    if (!DESCRIBE[condition].test(c)) continue;
    met.push({ condition, message: messageFor(condition, c) });
  }
  return met;
}

function messageFor(condition: FailOn, c: ExportedConnection): string {
  switch (condition) {
    case 'invalid': {
      const calls = c.closeCalls.filter((call) => call.observed.threw);
      const first = calls[0];
      if (!first?.observed.threw) return c.diagnosis;
      const site = first.stack[0] ? ` at ${first.stack[0]}` : '';
      return `close() threw ${first.observed.name}${site} (${calls.length} invalid call(s)): ${c.diagnosis}`;
    }
    case 'unclean':
      return `closed uncleanly with ${c.codeName ?? 'no code'}: ${c.why[0]?.text ?? c.diagnosis}`;
    case 'portability':
      return c.findings.find((f) => f.includes('not portable')) ?? c.diagnosis;
  }
}

/** Which --fail-on conditions the log meets, one summary line per condition. */
export function failuresOf(log: CloseLog, failOn: readonly FailOn[]): string[] {
  const out: string[] = [];
  for (const condition of failOn) {
    const n = log.connections.filter(DESCRIBE[condition].test).length;
    if (n > 0) out.push(`${n} connection(s) ${DESCRIBE[condition].plural}`);
  }
  return out;
}

// ---- JUnit XML ----------------------------------------------------------------------------------

/** XML text or attribute: the same escaping as the HTML report. */
export const xmlEscape = htmlText;

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

/** One <testcase> per connection; each --fail-on condition it meets is a <failure>. */
export function toJUnit(log: CloseLog, failOn: readonly FailOn[]): string {
  const cases = log.connections.map((c, i) => {
    const met = conditionsOf(c, failOn);
    const lifetime = (c.closeEvent?.t ?? c.createdAt) - c.createdAt;
    const name = `#${i + 1} ${c.url}`;
    const out = [`${c.state}; ${c.diagnosis}`, ...c.why.map((f) => `${f.certainty}: ${f.text}`)].join('\n');
    const failures = met.map(
      (m) =>
        `      <failure type="${m.condition}" message="${xmlEscape(m.message)}">${xmlEscape(
          `${m.message}\nconnection: ${c.url}\ncode: ${c.codeName ?? '(none)'}\ncalls: ${c.closeCalls.length}`,
        )}</failure>\n`,
    );
    return `    <testcase classname="${xmlEscape(log.page.url)}" name="${xmlEscape(name)}" time="${seconds(lifetime)}">\n${failures.join('')}      <system-out>${xmlEscape(out)}</system-out>\n    </testcase>\n`;
  });
  const failures = log.connections.filter((c) => conditionsOf(c, failOn).length > 0).length;
  const suite = `  <testsuite name="${xmlEscape(`WebSocket closes: ${log.page.url}`)}" tests="${log.connections.length}" failures="${failures}" errors="0" skipped="0" timestamp="${xmlEscape(log.exportedAt)}">\n${cases.join('')}  </testsuite>\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="ws-close-inspector" tests="${log.connections.length}" failures="${failures}" errors="0">\n${suite}</testsuites>\n`;
}

// ---- GitHub Actions -----------------------------------------------------------------------------

/** Workflow-command escaping: the message and, stricter, a property such as the title. */
const ghData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const ghProperty = (s: string): string => ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One `::error` line per condition met, at most `max` (GitHub shows only the first few anyway). */
export function githubAnnotations(log: CloseLog, failOn: readonly FailOn[], max = 50): string[] {
  const lines: string[] = [];
  for (const c of log.connections) {
    for (const m of conditionsOf(c, failOn)) {
      if (lines.length >= max) return lines;
      const title = `WebSocket close: ${m.condition} (${c.url})`;
      lines.push(
        `::error title=${ghProperty(terminalSafe(title.slice(0, 200)))}::${ghData(terminalSafe(m.message.slice(0, 2000)))}`,
      );
    }
  }
  return lines;
}
