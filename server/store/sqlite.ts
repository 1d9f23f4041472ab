import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * A connection to embedded mode's SQLite file under DATA_DIR. WAL with synchronous=NORMAL
 * survives a process crash, which is what a restart needs, and lets readers and the
 * writer work side by side.
 */
export function openSqlite(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'waybill.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
