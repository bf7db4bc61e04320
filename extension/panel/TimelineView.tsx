/**
 * The connections in time: one lane per connection (grouped by endpoint, so a storm bunches),
 * CONNECTING / OPEN / CLOSING bars, a tick per close() call (invalid ones marked), error events,
 * the end coloured by outcome, the last frame each way (a silence before a drop shows as a gap),
 * and the page's own lifecycle as a band on top. Lanes are buttons
 * with an accessible name (URL, code, outcome): click selects, double click or Enter opens the
 * details. Zoom and pan with the buttons, Ctrl/⌘ + wheel, Shift + wheel or a drag. Only the
 * lanes in view are in the DOM, so 10,000 connections stay smooth.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Connection } from '../../src/model';
import { liveTimelineInput } from '../../src/timelineInputs';
import { type Lane, layoutTimeline, timeTicks } from '../../src/timelineLayout';
import { formatDuration } from '../../src/why/duration';
import type { PageLifecycleEvent } from '../../src/why/pageLifecycle';
import { duration } from './format';
import { TimelineCharts } from './TimelineCharts';

const LANE_HEIGHT = 20;
const OVERSCAN = 10;
/** The narrowest view: a millisecond of connections fills the width. */
const MIN_SPAN_MS = 1;

interface Range {
  readonly from: number;
  readonly to: number;
}

export interface TimelineViewProps {
  readonly rows: readonly Connection[];
  readonly revision: number;
  readonly lifecycle: readonly PageLifecycleEvent[];
  readonly selected: string | null;
  onSelect(key: string): void;
  onOpen(key: string): void;
}

const pct = (t: number, r: Range): number => (100 * (t - r.from)) / (r.to - r.from);

/** A bar between two times, clipped to the view (nothing when it is outside). */
function Bar({ a, b, r, kind }: { a: number; b: number; r: Range; kind: string }) {
  if (b < r.from || a > r.to) return null;
  const left = Math.max(0, pct(a, r));
  const right = Math.min(100, pct(b, r));
  return <span class={`bar ${kind}`} style={{ left: `${left}%`, width: `max(1px, ${right - left}%)` }} />;
}

function Mark({ t, r, kind, title }: { t: number; r: Range; kind: string; title: string }) {
  if (t < r.from || t > r.to) return null;
  // A mark at the very end stays inside the lane.
  return (
    <span class={`mark ${kind}`} style={{ left: `min(${pct(t, r)}%, calc(100% - 3px))` }} title={title} />
  );
}

function LaneRow({
  lane,
  r,
  to,
  selected,
  onSelect,
  onOpen,
}: {
  lane: Lane;
  r: Range;
  to: number;
  selected: boolean;
  onSelect(key: string): void;
  onOpen(key: string): void;
}) {
  const end = lane.endAt ?? to;
  const opened = lane.openedAt ?? end;
  const closing = lane.closingAt ?? end;
  return (
    <button
      type="button"
      class={`lane${selected ? ' selected' : ''}`}
      aria-label={lane.label}
      aria-pressed={selected}
      title={lane.label}
      data-key={lane.key}
      data-outcome={lane.outcome}
      onClick={() => onSelect(lane.key)}
      onDblClick={() => onOpen(lane.key)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          onOpen(lane.key);
        }
      }}
    >
      <span class="lane-name" aria-hidden="true">
        {lane.name}
      </span>
      <Bar a={lane.start} b={opened} r={r} kind="connecting" />
      {lane.openedAt !== null && <Bar a={opened} b={Math.min(closing, end)} r={r} kind="open" />}
      {lane.closingAt !== null && <Bar a={closing} b={end} r={r} kind="closing" />}
      {lane.calls.map((k, i) => (
        <Mark key={`call-${i}`} t={k.t} r={r} kind={k.threw ? 'call threw' : 'call'} title={k.text} />
      ))}
      {lane.errors.map((t, i) => (
        <Mark key={`error-${i}`} t={t} r={r} kind="error" title="error event" />
      ))}
      {lane.lastSentAt !== null && (
        <Mark t={lane.lastSentAt} r={r} kind="traffic sent" title="the last frame the page sent" />
      )}
      {lane.lastReceivedAt !== null && (
        <Mark t={lane.lastReceivedAt} r={r} kind="traffic received" title="the last frame received" />
      )}
      {lane.endAt !== null && <Mark t={lane.endAt} r={r} kind={`end ${lane.outcome}`} title={lane.label} />}
    </button>
  );
}

export function TimelineView({ rows, revision, lifecycle, selected, onSelect, onOpen }: TimelineViewProps) {
  const layout = useMemo(() => layoutTimeline(rows.map(liveTimelineInput)), [rows, revision]);
  const [zoom, setZoom] = useState<Range | null>(null);
  const full: Range = { from: layout.from, to: layout.to };
  const r = zoom ?? full;
  const span = r.to - r.from;
  const scroller = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 400 });
  const drag = useRef<{ x: number; range: Range; width: number } | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) setScroll({ top: el.scrollTop, height: el.clientHeight });
  }, [rows.length]);

  const setRange = (from: number, to: number): void => {
    const width = Math.max(MIN_SPAN_MS, to - from);
    setZoom({ from, to: from + width });
  };
  const zoomBy = (factor: number, at = r.from + span / 2): void => {
    const width = Math.max(MIN_SPAN_MS, span * factor);
    const ratio = (at - r.from) / span;
    setRange(at - ratio * width, at - ratio * width + width);
  };
  const panBy = (fraction: number): void => setRange(r.from + span * fraction, r.to + span * fraction);

  const first = Math.max(0, Math.floor(scroll.top / LANE_HEIGHT) - OVERSCAN);
  const last = Math.min(
    layout.lanes.length,
    Math.ceil((scroll.top + scroll.height) / LANE_HEIGHT) + OVERSCAN,
  );
  const ticks = timeTicks(r.from - layout.from, r.to - layout.from, 8);

  return (
    <section class="timeline" aria-label="Timeline" data-testid="timeline">
      <TimelineCharts rows={rows} revision={revision} />
      <div class="timeline-controls">
        <button type="button" onClick={() => zoomBy(0.5)} aria-label="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(2)} aria-label="Zoom out">
          −
        </button>
        <button type="button" onClick={() => panBy(-0.25)} aria-label="Earlier">
          ←
        </button>
        <button type="button" onClick={() => panBy(0.25)} aria-label="Later">
          →
        </button>
        <button type="button" onClick={() => setZoom(null)} aria-label="Fit all" disabled={zoom === null}>
          Fit all
        </button>
        <span class="muted" data-testid="timeline-range">
          +{duration(r.from - layout.from)} – +{duration(r.to - layout.from)} of{' '}
          {duration(layout.to - layout.from)} · {layout.lanes.length}{' '}
          {layout.lanes.length === 1 ? 'connection' : 'connections'}
        </span>
        <span class="legend muted" aria-hidden="true">
          <i class="bar connecting" /> connecting <i class="bar open" /> open <i class="bar closing" />{' '}
          closing <i class="mark call" /> close() <i class="mark call threw" /> invalid{' '}
          <i class="mark end clean" /> clean <i class="mark end unclean" /> unclean{' '}
          <i class="mark traffic sent" /> last sent <i class="mark traffic received" /> last received
        </span>
      </div>
      <div class="timeline-axis" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t} class="tick" style={{ left: `${pct(t + layout.from, r)}%` }}>
            +{duration(t)}
          </span>
        ))}
      </div>
      <div class="timeline-band" data-testid="timeline-lifecycle">
        {lifecycle.map((e) => (
          <Mark
            key={`${e.t}:${e.kind}`}
            t={e.t}
            r={r}
            kind={`page ${e.kind}`}
            title={`${e.kind}${e.persisted ? ' (back/forward cache)' : ''} at +${formatDuration(e.t - layout.from)}`}
          />
        ))}
      </div>
      {/* Dragging pans the view; the buttons above do the same from the keyboard. */}
      <div
        class="timeline-lanes"
        ref={scroller}
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
        onWheel={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          if (e.ctrlKey || e.metaKey) {
            e.preventDefault();
            zoomBy(e.deltaY > 0 ? 1.25 : 0.8, r.from + (span * (e.clientX - box.left)) / box.width);
          } else if (e.shiftKey) {
            e.preventDefault();
            panBy((e.deltaY || e.deltaX) > 0 ? 0.1 : -0.1);
          }
        }}
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          drag.current = { x: e.clientX, range: r, width: e.currentTarget.clientWidth };
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d || Math.abs(e.clientX - d.x) < 4) return;
          const shift = ((d.x - e.clientX) / d.width) * (d.range.to - d.range.from);
          setRange(d.range.from + shift, d.range.to + shift);
        }}
        onPointerUp={() => {
          drag.current = null;
        }}
        onPointerLeave={() => {
          drag.current = null;
        }}
      >
        <ul aria-label="Connections in time" style={{ height: `${layout.lanes.length * LANE_HEIGHT}px` }}>
          {layout.lanes.slice(first, last).map((lane, i) => (
            <li
              key={lane.key}
              class="lane-row"
              style={{ top: `${(first + i) * LANE_HEIGHT}px`, height: `${LANE_HEIGHT}px` }}
            >
              <LaneRow
                lane={lane}
                r={r}
                to={layout.to}
                selected={lane.key === selected}
                onSelect={onSelect}
                onOpen={onOpen}
              />
            </li>
          ))}
        </ul>
      </div>
      {layout.lanes.length === 0 && <p class="muted">No connections to show.</p>}
    </section>
  );
}
