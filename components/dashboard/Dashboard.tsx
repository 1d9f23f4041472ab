'use client';

import { useRouter } from 'next/navigation';
import { useQueryStates } from 'nuqs';
import { Suspense, useMemo, type ReactNode } from 'react';
import { LIVE_WINDOWS, RECENT_MS, type LiveWindow } from '../../lib/live';
import type { Summary } from '../../lib/summary';
import { AccessTokenPrompt } from '../auth/AccessTokenPrompt';
import { redrawIntervalMs } from '../charts/chartRedraw';
import { completeSteps } from '../charts/completeSteps';
import { useRedrawnAtMost } from '../charts/useRedrawnAtMost';
import { AppNav } from '../layout/AppNav';
import { SegmentedControl, type SegmentedOption } from '../layout/SegmentedControl';
import { useStaleness } from '../live/useStaleness';
import { AlertBanner } from './AlertBanner';
import { BreakdownChart } from './BreakdownChart';
import type { ChartActions } from './chartActions';
import { dashboardUrlParsers, fixedRangeOf } from './dashboardUrlState';
import { DashboardHeader } from './DashboardHeader';
import { DeadLettersChart } from './DeadLettersChart';
import { DegradedBanner } from './DegradedBanner';
import { countedSeconds, eventsHref, type TimeRange } from './drillDownLinks';
import { KpiTiles, type KpiPeriod } from './KpiTiles';
import { LatencyChart } from './LatencyChart';
import { isBrokerUnreachable } from './logState';
import { PartitionsCard } from './PartitionsCard';
import { RangeControls } from './RangeControls';
import { RatesChart } from './RatesChart';
import { RebuildBanner } from './RebuildBanner';
import { StaleBanner } from './StaleBanner';
import { ThroughputChart } from './ThroughputChart';
import { useDashboardData, type DashboardData } from './useDashboardData';
import { BREAKDOWNS, BREAKDOWN_LABELS, WINDOW_OPTIONS, type Breakdown } from './viewOptions';
import { windowTotals, type WindowTotals } from './windowTotals';

const WINDOW_SEGMENTS: ReadonlyArray<SegmentedOption<LiveWindow>> = WINDOW_OPTIONS.map((window) => ({
  value: window,
  label: LIVE_WINDOWS[window].label,
}));

const BREAKDOWN_SEGMENTS: ReadonlyArray<SegmentedOption<Breakdown>> = BREAKDOWNS.map((breakdown) => ({
  value: breakdown,
  label: BREAKDOWN_LABELS[breakdown],
}));

const RECENT_CAPTION = `last ${RECENT_MS / 1_000} s`;
const RANGE_CAPTION = 'in range';
const RANGE_DURING = 'in the selected range';

interface DashboardProps {
  /** The app's navigation, shown in the header; the sections of the app unless told otherwise. */
  nav?: ReactNode;
}

/** The operations overview: live KPIs and charts over a chosen window, or a fixed range from the URL. */
export function Dashboard({ nav = <AppNav /> }: DashboardProps) {
  // The URL state is read on the client only; a static render shows the frame empty.
  return (
    <Suspense fallback={<div className="page" />}>
      <DashboardView nav={nav} />
    </Suspense>
  );
}

function kpiPeriods(data: DashboardData, selectedWindow: LiveWindow): { recent: KpiPeriod<Summary>; window: KpiPeriod<WindowTotals> } {
  const { recent, series } = data;
  const recentRange = recent ? countedSeconds(recent.from, recent.to) : null;
  if (data.mode === 'fixed') {
    const totals = recent
      ? { deadLetters: recent.deadLetters.total, late: recent.late, duplicates: recent.duplicates, outOfOrder: recent.outOfOrder }
      : null;
    return {
      recent: { figures: recent, caption: RANGE_CAPTION, during: RANGE_DURING, range: recentRange },
      window: { figures: totals, caption: RANGE_CAPTION, during: RANGE_DURING, range: recentRange },
    };
  }
  const firstPoint = series?.points[0];
  // The captions follow the data's own window once it is there.
  const windowLabel = `last ${LIVE_WINDOWS[series?.window ?? selectedWindow].label}`;
  return {
    recent: { figures: recent, caption: RECENT_CAPTION, during: `in the ${RECENT_CAPTION}`, range: recentRange },
    window: {
      figures: series ? windowTotals(series.points) : null,
      caption: windowLabel,
      during: `in the ${windowLabel}`,
      range: series && firstPoint ? countedSeconds(firstPoint.t, series.to) : null,
    },
  };
}

function DashboardView({ nav }: DashboardProps) {
  const router = useRouter();
  const [urlState, setUrlState] = useQueryStates(dashboardUrlParsers);
  const { window: selectedWindow, by: selectedBreakdown } = urlState;
  const range = useMemo(() => fixedRangeOf(urlState.from, urlState.to), [urlState.from, urlState.to]);

  const data = useDashboardData({ window: selectedWindow, by: selectedBreakdown }, range);
  const { connection, health, series, subscriptionError } = data;
  const completedSeries = useMemo(() => completeSteps(series), [series]);
  // Live charts are drawn about as often as their axis moves a pixel; the KPI tiles keep the
  // update rate. A fixed range changes only when its answer comes: drawn at once.
  const chartFrame = completedSeries === null ? 'none' : `${data.mode}:${completedSeries.window}:${completedSeries.by}:${completedSeries.step}:${range?.from}:${range?.to}`;
  const redrawEvery = data.mode === 'fixed' ? 0 : redrawIntervalMs(LIVE_WINDOWS[selectedWindow].durationMs);
  const chartSeries = useRedrawnAtMost(completedSeries, redrawEvery, chartFrame);
  const stale = useStaleness(data.lastUpdateAt, data.mode === 'live');
  const periods = kpiPeriods(data, selectedWindow);

  const actions: ChartActions = useMemo(
    () => ({
      openEvents: (filter, bucket, newTab) => {
        const href = eventsHref(filter, bucket);
        if (newTab) window.open(href, '_blank', 'noopener');
        else router.push(href);
      },
      // A zoom is a step the browser's Back undoes, as in Grafana.
      zoomTo: (zoomed: TimeRange) => void setUrlState({ from: zoomed.from, to: zoomed.to }, { history: 'push' }),
    }),
    [router, setUrlState],
  );

  // The same element between draws, so React leaves the charts alone while the tiles update.
  const charts = useMemo(
    () => (
      <div className="chart-grid">
        <ThroughputChart series={chartSeries} actions={actions} />
        <LatencyChart series={chartSeries} actions={actions} />
        <RatesChart series={chartSeries} actions={actions} />
        <DeadLettersChart series={chartSeries} actions={actions} />
        <BreakdownChart series={chartSeries} selectedBy={selectedBreakdown} actions={actions} />
      </div>
    ),
    [chartSeries, actions, selectedBreakdown],
  );

  const showWindow = (window: LiveWindow) => void setUrlState({ window, from: null, to: null });
  const backToLive = () => void setUrlState({ from: null, to: null }, { history: 'push' });

  return (
    <div className="page">
      <DashboardHeader connection={data.mode === 'fixed' ? 'paused' : connection} health={health} nav={nav} />
      <main className="dashboard" data-mode={data.mode} data-stale={stale || undefined}>
        {/* Above everything: what needs someone now comes before what the figures say. */}
        {health && <AlertBanner alerts={health.alertsFiring ?? []} now={health.now} />}
        <div className="toolbar">
          <h2 className="toolbar__title">{data.mode === 'fixed' ? 'Overview, fixed range' : 'Overview'}</h2>
          <div className="toolbar__controls">
            <SegmentedControl
              label="Window"
              testId="window-select"
              options={WINDOW_SEGMENTS}
              // A fixed range is no live window: none is pressed, and pressing one goes back to live.
              value={range ? null : selectedWindow}
              onChange={showWindow}
            />
            <SegmentedControl
              label="Breakdown"
              testId="breakdown-select"
              options={BREAKDOWN_SEGMENTS}
              value={selectedBreakdown}
              onChange={(by) => void setUrlState({ by })}
            />
            <RangeControls
              range={range}
              liveWindow={selectedWindow}
              onApply={(picked) => void setUrlState({ from: picked.from, to: picked.to }, { history: 'push' })}
              onBackToLive={backToLive}
            />
          </div>
        </div>

        {stale && data.lastUpdateAt !== null && <StaleBanner lastUpdateAt={data.lastUpdateAt} />}
        {isBrokerUnreachable(health) && <DegradedBanner />}
        {health?.rebuild.state === 'rebuilding' && <RebuildBanner rebuild={health.rebuild} />}
        {subscriptionError !== null && (
          <div className="banner banner--error" role="alert" data-testid="subscription-error">
            The live view was refused: {subscriptionError}
          </div>
        )}
        {data.loadError !== null && (
          <div className="banner banner--error" role="alert" data-testid="range-error">
            The range could not be loaded: {data.loadError}
          </div>
        )}

        <div className="dashboard__figures">
          <KpiTiles recent={periods.recent} window={periods.window} />

          {charts}
        </div>

        <PartitionsCard health={health} />
      </main>
      <AccessTokenPrompt />
    </div>
  );
}
