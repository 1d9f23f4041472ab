import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { EventDetail, EventFilter, EventPage, ShipmentTimeline } from '../../lib/events';
import { fetchJson } from '../fetchJson';
import { eventFilterSearchParams, serializeEventFilter } from './eventFilterParams';

/** Rows per request while scrolling: enough to stay ahead of a fast scroll, small enough to answer quickly. */
export const EVENT_PAGE_LIMIT = 500;

const TRACE_SETTLING_MS = 60_000;

export function eventPagesQuery(filter: EventFilter) {
  return infiniteQueryOptions({
    queryKey: ['events', 'pages', serializeEventFilter(filter)],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      fetchJson<EventPage>(`/api/events?${eventFilterSearchParams(filter, { cursor: pageParam, limit: EVENT_PAGE_LIMIT })}`, signal),
    getNextPageParam: (lastPage) => lastPage.nextCursor,
    // A page of the index does not change once read; only the live tail adds newer ones.
    staleTime: Infinity,
  });
}

export function eventCountQuery(filter: EventFilter) {
  return queryOptions({
    queryKey: ['events', 'count', serializeEventFilter(filter)],
    queryFn: ({ signal }) => fetchJson<{ count: number }>(`/api/events/count?${eventFilterSearchParams(filter)}`, signal),
  });
}

export function eventDetailQuery(ref: string) {
  return queryOptions({
    queryKey: ['events', 'detail', ref],
    queryFn: ({ signal }) => fetchJson<EventDetail>(`/api/events/${encodeURIComponent(ref)}`, signal),
    // The trace fills in (processed, first pushed) shortly after an input arrives; an old
    // input that never reached a dashboard (a dead letter, a late event) will not change.
    refetchInterval: (query) => {
      const detail = query.state.data;
      const settling = detail && detail.trace.firstPushedAt === null && Date.now() - detail.appendTime < TRACE_SETTLING_MS;
      return settling ? 2_000 : false;
    },
  });
}

export function shipmentQuery(subject: string) {
  return queryOptions({
    queryKey: ['shipments', subject],
    queryFn: ({ signal }) => fetchJson<ShipmentTimeline>(`/api/shipments/${encodeURIComponent(subject)}`, signal),
  });
}
