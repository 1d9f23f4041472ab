import crypto from 'node:crypto';
import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES, EXCEPTION_CODES } from '../../lib/contract/eventTypes';
import {
  BUCKET_COUNTERS,
  createBucket,
  DEAD_LETTER_REASON_INDEX,
  EVENT_TYPE_INDEX,
  EXCEPTION_CODE_INDEX,
  type Bucket,
  type Counters,
} from '../pipeline/bucket';
import type { DimensionDictionary } from '../pipeline/dimensionDictionary';
import { QuantileSketch, type SketchWire } from '../pipeline/quantileSketch';

/*
 * A bucket as it travels on the aggregates topic: counts by name rather than by the
 * owner's slot numbers (each instance's dictionaries number values in the order it met
 * them), names sorted, sketches as their filled bins. Equal buckets give equal texts
 * whichever instance folded them, so an owner can tell a bucket the topic already holds.
 */

/** What identifies a bucket's text: equal texts, equal digests. */
export function textDigest(text: string): string {
  return crypto.createHash('sha1').update(text).digest('base64');
}

/** Counts by name, sorted by name, zeros left out. */
type NamedCounts = [string, number][];

export interface BucketWire {
  counters: Counters;
  deadLettersByReason: NamedCounts;
  byType: NamedCounts;
  exceptionsByCode: NamedCounts;
  byRegion: NamedCounts;
  byCarrier: NamedCounts;
  byFacility: NamedCounts;
  latency: SketchWire | null;
  leadTime: SketchWire | null;
  legDuration: SketchWire | null;
}

/** The dictionaries that name a partition's dimension slots. */
export interface DimensionNames {
  readonly region: { readonly values: readonly string[] };
  readonly carrier: { readonly values: readonly string[] };
  readonly facility: { readonly values: readonly string[] };
}

function named(counts: readonly number[], names: readonly string[]): NamedCounts {
  const pairs: NamedCounts = [];
  for (let index = 0; index < counts.length; index += 1) {
    const count = counts[index]!;
    // A slot past the names (an enumeration of a newer version) has no name to travel by.
    if (count > 0 && names[index] !== undefined) pairs.push([names[index]!, count]);
  }
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function bucketToWire(bucket: Bucket, names: DimensionNames): BucketWire {
  const counters = {} as Counters;
  for (const counter of BUCKET_COUNTERS) counters[counter] = bucket[counter];
  return {
    counters,
    deadLettersByReason: named(bucket.deadLettersByReason, DEAD_LETTER_REASONS),
    byType: named(bucket.byType, EVENT_TYPES),
    exceptionsByCode: named(bucket.exceptionsByCode, EXCEPTION_CODES),
    byRegion: named(bucket.byRegion, names.region.values),
    byCarrier: named(bucket.byCarrier, names.carrier.values),
    byFacility: named(bucket.byFacility, names.facility.values),
    latency: bucket.latency?.toWire() ?? null,
    leadTime: bucket.leadTime?.toWire() ?? null,
    legDuration: bucket.legDuration?.toWire() ?? null,
  };
}

/** The dictionaries a replica numbers names with: its own, one per dimension. */
export interface ReplicaDimensions {
  readonly region: DimensionDictionary;
  readonly carrier: DimensionDictionary;
  readonly facility: DimensionDictionary;
}

function countInto(counts: number[], pairs: NamedCounts, indexOf: (name: string) => unknown): void {
  for (const [name, count] of pairs) {
    const index = indexOf(name);
    if (typeof index !== 'number' || !Number.isInteger(index)) continue;
    while (counts.length <= index) counts.push(0);
    counts[index]! += count;
  }
}

function ownIndex(indexes: Readonly<Record<string, number>>, name: string): number | undefined {
  return Object.hasOwn(indexes, name) ? indexes[name] : undefined;
}

export function bucketFromWire(start: number, wire: BucketWire, dimensions: ReplicaDimensions): Bucket {
  const bucket = createBucket(start);
  for (const counter of BUCKET_COUNTERS) bucket[counter] = wire.counters[counter] ?? 0;
  // Names this version does not know (a newer owner's event types) are left out, as the contract's tolerant reader does.
  countInto(bucket.deadLettersByReason, wire.deadLettersByReason, (name) => ownIndex(DEAD_LETTER_REASON_INDEX, name));
  countInto(bucket.byType, wire.byType, (name) => ownIndex(EVENT_TYPE_INDEX, name));
  countInto(bucket.exceptionsByCode, wire.exceptionsByCode, (name) => ownIndex(EXCEPTION_CODE_INDEX, name));
  countInto(bucket.byRegion, wire.byRegion, (name) => dimensions.region.indexOf(name));
  countInto(bucket.byCarrier, wire.byCarrier, (name) => dimensions.carrier.indexOf(name));
  countInto(bucket.byFacility, wire.byFacility, (name) => dimensions.facility.indexOf(name));
  bucket.latency = wire.latency ? QuantileSketch.fromWire(wire.latency) : null;
  bucket.leadTime = wire.leadTime ? QuantileSketch.fromWire(wire.leadTime) : null;
  bucket.legDuration = wire.legDuration ? QuantileSketch.fromWire(wire.legDuration) : null;
  return bucket;
}
