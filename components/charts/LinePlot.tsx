'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { chartLegendLabel } from './chartLegendLabel';
import { ChartTooltip } from './ChartTooltip';
import type { ChartData, TimeFrame } from './chartTypes';
import { CHART_MARGIN, GRID_STROKE, LEGEND_WRAPPER_STYLE, LINE_CURSOR, timeAxisProps, valueAxisProps } from './chartElements';

interface LinePlotProps {
  series: TimeFrame;
  data: ChartData;
  formatValue: (value: number) => string;
  /** Room for the value axis' longest label. */
  axisWidth?: number;
}

/** Lines over time, one per chart series: the shape the latency and rate charts share. */
export function LinePlot({ series, data, formatValue, axisWidth }: LinePlotProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data.rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series)} />
        <YAxis {...valueAxisProps(formatValue, axisWidth)} />
        <Tooltip
          cursor={LINE_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={formatValue} />}
        />
        <Legend iconType="plainline" iconSize={14} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {data.series.map((line) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.label}
            type="monotone"
            stroke={line.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
