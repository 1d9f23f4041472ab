import { DEAD_LETTER_REASONS, DEAD_LETTER_REASON_LABELS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES, isEventType } from '../../lib/contract/eventTypes';
import { OTHER_DIMENSION_VALUE, type SeriesPoint } from '../../lib/summary';
import type { ChartData, ChartRow, ChartSeries } from '../charts/chartTypes';
import { OTHER_SERIES_COLOR, seriesColor } from '../charts/seriesColors';
import { valueColor } from '../charts/valueColors';
import { EVENT_TYPE_LABELS } from '../eventTypeLabels';
import { countedEvents, deadLetters, EXCEPTIONS, type DrillDownFilter } from './drillDownLinks';
import type { Breakdown } from './viewOptions';

/** A series of a dashboard chart, with the events behind each of its points. */
export interface DashboardSeries extends ChartSeries {
  /** What a click on this series opens in /events; null where no filter selects exactly its events (the folded "Other"). */
  drillDown: DrillDownFilter | null;
}

export type DashboardChartData = ChartData<DashboardSeries>;

/** How many breakdown values get their own series before the rest fold into "Other". */
export const MAX_BREAKDOWN_VALUES = 8;

const OTHER_LABEL = 'Other';

function seriesKey(index: number): string {
  return `s${index}`;
}

function perSecond(count: number, stepMs: number): number {
  return stepMs > 0 ? count / (stepMs / 1_000) : 0;
}

function hasData(point: SeriesPoint): boolean {
  return point.inputs > 0 || point.events > 0 || point.duplicates > 0 || point.late > 0 || point.deadLetters > 0;
}

/**
 * Index of the first point with anything in it. Steps before it are time before the data
 * starts (a fresh start, a range reaching past the retention): drawn as a gap, not as zeros.
 */
export function firstDataIndex(points: readonly SeriesPoint[]): number {
  const index = points.findIndex(hasData);
  return index === -1 ? points.length : index;
}

function buildRows(
  points: readonly SeriesPoint[],
  series: readonly ChartSeries[],
  valueOf: (point: SeriesPoint, seriesIndex: number) => number | null,
): ChartRow[] {
  const dataStart = firstDataIndex(points);
  return points.map((point, pointIndex) => {
    const row: ChartRow = { t: point.t };
    series.forEach((entry, index) => {
      row[entry.key] = pointIndex < dataStart ? null : valueOf(point, index);
    });
    return row;
  });
}

/** Events per second, stacked by type: the contract's types first, anything else after. */
export function throughputChart(points: readonly SeriesPoint[], stepMs: number): DashboardChartData {
  const knownTypes: readonly string[] = EVENT_TYPES;
  const unknownTypes = [...new Set(points.flatMap((point) => Object.keys(point.byType)))]
    .filter((type) => !knownTypes.includes(type))
    .sort();
  const types = [...knownTypes, ...unknownTypes];
  const series = types.map((type, index): DashboardSeries => ({
    key: seriesKey(index),
    id: type,
    label: isEventType(type) ? EVENT_TYPE_LABELS[type] : type === OTHER_DIMENSION_VALUE ? OTHER_LABEL : type,
    color: isEventType(type) ? valueColor('type', type) : OTHER_SERIES_COLOR,
    drillDown: isEventType(type) ? countedEvents({ type: [type] }) : null,
  }));
  const rows = buildRows(points, series, (point, index) => perSecond(point.byType[types[index] ?? ''] ?? 0, stepMs));
  return { series, rows };
}

const LATENCY_QUANTILES = [
  { quantile: 'p50', label: 'p50' },
  { quantile: 'p95', label: 'p95' },
  { quantile: 'p99', label: 'p99' },
] as const;

/** Latency quantiles in milliseconds; a step without events has no latency, not zero. */
export function latencyChart(points: readonly SeriesPoint[]): DashboardChartData {
  // Every quantile is of the same events: those counted in the step.
  const series = LATENCY_QUANTILES.map(({ quantile, label }, index): DashboardSeries => ({
    key: seriesKey(index),
    id: quantile,
    label,
    color: seriesColor(index),
    drillDown: countedEvents(),
  }));
  const rows = buildRows(points, series, (point, index) => {
    const quantile = LATENCY_QUANTILES[index]?.quantile;
    return point.latencyMs && quantile ? point.latencyMs[quantile] : null;
  });
  return { series, rows };
}

/** Error rate (dead letters / inputs) and exception rate (exceptions / events), in percent. */
export function ratesChart(points: readonly SeriesPoint[]): DashboardChartData {
  const rates = [
    {
      id: 'errorRate',
      label: 'Error rate',
      color: 'var(--series-error)',
      drillDown: deadLetters(),
      ratioOf: (point: SeriesPoint) => point.errorRate,
    },
    {
      id: 'exceptionRate',
      label: 'Exception rate',
      color: 'var(--series-exception)',
      drillDown: EXCEPTIONS,
      ratioOf: (point: SeriesPoint) => point.exceptionRate,
    },
  ];
  const series = rates.map(({ id, label, color, drillDown }, index): DashboardSeries => ({
    key: seriesKey(index),
    id,
    label,
    color,
    drillDown,
  }));
  const rows = buildRows(points, series, (point, index) => {
    const rate = rates[index];
    return rate ? rate.ratioOf(point) * 100 : null;
  });
  return { series, rows };
}

/** Dead letters per step, stacked by reason, every reason of the closed set always present. */
export function deadLettersChart(points: readonly SeriesPoint[]): DashboardChartData {
  const series = DEAD_LETTER_REASONS.map((reason, index): DashboardSeries => ({
    key: seriesKey(index),
    id: reason,
    label: DEAD_LETTER_REASON_LABELS[reason],
    color: valueColor('reason', reason),
    drillDown: deadLetters(reason),
  }));
  const rows = buildRows(points, series, (point, index) => {
    const reason = DEAD_LETTER_REASONS[index];
    return reason ? (point.deadLettersByReason[reason] ?? 0) : null;
  });
  return { series, rows };
}

export interface BreakdownTotal {
  id: string;
  label: string;
  color: string;
  /** Events over the whole window. */
  total: number;
  /** total / all events of the window, 0..1 */
  share: number;
  drillDown: DrillDownFilter | null;
}

export interface BreakdownData extends DashboardChartData {
  totals: BreakdownTotal[];
}

/**
 * Events per second split by the series' dimension: the busiest values over the window
 * keep their own series, the rest (and the server's own "other") fold into "Other".
 */
export function breakdownChart(
  points: readonly SeriesPoint[],
  stepMs: number,
  by: Breakdown,
  maxNamedValues: number = MAX_BREAKDOWN_VALUES,
): BreakdownData {
  const totalsByValue = new Map<string, number>();
  for (const point of points) {
    for (const [value, count] of Object.entries(point.split ?? {})) {
      totalsByValue.set(value, (totalsByValue.get(value) ?? 0) + count);
    }
  }
  const ranked = [...totalsByValue.entries()]
    .filter(([value]) => value !== OTHER_DIMENSION_VALUE)
    .sort(([valueA, totalA], [valueB, totalB]) => totalB - totalA || valueA.localeCompare(valueB));
  const namedValues = ranked.slice(0, maxNamedValues).map(([value]) => value);
  const named = new Set(namedValues);
  const hasOther = totalsByValue.size > namedValues.length;

  const series: DashboardSeries[] = namedValues.map((value, index) => ({
    key: seriesKey(index),
    id: value,
    label: value,
    color: valueColor(by, value),
    drillDown: countedEvents({ [by]: [value] }),
  }));
  if (hasOther) {
    series.push({
      key: seriesKey(namedValues.length),
      id: OTHER_DIMENSION_VALUE,
      label: OTHER_LABEL,
      color: OTHER_SERIES_COLOR,
      drillDown: null,
    });
  }

  const countsOf = (split: Record<string, number>): number[] => {
    const counts = namedValues.map((value) => split[value] ?? 0);
    if (hasOther) {
      const otherCount = Object.entries(split)
        .filter(([value]) => !named.has(value))
        .reduce((sum, [, count]) => sum + count, 0);
      counts.push(otherCount);
    }
    return counts;
  };

  const rows = buildRows(points, series, (point, index) => perSecond(countsOf(point.split ?? {})[index] ?? 0, stepMs));

  const windowCounts = countsOf(Object.fromEntries(totalsByValue));
  const grandTotal = windowCounts.reduce((sum, count) => sum + count, 0);
  const totals = series.map((entry, index) => {
    const total = windowCounts[index] ?? 0;
    return {
      id: entry.id,
      label: entry.label,
      color: entry.color,
      total,
      share: grandTotal > 0 ? total / grandTotal : 0,
      drillDown: entry.drillDown,
    };
  });

  return { series, rows, totals };
}
