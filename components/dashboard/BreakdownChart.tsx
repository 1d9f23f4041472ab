'use client';

import { ChartCard } from '../charts/ChartCard';
import { StackedAreaPlot } from '../charts/StackedAreaPlot';
import { useHiddenSeries } from '../charts/useHiddenSeries';
import { BreakdownTable } from './BreakdownTable';
import { openEventsOnClick, type ChartActions } from './chartActions';
import { breakdownChart } from './chartData';
import { countedEvents, type TimeRange } from './drillDownLinks';
import type { ViewSeries } from './liveViewReducer';
import { BREAKDOWN_LABELS, type Breakdown } from './viewOptions';

interface BreakdownChartProps {
  series: ViewSeries | null;
  /** Names the dimension until the series for it arrives. */
  selectedBy: Breakdown;
  actions: ChartActions;
}

/** The steps the table totals: the plotted ones, the step in progress left out as on the chart. */
function plottedRange(series: ViewSeries): TimeRange | null {
  const first = series.points[0];
  const last = series.points.at(-1);
  return first && last ? { from: first.t, to: last.t + series.step } : null;
}

export function BreakdownChart({ series, selectedBy, actions }: BreakdownChartProps) {
  const { hiddenIds, toggleSeries } = useHiddenSeries();
  const plotted = series && series.points.length > 0 ? series : null;
  const by = series?.by ?? selectedBy;
  const breakdown = plotted ? breakdownChart(plotted.points, plotted.step, by) : null;
  const dimensionLabel = BREAKDOWN_LABELS[by];
  return (
    <ChartCard
      testId="chart-breakdown"
      title={`Events by ${dimensionLabel.toLowerCase()}`}
      unit="events/s"
      hasData={plotted !== null}
      wide
      aside={<BreakdownTable dimensionLabel={dimensionLabel} totals={breakdown?.totals ?? []} range={plotted ? plottedRange(plotted) : null} />}
    >
      {plotted && breakdown && (
        <StackedAreaPlot
          series={plotted}
          data={breakdown}
          stackId="breakdown"
          hiddenIds={hiddenIds}
          onToggleSeries={toggleSeries}
          onPointClick={openEventsOnClick(actions, plotted.step, countedEvents())}
          onRangeSelect={actions.zoomTo}
        />
      )}
    </ChartCard>
  );
}
