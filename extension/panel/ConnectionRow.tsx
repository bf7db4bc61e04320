/**
 * One connection as a table row. Rows are rendered by the thousand while scrolling, so a row
 * reads only what its cells show (the diagnosis is cached per connection revision), and every
 * row is the same height for the virtualised window.
 */

import { diagnoseCached, headline } from '../../src/diagnosis';
import { codeCell } from '../../src/filters';
import {
  type Connection,
  connectionState,
  hasInvalidCall,
  initiator,
  totalCloseCalls,
} from '../../src/model';
import type { WhyFinding } from '../../src/why/certainty';
import { bytesLabel, duration } from './format';

/** The row's element id, for the grid's aria-activedescendant. */
export const rowId = (key: string): string => `row-${key}`;

export function ConnectionRow({
  c,
  index,
  selected,
  separator,
  onSelect,
  onOpen,
  why,
}: {
  c: Connection;
  why: readonly WhyFinding[];
  index: number;
  selected: boolean;
  separator: boolean;
  onSelect(): void;
  onOpen(): void;
}) {
  const d = diagnoseCached(c);
  const top = why[0];
  const state = connectionState(c);
  const who = initiator(c);
  const invalid = hasInvalidCall(c);
  const calls = totalCloseCalls(c);
  return (
    <tr
      id={rowId(c.key)}
      class={`row ${index % 2 ? 'odd' : 'even'} sev-${d.severity}${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${separator ? ' nav-separator' : ''}`}
      data-key={c.key}
      data-state={state}
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={onSelect}
      onDblClick={onOpen}
      onMouseDown={(e) => {
        // A double click opens the details; it should not also select a word of the row.
        if (e.detail > 1) e.preventDefault();
      }}
      title={separator ? `Navigated to ${c.pageUrl}` : undefined}
    >
      <td class="c-url" title={c.url}>
        {c.url}
        {c.frameId !== 0 && (
          <span class="frame-tag" title={`in frame ${c.frameUrl}`}>
            {' '}
            (frame {c.frameUrl})
          </span>
        )}
      </td>
      <td class="c-state">{state}</td>
      <td class="c-initiator">{who ?? ''}</td>
      <td class="c-code">{codeCell(c)}</td>
      <td class="c-reason" title={c.closed?.reason}>
        {c.closed?.reason ?? ''}
      </td>
      <td class="c-bytes">{c.closed ? bytesLabel(c.closed.reasonBytes) : ''}</td>
      <td class="c-clean">{c.closed ? String(c.closed.wasClean) : ''}</td>
      <td class="c-calls">
        {invalid && (
          <span class="invalid-marker" title="invalid close() call">
            ⚠ invalid{' '}
          </span>
        )}
        {calls > 0 ? String(calls) : ''}
      </td>
      <td class="c-duration">{c.closed ? duration(c.closed.t - c.createdAt) : ''}</td>
      {/* One text node: the cell's text changes as the tab's history grows, its layout never does. */}
      <td
        class="c-diagnosis"
        title={top ? `${headline(d)}\n${top.certainty}: ${top.text}` : headline(d)}
        data-why={top?.id}
        data-certainty={top?.certainty}
      >
        {top ? `${headline(d)} \u00b7 ${top.certainty}: ${top.text}` : headline(d)}
      </td>
    </tr>
  );
}
