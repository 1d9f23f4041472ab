'use client';

import { useRef, useState, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type ActiveDotProps,
  type MouseHandlerDataParam,
} from 'recharts';
import { ChartLegend } from './ChartLegend';
import { ChartTooltip } from './ChartTooltip';
import type { ChartData, ChartRow, ChartSeries, TimeFrame } from './chartTypes';
import { BAR_CURSOR, CHART_MARGIN, GRID_STROKE, LINE_CURSOR, timeAxisProps, valueAxisProps } from './chartElements';
import { draggedRange } from './dragSelection';

export type PlotKind = 'line' | 'area' | 'bar';

/** A click on one step of a chart: on a series' band, bar or dot, or beside them (series null). */
export interface PlotClick<Series extends ChartSeries> {
  t: number;
  series: Series | null;
  /** Ctrl/⌘ or the middle button: the user wants a new tab. */
  newTab: boolean;
}

export interface PlotInteractions<Series extends ChartSeries> {
  hiddenIds?: ReadonlySet<string>;
  onToggleSeries?: (id: string) => void;
  onPointClick?: (click: PlotClick<Series>) => void;
  /** A drag across steps: the range from the first step's start to the last step's end. */
  onRangeSelect?: (range: { from: number; to: number }) => void;
}

interface TimeSeriesPlotProps<Series extends ChartSeries> extends PlotInteractions<Series> {
  kind: PlotKind;
  frame: TimeFrame;
  data: ChartData<Series>;
  formatValue: (value: number) => string;
  formatAxis?: (value: number) => string;
  /** Room for the value axis' longest label. */
  axisWidth?: number;
  /** Areas and bars of one stack id are stacked. */
  stackId?: string;
  /** Whole counts only on the value axis. */
  integerAxis?: boolean;
  /** For stacked charts: the tooltip's sum of the stack. */
  showTotal?: boolean;
}

/** Class names carry the series key, so a click can tell which band, bar or dot was hit. */
const SERIES_CLASS_PREFIX = 'plot-series--';

function seriesClass(key: string): string {
  return `plot-series ${SERIES_CLASS_PREFIX}${key}`;
}

function seriesKeyAt(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const element = target.closest('.plot-series');
  const match = element ? new RegExp(`${SERIES_CLASS_PREFIX}(\\S+)`).exec(element.getAttribute('class') ?? '') : null;
  return match?.[1] ?? null;
}

function stepTimeOf(state: MouseHandlerDataParam, rows: readonly ChartRow[]): number | null {
  const index = Number(state.activeTooltipIndex ?? state.activeIndex);
  const row = Number.isInteger(index) ? rows[index] : undefined;
  if (row) return row.t;
  return typeof state.activeLabel === 'number' ? state.activeLabel : null;
}

interface Drag {
  start: number;
  end: number;
}

/**
 * A time chart of one kind (lines, stacked areas or stacked bars) that an operator can
 * work with: the legend hides and shows series, a click opens what is behind a step, a
 * drag across steps selects a range.
 */
export function TimeSeriesPlot<Series extends ChartSeries>({
  kind,
  frame,
  data,
  formatValue,
  formatAxis = formatValue,
  axisWidth,
  stackId,
  integerAxis = false,
  showTotal = false,
  hiddenIds = new Set<string>(),
  onToggleSeries,
  onPointClick,
  onRangeSelect,
}: TimeSeriesPlotProps<Series>) {
  const [drag, setDrag] = useState<Drag | null>(null);
  // What the button went down on. A live update can redraw the shape under the pointer
  // between press and release, and the browser then fires no click at all, so a press
  // and release without a drag is taken as the click.
  const press = useRef<{ t: number; seriesKey: string | null; newTab: boolean } | null>(null);
  const seriesByKey = new Map(data.series.map((entry) => [entry.key, entry]));
  const interactive = onPointClick !== undefined || onRangeSelect !== undefined;
  const hiddenKeys = new Set(data.series.filter((entry) => hiddenIds.has(entry.id)).map((entry) => entry.key));
  const hint = [onPointClick && 'Click: its events', onRangeSelect && 'drag: zoom'].filter(Boolean).join(' · ') || undefined;

  const handleMouseDown = (state: MouseHandlerDataParam, event: ReactMouseEvent) => {
    const t = stepTimeOf(state, data.rows);
    if (t === null || (event.button !== 0 && event.button !== 1)) return;
    press.current = { t, seriesKey: seriesKeyAt(event.target), newTab: event.button === 1 || event.ctrlKey || event.metaKey };
    if (onRangeSelect && event.button === 0) setDrag({ start: t, end: t });
  };
  const handleMouseMove = (state: MouseHandlerDataParam) => {
    if (!drag) return;
    const t = stepTimeOf(state, data.rows);
    if (t !== null && t !== drag.end) setDrag({ ...drag, end: t });
  };
  const handleMouseUp = () => {
    const pressed = press.current;
    press.current = null;
    const range = drag ? draggedRange(drag.start, drag.end, frame.step) : null;
    setDrag(null);
    if (range && onRangeSelect) {
      onRangeSelect(range);
      return;
    }
    if (pressed && onPointClick) {
      const series = pressed.seriesKey ? (seriesByKey.get(pressed.seriesKey) ?? null) : null;
      onPointClick({ t: pressed.t, series, newTab: pressed.newTab });
    }
  };
  const handleMouseLeave = () => {
    press.current = null;
    setDrag(null);
  };

  const chartProps = {
    data: data.rows,
    margin: CHART_MARGIN,
    onMouseDown: handleMouseDown,
    onMouseMove: handleMouseMove,
    onMouseUp: handleMouseUp,
    onMouseLeave: handleMouseLeave,
  };

  const barPadding = kind === 'bar' ? frame.step / 2 : 0;
  const common: ReactNode[] = [
    <CartesianGrid key="grid" stroke={GRID_STROKE} vertical={false} />,
    <XAxis key="x" {...timeAxisProps(frame, { barPadding: kind === 'bar' })} />,
    <YAxis key="y" {...valueAxisProps(formatAxis, axisWidth)} allowDecimals={!integerAxis} />,
    <Tooltip
      key="tooltip"
      cursor={kind === 'bar' ? BAR_CURSOR : LINE_CURSOR}
      isAnimationActive={false}
      content={(props) => (
        <ChartTooltip {...props} formatValue={formatValue} showTotal={showTotal} hiddenKeys={hiddenKeys} hint={hint} />
      )}
    />,
  ];
  if (drag && drag.start !== drag.end) {
    common.push(
      <ReferenceArea
        key="selection"
        x1={Math.min(drag.start, drag.end) - barPadding}
        x2={Math.max(drag.start, drag.end) + barPadding}
        fill="var(--accent)"
        fillOpacity={0.15}
        stroke="var(--accent)"
        strokeOpacity={0.5}
        ifOverflow="hidden"
      />,
    );
  }

  let chart: ReactNode;
  if (kind === 'line') {
    chart = (
      <LineChart {...chartProps}>
        {common}
        {data.series.map((line) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.label}
            className={seriesClass(line.key)}
            hide={hiddenIds.has(line.id)}
            type="monotone"
            stroke={line.color}
            strokeWidth={2}
            dot={false}
            activeDot={(props: ActiveDotProps) => <ClickableDot {...props} seriesKey={line.key} />}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    );
  } else if (kind === 'area') {
    chart = (
      <AreaChart {...chartProps}>
        {common}
        {data.series.map((area) => (
          <Area
            key={area.key}
            dataKey={area.key}
            name={area.label}
            className={seriesClass(area.key)}
            hide={hiddenIds.has(area.id)}
            stackId={stackId}
            type="monotone"
            stroke={area.color}
            fill={area.color}
            fillOpacity={0.4}
            strokeWidth={1.5}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </AreaChart>
    );
  } else {
    chart = (
      <BarChart {...chartProps} barCategoryGap="15%">
        {common}
        {data.series.map((bar) => (
          <Bar
            key={bar.key}
            dataKey={bar.key}
            name={bar.label}
            className={seriesClass(bar.key)}
            hide={hiddenIds.has(bar.id)}
            stackId={stackId}
            fill={bar.color}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    );
  }

  return (
    <div className="time-plot" data-interactive={interactive || undefined} data-dragging={drag !== null || undefined}>
      <div className="time-plot__chart">
        <ResponsiveContainer width="100%" height="100%">
          {chart}
        </ResponsiveContainer>
      </div>
      {/* Outside the chart: a click on the legend is not a click on a step. */}
      <ChartLegend series={data.series} hiddenIds={hiddenIds} onToggle={onToggleSeries} swatch={kind === 'line' ? 'line' : 'square'} />
    </div>
  );
}

/** The dot under the pointer on a line, large enough to click. */
function ClickableDot({ cx, cy, fill, seriesKey }: ActiveDotProps & { seriesKey: string }) {
  if (cx === undefined || cy === undefined) return null;
  return <circle className={seriesClass(seriesKey)} cx={cx} cy={cy} r={5} fill={fill} stroke="var(--surface)" strokeWidth={2} />;
}
