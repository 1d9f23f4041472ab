'use client';

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatDecimal } from '../../lib/format';
import { chartLegendLabel } from './chartLegendLabel';
import { ChartTooltip } from './ChartTooltip';
import type { ChartData, TimeFrame } from './chartTypes';
import { CHART_MARGIN, GRID_STROKE, LEGEND_WRAPPER_STYLE, LINE_CURSOR, timeAxisProps, valueAxisProps } from './chartElements';

/** Events per second stacked by one dimension: the shape throughput and breakdown share. */
export function StackedAreaPlot({ series, data, stackId }: { series: TimeFrame; data: ChartData; stackId: string }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <AreaChart data={data.rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series)} />
        <YAxis {...valueAxisProps(formatCompact)} />
        <Tooltip
          cursor={LINE_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={(value) => formatDecimal(value, 1)} showTotal />}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {data.series.map((area) => (
          <Area
            key={area.key}
            dataKey={area.key}
            name={area.label}
            stackId={stackId}
            type="monotone"
            stroke={area.color}
            fill={area.color}
            fillOpacity={0.4}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    </ResponsiveContainer>
  );
}
