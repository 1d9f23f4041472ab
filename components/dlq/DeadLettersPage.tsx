'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useQueryStates } from 'nuqs';
import { useMemo, useRef, useState } from 'react';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { DeadLetterView } from '../../lib/deadLetters';
import { formatCount } from '../../lib/format';
import { useMediaQuery } from '../data/useMediaQuery';
import { eventsHref } from '../events/eventFilterParams';
import { TextFilter } from '../events/TextFilter';
import { TimeRangeControl } from '../events/TimeRangeControl';
import { PageFrame } from '../layout/PageFrame';
import { QueryError } from '../layout/QueryError';
import { deadLetterFilterParsers, type DeadLetterFilter } from './deadLetterFilterParams';
import { deadLetterPagesQuery, deadLettersByReasonQuery } from './deadLetterQueries';
import { DeadLetterList } from './DeadLetterList';
import { DeadLetterReasonChart } from './DeadLetterReasonChart';
import { DeadLetterViewer } from './DeadLetterViewer';
import { ReasonLabel } from './ReasonLabel';
import { ReplayDialog } from './ReplayDialog';

/** /dlq: what failed and why, each payload, and the way back into the pipeline. */
export function DeadLettersPage() {
  const [filter, setFilter] = useQueryStates(deadLetterFilterParsers, { history: 'push' });
  const [selectedRef, setSelectedRef] = useState<string | null>(null);
  const [replaying, setReplaying] = useState(false);
  const viewerRef = useRef<HTMLDivElement>(null);
  const singleColumn = useMediaQuery('(max-width: 1023px)');

  const byReason = useQuery(deadLettersByReasonQuery(filter));
  const pages = useInfiniteQuery(deadLetterPagesQuery(filter));
  const letters = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.total ?? null;
  // The list refreshes after a replay; the viewer shows the refreshed letter.
  const selected = letters.find((letter) => letter.ref === selectedRef) ?? null;

  const changeFilter = (patch: Partial<DeadLetterFilter>) => void setFilter(patch);
  const select = (letter: DeadLetterView) => {
    setSelectedRef(letter.ref);
    if (singleColumn) requestAnimationFrame(() => viewerRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }));
  };

  return (
    <PageFrame
      title="Dead letters"
      back={{ href: '/', label: 'Dashboard' }}
      actions={
        <Link className="button button--quiet button--small" href={eventsHref({ outcome: ['deadLetter'], reason: filter.reason ? [filter.reason] : [], from: filter.from, to: filter.to })}>
          As events
        </Link>
      }
    >
      <section className="filter-bar card" aria-label="Filters" data-testid="dlq-filter-bar">
        <TimeRangeControl from={filter.from} to={filter.to} onRangeChange={changeFilter} />
        <div className="filter-bar__fields">
          <label className="filter-text">
            <span className="filter-text__label">Reason</span>
            <select
              className="input input--small"
              data-testid="filter-reason"
              value={filter.reason ?? ''}
              onChange={(event) => changeFilter({ reason: (event.target.value || null) as DeadLetterReason | null })}
            >
              <option value="">Any reason</option>
              {DEAD_LETTER_REASONS.map((reason) => (
                <option key={reason} value={reason}>
                  {reason}
                </option>
              ))}
            </select>
          </label>
          <TextFilter label="Type" name="type" placeholder="shipment.created" value={filter.type} onChange={(type) => changeFilter({ type })} />
        </div>
      </section>

      <div className="dlq-layout">
        <div className="dlq-layout__main">
          <section className="card chart-card" data-testid="dlq-chart-card">
            <header className="chart-card__header">
              <h2 className="chart-card__title">By reason</h2>
              <span className="chart-card__unit">
                {byReason.data ? `${formatCount(byReason.data.deadLetters.total)} in range · click a bar to filter` : ' '}
              </span>
            </header>
            {byReason.isError ? (
              <QueryError error={byReason.error} what="the counts by reason" />
            ) : (
              <DeadLetterReasonChart
                byReason={byReason.data?.deadLetters.byReason ?? {}}
                selected={filter.reason}
                onSelect={(reason) => changeFilter({ reason })}
              />
            )}
          </section>

          <section className="card dlq-list-card" aria-label="Dead letters">
            <header className="chart-card__header">
              <h2 className="chart-card__title">
                {filter.reason ? <ReasonLabel reason={filter.reason} /> : 'All reasons'}
              </h2>
              <span className="chart-card__unit" data-testid="dlq-total">
                {total !== null ? `${formatCount(total)} matching · ${formatCount(letters.length)} shown` : ''}
              </span>
            </header>
            {pages.isError ? (
              <QueryError error={pages.error} what="the dead letters" />
            ) : pages.isPending ? (
              <p className="empty-state">Loading dead letters…</p>
            ) : letters.length === 0 ? (
              <p className="empty-state" data-testid="dlq-empty">
                No dead letter matches. Everything in this range was processed.
              </p>
            ) : (
              <>
                <DeadLetterList letters={letters} selectedRef={selectedRef} onSelect={select} />
                {pages.hasNextPage && (
                  <button type="button" className="button button--quiet load-more" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
                    {pages.isFetchingNextPage ? 'Loading…' : 'Load older dead letters'}
                  </button>
                )}
              </>
            )}
          </section>
        </div>

        <aside className="card dlq-layout__viewer" ref={viewerRef}>
          {selected ? (
            <DeadLetterViewer letter={selected} onReplay={() => setReplaying(true)} />
          ) : (
            <p className="empty-state">Choose a dead letter to see its payload and replay it.</p>
          )}
        </aside>
      </div>
      {replaying && selected && <ReplayDialog key={selected.ref} letter={selected} onClose={() => setReplaying(false)} />}
    </PageFrame>
  );
}
