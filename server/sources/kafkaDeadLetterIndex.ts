import type { Consumer, Kafka } from 'kafkajs';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { DeadLetterLedger, LedgerEntry } from '../sinks/kafkaDeadLetterSink';
import { payloadPreview, type DeadLetterPage, type DeadLetterQuery, type DeadLetterView } from '../../lib/deadLetters';
import { deadLetterFields } from '../pipeline/deadLetterFields';
import { recordRef } from '../pipeline/logRecord';
import type { RefusedInputs } from '../pipeline/refusedInputs';
import { DLQ_HEADERS, sourceKey } from '../sinks/deadLetterHeaders';
import { headersOf } from './kafkaRecords';
import { GROUP_TIMEOUTS } from './kafkaSource';
import { closePrivateGroup } from './privateGroup';

const MAX_KEPT = 50_000;

/**
 * What the DLQ topic holds, read back from the topic itself: which inputs are already
 * dead-lettered (so a rebuild writes none of them twice, however often Waybill restarts)
 * and the newest dead letters for GET /api/dlq. Each process reads the whole topic with
 * a consumer group of its own.
 */
export class KafkaDeadLetterIndex implements DeadLetterLedger {
  private readonly known = new Set<string>();
  /** The known keys in the order they came, with when they failed: the oldest are forgotten first. */
  private readonly knownByAge: { key: string; failedAt: number }[] = [];
  private knownByAgeStart = 0;
  private readonly items: (DeadLetterView & { sequence: number })[] = [];
  private sequence = 0;
  private consumer: Consumer | null = null;
  private caughtUp: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    /**
     * `retentionMs`: how long an input can be replayed. A dead letter that failed well over
     * that long ago stands for an input no rebuild reads again, so its key is forgotten.
     */
    private readonly options: { dlqTopic: string; groupId: string; retentionMs: number; clock?: () => number },
    /** Where the dead letters of inputs refused at ingest are counted, as they are read back. */
    private readonly refusedInputs: RefusedInputs,
  ) {}

  /** Starts reading; resolves once everything on the topic when it started has been read. */
  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(this.options.dlqTopic);
    await admin.disconnect();
    const remaining = new Map(ends.filter((end) => Number(end.high) > Number(end.low)).map((end) => [end.partition, Number(end.high)]));
    let markCaughtUp: () => void = () => undefined;
    this.caughtUp = new Promise((resolve) => (markCaughtUp = resolve));
    if (remaining.size === 0) markCaughtUp();

    // A group of one: after a broker restart its old membership holds the rejoin up for a session, so the session is short.
    this.consumer = this.kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false, ...GROUP_TIMEOUTS });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.dlqTopic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const headers = headersOf(message.headers) ?? {};
        this.remember({
          topic: headers[DLQ_HEADERS.topic] ?? '',
          partition: Number(headers[DLQ_HEADERS.partition] ?? -1),
          offset: Number(headers[DLQ_HEADERS.offset] ?? -1),
          reason: (headers[DLQ_HEADERS.reason] ?? 'processing_error') as DeadLetterReason,
          error: headers[DLQ_HEADERS.error] ?? '',
          failedAt: Number(headers[DLQ_HEADERS.failedAt] ?? message.timestamp),
          key: message.key?.toString('utf8') ?? null,
          value: message.value,
          headers,
          dlqPartition: partition,
          dlqOffset: Number(message.offset),
        });
        const end = remaining.get(partition);
        if (end !== undefined && Number(message.offset) + 1 >= end) {
          remaining.delete(partition);
          if (remaining.size === 0) markCaughtUp();
        }
      },
    });
    await this.caughtUp;
  }

  has(topic: string, partition: number, offset: number): boolean {
    return this.known.has(sourceKey(topic, partition, offset));
  }

  /** Called for what this process wrote, so it is known before the topic is read back. */
  remember(entry: LedgerEntry): void {
    const key = sourceKey(entry.topic, entry.partition, entry.offset);
    if (entry.offset >= 0 && this.known.has(key)) return;
    if (entry.offset >= 0) {
      this.known.add(key);
      this.knownByAge.push({ key, failedAt: entry.failedAt });
      this.forgetReplayedNoMore();
    }
    const reason: DeadLetterReason = (DEAD_LETTER_REASONS as readonly string[]).includes(entry.reason) ? entry.reason : 'processing_error';
    // The pipeline counts what it dead-letters itself; inputs refused at ingest never reached it.
    if (entry.offset < 0) this.refusedInputs.count(entry.failedAt, reason);
    const payload = entry.value ? Buffer.from(entry.value).toString('utf8') : null;
    this.sequence += 1;
    this.items.push({
      sequence: this.sequence,
      // Inputs refused at ingest never had coordinates in the events topic: they are named by the dead letter's own.
      ref: entry.offset >= 0 ? recordRef(entry.partition, entry.offset) : `dlq-${recordRef(entry.dlqPartition ?? 0, entry.dlqOffset ?? this.sequence)}`,
      partition: entry.partition,
      offset: entry.offset,
      reason,
      error: entry.error,
      appendTime: entry.failedAt,
      failedAt: entry.failedAt,
      key: entry.key,
      // Only the start is kept: the whole value is read back from Kafka when asked for.
      ...payloadPreview(payload),
      payloadBytes: entry.headers[DLQ_HEADERS.valueOmitted] !== undefined ? Number(entry.headers[DLQ_HEADERS.valueOmitted]) : (entry.value?.byteLength ?? 0),
      headers: entry.headers,
      type: deadLetterFields(entry.value, entry.headers).type,
      replayedAt: null,
      replayedAs: null,
    });
    if (this.items.length > MAX_KEPT) this.items.splice(0, this.items.length - MAX_KEPT);
  }

  /** How many inputs are known to be dead-lettered already. */
  get knownCount(): number {
    return this.known.size;
  }

  private forgetReplayedNoMore(): void {
    // Twice the retention: a rebuild that began a while ago (a broker away in the middle of
    // it) still replays from its own, earlier start.
    const cutoff = (this.options.clock ?? Date.now)() - 2 * this.options.retentionMs;
    while (this.knownByAgeStart < this.knownByAge.length && this.knownByAge[this.knownByAgeStart]!.failedAt < cutoff) {
      this.known.delete(this.knownByAge[this.knownByAgeStart]!.key);
      this.knownByAgeStart += 1;
    }
    // Drop the forgotten front now and then, rather than shifting the array every time.
    if (this.knownByAgeStart > 1_024 && this.knownByAgeStart * 2 > this.knownByAge.length) {
      this.knownByAge.splice(0, this.knownByAgeStart);
      this.knownByAgeStart = 0;
    }
  }

  byRef(ref: string): DeadLetterView | null {
    for (let i = this.items.length - 1; i >= 0; i -= 1) {
      if (this.items[i]!.ref === ref) {
        const { sequence: _sequence, ...item } = this.items[i]!;
        return item;
      }
    }
    return null;
  }

  page(options: DeadLetterQuery): DeadLetterPage {
    const from = options.from ?? Number.NEGATIVE_INFINITY;
    const to = options.to ?? Number.POSITIVE_INFINITY;
    const matching = this.items.filter(
      (item) =>
        (options.reason === null || item.reason === options.reason) &&
        (options.type === null || item.type === options.type) &&
        item.appendTime >= from &&
        item.appendTime < to,
    );
    const before = options.cursor ?? Number.MAX_SAFE_INTEGER;
    const newestFirst = matching.filter((item) => item.sequence < before).reverse();
    const page = newestFirst.slice(0, options.limit);
    const hasMore = newestFirst.length > options.limit;
    return {
      items: page.map(({ sequence: _sequence, ...item }) => item),
      total: matching.length,
      nextCursor: hasMore ? String(page[page.length - 1]!.sequence) : null,
    };
  }

  async stop(): Promise<void> {
    await closePrivateGroup(this.kafka, this.consumer, this.options.groupId);
  }
}
