import { ratio, type Dimension, type Series, type SeriesPoint, type Summary } from '../../lib/summary';
import { BUCKET_MS, bucketStartOf, createBucket, mergeBucketInto, type Bucket } from './bucket';
import type { PartitionProcessor } from './partitionProcessor';
import { quantilesOf } from './quantileSketch';

/** Merges every partition's buckets in [from, to) into one; `from` and `to` are rounded to whole buckets. */
export function mergeRange(partitions: readonly PartitionProcessor[], from: number, to: number): Bucket {
  const merged = createBucket(bucketStartOf(from));
  for (let start = bucketStartOf(from); start < to; start += BUCKET_MS) {
    for (const partition of partitions) {
      const bucket = partition.buckets.get(start);
      if (bucket) mergeBucketInto(merged, bucket);
    }
  }
  return merged;
}

export function summarize(
  partitions: readonly PartitionProcessor[],
  from: number,
  to: number,
  watermark: number | null,
): Summary {
  const totals = mergeRange(partitions, from, to);
  return {
    from,
    to,
    inputs: totals.inputs,
    events: totals.events,
    byType: Object.fromEntries(totals.byType),
    byRegion: Object.fromEntries(totals.byRegion),
    byCarrier: Object.fromEntries(totals.byCarrier),
    byFacility: Object.fromEntries(totals.byFacility),
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
} as const satisfies Record<Dimension, keyof Bucket>;

/** Points of `step` ms from `from` (rounded down to a step) up to `to`. */
export function seriesOf(
  partitions: readonly PartitionProcessor[],
  from: number,
  to: number,
  step: number,
  by: Dimension | null,
): Series {
  const alignedFrom = Math.floor(from / step) * step;
  const points: SeriesPoint[] = [];
  for (let t = alignedFrom; t < to; t += step) {
    points.push(pointOf(mergeRange(partitions, t, Math.min(t + step, to)), t, by));
  }
  return { from: alignedFrom, to, step, by, points };
}

function pointOf(bucket: Bucket, t: number, by: Dimension | null): SeriesPoint {
  const point: SeriesPoint = {
    t,
    inputs: bucket.inputs,
    events: bucket.events,
    exceptions: bucket.exceptions,
    deadLetters: bucket.deadLetters,
    deadLettersByReason: Object.fromEntries(bucket.deadLettersByReason),
    duplicates: bucket.duplicates,
    late: bucket.late,
    outOfOrder: bucket.outOfOrder,
    sequenceGaps: bucket.sequenceGaps,
    futureSchema: bucket.futureSchema,
    byType: Object.fromEntries(bucket.byType),
    latencyMs: quantilesOf(bucket.latency),
    errorRate: ratio(bucket.deadLetters, bucket.inputs),
    exceptionRate: ratio(bucket.exceptions, bucket.events),
  };
  if (by) point.split = Object.fromEntries(bucket[SPLIT_MAPS[by]]);
  return point;
}
