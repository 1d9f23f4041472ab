import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The stored blocks' layout: 2 keeps subjects and ids as code units (storedTexts.ts), 1 (user_version 0) as JSON. */
export const INDEX_FORMAT = 2;

/**
 * The event index's own SQLite file under DATA_DIR: apart from the embedded log, so its
 * writes never queue behind the log's. The reader (the server's thread) and the writer
 * (the index writer's thread) each open a connection; WAL lets them work side by side.
 */
export function openIndexDatabase(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'event-index.sqlite'));
  db.pragma('journal_mode = WAL');
  // Derived from the log: a crash loses at most what the next replay indexes again.
  db.pragma('synchronous = OFF');
  // A file of another layout is dropped whole: the next replay indexes everything again.
  if (db.pragma('user_version', { simple: true }) !== INDEX_FORMAT) {
    db.exec('DROP TABLE IF EXISTS index_blocks');
    db.pragma(`user_version = ${INDEX_FORMAT}`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS index_blocks (
      id INTEGER PRIMARY KEY,
      partition INTEGER NOT NULL, first_offset INTEGER NOT NULL, last_offset INTEGER NOT NULL, count INTEGER NOT NULL,
      min_append INTEGER NOT NULL, max_append INTEGER NOT NULL, min_event INTEGER, max_event INTEGER,
      outcomes INTEGER NOT NULL, reasons INTEGER NOT NULL, dictionary TEXT NOT NULL, bloom BLOB NOT NULL,
      columns BLOB NOT NULL, texts BLOB NOT NULL, strings TEXT NOT NULL,
      UNIQUE (partition, first_offset));
    CREATE TABLE IF NOT EXISTS index_replays (
      replay_of TEXT NOT NULL, ref TEXT NOT NULL, partition INTEGER NOT NULL, append_time INTEGER NOT NULL,
      PRIMARY KEY (replay_of, ref)) WITHOUT ROWID;
  `);
  return db;
}
