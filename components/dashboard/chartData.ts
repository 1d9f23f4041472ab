import { DEAD_LETTER_REASONS, DEAD_LETTER_REASON_LABELS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES, isEventType } from '../../lib/contract/eventTypes';
import { OTHER_DIMENSION_VALUE, type SeriesPoint } from '../../lib/summary';
import { EVENT_TYPE_LABELS } from '../eventTypeLabels';
import type { ChartData, ChartRow, ChartSeries } from '../charts/chartTypes';
import { OTHER_SERIES_COLOR, seriesColor } from '../charts/seriesColors';

/** How many breakdown values get their own series before the rest fold into "Other". */
export const MAX_BREAKDOWN_VALUES = 8;

const OTHER_LABEL = 'Other';

function seriesKey(index: number): string {
  return `s${index}`;
}

function perSecond(count: number, stepMs: number): number {
  return stepMs > 0 ? count / (stepMs / 1_000) : 0;
}

function buildRows(
  points: readonly SeriesPoint[],
  series: readonly ChartSeries[],
  valueOf: (point: SeriesPoint, seriesIndex: number) => number | null,
): ChartRow[] {
  return points.map((point) => {
    const row: ChartRow = { t: point.t };
    series.forEach((entry, index) => {
      row[entry.key] = valueOf(point, index);
    });
    return row;
  });
}

/** Events per second, stacked by type: the contract's types first, anything else after. */
export function throughputChart(points: readonly SeriesPoint[], stepMs: number): ChartData {
  const knownTypes: readonly string[] = EVENT_TYPES;
  const unknownTypes = [...new Set(points.flatMap((point) => Object.keys(point.byType)))]
    .filter((type) => !knownTypes.includes(type))
    .sort();
  const types = [...knownTypes, ...unknownTypes];
  const series = types.map((type, index) => ({
    key: seriesKey(index),
    label: isEventType(type) ? EVENT_TYPE_LABELS[type] : type === OTHER_DIMENSION_VALUE ? OTHER_LABEL : type,
    color: isEventType(type) ? seriesColor(index) : OTHER_SERIES_COLOR,
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
export function latencyChart(points: readonly SeriesPoint[]): ChartData {
  const series = LATENCY_QUANTILES.map(({ label }, index) => ({ key: seriesKey(index), label, color: seriesColor(index) }));
  const rows = buildRows(points, series, (point, index) => {
    const quantile = LATENCY_QUANTILES[index]?.quantile;
    return point.latencyMs && quantile ? point.latencyMs[quantile] : null;
  });
  return { series, rows };
}

/** Error rate (dead letters / inputs) and exception rate (exceptions / events), in percent. */
export function ratesChart(points: readonly SeriesPoint[]): ChartData {
  const rates = [
    { label: 'Error rate', color: 'var(--series-error)', ratioOf: (point: SeriesPoint) => point.errorRate },
    { label: 'Exception rate', color: 'var(--series-exception)', ratioOf: (point: SeriesPoint) => point.exceptionRate },
  ];
  const series = rates.map(({ label, color }, index) => ({ key: seriesKey(index), label, color }));
  const rows = buildRows(points, series, (point, index) => {
    const rate = rates[index];
    return rate ? rate.ratioOf(point) * 100 : null;
  });
  return { series, rows };
}

/** Dead letters per step, stacked by reason, every reason of the closed set always present. */
export function deadLettersChart(points: readonly SeriesPoint[]): ChartData {
  const series = DEAD_LETTER_REASONS.map((reason, index) => ({
    key: seriesKey(index),
    label: DEAD_LETTER_REASON_LABELS[reason],
    color: seriesColor(index),
  }));
  const rows = buildRows(points, series, (point, index) => {
    const reason = DEAD_LETTER_REASONS[index];
    return reason ? (point.deadLettersByReason[reason] ?? 0) : null;
  });
  return { series, rows };
}

export interface BreakdownTotal {
  label: string;
  color: string;
  /** Events over the whole window. */
  total: number;
  /** total / all events of the window, 0..1 */
  share: number;
}

export interface BreakdownData extends ChartData {
  totals: BreakdownTotal[];
}

/**
 * Events per second split by the series' dimension: the busiest values over the window
 * keep their own series, the rest (and the server's own "other") fold into "Other".
 */
export function breakdownChart(
  points: readonly SeriesPoint[],
  stepMs: number,
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

  const series: ChartSeries[] = namedValues.map((value, index) => ({
    key: seriesKey(index),
    label: value,
    color: seriesColor(index),
  }));
  if (hasOther) series.push({ key: seriesKey(namedValues.length), label: OTHER_LABEL, color: OTHER_SERIES_COLOR });

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

  const rows = points.map((point) => {
    const row: ChartRow = { t: point.t };
    countsOf(point.split ?? {}).forEach((count, index) => {
      row[seriesKey(index)] = perSecond(count, stepMs);
    });
    return row;
  });

  const windowCounts = countsOf(Object.fromEntries(totalsByValue));
  const grandTotal = windowCounts.reduce((sum, count) => sum + count, 0);
  const totals = series.map((entry, index) => {
    const total = windowCounts[index] ?? 0;
    return { label: entry.label, color: entry.color, total, share: grandTotal > 0 ? total / grandTotal : 0 };
  });

  return { series, rows, totals };
}
