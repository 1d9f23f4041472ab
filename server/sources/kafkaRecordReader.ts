import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { LogRecord } from '../pipeline/logRecord';
import { toLogRecord } from './kafkaRecords';
import { closePrivateGroup } from './privateGroup';

interface Wanted {
  topic: string;
  partition: number;
  offset: number;
  resolve: (record: LogRecord | null) => void;
}

const READ_TIMEOUT_MS = 5_000;

/**
 * Reads single records back from Kafka by their coordinates, for an input's detail and a
 * dead letter's replay: the event index keeps no payloads, Kafka does. One consumer of a
 * group of its own holds every partition of the topics paused; a read seeks, resumes that
 * one partition until the record (or what lies past it) arrives, and pauses it again.
 * Reads go one at a time: they are an operator's clicks, not a stream.
 */
export class KafkaRecordReader {
  private consumer: Consumer | null = null;
  private wanted: Wanted | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private ready: Promise<void> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: { topics: string[]; groupId: string },
  ) {}

  private start(): Promise<void> {
    this.ready ??= (async () => {
      const consumer = this.kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 250 });
      this.consumer = consumer;
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.connect();
      await consumer.subscribe({ topics: this.options.topics, fromBeginning: false });
      await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (payload) => this.onBatch(payload) });
      consumer.pause(this.options.topics.map((topic) => ({ topic })));
      await joined;
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async onBatch({ batch }: EachBatchPayload): Promise<void> {
    const wanted = this.wanted;
    if (!wanted || batch.topic !== wanted.topic || batch.partition !== wanted.partition) return;
    const message = batch.messages.find((candidate) => Number(candidate.offset) === wanted.offset);
    const past = batch.messages.some((candidate) => Number(candidate.offset) > wanted.offset);
    if (message) this.settle(toLogRecord(batch.partition, message));
    // The offset holds nothing readable (a transaction marker, compacted or deleted).
    else if (past) this.settle(null);
  }

  private settle(record: LogRecord | null): void {
    const wanted = this.wanted;
    if (!wanted) return;
    this.wanted = null;
    this.consumer?.pause([{ topic: wanted.topic, partitions: [wanted.partition] }]);
    wanted.resolve(record);
  }

  /** The record at these coordinates; null when Kafka no longer has it or does not answer in time. */
  read(topic: string, partition: number, offset: number): Promise<LogRecord | null> {
    const next = this.queue.then(async () => {
      await this.start();
      return new Promise<LogRecord | null>((resolve) => {
        const timer = setTimeout(() => this.settle(null), READ_TIMEOUT_MS);
        this.wanted = {
          topic,
          partition,
          offset,
          resolve: (record) => {
            clearTimeout(timer);
            resolve(record);
          },
        };
        this.consumer!.seek({ topic, partition, offset: String(offset) });
        this.consumer!.resume([{ topic, partitions: [partition] }]);
      });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async stop(): Promise<void> {
    this.settle(null);
    await closePrivateGroup(this.kafka, this.consumer, this.options.groupId);
  }
}
