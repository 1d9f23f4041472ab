import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { EVENT_TYPES, EXCEPTION_CODES, type EventType, type ExceptionCode } from '../../lib/contract/eventTypes';
import type { QuantileSketch } from './quantileSketch';

export const BUCKET_MS = 1000;

export function bucketStartOf(time: number): number {
  return Math.floor(time / BUCKET_MS) * BUCKET_MS;
}

export const EVENT_TYPE_INDEX = Object.fromEntries(EVENT_TYPES.map((type, index) => [type, index])) as Record<EventType, number>;
export const EXCEPTION_CODE_INDEX = Object.fromEntries(EXCEPTION_CODES.map((code, index) => [code, index])) as Record<ExceptionCode, number>;
export const DEAD_LETTER_REASON_INDEX = Object.fromEntries(DEAD_LETTER_REASONS.map((reason, index) => [reason, index])) as Record<
  DeadLetterReason,
  number
>;

/**
 * The aggregates of one second of one partition. Event-time figures and append-time
 * figures (inputs, deadLetters, late) share the bucket of their own second. Breakdowns
 * are arrays indexed by event type, dead-letter reason, or the partition's dimension
 * dictionaries: the per-event path increments a slot instead of hashing a string.
 * Everything merges by adding counts and merging sketches (see aggregateQuery.ts).
 */
export const BUCKET_COUNTERS = [
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
] as const;

/** The plain counts a bucket keeps; merged totals keep the same ones. */
export type Counters = Record<(typeof BUCKET_COUNTERS)[number], number>;

export function zeroCounters(): Counters {
  return Object.fromEntries(BUCKET_COUNTERS.map((counter) => [counter, 0])) as Counters;
}

export interface Bucket extends Counters {
  start: number;
  deadLettersByReason: number[];
  byType: number[];
  /** Exceptions by their code, indexed as EXCEPTION_CODES. */
  exceptionsByCode: number[];
  byRegion: number[];
  byCarrier: number[];
  byFacility: number[];
  /** Created on first use: most buckets of a quiet partition never need all three. */
  latency: QuantileSketch | null;
  leadTime: QuantileSketch | null;
  legDuration: QuantileSketch | null;
}


export function createBucket(start: number): Bucket {
  // Written out rather than spread from zeroCounters(): every bucket gets the same hidden
  // class from one literal, which keeps the per-event increments monomorphic.
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
    deadLettersByReason: new Array<number>(DEAD_LETTER_REASONS.length).fill(0),
    byType: new Array<number>(EVENT_TYPES.length).fill(0),
    exceptionsByCode: new Array<number>(EXCEPTION_CODES.length).fill(0),
    byRegion: [],
    byCarrier: [],
    byFacility: [],
    latency: null,
    leadTime: null,
    legDuration: null,
  };
}

/** Adds one at `index`, growing the array with zeros as needed. */
export function countAt(counts: number[], index: number): void {
  while (counts.length <= index) counts.push(0);
  counts[index]! += 1;
}
