'use client';

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatDecimal } from '../lib/format';
import { ChartCard } from './ChartCard';
import { chartLegendLabel } from './chartLegendLabel';
import { ChartTooltip } from './ChartTooltip';
import { throughputChart } from './chartData';
import {
  CHART_MARGIN,
  GRID_STROKE,
  LEGEND_WRAPPER_STYLE,
  LINE_CURSOR,
  timeAxisProps,
  valueAxisProps,
} from './chartElements';
import type { ViewSeries } from './liveViewReducer';

export function ThroughputChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-throughput" title="Throughput by type" unit="events/s" hasData={plotted !== null}>
      {plotted && <ThroughputPlot series={plotted} />}
    </ChartCard>
  );
}

function ThroughputPlot({ series }: { series: ViewSeries }) {
  const { series: types, rows } = throughputChart(series.points, series.step);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series)} />
        <YAxis {...valueAxisProps(formatCompact)} />
        <Tooltip
          cursor={LINE_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={(value) => formatDecimal(value, 1)} showTotal />}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {types.map((type) => (
          <Area
            key={type.key}
            dataKey={type.key}
            name={type.label}
            stackId="throughput"
            type="monotone"
            stroke={type.color}
            fill={type.color}
            fillOpacity={0.4}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
