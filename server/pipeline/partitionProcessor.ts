import { BUCKET_MS, bucketStartOf, countAt, createBucket, DEAD_LETTER_REASON_INDEX, EVENT_TYPE_INDEX, EXCEPTION_CODE_INDEX, type Bucket } from './bucket';
import { decodeRecord } from './decode';
import { ChangedSeconds, type ChangeReader } from './changedSeconds';
import { Rejection } from './deadLetter';
import { DimensionDictionary } from './dimensionDictionary';
import type { LogRecord } from './logRecord';
import type { Outcome } from './outcome';
import type { PipelineOptions } from './pipelineOptions';
import { createQuantileSketch, recordDuration } from './quantileSketch';
import type { ShipmentEvent } from './shipmentEvent';
import { ShipmentTracker, type ShipmentObservation } from './shipmentTracker';
import { validateEvent } from './validate';

const EXPIRY_INTERVAL_MS = 10_000;

function eventOutcome(kind: Exclude<Outcome['kind'], 'deadLetter'>, record: LogRecord, event: ShipmentEvent, sequenceGap = false): Outcome {
  return { kind, partition: record.partition, offset: record.offset, appendTime: record.appendTime, event, sequenceGap };
}

/**
 * All state of one partition, folded from its records in log order. It is a pure
 * function of the records it was given: replaying the same records into a new
 * processor gives the same buckets, which is how a restart or a reassigned partition
 * rebuilds.
 */
export class PartitionProcessor {
  readonly buckets = new Map<number, Bucket>();
  readonly dimensions: { region: DimensionDictionary; carrier: DimensionDictionary; facility: DimensionDictionary };
  private readonly shipments: ShipmentTracker;
  // The last two buckets used: most events land in the bucket of the event before.
  private lastArrival: Bucket | null = null;
  private lastEventBucket: Bucket | null = null;
  /** Seconds whose buckets changed since takeChangedSeconds last ran. */
  private readonly changedSeconds = new ChangedSeconds();
  private maxEventTime = Number.NEGATIVE_INFINITY;
  private lastExpiryAt = Number.NEGATIVE_INFINITY;
  lastAppendTime: number | null = null;
  lastOffset: number | null = null;
  processed = 0;

  constructor(
    readonly partition: number,
    private readonly options: PipelineOptions,
  ) {
    this.shipments = new ShipmentTracker(options.retentionMs);
    this.dimensions = {
      region: new DimensionDictionary(options.maxDimensionValues),
      carrier: new DimensionDictionary(options.maxDimensionValues),
      facility: new DimensionDictionary(options.maxDimensionValues),
    };
  }

  /** Event time minus allowed lateness; null before the first valid event. */
  get watermark(): number | null {
    return this.maxEventTime === Number.NEGATIVE_INFINITY ? null : this.maxEventTime - this.options.allowedLatenessMs;
  }

  /** A bucket is final once `start + 1 s + grace` is no longer after the watermark. */
  isFinal(bucketStart: number): boolean {
    const watermark = this.watermark;
    return watermark !== null && bucketStart + BUCKET_MS + this.options.windowGraceMs <= watermark;
  }

  process(record: LogRecord): Outcome {
    this.processed += 1;
    this.lastOffset = record.offset;
    if (this.lastAppendTime === null || record.appendTime > this.lastAppendTime) this.lastAppendTime = record.appendTime;
    const arrivalStart = bucketStartOf(record.appendTime);
    const arrival = this.lastArrival?.start === arrivalStart ? this.lastArrival : (this.lastArrival = this.bucketAt(arrivalStart));
    arrival.inputs += 1;

    let outcome: Outcome;
    try {
      outcome = this.fold(record, arrival);
    } catch (error) {
      // A bug in the fold must not stop the partition: the input is kept as a dead letter.
      outcome = this.deadLetter(
        record,
        arrival,
        new Rejection('processing_error', error instanceof Error ? error.message : String(error)),
      );
    }
    this.expireIfDue(record.appendTime);
    return outcome;
  }

  /** The record's event decoded from its bytes, or why it is not one. */
  private validated(record: LogRecord): ShipmentEvent | Rejection {
    const decoded = decodeRecord(record.value, record.headers, this.options.maxEventBytes);
    if (decoded instanceof Rejection) return decoded;
    return validateEvent(decoded, record.appendTime, this.options.maxFutureSkewMs);
  }

  protected fold(record: LogRecord, arrival: Bucket): Outcome {
    const event = record.validatedEvent ?? this.validated(record);
    if (event instanceof Rejection) return this.deadLetter(record, arrival, event);

    // The watermark follows event time, but never past the log's own time: an event
    // stamped minutes ahead (a producer's clock) must not turn everyone's events late.
    const watermarkTime = event.time < record.appendTime ? event.time : record.appendTime;
    if (watermarkTime > this.maxEventTime) this.maxEventTime = watermarkTime;
    const eventStart = bucketStartOf(event.time);
    if (this.isFinal(eventStart)) {
      arrival.late += 1;
      return eventOutcome('late', record, event);
    }
    const bucket =
      this.lastEventBucket?.start === eventStart ? this.lastEventBucket : (this.lastEventBucket = this.bucketAt(eventStart));
    const shipment = this.shipments.admit(event, record.appendTime);
    if (shipment === null) {
      bucket.duplicates += 1;
      return eventOutcome('duplicate', record, event);
    }
    this.countEvent(bucket, event, record.appendTime, shipment);
    return eventOutcome(shipment.outOfOrder ? 'outOfOrder' : 'ok', record, event, shipment.sequenceGap);
  }

  /** Folds a first-seen, on-time event into its bucket. */
  private countEvent(bucket: Bucket, event: ShipmentEvent, appendTime: number, shipment: ShipmentObservation): void {
    bucket.events += 1;
    bucket.byType[EVENT_TYPE_INDEX[event.type]]! += 1;
    countAt(bucket.byRegion, this.dimensions.region.indexOf(event.data.facility.region));
    countAt(bucket.byCarrier, this.dimensions.carrier.indexOf(event.data.carrier));
    countAt(bucket.byFacility, this.dimensions.facility.indexOf(event.data.facility.code));
    if (event.type === 'shipment.exception') {
      bucket.exceptions += 1;
      // Required for the type, so always there and one of EXCEPTION_CODES (validate.ts).
      const code = EXCEPTION_CODE_INDEX[event.data.exceptionCode!];
      if (code !== undefined) bucket.exceptionsByCode[code]! += 1;
    }
    if (event.dataVersion > 2) bucket.futureSchema += 1;
    recordDuration((bucket.latency ??= createQuantileSketch()), appendTime - event.time);

    if (shipment.outOfOrder) bucket.outOfOrder += 1;
    if (shipment.sequenceGap) bucket.sequenceGaps += 1;
    if (shipment.legDurationMs !== null) recordDuration((bucket.legDuration ??= createQuantileSketch()), shipment.legDurationMs);
    if (shipment.delivered) bucket.deliveries += 1;
    if (shipment.slaBreached) bucket.slaBreaches += 1;
    if (shipment.leadTimeMs !== null) recordDuration((bucket.leadTime ??= createQuantileSketch()), shipment.leadTimeMs);
  }

  private deadLetter(record: LogRecord, arrival: Bucket, rejection: Rejection): Outcome {
    arrival.deadLetters += 1;
    arrival.deadLettersByReason[DEAD_LETTER_REASON_INDEX[rejection.reason]]! += 1;
    return {
      kind: 'deadLetter',
      partition: record.partition,
      offset: record.offset,
      appendTime: record.appendTime,
      rejection,
    };
  }

  /**
   * Every change to a bucket goes through a bucket fetched here: the per-event path
   * reuses the last two, so noting the second here costs nothing per event, and taking the
   * changes forgets those two so that the next event into them is noted again.
   */
  takeChangedSeconds(into: Set<number>, reader: ChangeReader = 'liveView'): void {
    this.changedSeconds.takeInto(into, reader);
    this.lastArrival = null;
    this.lastEventBucket = null;
  }

  private bucketAt(start: number): Bucket {
    this.changedSeconds.note(start);
    let bucket = this.buckets.get(start);
    if (!bucket) {
      bucket = createBucket(start);
      this.buckets.set(start, bucket);
    }
    return bucket;
  }

  /**
   * Drops buckets older than the retention, at most once per ten seconds of append time:
   * a partition holds one bucket a second, so each pass is short. Shipments expire on
   * their own, a few records per event (shipmentTracker.ts).
   */
  /** Buckets that start before this have left the state (the retention); null before the first pass. */
  get expiredBefore(): number | null {
    return this.lastExpiryAt === Number.NEGATIVE_INFINITY ? null : this.lastExpiryAt - this.options.retentionMs;
  }

  private expireIfDue(appendTime: number): void {
    if (appendTime - this.lastExpiryAt < EXPIRY_INTERVAL_MS) return;
    this.lastExpiryAt = appendTime;
    const cutoff = appendTime - this.options.retentionMs;
    for (const start of this.buckets.keys()) {
      if (start < cutoff) this.buckets.delete(start);
    }
    this.changedSeconds.forgetBefore(cutoff);
    this.lastArrival = null;
    this.lastEventBucket = null;
  }
}
