'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useQueryStates } from 'nuqs';
import { useCallback, useMemo, useState } from 'react';
import type { EventFilter } from '../../lib/events';
import { formatCount } from '../../lib/format';
import { PageFrame } from '../layout/PageFrame';
import { QueryError } from '../layout/QueryError';
import { eventFilterParsers } from './eventFilterParams';
import { EventFilterBar } from './EventFilterBar';
import { eventCountQuery, eventPagesQuery } from './eventQueries';
import { EventTable } from './EventTable';
import { ExportButtons } from './ExportButtons';
import { useLiveTail } from './useLiveTail';

const LIVE_COUNT_POLL_MS = 2_000;

/** /events: the indexed inputs behind any chart, filtered by the URL, newest append first. */
export function EventsPage() {
  // A changed filter is a new place in history, so Back returns to the previous one.
  const [filter, setFilter] = useQueryStates(eventFilterParsers, { history: 'push' });
  const [liveTail, setLiveTail] = useState(false);
  const endsInThePast = filter.to !== null;

  const pages = useInfiniteQuery(eventPagesQuery(filter));
  const baseRows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const tailing = liveTail && !endsInThePast;
  const tail = useLiveTail(filter, tailing, baseRows, pages.isSuccess);
  const rows = tail.rows;

  const count = useQuery({ ...eventCountQuery(filter), refetchInterval: tailing ? LIVE_COUNT_POLL_MS : false });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const changeFilter = (patch: Partial<EventFilter>) => void setFilter(patch);

  return (
    <PageFrame
      title="Events"
      back={{ href: '/', label: 'Dashboard' }}
      actions={<ExportButtons filter={filter} />}
    >
      <EventFilterBar filter={filter} onChange={changeFilter} />
      <div className="list-toolbar">
        <p className="list-toolbar__count" data-testid="event-count" aria-live="polite">
          {count.data ? (
            <>
              <strong>{formatCount(count.data.count)}</strong> matching {count.data.count === 1 ? 'input' : 'inputs'}
            </>
          ) : count.isError ? (
            'Count unavailable'
          ) : (
            'Counting…'
          )}
          <span className="list-toolbar__detail"> · {formatCount(rows.length)} loaded</span>
        </p>
        <label className="switch" title={endsInThePast ? 'The live tail follows a range that ends now: clear "To" to use it' : undefined}>
          <input
            type="checkbox"
            role="switch"
            checked={tailing}
            disabled={endsInThePast}
            data-testid="live-tail"
            onChange={(event) => setLiveTail(event.target.checked)}
          />
          <span className="switch__track" aria-hidden="true" />
          Live tail
          {tailing && <span className="switch__status">{tail.polling ? 'checking…' : 'every 2 s'}</span>}
        </label>
      </div>
      {tail.mayHaveGap && (
        <div className="banner banner--warning" role="status">
          More matches arrived between two checks than one page holds; some may be missing above the older rows. Reload to see every one.
        </div>
      )}
      {pages.isError ? (
        <QueryError error={pages.error} what="the events" />
      ) : pages.isPending ? (
        <p className="empty-state">Loading events…</p>
      ) : rows.length === 0 ? (
        <p className="empty-state" data-testid="events-empty">
          No input matches this filter{tailing ? ' yet; new ones appear here as they arrive' : ''}.
        </p>
      ) : (
        <EventTable
          rows={rows}
          headLength={tail.headLength}
          hasMore={hasNextPage}
          loadingMore={isFetchingNextPage}
          onLoadMore={loadMore}
          timeBasis={filter.time}
        />
      )}
    </PageFrame>
  );
}
