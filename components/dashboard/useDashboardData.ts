'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { healthQuery, rangeSeriesQuery, rangeSummaryQuery, recentSummaryQuery, seriesQuery } from '../apiQueries';
import { stepForRange, type FixedRange } from './dashboardUrlState';
import type { ConnectionState, ViewSeries } from './liveViewReducer';
import { useLiveView } from './useLiveView';
import type { ViewSelection } from './viewOptions';

/** How often health is polled over HTTP while the live socket does not deliver it. */
const HEALTH_POLL_MS = 5_000;

export interface DashboardData {
  /** live: the chosen window, moving; fixed: a range from the URL, loaded once. */
  mode: 'live' | 'fixed';
  connection: ConnectionState;
  health: Health | null;
  /** Live: the last RECENT_MS; fixed: the whole range. */
  recent: Summary | null;
  series: ViewSeries | null;
  subscriptionError: string | null;
  /** When the figures shown last changed (live mode); null when there is nothing to go stale. */
  lastUpdateAt: number | null;
  /** Why a fixed range could not be loaded. */
  loadError: string | null;
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
 * The overview's data. Live: the socket's once it has answered, the JSON API's until
 * then; while a new selection loads, the previous series stays up rather than the charts
 * emptying out (it carries its own window, so nothing mislabels it). Fixed range: the
 * JSON API's series and summary of that range, and no socket.
 */
export function useDashboardData(selection: ViewSelection, range: FixedRange | null): DashboardData {
  const isLive = range === null;
  const live = useLiveView(selection, isLive);
  const liveSeriesIsCurrent = showsSelection(live.series, selection);

  const healthAnswer = useQuery({ ...healthQuery(), refetchInterval: live.connection === 'live' ? false : HEALTH_POLL_MS });
  const recentAnswer = useQuery({ ...recentSummaryQuery(), enabled: isLive && live.recent === null });
  const seriesAnswer = useQuery({ ...seriesQuery(selection), enabled: isLive && !liveSeriesIsCurrent });

  const fixedStep = range ? stepForRange(range) : 0;
  const rangeSummaryAnswer = useQuery({ ...rangeSummaryQuery(range ?? { from: 0, to: 1 }), enabled: !isLive });
  const rangeSeriesAnswer = useQuery({ ...rangeSeriesQuery(range ?? { from: 0, to: 1 }, fixedStep, selection.by), enabled: !isLive });

  const health = newestHealth(live.health, healthAnswer.data);
  // The same object until another answer comes: the charts draw again only for a new one.
  const rangeAnswer = rangeSeriesAnswer.data;
  const rangeSeries = useMemo<ViewSeries | null>(
    () =>
      rangeAnswer
        ? { window: selection.window, by: selection.by, from: rangeAnswer.from, to: rangeAnswer.to, step: rangeAnswer.step, points: rangeAnswer.points }
        : null,
    [rangeAnswer, selection.window, selection.by],
  );

  if (range) {
    const series = rangeSeries;
    const error = rangeSeriesAnswer.error ?? rangeSummaryAnswer.error;
    return {
      mode: 'fixed',
      connection: live.connection,
      health,
      recent: rangeSummaryAnswer.data ?? null,
      series,
      subscriptionError: null,
      lastUpdateAt: null,
      loadError: error ? error.message : null,
    };
  }

  let series = live.series;
  let lastUpdateAt = live.lastReceivedAt;
  if (!liveSeriesIsCurrent && showsSelection(seriesAnswer.data, selection)) {
    series = seriesAnswer.data;
    // Figures from the JSON API age like any others while the socket has not answered.
    lastUpdateAt = Math.max(lastUpdateAt ?? 0, seriesAnswer.dataUpdatedAt) || null;
  }

  return {
    mode: 'live',
    connection: live.connection,
    health,
    recent: live.recent ?? recentAnswer.data ?? null,
    series,
    subscriptionError: live.subscriptionError,
    lastUpdateAt,
    loadError: null,
  };
}
