'use client';

import { BreakdownTable } from './BreakdownTable';
import { ChartCard } from '../charts/ChartCard';
import { breakdownChart } from './chartData';
import type { ViewSeries } from './liveViewReducer';
import { StackedAreaPlot } from '../charts/StackedAreaPlot';
import { BREAKDOWN_LABELS, type Breakdown } from './viewOptions';

interface BreakdownChartProps {
  series: ViewSeries | null;
  /** Names the dimension until the series for it arrives. */
  selectedBy: Breakdown;
}

export function BreakdownChart({ series, selectedBy }: BreakdownChartProps) {
  const plotted = series && series.points.length > 0 ? series : null;
  const breakdown = plotted ? breakdownChart(plotted.points, plotted.step) : null;
  const dimensionLabel = BREAKDOWN_LABELS[series?.by ?? selectedBy];
  return (
    <ChartCard
      testId="chart-breakdown"
      title={`Events by ${dimensionLabel.toLowerCase()}`}
      unit="events/s"
      hasData={plotted !== null}
      wide
      aside={<BreakdownTable dimensionLabel={dimensionLabel} totals={breakdown?.totals ?? []} />}
    >
      {plotted && breakdown && <StackedAreaPlot series={plotted} data={breakdown} stackId="breakdown" />}
    </ChartCard>
  );
}
