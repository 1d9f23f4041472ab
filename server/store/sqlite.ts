import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * How an acknowledged write is kept (SYNC). `normal`: WAL with synchronous=NORMAL, which
 * survives the process being killed at any moment (what a restart needs) but may lose the
 * last transactions if the machine loses power or the kernel crashes. `full`: the WAL is
 * flushed to the disk before each commit returns, so an acknowledged batch survives power
 * loss too, at the cost of an fsync per append transaction (docs/benchmarks.md).
 */
export type SyncMode = 'normal' | 'full';
export const SYNC_MODES: readonly SyncMode[] = ['normal', 'full'];

/**
 * A connection to embedded mode's SQLite file under DATA_DIR, in WAL mode so readers and
 * the writer work side by side. `sync` matters for the log, whose commits acknowledge
 * ingest; what is rebuilt from the log (dead letters, the index) needs no more than normal.
 */
export function openSqlite(dataDir: string, sync: SyncMode = 'normal'): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'waybill.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  return db;
}
