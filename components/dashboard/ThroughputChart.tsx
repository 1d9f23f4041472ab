'use client';

import { ChartCard } from '../charts/ChartCard';
import { throughputChart } from './chartData';
import type { ViewSeries } from './liveViewReducer';
import { StackedAreaPlot } from '../charts/StackedAreaPlot';

export function ThroughputChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-throughput" title="Throughput by type" unit="events/s" hasData={plotted !== null}>
      {plotted && <StackedAreaPlot series={plotted} data={throughputChart(plotted.points, plotted.step)} stackId="throughput" />}
    </ChartCard>
  );
}
