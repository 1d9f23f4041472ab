'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompact, formatCount } from '../../lib/format';
import { ChartCard } from '../charts/ChartCard';
import { chartLegendLabel } from '../charts/chartLegendLabel';
import { ChartTooltip } from '../charts/ChartTooltip';
import { deadLettersChart } from './chartData';
import {
  BAR_CURSOR,
  CHART_MARGIN,
  GRID_STROKE,
  LEGEND_WRAPPER_STYLE,
  timeAxisProps,
  valueAxisProps,
} from '../charts/chartElements';
import type { ViewSeries } from './liveViewReducer';

export function DeadLettersChart({ series }: { series: ViewSeries | null }) {
  const plotted = series && series.points.length > 0 ? series : null;
  return (
    <ChartCard testId="chart-dead-letters" title="Dead letters by reason" unit="per step" hasData={plotted !== null}>
      {plotted && <DeadLettersPlot series={plotted} />}
    </ChartCard>
  );
}

function DeadLettersPlot({ series }: { series: ViewSeries }) {
  const { series: reasons, rows } = deadLettersChart(series.points);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={rows} margin={CHART_MARGIN} barCategoryGap="15%">
        <CartesianGrid stroke={GRID_STROKE} vertical={false} />
        <XAxis {...timeAxisProps(series, { barPadding: true })} />
        <YAxis {...valueAxisProps(formatCompact)} allowDecimals={false} />
        <Tooltip
          cursor={BAR_CURSOR}
          isAnimationActive={false}
          content={(props) => <ChartTooltip {...props} formatValue={formatCount} showTotal />}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={LEGEND_WRAPPER_STYLE} formatter={chartLegendLabel} itemSorter={null} />
        {reasons.map((reason) => (
          <Bar
            key={reason.key}
            dataKey={reason.key}
            name={reason.label}
            stackId="deadLetters"
            fill={reason.color}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
