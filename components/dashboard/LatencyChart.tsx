'use client';

import { formatDuration } from '../../lib/format';
import { ChartCard } from '../charts/ChartCard';
import { latencyChart } from './chartData';
import { LinePlot } from '../charts/LinePlot';
import type { ViewSeries } from './liveViewReducer';

export function LatencyChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-latency" title="Latency (event time → log)" unit="ms" hasData={plotted !== null}>
      {plotted && <LinePlot series={plotted} data={latencyChart(plotted.points)} formatValue={formatDuration} axisWidth={76} />}
    </ChartCard>
  );
}
