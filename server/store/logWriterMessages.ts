import type { PackedBytes } from '../packedBytes';
import type { SyncMode } from './sqlite';

/** What the log's thread is started with. */
export interface LogWriterSetup {
  dataDir: string;
  sync: SyncMode;
}

/** A batch of rows as it travels to the thread: every value in one transferred buffer. */
export interface PackedLogRows {
  partitions: number[];
  offsets: number[];
  appendTimes: number[];
  keys: (string | null)[];
  values: PackedBytes;
  headers: (string | null)[];
  ends: [number, number, number][];
}

export type LogWriterRequest =
  | { id: number; kind: 'write'; rows: PackedLogRows }
  | { id: number; kind: 'delete'; time: number; limit: number | null };

export type LogWriterReply = { id: number; ok: true; changes: number } | { id: number; ok: false; message: string };
