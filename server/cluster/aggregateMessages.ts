import type { BucketWire } from './bucketWire';

/*
 * What the aggregates topic holds (KAFKA_AGGREGATES_TOPIC, compacted): for each partition
 * of the events topic, one record per bucket keyed `<partition>/<bucket start>`, and one
 * status record keyed `<partition>/status`. Compaction keeps the newest of each key; an
 * expired bucket is deleted by a tombstone (a record with no value).
 */

/** What the owner of a partition says of it, published with every tick. */
export interface PartitionStatus {
  partition: number;
  /**
   * `rebuilding` while a new owner replays the partition (it publishes no buckets
   * meanwhile), and while the buckets it has changed have not all gone out yet (a tick
   * sends at most so many): either way the topic's figures for it may be behind.
   */
  state: 'live' | 'rebuilding';
  watermark: number | null;
  lastAppendTime: number | null;
  processed: number;
  lagRecords: number;
  /** Buckets that start before this have expired (the owner's retention). */
  expiredBefore: number | null;
  /** The owner's clock when it published this. */
  publishedAt: number;
}

export type AggregateKey = { partition: number; kind: 'status' } | { partition: number; kind: 'bucket'; start: number };

export function bucketKey(partition: number, start: number): string {
  return `${partition}/${start}`;
}

export function statusKey(partition: number): string {
  return `${partition}/status`;
}

const KEY = /^(\d{1,6})\/(status|-?\d{1,16})$/;

/** A record key, or null for one this version does not write. */
export function parseAggregateKey(key: string): AggregateKey | null {
  const match = KEY.exec(key);
  if (!match) return null;
  const partition = Number(match[1]);
  if (match[2] === 'status') return { partition, kind: 'status' };
  return { partition, kind: 'bucket', start: Number(match[2]) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bucket record's value, or null when it is not one (a newer version's, or damaged). */
export function parseBucketWire(text: string): BucketWire | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (!isObject(value) || !isObject(value.counters)) return null;
    for (const field of ['deadLettersByReason', 'byType', 'exceptionsByCode', 'byRegion', 'byCarrier', 'byFacility']) {
      const pairs = value[field];
      if (!Array.isArray(pairs) || !pairs.every((pair) => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'number')) return null;
    }
    for (const field of ['latency', 'leadTime', 'legDuration']) {
      const sketch = value[field];
      if (sketch !== null && !(isObject(sketch) && Array.isArray(sketch.bins) && typeof sketch.firstBin === 'number')) return null;
    }
    return value as unknown as BucketWire;
  } catch {
    return null;
  }
}

export function parsePartitionStatus(text: string): PartitionStatus | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (!isObject(value) || typeof value.partition !== 'number' || (value.state !== 'live' && value.state !== 'rebuilding')) return null;
    return value as unknown as PartitionStatus;
  } catch {
    return null;
  }
}
