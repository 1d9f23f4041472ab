import { fingerprint, fingerprintOf, fingerprintOfPair } from './fingerprint';
import { FingerprintIndex } from './fingerprintIndex';
import { IdempotencyKeys, NO_KEYS } from './idempotencyKeys';
import type { ShipmentEvent } from './shipmentEvent';

/** Past this many keys a shipment's keys are also looked up in one index instead of its chain. */
const CHAIN_SCAN_LIMIT = 32;
/** Shipment records per page: pages are allocated as needed and never copied. */
const PAGE_BITS = 12;
const PAGE_RECORDS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_RECORDS - 1;
/** highestSequence, lastEventTime, createdAt, promisedAt, lastAppendTime; NaN for none. */
const TIMES = 5;
const HIGHEST_SEQUENCE = 0;
const LAST_EVENT_TIME = 1;
const CREATED_AT = 2;
const PROMISED_AT = 3;
const LAST_APPEND_TIME = 4;
/**
 * subjectHigh, subjectLow, keyHead, keyCount (−1 for a free record, whose keyHead links
 * the free list), and a 64-bit filter of the keys (two bits a key, in two words).
 */
const WORDS = 6;
const SUBJECT_HIGH = 0;
const SUBJECT_LOW = 1;
const KEY_HEAD = 2;
const KEY_COUNT = 3;
const KEY_FILTER = 4;
const FREE = -1;
/** Records checked for expiry per admitted event: the sweep's whole cost, bounded. */
const SWEEP_STEP = 2;

/** What one event tells about its shipment, beyond its own counts. */
export interface ShipmentObservation {
  outOfOrder: boolean;
  sequenceGap: boolean;
  /** Time since the shipment's previous event, if it had one earlier in event time. */
  legDurationMs: number | null;
  /** `created` → `delivered`, on a delivery whose creation was seen. */
  leadTimeMs: number | null;
  delivered: boolean;
  slaBreached: boolean;
}

/**
 * Per-shipment state of one partition: the idempotency keys seen (duplicates), the
 * highest sequence seen (ordering), the previous event time (leg durations), creation
 * and promise (lead time, SLA). Telemetry travels with a shipment but is not a leg of
 * its journey.
 *
 * Duplicates are recognised among the events of one shipment. A producer's retry carries
 * the same subject, and the subject is the partition key: a copy under another subject
 * would land on another partition and could not be recognised anyway.
 *
 * Nothing here holds a string. A shipment is a record of five doubles and six words in
 * pages of typed arrays, found by the 64-bit fingerprint of its subject; its keys are
 * 64-bit fingerprints of (source, id) in a chain (idempotencyKeys.ts). Both are checked
 * for collisions in fingerprint.test.ts; the bound is in docs/architecture.md.
 *
 * A shipment with no event appended within the retention is forgotten: exactly, when
 * its next event finds it expired, and for memory, by a sweep that checks two records
 * per admitted event, so expiry never pauses the fold.
 */
export class ShipmentTracker {
  private readonly bySubject = new FingerprintIndex();
  private readonly keys = new IdempotencyKeys();
  /** Keys of shipments past CHAIN_SCAN_LIMIT, by a fingerprint mixed with their subject's. */
  private readonly busyShipmentKeys = new FingerprintIndex();
  private readonly times: Float64Array[] = [];
  private readonly words: Int32Array[] = [];
  private highWater = 0;
  private freeRecord = FREE;
  private sweepCursor = 0;
  /** Reused for every answer: read it before the next call. */
  private readonly observation: ShipmentObservation = {
    outOfOrder: false,
    sequenceGap: false,
    legDurationMs: null,
    leadTimeMs: null,
    delivered: false,
    slaBreached: false,
  };

  constructor(private readonly retentionMs: number) {}

  /**
   * Folds a first-seen event into its shipment and answers what it tells; answers null,
   * changing nothing, for a duplicate (same source and id seen before).
   */
  admit(event: ShipmentEvent, appendTime: number): ShipmentObservation | null {
    const cutoff = appendTime - this.retentionMs;
    this.sweep(cutoff);
    fingerprintOfPair(event.source, event.id);
    const keyHigh = fingerprint[0]!;
    const keyLow = fingerprint[1]!;
    fingerprintOf(event.subject);
    const subjectHigh = fingerprint[0]!;
    const subjectLow = fingerprint[1]!;

    let record = this.bySubject.get(subjectHigh, subjectLow);
    if (record !== -1 && this.times[record >>> PAGE_BITS]![(record & PAGE_MASK) * TIMES + LAST_APPEND_TIME]! < cutoff) {
      // Expired, and not yet swept: its next event starts it afresh.
      this.forget(record);
      record = -1;
    }
    if (record === -1) {
      record = this.createRecord(subjectHigh, subjectLow);
    } else if (this.hasKey(record, keyHigh, keyLow)) {
      return null;
    }
    this.addKey(record, keyHigh, keyLow);

    const times = this.times[record >>> PAGE_BITS]!;
    const at = (record & PAGE_MASK) * TIMES;
    times[at + LAST_APPEND_TIME] = appendTime;
    const observation = this.observation;
    observation.outOfOrder = false;
    observation.sequenceGap = false;
    observation.legDurationMs = null;
    observation.leadTimeMs = null;
    observation.delivered = false;
    observation.slaBreached = false;
    if (event.sequence !== null) {
      const highest = times[at + HIGHEST_SEQUENCE]!;
      if (Number.isNaN(highest)) {
        times[at + HIGHEST_SEQUENCE] = event.sequence;
      } else if (event.sequence < highest) {
        observation.outOfOrder = true;
      } else if (event.sequence > highest) {
        observation.sequenceGap = event.sequence > highest + 1;
        times[at + HIGHEST_SEQUENCE] = event.sequence;
      }
    }

    if (event.promisedAt !== null) times[at + PROMISED_AT] = event.promisedAt;
    if (event.type === 'device.telemetry') return observation;

    const lastEventTime = times[at + LAST_EVENT_TIME]!;
    if (event.time >= lastEventTime) observation.legDurationMs = event.time - lastEventTime;
    if (Number.isNaN(lastEventTime) || event.time > lastEventTime) times[at + LAST_EVENT_TIME] = event.time;
    if (event.type === 'shipment.created') times[at + CREATED_AT] = event.time;
    if (event.type === 'shipment.delivered') {
      observation.delivered = true;
      const createdAt = times[at + CREATED_AT]!;
      if (!Number.isNaN(createdAt)) observation.leadTimeMs = event.time - createdAt;
      const promisedAt = times[at + PROMISED_AT]!;
      observation.slaBreached = !Number.isNaN(promisedAt) && event.time > promisedAt;
    }
    return observation;
  }

  /** Shipments held. */
  get size(): number {
    return this.bySubject.size;
  }

  /** Bytes held in typed arrays, for the accounting in docs/architecture.md. */
  get byteLength(): number {
    const recordBytes = this.times.length * PAGE_RECORDS * (TIMES * 8 + WORDS * 4);
    return recordBytes + this.bySubject.byteLength + this.keys.byteLength + this.busyShipmentKeys.byteLength;
  }

  private hasKey(record: number, keyHigh: number, keyLow: number): boolean {
    const words = this.words[record >>> PAGE_BITS]!;
    const at = (record & PAGE_MASK) * WORDS;
    if (words[at + KEY_COUNT]! > CHAIN_SCAN_LIMIT) {
      return this.busyShipmentKeys.get(...busyKey(words[at + SUBJECT_HIGH]!, words[at + SUBJECT_LOW]!, keyHigh, keyLow)) !== -1;
    }
    // The filter answers most first sightings without walking the chain, whose keys lie
    // scattered over the pages: each step there can be a cache miss.
    const first = keyLow & 63;
    const second = (keyLow >>> 6) & 63;
    if ((words[at + KEY_FILTER + (first >>> 5)]! & (1 << (first & 31))) === 0) return false;
    if ((words[at + KEY_FILTER + (second >>> 5)]! & (1 << (second & 31))) === 0) return false;
    return this.keys.has(words[at + KEY_HEAD]!, keyHigh, keyLow);
  }

  private addKey(record: number, keyHigh: number, keyLow: number): void {
    const words = this.words[record >>> PAGE_BITS]!;
    const at = (record & PAGE_MASK) * WORDS;
    words[at + KEY_HEAD] = this.keys.add(words[at + KEY_HEAD]!, keyHigh, keyLow);
    const first = keyLow & 63;
    const second = (keyLow >>> 6) & 63;
    words[at + KEY_FILTER + (first >>> 5)]! |= 1 << (first & 31);
    words[at + KEY_FILTER + (second >>> 5)]! |= 1 << (second & 31);
    const count = (words[at + KEY_COUNT]! += 1);
    if (count < CHAIN_SCAN_LIMIT + 1) return;
    const subjectHigh = words[at + SUBJECT_HIGH]!;
    const subjectLow = words[at + SUBJECT_LOW]!;
    if (count === CHAIN_SCAN_LIMIT + 1) {
      // The shipment just became busy: its whole chain moves into the index.
      this.keys.forEach(words[at + KEY_HEAD]!, (high, low) => this.busyShipmentKeys.set(...busyKey(subjectHigh, subjectLow, high, low), 0));
    } else {
      this.busyShipmentKeys.set(...busyKey(subjectHigh, subjectLow, keyHigh, keyLow), 0);
    }
  }

  private createRecord(subjectHigh: number, subjectLow: number): number {
    let record = this.freeRecord;
    if (record !== FREE) {
      this.freeRecord = this.words[record >>> PAGE_BITS]![(record & PAGE_MASK) * WORDS + KEY_HEAD]!;
    } else {
      record = this.highWater;
      this.highWater += 1;
      if (record >>> PAGE_BITS === this.times.length) {
        this.times.push(new Float64Array(PAGE_RECORDS * TIMES));
        this.words.push(new Int32Array(PAGE_RECORDS * WORDS).fill(FREE));
      }
    }
    this.times[record >>> PAGE_BITS]!.fill(Number.NaN, (record & PAGE_MASK) * TIMES, (record & PAGE_MASK) * TIMES + TIMES);
    const words = this.words[record >>> PAGE_BITS]!;
    const at = (record & PAGE_MASK) * WORDS;
    words[at + SUBJECT_HIGH] = subjectHigh;
    words[at + SUBJECT_LOW] = subjectLow;
    words[at + KEY_HEAD] = NO_KEYS;
    words[at + KEY_COUNT] = 0;
    words[at + KEY_FILTER] = 0;
    words[at + KEY_FILTER + 1] = 0;
    this.bySubject.set(subjectHigh, subjectLow, record);
    return record;
  }

  private forget(record: number): void {
    const words = this.words[record >>> PAGE_BITS]!;
    const at = (record & PAGE_MASK) * WORDS;
    const subjectHigh = words[at + SUBJECT_HIGH]!;
    const subjectLow = words[at + SUBJECT_LOW]!;
    if (words[at + KEY_COUNT]! > CHAIN_SCAN_LIMIT) {
      this.keys.forEach(words[at + KEY_HEAD]!, (high, low) => this.busyShipmentKeys.delete(...busyKey(subjectHigh, subjectLow, high, low)));
    }
    this.keys.release(words[at + KEY_HEAD]!);
    this.bySubject.delete(subjectHigh, subjectLow);
    words[at + KEY_COUNT] = FREE;
    words[at + KEY_HEAD] = this.freeRecord;
    this.freeRecord = record;
  }

  /** Checks the next SWEEP_STEP records and forgets those whose shipment expired. */
  private sweep(cutoff: number): void {
    for (let step = 0; step < SWEEP_STEP; step += 1) {
      if (this.sweepCursor >= this.highWater) {
        this.sweepCursor = 0;
        if (this.highWater === 0) return;
      }
      const record = this.sweepCursor;
      this.sweepCursor += 1;
      const words = this.words[record >>> PAGE_BITS]!;
      if (words[(record & PAGE_MASK) * WORDS + KEY_COUNT] === FREE) continue;
      if (this.times[record >>> PAGE_BITS]![(record & PAGE_MASK) * TIMES + LAST_APPEND_TIME]! < cutoff) this.forget(record);
    }
  }
}

const busyKeyScratch: [number, number] = [0, 0];

/** A key of a busy shipment, mixed with its subject so that one index holds every busy shipment's keys. */
function busyKey(subjectHigh: number, subjectLow: number, keyHigh: number, keyLow: number): [number, number] {
  busyKeyScratch[0] = (keyHigh ^ Math.imul(subjectLow, 0x9e3779b1)) >>> 0;
  busyKeyScratch[1] = (keyLow ^ Math.imul(subjectHigh ^ (subjectLow >>> 7), 0x85ebca6b)) >>> 0;
  return busyKeyScratch;
}
