import type { XAxisProps, YAxisProps } from 'recharts';
import { formatClockTime } from '../../lib/format';
import type { TimeFrame } from './chartTypes';
import { timeTicks } from './timeTicks';

/*
 * Props every time chart shares, so the five charts read as one set: the same axes,
 * grid, legend and margins, coloured from the theme's custom properties.
 */

export const CHART_MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };

export const GRID_STROKE = 'var(--chart-grid)';

const AXIS_TICK = { fill: 'var(--text-muted)', fontSize: 12 };

interface TimeAxisOptions {
  /** Bars are centred on their step's start, so half a step is added on each side. */
  barPadding?: boolean;
}

export function timeAxisProps(series: TimeFrame, { barPadding = false }: TimeAxisOptions = {}): XAxisProps {
  const padding = barPadding ? series.step / 2 : 0;
  return {
    dataKey: 't',
    type: 'number',
    domain: [series.from - padding, series.to + padding],
    // The window is fixed; a point at its edge must not stretch it.
    allowDataOverflow: true,
    ticks: timeTicks(series.from, series.to),
    tickFormatter: (value: number) => formatClockTime(value),
    tick: AXIS_TICK,
    stroke: 'var(--chart-axis)',
    tickLine: false,
    minTickGap: 16,
  };
}

export function valueAxisProps(formatTick: (value: number) => string, width = 48): YAxisProps {
  return {
    tickFormatter: (value: number) => formatTick(value),
    // Steps of 1, 2 or 5 × 10ⁿ read at a glance; the default can step by 85.
    niceTicks: 'snap125',
    tick: AXIS_TICK,
    stroke: 'var(--chart-axis)',
    tickLine: false,
    axisLine: false,
    width,
  };
}

export const LINE_CURSOR = { stroke: 'var(--chart-axis)', strokeDasharray: '3 3' };
export const BAR_CURSOR = { fill: 'var(--chart-cursor)' };

