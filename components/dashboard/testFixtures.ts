import type { Health } from '../../lib/health';
import type { OverviewSnapshot, OverviewUpdate } from '../../lib/live';
import type { SeriesPoint, Summary } from '../../lib/summary';
import type { ViewSeries } from './liveViewReducer';

/** Builders of contract values for component tests: only what a test cares about is given. */

export function seriesPoint(t: number, overrides: Partial<SeriesPoint> = {}): SeriesPoint {
  return {
    t,
    inputs: 0,
    events: 0,
    exceptions: 0,
    deadLetters: 0,
    deadLettersByReason: {},
    duplicates: 0,
    late: 0,
    outOfOrder: 0,
    sequenceGaps: 0,
    futureSchema: 0,
    byType: {},
    latencyMs: null,
    errorRate: 0,
    exceptionRate: 0,
    ...overrides,
  };
}

export function summary(overrides: Partial<Summary> = {}): Summary {
  return {
    from: 0,
    to: 60_000,
    inputs: 0,
    events: 0,
    byType: {},
    byRegion: {},
    byCarrier: {},
    byFacility: {},
    exceptions: 0,
    deadLetters: { total: 0, byReason: {} },
    duplicates: 0,
    late: 0,
    outOfOrder: 0,
    sequenceGaps: 0,
    futureSchema: 0,
    latencyMs: null,
    deliveries: 0,
    slaBreaches: 0,
    leadTimeMs: null,
    legDurationMs: null,
    errorRate: 0,
    exceptionRate: 0,
    watermark: null,
    ...overrides,
  };
}

export function health(overrides: Partial<Health> = {}): Health {
  return {
    status: 'ok',
    mode: 'embedded',
    watermark: null,
    partitions: [],
    partial: false,
    missingPartitions: [],
    stalePartitions: [],
    lag: { records: 0, processingLagMs: 0 },
    rebuild: { state: 'live', replayed: 0, total: 0, progress: 1 },
    now: 0,
    ...overrides,
  };
}

export function snapshot(options: ViewSeries & { recent?: Summary; health?: Health; seq?: number }): OverviewSnapshot {
  return {
    view: 'overview',
    subscription: { view: 'overview', window: options.window, by: options.by },
    series: { from: options.from, to: options.to, step: options.step, points: options.points },
    recent: options.recent ?? summary(),
    health: options.health ?? health(),
    newestAppendTime: null,
    seq: options.seq ?? 0,
  };
}

export function update(options: Omit<ViewSeries, 'window' | 'by'> & { recent?: Summary; health?: Health; seq?: number }): OverviewUpdate {
  return {
    view: 'overview',
    series: { from: options.from, to: options.to, step: options.step, points: options.points },
    recent: options.recent ?? summary(),
    health: options.health ?? health(),
    newestAppendTime: null,
    seq: options.seq ?? 1,
  };
}
