'use client';

import type { ChartData, ChartSeries, TimeFrame } from './chartTypes';
import { TimeSeriesPlot, type PlotInteractions } from './TimeSeriesPlot';

interface LinePlotProps<Series extends ChartSeries> extends PlotInteractions<Series> {
  series: TimeFrame;
  data: ChartData<Series>;
  formatValue: (value: number) => string;
  /** Room for the value axis' longest label. */
  axisWidth?: number;
}

/** Lines over time, one per chart series: the shape the latency and rate charts share. */
export function LinePlot<Series extends ChartSeries>({ series, ...props }: LinePlotProps<Series>) {
  return <TimeSeriesPlot kind="line" frame={series} {...props} />;
}
