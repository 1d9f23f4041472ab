'use client';

import { useQuery } from '@tanstack/react-query';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { healthQuery, recentSummaryQuery, seriesQuery } from '../apiQueries';
import type { ConnectionState, ViewSeries } from './liveViewReducer';
import { useLiveView } from './useLiveView';
import type { ViewSelection } from './viewOptions';

/** How often health is polled over HTTP while the live socket does not deliver it. */
const HEALTH_POLL_MS = 5_000;

export interface DashboardData {
  connection: ConnectionState;
  health: Health | null;
  recent: Summary | null;
  series: ViewSeries | null;
  subscriptionError: string | null;
}

function newestHealth(...candidates: Array<Health | null | undefined>): Health | null {
  return candidates.reduce<Health | null>(
    (newest, candidate) => (candidate && (!newest || candidate.now > newest.now) ? candidate : newest),
    null,
  );
}

function showsSelection(series: ViewSeries | null | undefined, selection: ViewSelection): series is ViewSeries {
  return series !== null && series !== undefined && series.window === selection.window && series.by === selection.by;
}

/**
 * The overview's data: the live socket's once it has answered, the JSON API's until
 * then. While a new selection loads, the previous series stays up rather than the
 * charts emptying out; it carries its own window, so nothing mislabels it.
 */
export function useDashboardData(selection: ViewSelection): DashboardData {
  const live = useLiveView(selection);
  const liveSeriesIsCurrent = showsSelection(live.series, selection);

  const healthAnswer = useQuery({ ...healthQuery(), refetchInterval: live.connection === 'live' ? false : HEALTH_POLL_MS });
  const recentAnswer = useQuery({ ...recentSummaryQuery(), enabled: live.recent === null });
  const seriesAnswer = useQuery({ ...seriesQuery(selection), enabled: !liveSeriesIsCurrent });

  let series = live.series;
  if (!liveSeriesIsCurrent && showsSelection(seriesAnswer.data, selection)) series = seriesAnswer.data;

  return {
    connection: live.connection,
    health: newestHealth(live.health, healthAnswer.data),
    recent: live.recent ?? recentAnswer.data ?? null,
    series,
    subscriptionError: live.subscriptionError,
  };
}
