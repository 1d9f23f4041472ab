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
  /** Where the dead letter itself sits on the DLQ topic, once read back from it. */
  dlqPartition?: number;
  dlqOffset?: number;
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
  /** The trace the dead letter continues (W3C `traceparent` header), when tracing records it. */
  traceparent?: string | null;
}

/** Kafka's default `max.message.bytes`, for a DLQ topic whose own setting cannot be read. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
/** Room kept for what a record batch adds around its records (its header, varints). */
const BATCH_OVERHEAD_BYTES = 1_024;
/** Room kept per record for its own framing, beyond key, value and headers. */
const RECORD_OVERHEAD_BYTES = 64;

type Letter = { deadLetter: DeadLetter; message: Message };

/** About what a message takes in a record batch; an over-estimate by a little. */
function sizeOf(message: Message): number {
  let size = RECORD_OVERHEAD_BYTES + byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) size += Buffer.byteLength(name) + byteLength(value as string | Buffer) + 8;
  return size;
}

function byteLength(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
}

/**
 * Writes dead letters to the DLQ topic: the original key, value and headers plus the
 * `waybill.dlq.*` headers, through an idempotent producer with acks from all in-sync
 * replicas. An input already on the DLQ topic is not written again.
 *
 * Nothing is sent that the DLQ topic would refuse for size (`max.message.bytes`): a
 * refusal is permanent, so retrying it would hold its partition forever, and a request
 * that fails for one partition makes kafkajs resend the others' batches too. A dead letter
 * too large on its own is written without its value, with `waybill.dlq.value_omitted`
 * giving the value's size (the value is still in the source topic, at the coordinates the
 * headers give); the rest go in requests that stay under the limit.
 */
export class KafkaDeadLetterSink {
  /** The DLQ topic's `max.message.bytes`, once read from the broker. */
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;

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
    const budget = this.maxMessageBytes - BATCH_OVERHEAD_BYTES;
    let request: Letter[] = [];
    let requestBytes = 0;
    for (const deadLetter of fresh) {
      let message = this.messageOf(deadLetter, failedAt);
      let size = sizeOf(message);
      if (size > budget) {
        const valueBytes = byteLength(message.value);
        message = { ...message, value: null, headers: { ...message.headers, [DLQ_HEADERS.valueOmitted]: String(valueBytes) } };
        size = sizeOf(message);
      }
      if (request.length > 0 && requestBytes + size > budget) {
        await this.send(request, failedAt);
        request = [];
        requestBytes = 0;
      }
      request.push({ deadLetter, message });
      requestBytes += size;
    }
    if (request.length > 0) await this.send(request, failedAt);
  }

  private messageOf({ topic, record, rejection, traceparent }: DeadLetter, failedAt: number): Message {
    return {
      key: record.key,
      value: record.value ? Buffer.from(record.value) : null,
      headers: {
        ...record.headers,
        ...(traceparent ? { traceparent } : {}),
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
  private async send(letters: readonly Letter[], failedAt: number): Promise<void> {
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
