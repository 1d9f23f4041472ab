'use client';

import { formatCompact, formatCount } from '../../lib/format';
import { ChartCard } from '../charts/ChartCard';
import { TimeSeriesPlot } from '../charts/TimeSeriesPlot';
import { useHiddenSeries } from '../charts/useHiddenSeries';
import { openEventsOnClick, type ChartActions } from './chartActions';
import { deadLettersChart } from './chartData';
import { deadLetters } from './drillDownLinks';
import type { ViewSeries } from './liveViewReducer';

export function DeadLettersChart({ series, actions }: { series: ViewSeries | null; actions: ChartActions }) {
  const { hiddenIds, toggleSeries } = useHiddenSeries();
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-dead-letters" title="Dead letters by reason" unit="per step" hasData={plotted !== null}>
      {plotted && (
        <TimeSeriesPlot
          kind="bar"
          frame={plotted}
          data={deadLettersChart(plotted.points)}
          stackId="deadLetters"
          formatValue={formatCount}
          formatAxis={formatCompact}
          integerAxis
          showTotal
          hiddenIds={hiddenIds}
          onToggleSeries={toggleSeries}
          onPointClick={openEventsOnClick(actions, plotted.step, deadLetters())}
          onRangeSelect={actions.zoomTo}
        />
      )}
    </ChartCard>
  );
}
