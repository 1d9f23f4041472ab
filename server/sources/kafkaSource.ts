import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { RebuildProgress } from '../../lib/health';
import type { Logger } from '../logger';
import type { LogRecord } from '../pipeline/logRecord';
import type { Outcome } from '../pipeline/outcome';
import type { Pipeline } from '../pipeline/pipeline';
import type { SourceStatus } from '../readModel';
import { preciseNow } from '../preciseNow';
import type { ProcessedBatch } from './embeddedSource';
import { toLogRecord } from './kafkaRecords';
import { GroupOwnership, type PartitionOwnership } from './groupOwnership';
import { waybillAssigners } from './groupAssigners';

export interface KafkaSourceOptions {
  kafka: Kafka;
  topic: string;
  groupId: string;
  pipeline: Pipeline;
  retentionMs: number;
  /** Awaited after every batch before the next: dead letters are written before going on. */
  onBatch: (batch: ProcessedBatch) => Promise<void>;
  /** A partition's state was dropped: it was revoked, or it starts afresh (its rebuild range is given). */
  onPartitionReset?: (partition: number, rebuild: { from: number; to: number } | null) => void;
  logger: Logger;
  clock?: () => number;
}

interface PartitionPosition {
  /** The next offset the pipeline expects: everything before it has been processed. */
  nextOffset: number;
  /** True until a batch starting exactly at `nextOffset` arrives: the seek has taken effect. */
  awaitingSeek: boolean;
  rebuildFrom: number;
  /** The end of the partition when it was assigned: reaching it ends the rebuild. */
  rebuildTo: number;
  highWatermark: number;
  /** Batches refused in a row while waiting for the seek. */
  refusedBatches: number;
}

/**
 * Refused batches after which the gap is accepted: the records between our position and
 * the batch are gone (retention deleted them while we were away), and the seek keeps
 * landing on the first record still there.
 */
const MAX_REFUSED_BATCHES = 3;

/** No answer from the broker for this long means it is out of reach. */
const CONNECTION_TIMEOUT_MS = 5_000;
/**
 * The group's timeouts. A member that dies (kill -9) holds its partitions until its
 * session expires: 10 s rather than kafkajs' 30 s, so a restarted instance owns them
 * again soon (brokers accept 6 s to 30 min by default). A join waits at most the
 * rebalance timeout for the other members; meanwhile no request returns, so a join this
 * recent is not a lost broker.
 */
export const GROUP_TIMEOUTS = { sessionTimeout: 6_000, heartbeatInterval: 1_000, rebalanceTimeout: 15_000 } as const;
/** The longest wait before starting a crashed consumer again. */
const MAX_RESTART_DELAY_MS = 60_000;
/** A crash this long after the previous one starts the back-off afresh. */
const CRASH_RESET_MS = 5 * 60_000;
/** Heartbeat at least this often within a long batch. */
const HEARTBEAT_EVERY_RECORDS = 2_000;

/**
 * Kafka mode's source: a consumer in a consumer group on the events topic. Each
 * partition it is assigned starts with empty state and is replayed from
 * `now - retention` (offsets by timestamp) before it counts as live; a revoked
 * partition's state is dropped. Offsets are never committed: the position that matters
 * is the pipeline's own, and every assignment rebuilds. A batch is processed, its dead
 * letters written, then the next is fetched, so the work in flight is one fetch.
 */
export class KafkaSource implements SourceStatus {
  readonly mode = 'kafka' as const;
  private readonly consumer: Consumer;
  private readonly positions = new Map<number, PartitionPosition>();
  private readonly clock: () => number;
  private lastFetchAt = 0;
  /** When the broker last answered any request (fetch, heartbeat, join, metadata). */
  private lastResponseAt = 0;
  private readonly createdAt: number;
  private readonly group: GroupOwnership;
  /** Between asking to join the group (from the start, or when a rebalance begins) and being given partitions. */
  private joiningSince: number | null;
  private assignmentGeneration = 0;
  private assignmentApplied = false;
  private started = false;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private crashesInARow = 0;
  private lastCrashAt = Number.NEGATIVE_INFINITY;
  /** Where other instances reach this one, told to the group at each join. */
  private advertisedUrl: string | null = null;

  constructor(private readonly options: KafkaSourceOptions) {
    this.clock = options.clock ?? Date.now;
    this.createdAt = this.clock();
    this.group = new GroupOwnership(options.kafka, options.topic, options.groupId);
    this.joiningSince = this.createdAt;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 1024 * 1024,
      maxBytes: 8 * 1024 * 1024,
      maxWaitTimeInMs: 1_000,
      ...GROUP_TIMEOUTS,
      partitionAssigners: waybillAssigners(options.topic, () => ({ url: this.advertisedUrl, held: [...this.positions.keys()] })),
      // At most 2 s between attempts while the broker is away: back within seconds of its return.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 2_000 },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.joiningSince = null;
      this.group.joinedAs(event.payload.memberId);
      void this.takeAssignment(event.payload.memberAssignment[options.topic] ?? []);
    });
    this.consumer.on(this.consumer.events.REBALANCING, () => {
      this.joiningSince ??= this.clock();
    });
    this.consumer.on(this.consumer.events.REQUEST, () => {
      this.lastResponseAt = this.clock();
    });
    this.consumer.on(this.consumer.events.FETCH, () => {
      this.lastFetchAt = this.clock();
    });
    // A batch of nothing but transaction markers (or aborted records) never reaches
    // eachBatch: kafkajs steps over it. The position steps over it too, or a partition
    // ending in a commit marker would never look caught up.
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const position = this.positions.get(payload.partition);
      if (payload.batchSize !== 0 || payload.firstOffset === null || !position) return;
      const firstOffset = Number(payload.firstOffset);
      if (position.awaitingSeek) {
        // Only the batch the seek asked for shows that the seek took effect.
        if (firstOffset !== position.nextOffset) return;
        position.awaitingSeek = false;
        position.refusedBatches = 0;
      }
      if (firstOffset <= position.nextOffset) position.nextOffset = Math.max(position.nextOffset, Number(payload.lastOffset) + 1);
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      options.logger.warn(`consumer crashed (${event.payload.restart ? 'restarting' : 'starting it again'})`, event.payload.error);
      // kafkajs gives up on errors it does not know to be transient; a source that stops
      // for good would leave the dashboard frozen, so it starts again.
      if (!event.payload.restart && !this.stopping) {
        // Crashing again soon after a restart backs off further: an error that repeats
        // must not turn into a rejoin every second.
        const now = this.clock();
        this.crashesInARow = now - this.lastCrashAt < CRASH_RESET_MS ? this.crashesInARow + 1 : 1;
        this.lastCrashAt = now;
        this.restartAfterCrash(this.crashesInARow);
      }
    });
  }

  get connected(): boolean {
    const now = this.clock();
    const lastAnswer = Math.max(this.lastFetchAt, this.lastResponseAt);
    // Connecting for the first time: not lost before it had a chance to answer.
    if (lastAnswer === 0) return now - this.createdAt < CONNECTION_TIMEOUT_MS;
    // A join blocks until the group is whole (up to the rebalance timeout): no answer comes
    // meanwhile, and none is owed.
    const patience = this.joiningSince !== null ? GROUP_TIMEOUTS.rebalanceTimeout + CONNECTION_TIMEOUT_MS : CONNECTION_TIMEOUT_MS;
    return now - lastAnswer < patience;
  }

  /** The topic's partitions, and which another member of the group holds; null until first read. */
  ownership(): PartitionOwnership | null {
    return this.group.ownership;
  }

  /** True until the group hands this instance its partitions (at start, and in each rebalance): joining, not a lost broker. */
  get joining(): boolean {
    return this.joiningSince !== null;
  }

  get progress(): RebuildProgress {
    if (!this.started) return { state: 'rebuilding', replayed: 0, total: 0, progress: 0 };
    let replayed = 0;
    let total = 0;
    for (const position of this.positions.values()) {
      total += position.rebuildTo - position.rebuildFrom;
      replayed += Math.min(position.nextOffset, position.rebuildTo) - position.rebuildFrom;
    }
    // Live once the group has handed out partitions and each has caught up (with none
    // assigned, as when instances outnumber partitions, there is nothing to rebuild).
    const state = this.assignmentApplied && replayed >= total ? 'live' : 'rebuilding';
    return { state, replayed, total, progress: total === 0 ? (state === 'live' ? 1 : 0) : replayed / total };
  }

  /** True once a partition assigned here has been replayed up to where it ended when assigned. */
  partitionLive(partition: number): boolean {
    const position = this.positions.get(partition);
    return position !== undefined && this.assignmentApplied && position.nextOffset >= position.rebuildTo;
  }

  lagRecords(partition: number): number {
    const position = this.positions.get(partition);
    return position ? Math.max(0, position.highWatermark - position.nextOffset) : 0;
  }

  /** Sets where other instances reach this one: call before start, so the first join tells it. */
  advertise(url: string): void {
    this.advertisedUrl = url;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    this.started = true;
    this.group.start();
    await this.run();
  }

  private run(): Promise<void> {
    return this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  private restartAfterCrash(attempt: number): void {
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping) return;
      this.joiningSince = this.clock();
      this.consumer
        .connect()
        .then(() => (this.stopping ? this.consumer.disconnect() : this.run()))
        .catch((error: unknown) => {
          this.options.logger.warn(`could not start the consumer again (attempt ${attempt}); retrying`, error);
          this.restartAfterCrash(attempt + 1);
        });
    }, Math.min(MAX_RESTART_DELAY_MS, 1_000 * 2 ** Math.min(attempt - 1, 6)));
  }

  /**
   * Applies an assignment, retrying while the broker does not answer: until it is applied,
   * batches of its partitions are ignored, so nothing is folded from a wrong position. A
   * newer assignment supersedes one still being applied.
   */
  private async takeAssignment(assigned: number[]): Promise<void> {
    const generation = ++this.assignmentGeneration;
    this.assignmentApplied = false;
    for (let attempt = 1; generation === this.assignmentGeneration; attempt += 1) {
      try {
        if (await this.onAssignment(assigned, generation)) this.assignmentApplied = true;
        return;
      } catch (error) {
        this.options.logger.warn(`could not apply the partition assignment (attempt ${attempt}); retrying`, error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * attempt)));
      }
    }
  }

  /**
   * A join hands out the partitions again. New ones rebuild from `now - retention`;
   * kept ones carry on from the pipeline's own position (the consumer's restarts at the
   * last commit, and nothing is committed); missing ones are dropped. False when a newer
   * assignment came while this one waited for the broker: that one applies instead.
   */
  private async onAssignment(assigned: number[], generation: number): Promise<boolean> {
    const { pipeline, topic } = this.options;
    const assignedSet = new Set(assigned);
    for (const partition of [...this.positions.keys()]) {
      if (!assignedSet.has(partition)) {
        this.positions.delete(partition);
        pipeline.revoke(partition);
        this.options.onPartitionReset?.(partition, null);
      }
    }
    const fresh = assigned.filter((partition) => !this.positions.has(partition));
    if (fresh.length > 0) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      try {
        const starts = await admin.fetchTopicOffsetsByTimestamp(topic, this.clock() - this.options.retentionMs);
        const ends = await admin.fetchTopicOffsets(topic);
        if (generation !== this.assignmentGeneration) return false;
        for (const partition of fresh) {
          const start = Number(starts.find((offset) => offset.partition === partition)?.offset ?? 0);
          const end = Number(ends.find((offset) => offset.partition === partition)?.high ?? start);
          pipeline.revoke(partition);
          pipeline.assign(partition);
          this.options.onPartitionReset?.(partition, { from: start, to: Math.max(start, end) });
          this.positions.set(partition, {
            nextOffset: start,
            awaitingSeek: true,
            rebuildFrom: start,
            rebuildTo: Math.max(start, end),
            highWatermark: end,
            refusedBatches: 0,
          });
        }
      } finally {
        await admin.disconnect();
      }
      this.options.logger.info(`assigned partitions ${fresh.join(', ')}: rebuilding from the last ${this.options.retentionMs / 1000} s`);
    }
    for (const partition of assigned) {
      const position = this.positions.get(partition)!;
      position.awaitingSeek = true;
      this.consumer.seek({ topic, partition, offset: String(position.nextOffset) });
    }
    return true;
  }

  private async onBatch({ batch, heartbeat, isRunning, isStale, resolveOffset }: EachBatchPayload): Promise<void> {
    const position = this.positions.get(batch.partition);
    if (!position || batch.messages.length === 0) return;
    position.highWatermark = Number(batch.highWatermark);
    // The batch's first offset, counting records kafkajs filtered out (transaction markers,
    // aborted records): a seek may land on one of those.
    const firstOffset = Number(batch.firstOffset() ?? batch.messages[0]!.offset);
    if (position.awaitingSeek) {
      // Until the seek to our position shows, batches come from wherever the consumer was.
      if (firstOffset > position.nextOffset && position.refusedBatches < MAX_REFUSED_BATCHES) {
        position.refusedBatches += 1;
        this.consumer.seek({ topic: this.options.topic, partition: batch.partition, offset: String(position.nextOffset) });
        return;
      }
      if (firstOffset > position.nextOffset) {
        this.options.logger.warn(
          `partition ${batch.partition}: offsets ${position.nextOffset} to ${firstOffset - 1} are gone (retention); going on from ${firstOffset}`,
        );
      }
      position.awaitingSeek = false;
      position.refusedBatches = 0;
    }
    const records: LogRecord[] = [];
    const outcomes: Outcome[] = [];
    // A failed heartbeat (a rebalance has begun) ends the fold, but what was folded
    // still has its dead letters written before the error goes back to kafkajs.
    let interruption: unknown = null;
    let lastSkipped = -1;
    let folded = true;
    // A rebalance may revoke the partition while its batch is being folded: stop there, or
    // the pipeline would take the partition back. Only an await lets one in, so the check
    // runs before the fold and after each heartbeat, not on every record.
    const revoked = () => !isRunning() || isStale() || this.positions.get(batch.partition) !== position;
    if (revoked()) folded = false;
    const foldStartedAt = preciseNow();
    for (const message of folded ? batch.messages : []) {
      const offset = Number(message.offset);
      if (offset < position.nextOffset) {
        lastSkipped = offset;
        continue;
      }
      const record = toLogRecord(batch.partition, message);
      records.push(record);
      outcomes.push(this.options.pipeline.process(record));
      position.nextOffset = offset + 1;
      if (records.length % HEARTBEAT_EVERY_RECORDS === 0) {
        try {
          await heartbeat();
        } catch (error) {
          interruption = error;
          folded = false;
          break;
        }
        if (revoked()) {
          folded = false;
          break;
        }
      }
    }
    // Offsets kafkajs filtered out of the batch (transaction markers, aborted records)
    // hold nothing to fold: once past the batch's records, the position is past them too.
    if (folded && interruption === null) position.nextOffset = Math.max(position.nextOffset, Number(batch.lastOffset()) + 1);
    const fold = { foldStartedAt, foldEndedAt: preciseNow() };
    if (records.length > 0) await this.writeDeadLetters(batch.partition, { records, outcomes, ...fold }, isRunning, heartbeat);
    // Resolved even when every record was one processed before, so kafkajs moves on
    // instead of fetching the same batch again. kafkajs forgets a partition that a rejoin
    // took away, and resolving one then throws.
    const resolvable = records.length > 0 || folded ? position.nextOffset - 1 : lastSkipped;
    if (resolvable >= 0 && !isStale() && this.positions.get(batch.partition) === position) resolveOffset(String(resolvable));
    if (interruption !== null) throw interruption;
    if (records.length > 0) await heartbeat();
  }

  /**
   * The records are folded already: their dead letters must be written before going on,
   * so a lost broker holds the partition here instead of losing them.
   */
  private async writeDeadLetters(
    partition: number,
    batch: ProcessedBatch,
    isRunning: () => boolean,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.onBatch(batch);
        return;
      } catch (error) {
        if (!isRunning() || this.stopping) throw error;
        this.options.logger.warn(`partition ${partition}: writing dead letters failed (attempt ${attempt}); retrying`, error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * attempt)));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    await this.consumer.disconnect().catch(() => undefined);
    await this.group.stop();
  }
}
