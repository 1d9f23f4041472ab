import type { TvFigures } from '../../lib/live';
import { DEFAULT_BREAKDOWN_NAMES, type Totals } from './aggregateQuery';
import { boundedBreakdown } from './boundedBreakdown';
import { quantilesOf } from './quantileSketch';

/** What the wall filters its throughput by: one region or one carrier, or neither. */
export interface TvScope {
  region: string | null;
  carrier: string | null;
}

/**
 * The wall's figures for [from, to) from the window's totals, as of `now`. A region or carrier scopes
 * the event count and rate only: the buckets split events by each dimension alone, not
 * latency, dead letters or exceptions by region.
 */
export function tvFiguresOf(
  totals: Totals,
  from: number,
  to: number,
  scope: TvScope,
  now: number,
  maxNames = DEFAULT_BREAKDOWN_NAMES,
): TvFigures {
  const events =
    scope.region !== null ? (totals.byRegion.get(scope.region) ?? 0) : scope.carrier !== null ? (totals.byCarrier.get(scope.carrier) ?? 0) : totals.events;
  // The last window ends with the second in progress: its rate is over the time elapsed.
  const seconds = Math.max(1, (Math.min(to, now) - from) / 1_000);
  return {
    from,
    to,
    events,
    eventsPerSecond: events / seconds,
    latencyP95Ms: quantilesOf(totals.latency)?.p95 ?? null,
    errorRate: totals.inputs > 0 ? totals.deadLetters / totals.inputs : null,
    deadLetters: totals.deadLetters,
    exceptions: totals.exceptions,
    exceptionsByCode: Object.fromEntries(totals.exceptionsByCode),
    byRegion: boundedBreakdown(totals.byRegion, maxNames),
  };
}
