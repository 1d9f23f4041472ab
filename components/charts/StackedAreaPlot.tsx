'use client';

import { formatCompact, formatDecimal } from '../../lib/format';
import type { ChartData, ChartSeries, TimeFrame } from './chartTypes';
import { TimeSeriesPlot, type PlotInteractions } from './TimeSeriesPlot';

interface StackedAreaPlotProps<Series extends ChartSeries> extends PlotInteractions<Series> {
  series: TimeFrame;
  data: ChartData<Series>;
  stackId: string;
}

function formatRate(value: number): string {
  return formatDecimal(value, 1);
}

/** Events per second stacked by one dimension: the shape throughput and breakdown share. */
export function StackedAreaPlot<Series extends ChartSeries>({ series, ...props }: StackedAreaPlotProps<Series>) {
  return <TimeSeriesPlot kind="area" frame={series} formatValue={formatRate} formatAxis={formatCompact} showTotal {...props} />;
}
