import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { BucketHistory } from './aggregateQuery';
import { ChangedSeconds } from './changedSeconds';
import { bucketStartOf, createBucket, DEAD_LETTER_REASON_INDEX, type Bucket } from './bucket';

const NO_VALUES = { values: [] as readonly string[] };

/**
 * Inputs refused before they reached the log, counted as the log's own dead letters are:
 * by append time, as `inputs` and as `deadLetters` with their reason. In Kafka mode
 * POST /api/events produces only valid events to the topic and sends the rest straight
 * to the DLQ topic, so these are counted from the DLQ topic instead; reading it again on
 * start counts them again, as a rebuild does.
 */
export class RefusedInputs implements BucketHistory {
  readonly buckets = new Map<number, Bucket>();
  readonly dimensions = { region: NO_VALUES, carrier: NO_VALUES, facility: NO_VALUES };

  private readonly changedSeconds = new ChangedSeconds();

  constructor(private readonly retentionMs: number) {}

  takeChangedSeconds(into: Set<number>): void {
    this.changedSeconds.takeInto(into);
  }

  count(appendTime: number, reason: DeadLetterReason): void {
    const start = bucketStartOf(appendTime);
    let bucket = this.buckets.get(start);
    if (!bucket) {
      bucket = createBucket(start);
      this.buckets.set(start, bucket);
      this.expireBefore(appendTime - this.retentionMs);
    }
    this.changedSeconds.note(start);
    bucket.inputs += 1;
    bucket.deadLetters += 1;
    bucket.deadLettersByReason[DEAD_LETTER_REASON_INDEX[reason]]! += 1;
  }

  /** Drops the seconds older than the retention, as partitions do theirs. */
  private expireBefore(cutoff: number): void {
    for (const start of this.buckets.keys()) {
      if (start < cutoff) this.buckets.delete(start);
    }
    this.changedSeconds.forgetBefore(cutoff);
  }
}
