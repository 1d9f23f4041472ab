import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Logger } from '../logger';
import { GROUP_TIMEOUTS } from '../sources/kafkaSource';
import { closePrivateGroup } from '../sources/privateGroup';
import { parseAggregateKey, parseBucketWire, parsePartitionStatus } from './aggregateMessages';
import { PartitionReplica } from './partitionReplica';

/** The wait before starting a crashed reader again; doubled at each failed attempt. */
const RESTART_DELAY_MS = 1_000;

export interface AggregateReplicasOptions {
  kafka: Kafka;
  topic: string;
  /** A group of this process's own: every instance reads the whole topic. */
  groupId: string;
  maxDimensionValues: number;
  logger: Logger;
  clock?: () => number;
}

/**
 * Every partition as its owner last published it, read from the aggregates topic: each
 * instance reads the whole topic from its start, so it holds a replica of every partition
 * some owner publishes, its own included (which serves it while it rebuilds a partition
 * it has just been given). Until everything the topic held at start has been read, the
 * replicas are not whole, and `ready` says so.
 */
export class AggregateReplicas {
  private readonly replicas = new Map<number, PartitionReplica>();
  private consumer: Consumer | null = null;
  private remaining = new Map<number, number>();
  private unreadable = 0;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AggregateReplicasOptions) {}

  /** True once the topic has been read up to where it ended when reading began. */
  get ready(): boolean {
    return this.consumer !== null && this.remaining.size === 0;
  }

  replicaOf(partition: number): PartitionReplica | null {
    return this.replicas.get(partition) ?? null;
  }

  /** Records this version could not read (another version's, or damaged): left out, and counted. */
  get unreadableRecords(): number {
    return this.unreadable;
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      this.remaining = new Map(ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, Number(end.high)]));
    } finally {
      await admin.disconnect();
    }
    this.consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // Figures from other owners should show within a second: do not let an idle fetch wait long.
      maxWaitTimeInMs: 100,
      // A group of one: after a broker restart its old membership holds the rejoin up for a session.
      ...GROUP_TIMEOUTS,
      // At most 2 s between attempts while the broker is away: back within seconds of its return.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 2_000 },
    });
    const consumer = this.consumer;
    // kafkajs gives up on errors it does not know to be transient (a broker restart can bring
    // one): replicas that stop reading would go stale for good, so the consumer starts again,
    // reading the topic anew (nothing is committed; the newest record of each key wins again).
    consumer.on(consumer.events.CRASH, (event) => {
      if (event.payload.restart || this.stopping) return;
      this.options.logger.warn('aggregates: the reader stopped; starting it again', event.payload.error);
      this.restartTimer = setTimeout(() => this.restart(consumer, 1), RESTART_DELAY_MS);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) });
  }

  private restart(consumer: Consumer, attempt: number): void {
    this.restartTimer = null;
    if (this.stopping) return;
    consumer
      .connect()
      .then(() => consumer.run({ autoCommit: false, eachBatch: (payload) => this.onBatch(payload) }))
      .catch((error: unknown) => {
        this.options.logger.warn(`aggregates: could not start the reader again (attempt ${attempt}); retrying`, error);
        this.restartTimer = setTimeout(() => this.restart(consumer, attempt + 1), Math.min(30_000, RESTART_DELAY_MS * 2 ** attempt));
      });
  }

  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      const key = message.key ? parseAggregateKey(message.key.toString('utf8')) : null;
      if (key === null) {
        this.unreadable += 1;
        continue;
      }
      const replica = this.replicaFor(key.partition);
      if (key.kind === 'bucket') {
        if (message.value === null) {
          replica.deleteBucket(key.start);
          continue;
        }
        const text = message.value.toString('utf8');
        const wire = parseBucketWire(text);
        if (wire === null) this.unreadable += 1;
        else replica.applyBucket(key.start, text, wire);
      } else if (message.value !== null) {
        const status = parsePartitionStatus(message.value.toString('utf8'));
        if (status === null) this.unreadable += 1;
        else replica.applyStatus(status);
      }
    }
    const end = this.remaining.get(batch.partition);
    if (end !== undefined && Number(batch.lastOffset()) + 1 >= end) this.remaining.delete(batch.partition);
  }

  private replicaFor(partition: number): PartitionReplica {
    let replica = this.replicas.get(partition);
    if (!replica) {
      replica = new PartitionReplica(partition, this.options.maxDimensionValues, this.options.clock);
      this.replicas.set(partition, replica);
    }
    return replica;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await closePrivateGroup(this.options.kafka, this.consumer, this.options.groupId);
  }
}
