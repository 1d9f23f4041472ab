import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { LogRecord } from '../pipeline/logRecord';

/** kafkajs header values (Buffer, string, or arrays of them) as the pipeline's strings. */
export function headersOf(headers: IHeaders | undefined): Record<string, string> | undefined {
  if (!headers) return undefined;
  const result: Record<string, string> = {};
  let any = false;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) continue;
    result[name] = typeof value === 'string' ? value : value.toString('utf8');
    any = true;
  }
  return any ? result : undefined;
}

/** A Kafka record as the pipeline sees it: its append time is the record timestamp. */
export function toLogRecord(partition: number, message: KafkaMessage): LogRecord {
  return {
    partition,
    offset: Number(message.offset),
    appendTime: Number(message.timestamp),
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value,
    headers: headersOf(message.headers),
  };
}
