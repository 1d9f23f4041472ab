import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES, EXCEPTION_CODES } from '../../lib/contract/eventTypes';
import { ratio, type Dimension, type Series, type SeriesPoint, type Summary } from '../../lib/summary';
import { BUCKET_COUNTERS, BUCKET_MS, bucketStartOf, zeroCounters, type Bucket, type Counters } from './bucket';
import { boundedBreakdown } from './boundedBreakdown';
import { DEFAULT_PIPELINE_OPTIONS } from './pipelineOptions';
import { createQuantileSketch, quantilesOf, type QuantileSketch } from './quantileSketch';

/** Names a breakdown shows unless told otherwise: as many as one partition admits. */
export const DEFAULT_BREAKDOWN_NAMES = DEFAULT_PIPELINE_OPTIONS.maxDimensionValues;

/**
 * Per-second buckets and the dictionaries that name their dimension slots: a partition's
 * state, or the inputs refused before they reached the log (refusedInputs.ts).
 */
export interface BucketHistory {
  readonly buckets: ReadonlyMap<number, Bucket>;
  readonly dimensions: {
    readonly region: { readonly values: readonly string[] };
    readonly carrier: { readonly values: readonly string[] };
    readonly facility: { readonly values: readonly string[] };
  };
  /**
   * Adds to `into` the seconds whose buckets changed since the last call, and starts
   * noting anew: what a live view must recompute, and nothing else.
   */
  takeChangedSeconds(into: Set<number>): void;
}

/** Buckets of any partitions merged: breakdowns by name, so partitions with different dictionaries add up. */
export interface Totals extends Counters {
  deadLettersByReason: Map<string, number>;
  byType: Map<string, number>;
  exceptionsByCode: Map<string, number>;
  byRegion: Map<string, number>;
  byCarrier: Map<string, number>;
  byFacility: Map<string, number>;
  latency: QuantileSketch | null;
  leadTime: QuantileSketch | null;
  legDuration: QuantileSketch | null;
}

export function emptyTotals(): Totals {
  return {
    ...zeroCounters(),
    deadLettersByReason: new Map(),
    byType: new Map(),
    exceptionsByCode: new Map(),
    byRegion: new Map(),
    byCarrier: new Map(),
    byFacility: new Map(),
    latency: null,
    leadTime: null,
    legDuration: null,
  };
}

function addCounts(target: Map<string, number>, counts: readonly number[], names: readonly string[]): void {
  for (let index = 0; index < counts.length; index += 1) {
    const count = counts[index]!;
    if (count > 0) target.set(names[index]!, (target.get(names[index]!) ?? 0) + count);
  }
}

function mergeSketch(target: QuantileSketch | null, source: QuantileSketch | null): QuantileSketch | null {
  if (!source || source.count === 0) return target;
  const merged = target ?? createQuantileSketch();
  merged.merge(source);
  return merged;
}

function addBucket(totals: Totals, bucket: Bucket, partition: BucketHistory): void {
  for (const counter of BUCKET_COUNTERS) totals[counter] += bucket[counter];
  addCounts(totals.deadLettersByReason, bucket.deadLettersByReason, DEAD_LETTER_REASONS);
  addCounts(totals.byType, bucket.byType, EVENT_TYPES);
  addCounts(totals.exceptionsByCode, bucket.exceptionsByCode, EXCEPTION_CODES);
  addCounts(totals.byRegion, bucket.byRegion, partition.dimensions.region.values);
  addCounts(totals.byCarrier, bucket.byCarrier, partition.dimensions.carrier.values);
  addCounts(totals.byFacility, bucket.byFacility, partition.dimensions.facility.values);
  totals.latency = mergeSketch(totals.latency, bucket.latency);
  totals.leadTime = mergeSketch(totals.leadTime, bucket.leadTime);
  totals.legDuration = mergeSketch(totals.legDuration, bucket.legDuration);
}

function subtractCounts(target: Map<string, number>, source: ReadonlyMap<string, number>): void {
  for (const [name, count] of source) {
    const left = (target.get(name) ?? 0) - count;
    if (left > 0) target.set(name, left);
    else target.delete(name);
  }
}

function addNamedCounts(target: Map<string, number>, source: ReadonlyMap<string, number>): void {
  for (const [name, count] of source) target.set(name, (target.get(name) ?? 0) + count);
}

const NAMED_COUNTS = ['deadLettersByReason', 'byType', 'exceptionsByCode', 'byRegion', 'byCarrier', 'byFacility'] as const;
/** The sketches totals keep. Merging them is most of what adding totals costs. */
export const SKETCHES = ['latency', 'leadTime', 'legDuration'] as const;
export type SketchName = (typeof SKETCHES)[number];

/**
 * Adds one set of totals to another: how a window gains a second. Totals that are only
 * ever shown in part (a chart's point shows latency, not lead times) keep only `sketches`.
 */
export function addTotals(target: Totals, source: Totals, sketches: readonly SketchName[] = SKETCHES): void {
  for (const counter of BUCKET_COUNTERS) target[counter] += source[counter];
  for (const counts of NAMED_COUNTS) addNamedCounts(target[counts], source[counts]);
  for (const sketch of sketches) target[sketch] = mergeSketch(target[sketch], source[sketch]);
}

/** Takes out totals added before (with the same `sketches`): how a window loses a second, or a changed second its old figures. */
export function subtractTotals(target: Totals, source: Totals, sketches: readonly SketchName[] = SKETCHES): void {
  for (const counter of BUCKET_COUNTERS) target[counter] -= source[counter];
  for (const counts of NAMED_COUNTS) subtractCounts(target[counts], source[counts]);
  for (const sketch of sketches) {
    const taken = source[sketch];
    if (taken && taken.count > 0) target[sketch]!.subtract(taken);
  }
}

/** Every history's bucket of one second, merged; null when none has that second. */
export function mergeSecond(histories: readonly BucketHistory[], second: number): Totals | null {
  let totals: Totals | null = null;
  for (const history of histories) {
    const bucket = history.buckets.get(second);
    if (bucket) addBucket((totals ??= emptyTotals()), bucket, history);
  }
  return totals;
}

/** Merges every history's buckets in [from, to); `from` is rounded down to a whole bucket. */
export function mergeRange(partitions: readonly BucketHistory[], from: number, to: number): Totals {
  const totals = emptyTotals();
  const first = bucketStartOf(from);
  const seconds = Math.ceil((to - first) / BUCKET_MS);
  for (const partition of partitions) {
    if (seconds <= partition.buckets.size) {
      for (let start = first; start < to; start += BUCKET_MS) {
        const bucket = partition.buckets.get(start);
        if (bucket) addBucket(totals, bucket, partition);
      }
    } else {
      // A range longer than the partition's history: walk what is there instead.
      for (const bucket of partition.buckets.values()) {
        if (bucket.start >= first && bucket.start < to) addBucket(totals, bucket, partition);
      }
    }
  }
  return totals;
}

export function summarize(
  partitions: readonly BucketHistory[],
  from: number,
  to: number,
  watermark: number | null,
  maxNames = DEFAULT_BREAKDOWN_NAMES,
): Summary {
  return summaryOf(mergeRange(partitions, from, to), from, to, watermark, maxNames);
}

/** A summary of totals; each breakdown by name shows at most `maxNames` (boundedBreakdown.ts). */
export function summaryOf(totals: Totals, from: number, to: number, watermark: number | null, maxNames = DEFAULT_BREAKDOWN_NAMES): Summary {
  return {
    from,
    to,
    inputs: totals.inputs,
    events: totals.events,
    byType: Object.fromEntries(totals.byType),
    byRegion: boundedBreakdown(totals.byRegion, maxNames),
    byCarrier: boundedBreakdown(totals.byCarrier, maxNames),
    byFacility: boundedBreakdown(totals.byFacility, maxNames),
    exceptions: totals.exceptions,
    deadLetters: { total: totals.deadLetters, byReason: Object.fromEntries(totals.deadLettersByReason) },
    duplicates: totals.duplicates,
    late: totals.late,
    outOfOrder: totals.outOfOrder,
    sequenceGaps: totals.sequenceGaps,
    futureSchema: totals.futureSchema,
    latencyMs: quantilesOf(totals.latency),
    deliveries: totals.deliveries,
    slaBreaches: totals.slaBreaches,
    leadTimeMs: quantilesOf(totals.leadTime),
    legDurationMs: quantilesOf(totals.legDuration),
    errorRate: ratio(totals.deadLetters, totals.inputs),
    exceptionRate: ratio(totals.exceptions, totals.events),
    watermark,
  };
}

const SPLIT_MAPS = {
  type: 'byType',
  region: 'byRegion',
  carrier: 'byCarrier',
  facility: 'byFacility',
} as const satisfies Record<Dimension, keyof Totals>;

/**
 * Points of `step` ms from `from` (rounded down to a step) up to `to`. Each bucket is
 * visited once and added to the point it falls in, walking either the range's seconds or
 * the history's buckets, whichever is fewer: the live tail costs its own seconds, a long
 * series the buckets there are.
 */
export function seriesOf(
  partitions: readonly BucketHistory[],
  from: number,
  to: number,
  step: number,
  by: Dimension | null,
  maxNames = DEFAULT_BREAKDOWN_NAMES,
): Series {
  const alignedFrom = Math.floor(from / step) * step;
  const pointTotals: Totals[] = [];
  for (let t = alignedFrom; t < to; t += step) pointTotals.push(emptyTotals());
  const seconds = Math.ceil((to - alignedFrom) / BUCKET_MS);
  for (const partition of partitions) {
    if (seconds <= partition.buckets.size) {
      // A short range (the live tail): look up its seconds.
      for (let start = alignedFrom; start < to; start += BUCKET_MS) {
        const bucket = partition.buckets.get(start);
        if (bucket) addBucket(pointTotals[Math.floor((start - alignedFrom) / step)]!, bucket, partition);
      }
    } else {
      // A range longer than the partition's history: walk what is there instead.
      for (const bucket of partition.buckets.values()) {
        if (bucket.start < alignedFrom || bucket.start >= to) continue;
        addBucket(pointTotals[Math.floor((bucket.start - alignedFrom) / step)]!, bucket, partition);
      }
    }
  }
  return { from: alignedFrom, to, step, by, points: pointTotals.map((totals, i) => pointOf(totals, alignedFrom + i * step, by, maxNames)) };
}

export function pointOf(totals: Totals, t: number, by: Dimension | null, maxNames = DEFAULT_BREAKDOWN_NAMES): SeriesPoint {
  const point: SeriesPoint = {
    t,
    inputs: totals.inputs,
    events: totals.events,
    exceptions: totals.exceptions,
    deadLetters: totals.deadLetters,
    deadLettersByReason: Object.fromEntries(totals.deadLettersByReason),
    duplicates: totals.duplicates,
    late: totals.late,
    outOfOrder: totals.outOfOrder,
    sequenceGaps: totals.sequenceGaps,
    futureSchema: totals.futureSchema,
    byType: Object.fromEntries(totals.byType),
    latencyMs: quantilesOf(totals.latency),
    errorRate: ratio(totals.deadLetters, totals.inputs),
    exceptionRate: ratio(totals.exceptions, totals.events),
  };
  if (by) point.split = boundedBreakdown(totals[SPLIT_MAPS[by]], maxNames);
  return point;
}
