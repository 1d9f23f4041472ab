'use client';

import { formatDuration } from '../../lib/format';
import { ChartCard } from '../charts/ChartCard';
import { LinePlot } from '../charts/LinePlot';
import { useHiddenSeries } from '../charts/useHiddenSeries';
import { openEventsOnClick, type ChartActions } from './chartActions';
import { latencyChart } from './chartData';
import { countedEvents } from './drillDownLinks';
import type { ViewSeries } from './liveViewReducer';

export function LatencyChart({ series, actions }: { series: ViewSeries | null; actions: ChartActions }) {
  const { hiddenIds, toggleSeries } = useHiddenSeries();
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-latency" title="Latency (event time → log)" unit="ms" hasData={plotted !== null}>
      {plotted && (
        <LinePlot
          series={plotted}
          data={latencyChart(plotted.points)}
          formatValue={formatDuration}
          axisWidth={76}
          hiddenIds={hiddenIds}
          onToggleSeries={toggleSeries}
          // Every quantile is of the same events, so a click anywhere on a step opens them.
          onPointClick={openEventsOnClick(actions, plotted.step, countedEvents())}
          onRangeSelect={actions.zoomTo}
        />
      )}
    </ChartCard>
  );
}
