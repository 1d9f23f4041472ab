'use client';

import { useState, useMemo } from 'react';
import { LIVE_WINDOWS, type LiveWindow } from '../../lib/live';
import { BreakdownChart } from './BreakdownChart';
import { DashboardHeader } from './DashboardHeader';
import { completeSteps } from '../charts/completeSteps';
import { DeadLettersChart } from './DeadLettersChart';
import { DegradedBanner } from './DegradedBanner';
import { KpiTiles } from './KpiTiles';
import { LatencyChart } from './LatencyChart';
import { isBrokerUnreachable } from './logState';
import { PartitionsCard } from './PartitionsCard';
import { RatesChart } from './RatesChart';
import { RebuildBanner } from './RebuildBanner';
import { SegmentedControl, type SegmentedOption } from '../layout/SegmentedControl';
import { ThroughputChart } from './ThroughputChart';
import { useDashboardData } from './useDashboardData';
import {
  BREAKDOWNS,
  BREAKDOWN_LABELS,
  DEFAULT_BREAKDOWN,
  DEFAULT_WINDOW,
  WINDOW_OPTIONS,
  type Breakdown,
} from './viewOptions';

const WINDOW_SEGMENTS: ReadonlyArray<SegmentedOption<LiveWindow>> = WINDOW_OPTIONS.map((window) => ({
  value: window,
  label: LIVE_WINDOWS[window].label,
}));

const BREAKDOWN_SEGMENTS: ReadonlyArray<SegmentedOption<Breakdown>> = BREAKDOWNS.map((breakdown) => ({
  value: breakdown,
  label: BREAKDOWN_LABELS[breakdown],
}));

/** The operations overview: live KPIs and charts over a chosen window. */
export function Dashboard() {
  const [selectedWindow, setSelectedWindow] = useState<LiveWindow>(DEFAULT_WINDOW);
  const [selectedBreakdown, setSelectedBreakdown] = useState<Breakdown>(DEFAULT_BREAKDOWN);
  const { connection, health, recent, series, subscriptionError } = useDashboardData({
    window: selectedWindow,
    by: selectedBreakdown,
  });
  const chartSeries = useMemo(() => completeSteps(series), [series]);

  return (
    <div className="page">
      <DashboardHeader connection={connection} health={health} />
      <main className="dashboard">
        <div className="toolbar">
          <h2 className="toolbar__title">Overview</h2>
          <div className="toolbar__controls">
            <SegmentedControl
              label="Window"
              testId="window-select"
              options={WINDOW_SEGMENTS}
              value={selectedWindow}
              onChange={setSelectedWindow}
            />
            <SegmentedControl
              label="Breakdown"
              testId="breakdown-select"
              options={BREAKDOWN_SEGMENTS}
              value={selectedBreakdown}
              onChange={setSelectedBreakdown}
            />
          </div>
        </div>

        {isBrokerUnreachable(health) && <DegradedBanner />}
        {health?.rebuild.state === 'rebuilding' && <RebuildBanner rebuild={health.rebuild} />}
        {subscriptionError !== null && (
          <div className="banner banner--error" role="alert" data-testid="subscription-error">
            The live view was refused: {subscriptionError}
          </div>
        )}

        <KpiTiles recent={recent} series={series} selectedWindow={selectedWindow} />

        <div className="chart-grid">
          <ThroughputChart series={chartSeries} />
          <LatencyChart series={chartSeries} />
          <RatesChart series={chartSeries} />
          <DeadLettersChart series={chartSeries} />
          <BreakdownChart series={chartSeries} selectedBy={selectedBreakdown} />
        </div>

        <PartitionsCard health={health} />
      </main>
    </div>
  );
}
