import type { Message, Producer } from 'kafkajs';
import type { Rejection } from '../pipeline/deadLetter';
import type { LogRecord } from '../pipeline/logRecord';
import { DLQ_HEADERS } from './deadLetterHeaders';
import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';

export interface LedgerEntry {
  topic: string;
  partition: number;
  offset: number;
  reason: DeadLetterReason;
  error: string;
  failedAt: number;
  key: string | null;
  value: Uint8Array | null;
  headers: Record<string, string>;
}

/** What is on the DLQ topic already, as the sink needs to know it. */
export interface DeadLetterLedger {
  has(topic: string, partition: number, offset: number): boolean;
  remember(entry: LedgerEntry): void;
}

export interface DeadLetter {
  /** The topic the input came from, or was meant for. */
  topic: string;
  /** The input; partition and offset are -1 for inputs refused before reaching the topic. */
  record: LogRecord;
  rejection: Rejection;
}

/** Why the broker refuses a send for good: a record, or a batch of them, over its size limit. */
const SIZE_REFUSALS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

function isRefusedForSize(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (SIZE_REFUSALS.has((cause as { type?: string }).type ?? '')) return true;
  }
  return false;
}

/**
 * Writes dead letters to the DLQ topic: the original key, value and headers plus the
 * `waybill.dlq.*` headers, through an idempotent producer with acks from all in-sync
 * replicas. An input already on the DLQ topic is not written again.
 *
 * A dead letter the DLQ topic cannot take (its copy with the headers is over the topic's
 * size limit) would otherwise be retried forever and hold its partition: it is written
 * without its value instead, with `waybill.dlq.value_omitted` giving the value's size. The
 * value itself is still in the source topic, at the coordinates the headers give.
 */
export class KafkaDeadLetterSink {
  constructor(
    private readonly producer: Producer,
    private readonly index: DeadLetterLedger,
    private readonly dlqTopic: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async write(deadLetters: readonly DeadLetter[]): Promise<void> {
    const fresh = deadLetters.filter(
      ({ topic, record }) => record.offset < 0 || !this.index.has(topic, record.partition, record.offset),
    );
    if (fresh.length === 0) return;
    const failedAt = this.clock();
    const letters = fresh.map((deadLetter) => ({ deadLetter, message: this.messageOf(deadLetter, failedAt) }));
    try {
      await this.send(letters, failedAt);
    } catch (error) {
      if (!isRefusedForSize(error)) throw error;
      // One at a time, so only what is too large on its own loses its value.
      for (const letter of letters) {
        try {
          await this.send([letter], failedAt);
        } catch (single) {
          if (!isRefusedForSize(single)) throw single;
          const { value, headers } = letter.message;
          const size = value ? (value as Buffer).byteLength : 0;
          await this.send([{ ...letter, message: { ...letter.message, value: null, headers: { ...headers, [DLQ_HEADERS.valueOmitted]: String(size) } } }], failedAt);
        }
      }
    }
  }

  private messageOf({ topic, record, rejection }: DeadLetter, failedAt: number): Message {
    return {
      key: record.key,
      value: record.value ? Buffer.from(record.value) : null,
      headers: {
        ...record.headers,
        [DLQ_HEADERS.reason]: rejection.reason,
        [DLQ_HEADERS.error]: rejection.error,
        [DLQ_HEADERS.topic]: topic,
        [DLQ_HEADERS.partition]: String(record.partition),
        [DLQ_HEADERS.offset]: String(record.offset),
        [DLQ_HEADERS.failedAt]: String(failedAt),
      },
    };
  }

  /** Sends, then remembers what was sent, so a retry after a partial failure writes none twice. */
  private async send(letters: readonly { deadLetter: DeadLetter; message: Message }[], failedAt: number): Promise<void> {
    await this.producer.send({ topic: this.dlqTopic, acks: -1, messages: letters.map(({ message }) => message) });
    for (const { deadLetter, message } of letters) {
      const { topic, record, rejection } = deadLetter;
      // Refused-at-ingest letters have no coordinates to dedupe by: they are listed when read back.
      if (record.offset < 0) continue;
      this.index.remember({
        topic,
        partition: record.partition,
        offset: record.offset,
        reason: rejection.reason,
        error: rejection.error,
        failedAt,
        key: record.key,
        value: message.value ? record.value : null,
        headers: message.headers as Record<string, string>,
      });
    }
  }
}
