'use client';

import { formatPercent } from '../../lib/format';
import { ChartCard } from '../charts/ChartCard';
import { ratesChart } from './chartData';
import { LinePlot } from '../charts/LinePlot';
import type { ViewSeries } from './liveViewReducer';

function formatPercentValue(percent: number): string {
  return formatPercent(percent / 100);
}

export function RatesChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-rates" title="Error and exception rates" unit="%" hasData={plotted !== null}>
      {plotted && <LinePlot series={plotted} data={ratesChart(plotted.points)} formatValue={formatPercentValue} axisWidth={56} />}
    </ChartCard>
  );
}
