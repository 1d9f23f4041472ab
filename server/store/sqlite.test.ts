import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from './sqlite';

// SQLite's numbers for PRAGMA synchronous: 1 NORMAL, 2 FULL.
describe('openSqlite', () => {
  it('syncs the WAL at every commit with full, at checkpoints only with normal', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-sqlite-'));
    for (const [sync, expected] of [['normal', 1], ['full', 2]] as const) {
      const db = openSqlite(dataDir, sync);
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('synchronous', { simple: true })).toBe(expected);
      } finally {
        db.close();
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
