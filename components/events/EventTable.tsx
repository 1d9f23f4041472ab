'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { DEAD_LETTER_REASON_LABELS } from '../../lib/contract/deadLetterReasons';
import { isEventType } from '../../lib/contract/eventTypes';
import type { EventListItem } from '../../lib/events';
import { NO_VALUE } from '../../lib/format';
import { formatTimeOfDay, formatTimestamp } from '../data/timestamps';
import { useMediaQuery } from '../data/useMediaQuery';
import { EVENT_TYPE_LABELS } from '../eventTypeLabels';
import { OutcomeBadge } from './OutcomeBadge';

/** Fixed row heights keep the virtualiser exact at 100,000 rows: no measuring while scrolling. */
const ROW_HEIGHT = 36;
const STACKED_ROW_HEIGHT = 66;
/** Below this width each row stacks into two lines instead of squeezing nine columns. */
export const STACKED_ROWS_QUERY = '(max-width: 760px)';
/** Start loading the next page this many rows before the end is reached. */
const PREFETCH_ROWS = 150;

interface EventTableProps {
  rows: readonly EventListItem[];
  /** Rows added on top since the last render (live tail), to keep a scrolled-down view still. */
  headLength: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Which clock the filter selects on, so that column is marked. */
  timeBasis: 'append' | 'event';
}

export function typeLabel(type: string | null): string {
  if (type === null) return NO_VALUE;
  return isEventType(type) ? EVENT_TYPE_LABELS[type] : type;
}

export function EventTable({ rows, headLength, hasMore, loadingMore, onLoadMore, timeBasis }: EventTableProps) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const stacked = useMediaQuery(STACKED_ROWS_QUERY);
  const rowHeight = stacked ? STACKED_ROW_HEIGHT : ROW_HEIGHT;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => viewportRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    getItemKey: (index) => rows[index]?.ref ?? index,
  });

  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  // Rows prepended by the live tail push the content down; someone reading further down
  // must not have it move under them, so their scroll position moves with it.
  const previousHeadLength = useRef(headLength);
  useLayoutEffect(() => {
    const added = headLength - previousHeadLength.current;
    previousHeadLength.current = headLength;
    const viewport = viewportRef.current;
    if (added > 0 && viewport && viewport.scrollTop > 0) viewport.scrollTop += added * rowHeight;
  }, [headLength, rowHeight]);

  const virtualRows = virtualizer.getVirtualItems();
  const lastVisibleIndex = virtualRows[virtualRows.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastVisibleIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loadingMore, lastVisibleIndex, rows.length, onLoadMore]);

  return (
    <div className="event-table card" data-testid="event-table" data-stacked={stacked || undefined}>
      <div className="event-table__header" aria-hidden={stacked || undefined}>
        <span data-basis={timeBasis === 'append' || undefined}>Appended</span>
        <span data-basis={timeBasis === 'event' || undefined}>Event time</span>
        <span>Outcome</span>
        <span>Type</span>
        <span>Subject</span>
        <span>Region</span>
        <span>Carrier</span>
        <span>Facility</span>
        <span>Ref</span>
      </div>
      <div ref={viewportRef} className="event-table__viewport" data-testid="event-table-viewport" tabIndex={-1}>
        {rows.length === 0 ? null : (
          <div className="event-table__canvas" style={{ height: virtualizer.getTotalSize() }}>
            {virtualRows.map((virtualRow) => {
              const row = rows[virtualRow.index]!;
              return (
                <Link
                  key={virtualRow.key}
                  href={`/events/${encodeURIComponent(row.ref)}`}
                  className="event-row"
                  data-testid="event-row"
                  data-ref={row.ref}
                  data-live={virtualRow.index < headLength || undefined}
                  style={{ height: rowHeight, transform: `translateY(${virtualRow.start}px)` }}
                >
                  <span className="event-row__append" title="Appended to the log">
                    {formatTimestamp(row.appendTime)}
                  </span>
                  <span className="event-row__event-time" title="Event time">
                    {formatTimestamp(row.eventTime)}
                  </span>
                  <span className="event-row__outcome">
                    <OutcomeBadge outcome={row.outcome} />
                  </span>
                  <span className="event-row__type">
                    {row.type === null && row.reason ? <span className="event-row__reason">{DEAD_LETTER_REASON_LABELS[row.reason]}</span> : typeLabel(row.type)}
                  </span>
                  <span className="event-row__subject">{row.subject ?? NO_VALUE}</span>
                  <span className="event-row__region">{row.region ?? NO_VALUE}</span>
                  <span className="event-row__carrier">{row.carrier ?? NO_VALUE}</span>
                  <span className="event-row__facility">{row.facility ?? NO_VALUE}</span>
                  <span className="event-row__ref">{row.ref}</span>
                  {stacked && (
                    <span className="event-row__summary">
                      {formatTimeOfDay(row.appendTime)} · {[row.subject, row.region, row.carrier].filter(Boolean).join(' · ')}
                    </span>
                  )}
                </Link>
              );
            })}
          </div>
        )}
        {loadingMore && <p className="event-table__more">Loading older events…</p>}
      </div>
    </div>
  );
}
