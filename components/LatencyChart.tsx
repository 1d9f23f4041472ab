'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../lib/format';
import { ChartCard } from './ChartCard';
import { chartLegendLabel } from './chartLegendLabel';
import { ChartTooltip } from './ChartTooltip';
import { latencyChart } from './chartData';
import {
  CHART_MARGIN,
  GRID_STROKE,
  LEGEND_WRAPPER_STYLE,
  LINE_CURSOR,
  timeAxisProps,
  valueAxisProps,
} from './chartElements';
import type { ViewSeries } from './liveViewReducer';

export function LatencyChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-latency" title="Latency (event time → log)" unit="ms" hasData={plotted !== null}>
      {plotted && <LatencyPlot series={plotted} />}
    </ChartCard>
  );
}

function LatencyPlot({ series }: { series: ViewSeries }) {
  const { series: quantiles, rows } = latencyChart(series.points);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series)} />
        <YAxis {...valueAxisProps(formatDuration, 76)} />
        <Tooltip
          cursor={LINE_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={formatDuration} />}
        />
        <Legend iconType="plainline" iconSize={14} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {quantiles.map((quantile) => (
          <Line
            key={quantile.key}
            dataKey={quantile.key}
            name={quantile.label}
            type="monotone"
            stroke={quantile.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
