import type { Message, Producer } from 'kafkajs';
import type { Logger } from '../logger';
import type { PartitionProcessor } from '../pipeline/partitionProcessor';
import type { Pipeline } from '../pipeline/pipeline';
import { bucketKey, statusKey, type PartitionStatus } from './aggregateMessages';
import type { AggregateReplicas } from './aggregateReplicas';
import { bucketToWire, textDigest } from './bucketWire';

/** As often as the live gateway ticks at its slowest: another instance's figures trail by about this much. */
export const PUBLISH_EVERY_MS = 500;
/**
 * Buckets encoded in one tick at most: a partition that has just been rebuilt has an
 * hour of them to compare with the topic, and the event loop must not stall on it.
 */
const MAX_BUCKETS_A_TICK = 2_000;

export interface AggregatePublisherOptions {
  pipeline: Pipeline;
  producer: Producer;
  topic: string;
  /** Partitions of the aggregates topic: an events partition's records all go to one, in order. */
  topicPartitions: number;
  replicas: AggregateReplicas;
  /** False while a partition is being rebuilt: its buckets are not whole yet, and are not published. */
  partitionLive(partition: number): boolean;
  lagRecords(partition: number): number;
  logger: Logger;
  clock?: () => number;
}

/**
 * Publishes, every tick, what changed in the buckets of the partitions this instance owns,
 * and each one's status, to the aggregates topic. A bucket the topic already holds as it
 * is (the same text) is not sent again: after a move, the new owner's rebuilt buckets equal
 * what the old owner published, so a move costs the topic only what changed since.
 */
export class AggregatePublisher {
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;
  /** Seconds taken from a partition but not published yet (a tick's cap, or a failed send). */
  private readonly due = new Map<number, Set<number>>();
  private failing = false;
  private readonly clock: () => number;

  constructor(private readonly options: AggregatePublisherOptions) {
    this.clock = options.clock ?? Date.now;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (this.sending === null) this.sending = this.publish().finally(() => (this.sending = null));
    }, PUBLISH_EVERY_MS);
    this.timer.unref();
  }

  /** One tick: what changed, and every owned partition's status. */
  async publish(): Promise<void> {
    const messages: Message[] = [];
    const sent: { partition: number; seconds: number[] }[] = [];
    let budget = MAX_BUCKETS_A_TICK;
    for (const processor of this.options.pipeline.partitions()) {
      const live = this.options.partitionLive(processor.partition);
      // Whole on the topic only once every changed bucket has gone out: until then the others mark it stale.
      let published = live;
      if (live) {
        const seconds = this.dueSeconds(processor);
        const taken: number[] = [];
        for (const second of seconds) {
          if (budget <= 0) break;
          budget -= 1;
          taken.push(second);
          const message = this.bucketMessage(processor, second);
          if (message) messages.push(message);
        }
        for (const second of taken) seconds.delete(second);
        published = seconds.size === 0;
        sent.push({ partition: processor.partition, seconds: taken });
        messages.push(...this.expiredMessages(processor));
      }
      messages.push(this.statusMessage(processor, published));
    }
    if (messages.length === 0) return;
    try {
      await this.options.producer.send({ topic: this.options.topic, acks: -1, messages });
      if (this.failing) this.options.logger.info('aggregates: publishing again');
      this.failing = false;
    } catch (error) {
      // Taken again next tick: nothing changed is lost while the broker is away.
      for (const { partition, seconds } of sent) for (const second of seconds) this.dueOf(partition).add(second);
      if (!this.failing) this.options.logger.warn('aggregates: could not publish; retrying each tick', error);
      this.failing = true;
    }
  }

  private dueOf(partition: number): Set<number> {
    let seconds = this.due.get(partition);
    if (!seconds) {
      seconds = new Set();
      this.due.set(partition, seconds);
    }
    return seconds;
  }

  private dueSeconds(processor: PartitionProcessor): Set<number> {
    const seconds = this.dueOf(processor.partition);
    processor.takeChangedSeconds(seconds, 'publisher');
    return seconds;
  }

  private recordPartition(partition: number): number {
    return partition % this.options.topicPartitions;
  }

  private bucketMessage(processor: PartitionProcessor, second: number): Message | null {
    const replica = this.options.replicas.replicaOf(processor.partition);
    const bucket = processor.buckets.get(second);
    const key = bucketKey(processor.partition, second);
    if (!bucket) {
      // Expired between the change and now: the topic forgets it too.
      return replica?.digestOf(second) !== undefined ? { key, value: null, partition: this.recordPartition(processor.partition) } : null;
    }
    const text = JSON.stringify(bucketToWire(bucket, processor.dimensions));
    if (replica?.digestOf(second) === textDigest(text)) return null;
    return { key, value: text, partition: this.recordPartition(processor.partition) };
  }

  /** Tombstones for buckets the topic still holds but the retention has dropped here. */
  private expiredMessages(processor: PartitionProcessor): Message[] {
    const cutoff = processor.expiredBefore;
    const replica = this.options.replicas.replicaOf(processor.partition);
    if (cutoff === null || !replica) return [];
    const messages: Message[] = [];
    for (const start of replica.starts()) {
      if (start < cutoff) messages.push({ key: bucketKey(processor.partition, start), value: null, partition: this.recordPartition(processor.partition) });
    }
    return messages;
  }

  private statusMessage(processor: PartitionProcessor, live: boolean): Message {
    const status: PartitionStatus = {
      partition: processor.partition,
      state: live ? 'live' : 'rebuilding',
      watermark: processor.watermark,
      lastAppendTime: processor.lastAppendTime,
      processed: processor.processed,
      lagRecords: this.options.lagRecords(processor.partition),
      expiredBefore: processor.expiredBefore,
      publishedAt: this.clock(),
    };
    return { key: statusKey(processor.partition), value: JSON.stringify(status), partition: this.recordPartition(processor.partition) };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sending;
  }
}
