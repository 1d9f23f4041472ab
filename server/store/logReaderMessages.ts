import type { PackedBytes } from '../packedBytes';

/** What the log's reader thread is started with. */
export interface LogReaderSetup {
  dataDir: string;
}

/** A run of records as it travels from the thread: every value in one transferred buffer. */
export interface PackedLogRecords {
  partition: number;
  offsets: number[];
  appendTimes: number[];
  keys: (string | null)[];
  values: PackedBytes;
  /** Records whose value is null (packed as empty). */
  nullValues: number[];
  /** Headers as stored (JSON text). */
  headers: (string | null)[];
}

export type LogReaderRequest = { id: number; kind: 'read'; partition: number; fromOffset: number; limit: number };

export type LogReaderReply = { id: number; ok: true; records: PackedLogRecords } | { id: number; ok: false; message: string };
