import type { BucketHistory } from '../pipeline/aggregateQuery';
import type { Bucket } from '../pipeline/bucket';
import { ChangedSeconds } from '../pipeline/changedSeconds';
import { DimensionDictionary } from '../pipeline/dimensionDictionary';
import type { PartitionStatus } from './aggregateMessages';
import { bucketFromWire, textDigest, type BucketWire } from './bucketWire';

/**
 * An owner publishes its status every tick (500 ms): after this long without one, it is
 * gone (killed, cut off) or stalled, and its partition's figures may be behind the log.
 */
export const SILENT_OWNER_MS = 3_000;

/**
 * Another instance's partition as this one sees it: the buckets its owner published on
 * the aggregates topic, and the owner's last word on it. It reads like a partition's own
 * state (a BucketHistory), so the read model merges it with the partitions folded here.
 */
export class PartitionReplica implements BucketHistory {
  readonly buckets = new Map<number, Bucket>();
  readonly dimensions: { region: DimensionDictionary; carrier: DimensionDictionary; facility: DimensionDictionary };
  /** The owner's last status; null until one has been read. */
  status: PartitionStatus | null = null;
  /** The last live status: while a new owner rebuilds, the figures stay those of the last live one. */
  liveStatus: PartitionStatus | null = null;
  /**
   * A digest of each bucket's text as last read, so an owner does not publish what the
   * topic holds already: 28 bytes a bucket rather than its kilobytes of text.
   */
  private readonly digests = new Map<number, string>();
  private readonly changedSeconds = new ChangedSeconds();

  /** When the last status arrived, by this instance's clock (owners' clocks may differ). */
  private statusReceivedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly partition: number,
    maxDimensionValues: number,
    private readonly clock: () => number = Date.now,
  ) {
    // The owner's dictionary admits at most maxDimensionValues names, so the union its buckets name fits the same cap.
    this.dimensions = {
      region: new DimensionDictionary(maxDimensionValues),
      carrier: new DimensionDictionary(maxDimensionValues),
      facility: new DimensionDictionary(maxDimensionValues),
    };
  }

  applyBucket(start: number, text: string, wire: BucketWire): void {
    if (this.status?.expiredBefore != null && start < this.status.expiredBefore) return;
    this.buckets.set(start, bucketFromWire(start, wire, this.dimensions));
    this.digests.set(start, textDigest(text));
    this.changedSeconds.note(start);
  }

  /** A tombstone: the owner let the bucket expire. */
  deleteBucket(start: number): void {
    if (this.buckets.delete(start)) this.changedSeconds.note(start);
    this.digests.delete(start);
  }

  applyStatus(status: PartitionStatus): void {
    this.status = status;
    this.statusReceivedAt = this.clock();
    if (status.state !== 'live') return;
    this.liveStatus = status;
    if (status.expiredBefore !== null) {
      for (const start of this.buckets.keys()) if (start < status.expiredBefore) this.deleteBucket(start);
      this.changedSeconds.forgetBefore(status.expiredBefore);
    }
  }

  /** The digest of the text the topic holds for a bucket, as last read; undefined when it holds none. */
  digestOf(start: number): string | undefined {
    return this.digests.get(start);
  }

  /** Bucket starts the topic holds for this partition. */
  starts(): IterableIterator<number> {
    return this.digests.keys();
  }

  get rebuilding(): boolean {
    return this.status?.state === 'rebuilding';
  }

  /**
   * True while a live owner keeps publishing it: its figures are the log's, a tick behind
   * at most. Otherwise they are the last ones published (its owner rebuilds it, or has gone
   * silent), and an answer holding them says so.
   */
  get current(): boolean {
    return this.status?.state === 'live' && this.clock() - this.statusReceivedAt <= SILENT_OWNER_MS;
  }

  get watermark(): number | null {
    return this.liveStatus?.watermark ?? null;
  }

  get lastAppendTime(): number | null {
    return this.liveStatus?.lastAppendTime ?? null;
  }

  takeChangedSeconds(into: Set<number>): void {
    this.changedSeconds.takeInto(into);
  }
}
