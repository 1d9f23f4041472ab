import type { DeadLetterReason } from './contract/deadLetterReasons';

/** p50, p95 and p99 of a quantile sketch, in milliseconds; null where nothing was measured. */
export interface Quantiles {
  p50: number;
  p95: number;
  p99: number;
}

/** The dimensions every bucket is split by (DESIGN.md section 4). */
export const DIMENSIONS = ['type', 'region', 'carrier', 'facility'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export function isDimension(value: unknown): value is Dimension {
  return typeof value === 'string' && (DIMENSIONS as readonly string[]).includes(value);
}
/** Values beyond a dimension's cap are folded into this one. */
export const OTHER_DIMENSION_VALUE = 'other';

/**
 * Totals over a time range, counted as DESIGN.md section 4 says: by event time
 * (events, byType, byRegion, byCarrier, byFacility, exceptions, duplicates, outOfOrder,
 * sequenceGaps, futureSchema, latencyMs, deliveries, slaBreaches, leadTimeMs,
 * legDurationMs) and by append time (inputs, deadLetters, late).
 */
export interface Summary {
  from: number;
  to: number;
  inputs: number;
  events: number;
  byType: Record<string, number>;
  byRegion: Record<string, number>;
  byCarrier: Record<string, number>;
  byFacility: Record<string, number>;
  exceptions: number;
  deadLetters: { total: number; byReason: Partial<Record<DeadLetterReason, number>> };
  duplicates: number;
  late: number;
  outOfOrder: number;
  sequenceGaps: number;
  futureSchema: number;
  latencyMs: Quantiles | null;
  deliveries: number;
  slaBreaches: number;
  leadTimeMs: Quantiles | null;
  legDurationMs: Quantiles | null;
  errorRate: number;
  exceptionRate: number;
  /** The global watermark (epoch ms) when the summary was made; null before any event. */
  watermark: number | null;
  /** True while the state is being rebuilt from the log: the figures are not final yet (set by the API). */
  rebuilding?: boolean;
  /** True when `from` is older than what Waybill keeps (the retention): the start of the range counts nothing (set by the API). */
  partialRange?: boolean;
  /**
   * True while the figures may fall short of the log (set by the API): they leave out
   * `missingPartitions`, and hold `stalePartitions` only as last published by an owner that
   * rebuilds them or has gone silent.
   */
  partial?: boolean;
  missingPartitions?: number[];
  stalePartitions?: number[];
}

/** One step of a time series: the same counts as a summary, for [t, t + step). */
export interface SeriesPoint {
  t: number;
  inputs: number;
  events: number;
  exceptions: number;
  deadLetters: number;
  deadLettersByReason: Partial<Record<DeadLetterReason, number>>;
  duplicates: number;
  late: number;
  outOfOrder: number;
  sequenceGaps: number;
  futureSchema: number;
  byType: Record<string, number>;
  latencyMs: Quantiles | null;
  errorRate: number;
  exceptionRate: number;
  /** Events split by the series' `by` dimension, when one was asked for. */
  split?: Record<string, number>;
}

export interface Series {
  from: number;
  to: number;
  /** As for Summary: set by the API. */
  rebuilding?: boolean;
  partialRange?: boolean;
  partial?: boolean;
  missingPartitions?: number[];
  stalePartitions?: number[];
  step: number;
  by: Dimension | null;
  points: SeriesPoint[];
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? numerator / denominator : 0;
}
