'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../lib/format';
import { ChartCard } from './ChartCard';
import { chartLegendLabel } from './chartLegendLabel';
import { ChartTooltip } from './ChartTooltip';
import { ratesChart } from './chartData';
import {
  CHART_MARGIN,
  GRID_STROKE,
  LEGEND_WRAPPER_STYLE,
  LINE_CURSOR,
  timeAxisProps,
  valueAxisProps,
} from './chartElements';
import type { ViewSeries } from './liveViewReducer';

function formatPercentValue(percent: number): string {
  return formatPercent(percent / 100);
}

export function RatesChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-rates" title="Error and exception rates" unit="%" hasData={plotted !== null}>
      {plotted && <RatesPlot series={plotted} />}
    </ChartCard>
  );
}

function RatesPlot({ series }: { series: ViewSeries }) {
  const { series: rates, rows } = ratesChart(series.points);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series)} />
        <YAxis {...valueAxisProps(formatPercentValue, 56)} />
        <Tooltip
          cursor={LINE_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={formatPercentValue} />}
        />
        <Legend iconType="plainline" iconSize={14} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {rates.map((rate) => (
          <Line
            key={rate.key}
            dataKey={rate.key}
            name={rate.label}
            type="monotone"
            stroke={rate.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
