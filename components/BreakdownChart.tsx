'use client';

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatDecimal } from '../lib/format';
import { BreakdownTable } from './BreakdownTable';
import { ChartCard } from './ChartCard';
import { chartLegendLabel } from './chartLegendLabel';
import { ChartTooltip } from './ChartTooltip';
import { breakdownChart, type BreakdownData } from './chartData';
import {
  CHART_MARGIN,
  GRID_STROKE,
  LEGEND_WRAPPER_STYLE,
  LINE_CURSOR,
  timeAxisProps,
  valueAxisProps,
} from './chartElements';
import type { ViewSeries } from './liveViewReducer';
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
      {plotted && breakdown && <BreakdownPlot series={plotted} breakdown={breakdown} />}
    </ChartCard>
  );
}

function BreakdownPlot({ series, breakdown }: { series: ViewSeries; breakdown: BreakdownData }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={breakdown.rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series)} />
        <YAxis {...valueAxisProps(formatCompact)} />
        <Tooltip
          cursor={LINE_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={(value) => formatDecimal(value, 1)} showTotal />}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {breakdown.series.map((value) => (
          <Area
            key={value.key}
            dataKey={value.key}
            name={value.label}
            stackId="breakdown"
            type="monotone"
            stroke={value.color}
            fill={value.color}
            fillOpacity={0.4}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
