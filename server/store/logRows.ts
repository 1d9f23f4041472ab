import type { LogRecord } from '../pipeline/logRecord';

/** A run of one partition's records from `offset` on: what the log's readers ask SQLite for. */
export const READ_RECORDS_SQL =
  'SELECT partition, offset, append_time, key, value, headers FROM log_records WHERE partition = ? AND offset >= ? ORDER BY offset LIMIT ?';

/** A record as SQLite keeps it. */
export interface StoredRecord {
  partition: number;
  offset: number;
  append_time: number;
  key: string | null;
  value: Buffer | null;
  headers: string | null;
}

export function toLogRecord(row: StoredRecord): LogRecord {
  return {
    partition: row.partition,
    offset: row.offset,
    appendTime: row.append_time,
    key: row.key,
    value: row.value,
    headers: parseHeaders(row.headers),
  };
}

/** Headers as stored: JSON text, or null for none. */
export function parseHeaders(text: string | null): Record<string, string> | undefined {
  return text ? (JSON.parse(text) as Record<string, string>) : undefined;
}
