import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { createQuantileSketch, type QuantileSketch } from './quantileSketch';

export const BUCKET_MS = 1000;

export function bucketStartOf(time: number): number {
  return Math.floor(time / BUCKET_MS) * BUCKET_MS;
}

/**
 * The aggregates of one second of one partition. Event-time figures and append-time
 * figures (inputs, deadLetters, late) share the bucket of their own second. Everything
 * in it merges by adding counts and merging sketches, so any window over any set of
 * partitions is a merge of buckets.
 */
export interface Bucket {
  start: number;
  inputs: number;
  events: number;
  exceptions: number;
  duplicates: number;
  late: number;
  outOfOrder: number;
  sequenceGaps: number;
  futureSchema: number;
  deliveries: number;
  slaBreaches: number;
  deadLetters: number;
  deadLettersByReason: Map<DeadLetterReason, number>;
  byType: Map<string, number>;
  byRegion: Map<string, number>;
  byCarrier: Map<string, number>;
  byFacility: Map<string, number>;
  /** Created on first use: most buckets of a quiet partition never need all three. */
  latency: QuantileSketch | null;
  leadTime: QuantileSketch | null;
  legDuration: QuantileSketch | null;
}

export function createBucket(start: number): Bucket {
  return {
    start,
    inputs: 0,
    events: 0,
    exceptions: 0,
    duplicates: 0,
    late: 0,
    outOfOrder: 0,
    sequenceGaps: 0,
    futureSchema: 0,
    deliveries: 0,
    slaBreaches: 0,
    deadLetters: 0,
    deadLettersByReason: new Map(),
    byType: new Map(),
    byRegion: new Map(),
    byCarrier: new Map(),
    byFacility: new Map(),
    latency: null,
    leadTime: null,
    legDuration: null,
  };
}

export function increment<K>(counts: Map<K, number>, key: K, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

const COUNTERS = [
  'inputs',
  'events',
  'exceptions',
  'duplicates',
  'late',
  'outOfOrder',
  'sequenceGaps',
  'futureSchema',
  'deliveries',
  'slaBreaches',
  'deadLetters',
] as const satisfies readonly (keyof Bucket)[];

/** Adds `source` into `target`; `source` is left as it was. */
export function mergeBucketInto(target: Bucket, source: Bucket): void {
  for (const counter of COUNTERS) target[counter] += source[counter];
  mergeCounts(target.deadLettersByReason, source.deadLettersByReason);
  mergeCounts(target.byType, source.byType);
  mergeCounts(target.byRegion, source.byRegion);
  mergeCounts(target.byCarrier, source.byCarrier);
  mergeCounts(target.byFacility, source.byFacility);
  target.latency = mergeSketch(target.latency, source.latency);
  target.leadTime = mergeSketch(target.leadTime, source.leadTime);
  target.legDuration = mergeSketch(target.legDuration, source.legDuration);
}

function mergeCounts<K>(target: Map<K, number>, source: Map<K, number>): void {
  for (const [key, count] of source) increment(target, key, count);
}

function mergeSketch(target: QuantileSketch | null, source: QuantileSketch | null): QuantileSketch | null {
  if (!source || source.count === 0) return target;
  const merged = target ?? createQuantileSketch();
  merged.merge(source);
  return merged;
}
