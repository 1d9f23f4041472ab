import type { Producer } from 'kafkajs';
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

/**
 * Writes dead letters to the DLQ topic: the original key, value and headers plus the
 * `waybill.dlq.*` headers, through an idempotent producer with acks from all in-sync
 * replicas. An input already on the DLQ topic is not written again.
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
    const messages = fresh.map(({ topic, record, rejection }) => ({
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
    }));
    await this.producer.send({ topic: this.dlqTopic, acks: -1, messages });
    for (const [i, { topic, record, rejection }] of fresh.entries()) {
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
        value: record.value,
        headers: messages[i]!.headers as Record<string, string>,
      });
    }
  }
}
