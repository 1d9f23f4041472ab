import { queryOptions } from '@tanstack/react-query';
import type { Health } from '../lib/health';
import { LIVE_WINDOWS, RECENT_MS } from '../lib/live';
import type { Dimension, Series, Summary } from '../lib/summary';
import { fetchJson } from './fetchJson';
import type { ViewSeries } from './dashboard/liveViewReducer';
import type { ViewSelection } from './dashboard/viewOptions';

/*
 * The JSON API answers what the page shows before the live socket's snapshot arrives.
 * Ranges end at the time of the request, so they are computed in the query function
 * and stay out of the query keys.
 */

export function healthQuery() {
  return queryOptions({
    queryKey: ['health'],
    queryFn: ({ signal }) => fetchJson<Health>('/api/health', signal),
  });
}

/** The last RECENT_MS, which is what the "now" KPI tiles show. */
export function recentSummaryQuery() {
  return queryOptions({
    queryKey: ['summary', 'recent'],
    queryFn: ({ signal }) => {
      const to = Date.now();
      const params = new URLSearchParams({ from: String(to - RECENT_MS), to: String(to) });
      return fetchJson<Summary>(`/api/summary?${params}`, signal);
    },
  });
}

export function seriesQuery(selection: ViewSelection) {
  return queryOptions({
    queryKey: ['series', selection.window, selection.by],
    queryFn: async ({ signal }): Promise<ViewSeries> => {
      const { durationMs, stepMs } = LIVE_WINDOWS[selection.window];
      const to = Date.now();
      const params = new URLSearchParams({
        from: String(to - durationMs),
        to: String(to),
        step: String(stepMs),
        by: selection.by,
      });
      const series = await fetchJson<Series>(`/api/series?${params}`, signal);
      return { ...selection, from: series.from, to: series.to, step: series.step, points: series.points };
    },
  });
}

/** A fixed range does not change once it is past, so its answers are kept as long as the page lives. */
const FIXED_RANGE_STALE_MS = Number.POSITIVE_INFINITY;

export function rangeSummaryQuery(range: { from: number; to: number }) {
  return queryOptions({
    queryKey: ['summary', 'range', range.from, range.to],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ from: String(range.from), to: String(range.to) });
      return fetchJson<Summary>(`/api/summary?${params}`, signal);
    },
    staleTime: FIXED_RANGE_STALE_MS,
  });
}

export function rangeSeriesQuery(range: { from: number; to: number }, step: number, by: Dimension) {
  return queryOptions({
    queryKey: ['series', 'range', range.from, range.to, step, by],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ from: String(range.from), to: String(range.to), step: String(step), by });
      return fetchJson<Series>(`/api/series?${params}`, signal);
    },
    staleTime: FIXED_RANGE_STALE_MS,
  });
}
