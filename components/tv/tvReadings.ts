import { EXCEPTION_CODES } from '../../lib/contract/eventTypes';
import { formatCount, formatDecimal, formatDuration, formatPercent, NO_VALUE } from '../../lib/format';
import { TV_WINDOWS, type PipelineState, type TvFrame, type TvWindow } from '../../lib/live';
import type { TvConfig, TvThresholds } from './tvConfig';
import { differenceTrend, relativeTrend, type Trend } from './trend';

/*
 * What each panel says, from the latest frame and the link's thresholds: text ready to
 * draw, so the panels only lay it out. No frame yet reads as "—", never as NaN.
 */

export interface FigureReading {
  value: string;
  unit: string;
  trend: Trend;
  warning: boolean;
  /** Where the figure turns to warning, e.g. "above 5.00 s"; null without a threshold. */
  threshold: string | null;
}

export interface ListRow {
  key: string;
  label: string;
  count: string;
  /** Share of the longest bar, 0..1. */
  fraction: number;
  highlighted: boolean;
  /** Nothing counted: drawn quieter, so the rows that matter stand out. */
  empty: boolean;
}

export interface ListReading {
  total: FigureReading;
  rows: ListRow[];
}

export interface PipelineReading {
  state: PipelineState | null;
  label: string;
  /** 0..100 while rebuilding, else null. */
  progressPercent: number | null;
  lag: string;
  newestInput: number | null;
  tone: 'ok' | 'warning' | 'danger' | 'unknown';
  lagWarning: boolean;
}

/** Labels short enough for a row of the wall, read from across a room. */
export const EXCEPTION_LABELS: Record<(typeof EXCEPTION_CODES)[number], string> = {
  DAMAGED: 'Damaged',
  DELAYED: 'Delayed',
  ADDRESS_ISSUE: 'Address issue',
  LOST: 'Lost',
  CUSTOMS_HOLD: 'Customs hold',
  TEMPERATURE_EXCURSION: 'Temperature',
};

/** Most regions drawn as rows; the rest share one "more" row. */
export const MAX_REGION_ROWS = 7;

export function windowLabel(window: TvWindow): string {
  return `last ${TV_WINDOWS[window].label}`;
}

/** What the throughput counts: the filtered region or carrier, or all traffic. */
export function throughputScope(config: Pick<TvConfig, 'region' | 'carrier'>): string {
  if (config.region !== null) return `Region ${config.region}`;
  if (config.carrier !== null) return `Carrier ${config.carrier}`;
  return 'All traffic';
}

/** What every other figure counts while a filter is on: all of it, and it says so. */
export function unfilteredScope(config: Pick<TvConfig, 'region' | 'carrier'>): string | null {
  if (config.region !== null) return 'All regions';
  if (config.carrier !== null) return 'All carriers';
  return null;
}

/** Events per second: one decimal while small, so a quiet feed does not read as zero. */
export function formatRate(perSecond: number | null | undefined): string {
  if (typeof perSecond !== 'number' || !Number.isFinite(perSecond)) return NO_VALUE;
  if (perSecond === 0) return '0';
  return perSecond < 10 ? formatDecimal(perSecond, 1) : formatCount(perSecond);
}

/** "850 ms" → ["850", "ms"]: the number drawn large, its unit beside it. */
export function splitUnit(text: string): [string, string] {
  // Only a plain number splits: "4 min 12 s" stays whole, its units inside it.
  const match = /^([\d.,\u2212-]+)\s(%|ms|s)$/.exec(text);
  return match ? [match[1]!, match[2]!] : [text, ''];
}

function above(value: number | null | undefined, threshold: number | null): boolean {
  return threshold !== null && typeof value === 'number' && value > threshold;
}

export function throughputReading(frame: TvFrame | null, thresholds: TvThresholds): FigureReading {
  const rate = frame?.current.eventsPerSecond;
  const min = thresholds.throughputMin;
  return {
    value: formatRate(rate),
    unit: 'events/s',
    trend: relativeTrend(rate, frame?.previous.eventsPerSecond, (magnitude) => `${formatRate(magnitude)}/s`),
    warning: min !== null && typeof rate === 'number' && rate < min,
    threshold: min === null ? null : `below ${formatRate(min)}/s`,
  };
}

export function latencyReading(frame: TvFrame | null, thresholds: TvThresholds): FigureReading {
  const p95 = frame?.current.latencyP95Ms;
  const [value, unit] = splitUnit(formatDuration(p95));
  const limit = thresholds.latencyWarnMs;
  return {
    value,
    unit,
    trend: differenceTrend(p95, frame?.previous.latencyP95Ms, formatDuration),
    warning: above(p95, limit),
    threshold: limit === null ? null : `above ${formatDuration(limit)}`,
  };
}

export function errorRateReading(frame: TvFrame | null, thresholds: TvThresholds): FigureReading {
  const rate = frame?.current.errorRate;
  const [value, unit] = splitUnit(formatPercent(rate));
  const limit = thresholds.errorRateWarn;
  return {
    value,
    unit,
    // A rate's change in percentage points: "+0.4 pp", not "+80 %" of a tiny rate.
    trend: differenceTrend(rate, frame?.previous.errorRate, (magnitude) => `${formatDecimal(magnitude * 100, magnitude * 100 < 1 ? 2 : 1)} pp`),
    warning: above(rate, limit),
    threshold: limit === null ? null : `above ${formatPercent(limit)}`,
  };
}

function countReading(current: number | undefined, previous: number | undefined, limit: number | null, unit: string): FigureReading {
  return {
    value: formatCount(current),
    unit,
    trend: relativeTrend(current, previous, formatCount),
    warning: above(current, limit),
    threshold: limit === null ? null : `above ${formatCount(limit)}`,
  };
}

export function deadLettersReading(frame: TvFrame | null, thresholds: TvThresholds): FigureReading {
  return countReading(frame?.current.deadLetters, frame?.previous.deadLetters, thresholds.deadLettersWarn, 'inputs');
}

export function exceptionsReading(frame: TvFrame | null, thresholds: TvThresholds): ListReading {
  const byCode = frame?.current.exceptionsByCode ?? {};
  const known = new Set<string>(EXCEPTION_CODES);
  const otherCount = Object.entries(byCode).reduce((sum, [code, count]) => (known.has(code) ? sum : sum + count), 0);
  const counted: Array<{ key: string; label: string; count: number }> = EXCEPTION_CODES.map((code) => ({
    key: code,
    label: EXCEPTION_LABELS[code],
    count: byCode[code] ?? 0,
  }));
  if (otherCount > 0) counted.push({ key: 'other', label: 'Other', count: otherCount });
  const longest = Math.max(1, ...counted.map((row) => row.count));
  return {
    total: countReading(frame?.current.exceptions, frame?.previous.exceptions, thresholds.exceptionsWarn, ''),
    rows: counted.map((row) => ({
      key: row.key,
      label: row.label,
      count: frame ? formatCount(row.count) : NO_VALUE,
      fraction: row.count / longest,
      highlighted: false,
      empty: row.count === 0,
    })),
  };
}

export function regionsReading(frame: TvFrame | null, highlightedRegion: string | null): ListReading {
  const byRegion = frame?.current.byRegion ?? {};
  const sorted = Object.entries(byRegion).sort(([nameA, countA], [nameB, countB]) => countB - countA || nameA.localeCompare(nameB));
  let shown = sorted.slice(0, MAX_REGION_ROWS);
  // The region the wall is about is always on it, even when small or silent.
  if (highlightedRegion !== null && !shown.some(([name]) => name === highlightedRegion)) {
    shown = [...shown.slice(0, MAX_REGION_ROWS - 1), [highlightedRegion, byRegion[highlightedRegion] ?? 0]];
  }
  const shownNames = new Set(shown.map(([name]) => name));
  const rest = sorted.filter(([name]) => !shownNames.has(name));
  const longest = Math.max(1, ...shown.map(([, count]) => count));
  const rows: ListRow[] = shown.map(([name, count]) => ({
    key: name,
    label: name,
    count: formatCount(count),
    fraction: count / longest,
    highlighted: name === highlightedRegion,
    empty: count === 0,
  }));
  if (rest.length > 0) {
    const restCount = rest.reduce((sum, [, count]) => sum + count, 0);
    rows.push({ key: '…more', label: `${rest.length} more`, count: formatCount(restCount), fraction: 0, highlighted: false, empty: restCount === 0 });
  }
  const total = frame ? Object.values(byRegion).reduce((sum, count) => sum + count, 0) : undefined;
  const previousTotal = frame ? Object.values(frame.previous.byRegion).reduce((sum, count) => sum + count, 0) : undefined;
  return { total: countReading(total, previousTotal, null, 'events'), rows };
}

const PIPELINE_LABELS: Record<PipelineState, string> = {
  live: 'Live',
  rebuilding: 'Rebuilding',
  brokerLost: 'Broker lost',
};

export function pipelineReading(frame: TvFrame | null, thresholds: TvThresholds): PipelineReading {
  if (!frame) return { state: null, label: NO_VALUE, progressPercent: null, lag: NO_VALUE, newestInput: null, tone: 'unknown', lagWarning: false };
  const { state, rebuildProgress, lagRecords } = frame.pipeline;
  const lagWarning = above(lagRecords, thresholds.lagWarn);
  return {
    state,
    label: PIPELINE_LABELS[state],
    progressPercent: state === 'rebuilding' ? Math.floor(Math.min(1, Math.max(0, rebuildProgress)) * 100) : null,
    lag: `${formatCount(lagRecords)} ${lagRecords === 1 ? 'record' : 'records'}`,
    newestInput: frame.newestAppendTime,
    tone: state === 'brokerLost' ? 'danger' : state === 'rebuilding' || lagWarning ? 'warning' : 'ok',
    lagWarning,
  };
}
