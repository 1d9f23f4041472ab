import type Database from 'better-sqlite3';

/*
 * What the embedded log writes, as one function of a connection: the log's own thread
 * runs it, or, for tools and tests, the thread the log lives on (embeddedLog.ts). The rows
 * come numbered: offsets and append times are given before the write, on the log's thread,
 * so they are in order whoever writes them.
 */

/** A batch of rows to write in one transaction, column by column. */
export interface LogRows {
  partitions: number[];
  offsets: number[];
  appendTimes: number[];
  keys: (string | null)[];
  values: Uint8Array[];
  /** JSON text, or null. */
  headers: (string | null)[];
  /** Where each partition written to stands after the batch: `[partition, nextOffset, lastAppendTime]`. */
  ends: [number, number, number][];
}

export interface LogWrites {
  write(rows: LogRows): void;
  /** Deletes at most `limit` of the records appended before `time`, oldest first (no limit: all); says how many. */
  deleteBefore(time: number, limit: number | null): number;
}

export function logWrites(db: Database.Database): LogWrites {
  const insert = db.prepare('INSERT INTO log_records (partition, offset, append_time, key, value, headers) VALUES (?, ?, ?, ?, ?, ?)');
  const savePartition = db.prepare(
    'INSERT INTO log_partitions (partition, next_offset, last_append_time) VALUES (?, ?, ?) ' +
      'ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset, last_append_time = excluded.last_append_time',
  );
  const deleteAllBefore = db.prepare('DELETE FROM log_records WHERE append_time < ?');
  const deleteSomeBefore = db.prepare(
    'DELETE FROM log_records WHERE (partition, offset) IN (SELECT partition, offset FROM log_records WHERE append_time < ? LIMIT ?)',
  );
  const write = db.transaction((rows: LogRows) => {
    for (let i = 0; i < rows.offsets.length; i += 1) {
      insert.run(rows.partitions[i], rows.offsets[i], rows.appendTimes[i], rows.keys[i], rows.values[i], rows.headers[i]);
    }
    for (const [partition, nextOffset, lastAppendTime] of rows.ends) savePartition.run(partition, nextOffset, lastAppendTime);
  });
  return {
    write: (rows) => write(rows),
    deleteBefore: (time, limit) => (limit === null ? deleteAllBefore.run(time) : deleteSomeBefore.run(time, limit)).changes,
  };
}
