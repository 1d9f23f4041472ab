'use client';

import { formatPercent } from '../../lib/format';
import { ChartCard } from '../charts/ChartCard';
import { LinePlot } from '../charts/LinePlot';
import { useHiddenSeries } from '../charts/useHiddenSeries';
import { openEventsOnClick, type ChartActions } from './chartActions';
import { ratesChart } from './chartData';
import type { ViewSeries } from './liveViewReducer';

function formatPercentValue(percent: number): string {
  return formatPercent(percent / 100);
}

export function RatesChart({ series, actions }: { series: ViewSeries | null; actions: ChartActions }) {
  const { hiddenIds, toggleSeries } = useHiddenSeries();
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-rates" title="Error and exception rates" unit="%" hasData={plotted !== null}>
      {plotted && (
        <LinePlot
          series={plotted}
          data={ratesChart(plotted.points)}
          formatValue={formatPercentValue}
          axisWidth={56}
          hiddenIds={hiddenIds}
          onToggleSeries={toggleSeries}
          // The two rates count different inputs by different clocks: only a click on a line's dot says which.
          onPointClick={openEventsOnClick(actions, plotted.step, null)}
          onRangeSelect={actions.zoomTo}
        />
      )}
    </ChartCard>
  );
}
