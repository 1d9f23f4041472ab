import type Database from 'better-sqlite3';
import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { DEAD_LETTER_PREVIEW_CHARS, payloadPreview, type DeadLetterPage, type DeadLetterQuery, type DeadLetterView } from '../../lib/deadLetters';
import { recordRef, type LogRecord } from '../pipeline/logRecord';
import type { Rejection } from '../pipeline/deadLetter';
import { deadLetterFields } from '../pipeline/deadLetterFields';
import { openSqlite } from './sqlite';

export interface DeadLetterEntry {
  record: LogRecord;
  rejection: Rejection;
}

/**
 * Dead letters of embedded mode, beside the log in the same SQLite file. Each is keyed
 * by its log coordinates, so the replay on start finds it already on record and writes
 * nothing twice. A dead letter's value is stored once, in the log (embeddedLog.ts, table
 * `log_records`): pages read the start of it from there, the whole of it is read from the
 * log by its coordinates.
 */
export class DeadLetterStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dataDir: string) {
    this.db = openSqlite(dataDir);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ref TEXT NOT NULL UNIQUE,
        partition INTEGER NOT NULL,
        offset INTEGER NOT NULL,
        reason TEXT NOT NULL,
        error TEXT NOT NULL,
        append_time INTEGER NOT NULL,
        failed_at INTEGER NOT NULL,
        key TEXT,
        value BLOB,
        headers TEXT,
        replayed_at INTEGER);
      CREATE INDEX IF NOT EXISTS dead_letters_reason ON dead_letters (reason, id);
      CREATE INDEX IF NOT EXISTS dead_letters_append_time ON dead_letters (append_time);
    `);
    // Files written before dead letters kept the type their payload names.
    const columns = this.db.prepare('PRAGMA table_info(dead_letters)').all() as { name: string }[];
    if (!columns.some((column) => column.name === 'type')) this.db.exec('ALTER TABLE dead_letters ADD COLUMN type TEXT');
    this.statements = {
      insert: this.db.prepare(
        'INSERT OR IGNORE INTO dead_letters (ref, partition, offset, reason, error, append_time, failed_at, key, value, headers, type) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      page: this.db.prepare(`${WITH_PREVIEW} WHERE dead_letters.id < @cursor AND ${FILTER} ORDER BY dead_letters.id DESC LIMIT @limit`),
      count: this.db.prepare(`SELECT COUNT(*) AS count FROM dead_letters WHERE ${FILTER}`),
      byRef: this.db.prepare(`${WITH_PREVIEW} WHERE dead_letters.ref = @ref`),
      deleteBefore: this.db.prepare('DELETE FROM dead_letters WHERE append_time < ?'),
    };
  }

  /** Records dead letters in one transaction; already known ones are left as they are. */
  record(entries: readonly DeadLetterEntry[], failedAt: number): void {
    if (entries.length === 0) return;
    this.db.transaction(() => {
      for (const { record, rejection } of entries) {
        this.statements.insert.run(
          recordRef(record.partition, record.offset),
          record.partition,
          record.offset,
          rejection.reason,
          rejection.error,
          record.appendTime,
          failedAt,
          record.key,
          // The log has it.
          null,
          record.headers ? JSON.stringify(record.headers) : null,
          deadLetterFields(record.value, record.headers).type,
        );
      }
    })();
  }

  byRef(ref: string): DeadLetterView | null {
    const row = this.statements.byRef.get({ ref, previewBytes: PREVIEW_BYTES }) as StoredDeadLetter | undefined;
    return row ? toView(row) : null;
  }

  /** Newest first; `cursor` is the `nextCursor` of the previous page. */
  page(options: DeadLetterQuery): DeadLetterPage {
    const filter = {
      reason: options.reason,
      type: options.type,
      from: options.from ?? Number.MIN_SAFE_INTEGER,
      to: options.to ?? Number.MAX_SAFE_INTEGER,
    };
    const rows = this.statements.page.all({
      ...filter,
      cursor: options.cursor ?? Number.MAX_SAFE_INTEGER,
      limit: options.limit + 1,
      previewBytes: PREVIEW_BYTES,
    }) as StoredDeadLetter[];
    const hasMore = rows.length > options.limit;
    const items = rows.slice(0, options.limit).map(toView);
    const total = (this.statements.count.get(filter) as { count: number }).count;
    return { items, total, nextCursor: hasMore ? String(rows[options.limit - 1]!.id) : null };
  }

  deleteBefore(time: number): number {
    return this.statements.deleteBefore.run(time).changes;
  }

  close(): void {
    this.db.close();
  }
}

/** UTF-8 takes up to four bytes a character: enough bytes for the preview's characters. */
const PREVIEW_BYTES = 4 * DEAD_LETTER_PREVIEW_CHARS;

/**
 * Each dead letter with the start of its value and its size, read from the log (files
 * written before values were stored once still have theirs in `value`).
 */
const WITH_PREVIEW = `
  SELECT dead_letters.*,
    COALESCE(substr(log_records.value, 1, @previewBytes), substr(dead_letters.value, 1, @previewBytes)) AS preview,
    COALESCE(length(log_records.value), length(dead_letters.value), 0) AS value_bytes
  FROM dead_letters LEFT JOIN log_records
    ON log_records.partition = dead_letters.partition AND log_records.offset = dead_letters.offset`;

const FILTER =
  '(@reason IS NULL OR dead_letters.reason = @reason) AND (@type IS NULL OR dead_letters.type = @type) ' +
  'AND dead_letters.append_time >= @from AND dead_letters.append_time < @to';

interface StoredDeadLetter {
  id: number;
  ref: string;
  partition: number;
  offset: number;
  reason: DeadLetterReason;
  error: string;
  append_time: number;
  failed_at: number;
  key: string | null;
  preview: Buffer | null;
  value_bytes: number;
  headers: string | null;
  replayed_at: number | null;
  type: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

function previewOf(row: StoredDeadLetter): { payload: string | null; payloadTruncated: boolean } {
  if (row.preview === null) return { payload: null, payloadTruncated: false };
  const preview = payloadPreview(utf8.decode(row.preview));
  return { payload: preview.payload, payloadTruncated: preview.payloadTruncated || row.value_bytes > row.preview.byteLength };
}

function toView(row: StoredDeadLetter): DeadLetterView {
  return {
    ref: row.ref,
    partition: row.partition,
    offset: row.offset,
    reason: row.reason,
    error: row.error,
    appendTime: row.append_time,
    failedAt: row.failed_at,
    key: row.key,
    ...previewOf(row),
    payloadBytes: row.value_bytes,
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
    type: row.type,
    // Replays are read from the event index, which the log rebuilds.
    replayedAt: null,
    replayedAs: null,
  };
}
