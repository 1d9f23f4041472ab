import { queryOptions } from '@tanstack/react-query';
import type { Health } from '../lib/health';
import { LIVE_WINDOWS, RECENT_MS } from '../lib/live';
import type { Series, Summary } from '../lib/summary';
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
