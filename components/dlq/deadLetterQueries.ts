import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { DeadLetterPage, DeadLetterPayload } from '../../lib/deadLetters';
import type { Summary } from '../../lib/summary';
import { fetchJson } from '../fetchJson';
import { deadLetterSearchParams, serializeDeadLetterFilter, type DeadLetterFilter } from './deadLetterFilterParams';

const DEAD_LETTER_PAGE_LIMIT = 50;

export function deadLetterPagesQuery(filter: DeadLetterFilter) {
  return infiniteQueryOptions({
    queryKey: ['dlq', 'pages', serializeDeadLetterFilter(filter)],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      fetchJson<DeadLetterPage>(`/api/dlq?${deadLetterSearchParams(filter, { cursor: pageParam, limit: DEAD_LETTER_PAGE_LIMIT })}`, signal),
    getNextPageParam: (lastPage) => (lastPage.nextCursor === null ? null : String(lastPage.nextCursor)),
  });
}

/**
 * Dead letters by reason over the page's range, from the aggregates (counted by append
 * time, like the list). An open start means everything still held: the aggregates walk
 * only the buckets they have, so a start of 0 costs nothing extra.
 */
export function deadLettersByReasonQuery(filter: DeadLetterFilter) {
  return queryOptions({
    queryKey: ['summary', 'dlq', filter.from, filter.to],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ from: String(filter.from ?? 0), to: String(filter.to ?? Date.now()) });
      return fetchJson<Summary>(`/api/summary?${params}`, signal);
    },
    refetchInterval: filter.to === null ? 10_000 : false,
  });
}

/** A dead letter's whole payload; it never changes, so it is fetched once. */
export function deadLetterPayloadQuery(ref: string) {
  return queryOptions({
    queryKey: ['dlq', 'payload', ref],
    queryFn: ({ signal }) => fetchJson<DeadLetterPayload>(`/api/dlq/${encodeURIComponent(ref)}/payload`, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
