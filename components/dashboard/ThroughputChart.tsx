'use client';

import { ChartCard } from '../charts/ChartCard';
import { StackedAreaPlot } from '../charts/StackedAreaPlot';
import { useHiddenSeries } from '../charts/useHiddenSeries';
import { openEventsOnClick, type ChartActions } from './chartActions';
import { throughputChart } from './chartData';
import { countedEvents } from './drillDownLinks';
import type { ViewSeries } from './liveViewReducer';

export function ThroughputChart({ series, actions }: { series: ViewSeries | null; actions: ChartActions }) {
  const { hiddenIds, toggleSeries } = useHiddenSeries();
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-throughput" title="Throughput by type" unit="events/s" hasData={plotted !== null}>
      {plotted && (
        <StackedAreaPlot
          series={plotted}
          data={throughputChart(plotted.points, plotted.step)}
          stackId="throughput"
          hiddenIds={hiddenIds}
          onToggleSeries={toggleSeries}
          onPointClick={openEventsOnClick(actions, plotted.step, countedEvents())}
          onRangeSelect={actions.zoomTo}
        />
      )}
    </ChartCard>
  );
}
