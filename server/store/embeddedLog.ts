import type Database from 'better-sqlite3';
import type { LogRecord } from '../pipeline/logRecord';
import type { ShipmentEvent } from '../pipeline/shipmentEvent';
import { partitionForKey } from './keyPartitioner';
import { LogReadThread } from './logReadThread';
import { READ_RECORDS_SQL, toLogRecord, type StoredRecord } from './logRows';
import { LogThread } from './logThread';
import { logWrites, type LogRows, type LogWrites } from './logWrites';
import { openSqlite, type SyncMode } from './sqlite';

export interface AppendInput {
  key: string | null;
  value: Uint8Array;
  headers?: Record<string, string>;
  /** Not written: handed to the listeners with the record (LogRecord.validatedEvent). */
  validatedEvent?: ShipmentEvent;
}

export interface EmbeddedLogOptions {
  dataDir: string;
  partitions: number;
  /** Appends wait at most this long to share a transaction. */
  flushIntervalMs?: number;
  /** A batch this large is written at once. */
  maxBatchRecords?: number;
  clock?: () => number;
  /** How an acknowledged append is kept: through a crash of the process (normal), or of the machine (full). */
  sync?: SyncMode;
  /**
   * Where the inserts and commits run: on a thread of their own (the server: they are
   * about a sixth of its event loop at 10,000 events a second), or on this one (tools and
   * tests). Either way an append settles once its records are durable.
   */
  writer?: 'thread' | 'here';
  /**
   * Where `readAhead` reads: on a thread of its own (the server's rebuild folds one run
   * while the next is read), or on this one.
   */
  reader?: 'thread' | 'here';
}

type Listener = (records: LogRecord[]) => void;

interface PendingAppend {
  inputs: AppendInput[];
  resolve: (records: LogRecord[]) => void;
  reject: (error: Error) => void;
}

/**
 * The durable, partitioned, append-only log of embedded mode: SQLite under DATA_DIR.
 * Appends are queued and written together in one transaction; a caller's promise
 * settles once its records are durable, and listeners see records only after that, in
 * offset order per partition. Offsets are never reused, even after retention empties a
 * partition, so a record reference stays unique.
 */
export class EmbeddedLog {
  readonly partitions: number;
  private readonly db: Database.Database;
  private readonly clock: () => number;
  private readonly flushIntervalMs: number;
  private readonly maxBatchRecords: number;
  private readonly nextOffsets: number[];
  private readonly lastAppendTimes: number[];
  private readonly listeners = new Set<Listener>();
  private queue: PendingAppend[] = [];
  private queuedRecords = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly statements;
  private readonly writes: LogWrites | null;
  private readonly thread: LogThread | null;
  private readonly reader: LogReadThread | null;
  /** The batch the thread is writing: one at a time, so offsets commit in order. */
  private writing: Promise<void> | null = null;

  constructor(options: EmbeddedLogOptions) {
    this.db = openSqlite(options.dataDir, options.sync);
    this.clock = options.clock ?? Date.now;
    this.flushIntervalMs = options.flushIntervalMs ?? 5;
    this.maxBatchRecords = options.maxBatchRecords ?? 5_000;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS log_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS log_partitions (
        partition INTEGER PRIMARY KEY, next_offset INTEGER NOT NULL, last_append_time INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS log_records (
        partition INTEGER NOT NULL, offset INTEGER NOT NULL, append_time INTEGER NOT NULL,
        key TEXT, value BLOB, headers TEXT, PRIMARY KEY (partition, offset)) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS log_records_append_time ON log_records (append_time);
    `);
    this.partitions = this.checkPartitionCount(options.partitions);
    this.nextOffsets = new Array<number>(this.partitions).fill(0);
    this.lastAppendTimes = new Array<number>(this.partitions).fill(0);
    this.reloadOffsets();
    const inThread = options.writer === 'thread';
    this.writes = inThread ? null : logWrites(this.db);
    this.thread = inThread ? new LogThread({ dataDir: options.dataDir, sync: options.sync ?? 'normal' }) : null;
    this.reader = options.reader === 'thread' ? new LogReadThread({ dataDir: options.dataDir }) : null;
    this.statements = {
      read: this.db.prepare(READ_RECORDS_SQL),
      readOne: this.db.prepare(
        'SELECT partition, offset, append_time, key, value, headers FROM log_records WHERE partition = ? AND offset = ?',
      ),
      firstOffsetSince: this.db.prepare('SELECT MIN(offset) AS offset FROM log_records WHERE partition = ? AND append_time >= ?'),
      countFrom: this.db.prepare('SELECT COUNT(*) AS count FROM log_records WHERE partition = ? AND offset >= ?'),
    };
  }

  /** The partition count is fixed when the log is created: changing it would move shipments. */
  private checkPartitionCount(requested: number): number {
    const stored = this.db.prepare("SELECT value FROM log_meta WHERE name = 'partitions'").get() as { value: string } | undefined;
    if (!stored) {
      this.db.prepare("INSERT INTO log_meta (name, value) VALUES ('partitions', ?)").run(String(requested));
      return requested;
    }
    const partitions = Number(stored.value);
    if (partitions !== requested) {
      throw new Error(
        `PARTITIONS: the log in this DATA_DIR has ${partitions} partitions, not ${requested}; use ${partitions} or another DATA_DIR`,
      );
    }
    return partitions;
  }

  partitionOf(input: AppendInput): number {
    return partitionForKey(input.key ?? input.value, this.partitions);
  }

  /** Resolves with the records as written, once they are durable. */
  append(inputs: AppendInput[]): Promise<LogRecord[]> {
    if (this.closed) return Promise.reject(new Error('the log is closed'));
    if (inputs.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ inputs, resolve, reject });
      this.queuedRecords += inputs.length;
      if (this.queuedRecords >= this.maxBatchRecords) this.flush();
      else this.flushTimer ??= setTimeout(() => this.flush(), this.flushIntervalMs);
    });
  }

  /** Writes everything queued in one transaction, then tells the listeners (at once when written here). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.queue;
    if (batch.length === 0 || this.writing) return;
    this.queue = [];
    this.queuedRecords = 0;
    const { rows, written } = this.numbered(batch);
    if (this.thread) {
      this.writing = this.thread.write(rows).then(
        () => this.settle(batch, written, null),
        (error: unknown) => this.settle(batch, written, error as Error),
      );
      return;
    }
    let failure: Error | null = null;
    try {
      this.writes!.write(rows);
    } catch (error) {
      failure = error as Error;
    }
    this.settle(batch, written, failure);
  }

  /** Gives the batch its offsets and append times, as rows to write and as the records they become. */
  private numbered(batch: PendingAppend[]): { rows: LogRows; written: LogRecord[][] } {
    const rows: LogRows = { partitions: [], offsets: [], appendTimes: [], keys: [], values: [], headers: [], ends: [] };
    const written: LogRecord[][] = [];
    const now = this.clock();
    const touched = new Set<number>();
    for (const pending of batch) {
      const records: LogRecord[] = [];
      for (const input of pending.inputs) {
        const partition = this.partitionOf(input);
        const offset = this.nextOffsets[partition]!;
        // Append time never goes backwards within a partition, even if the clock does.
        const appendTime = Math.max(now, this.lastAppendTimes[partition]!);
        rows.partitions.push(partition);
        rows.offsets.push(offset);
        rows.appendTimes.push(appendTime);
        rows.keys.push(input.key);
        rows.values.push(input.value);
        rows.headers.push(input.headers ? JSON.stringify(input.headers) : null);
        this.nextOffsets[partition] = offset + 1;
        this.lastAppendTimes[partition] = appendTime;
        touched.add(partition);
        records.push({ partition, offset, appendTime, key: input.key, value: input.value, headers: input.headers, validatedEvent: input.validatedEvent });
      }
      written.push(records);
    }
    for (const partition of touched) rows.ends.push([partition, this.nextOffsets[partition]!, this.lastAppendTimes[partition]!]);
    return { rows, written };
  }

  /** A batch's end: its appends settle, listeners hear of it if it was written, and what queued meanwhile goes next. */
  private settle(batch: PendingAppend[], written: LogRecord[][], failure: Error | null): void {
    this.writing = null;
    if (failure) {
      this.reloadOffsets();
      for (const pending of batch) pending.reject(failure);
    } else {
      const all = written.flat();
      batch.forEach((pending, index) => pending.resolve(written[index]!));
      for (const listener of this.listeners) listener(all);
    }
    if (this.queue.length > 0) this.flush();
  }

  /** Offsets as committed: at open, and after a failed transaction. */
  private reloadOffsets(): void {
    for (const row of this.db.prepare('SELECT partition, next_offset, last_append_time FROM log_partitions').all() as {
      partition: number;
      next_offset: number;
      last_append_time: number;
    }[]) {
      this.nextOffsets[row.partition] = row.next_offset;
      this.lastAppendTimes[row.partition] = row.last_append_time;
    }
  }

  onAppend(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  read(partition: number, fromOffset: number, limit: number): LogRecord[] {
    return (this.statements.read.all(partition, fromOffset, limit) as StoredRecord[]).map(toLogRecord);
  }

  /** The same as `read`, from the reader's thread when there is one: for a rebuild, which folds meanwhile. */
  readAhead(partition: number, fromOffset: number, limit: number): Promise<LogRecord[]> {
    if (this.closed) return Promise.reject(new Error('the log is closed'));
    if (this.reader) return this.reader.read(partition, fromOffset, limit);
    return Promise.resolve(this.read(partition, fromOffset, limit));
  }

  /**
   * Ends the reader's thread once a rebuild no longer reads ahead: an idle thread would keep
   * its own heap for the rest of the run. A later `readAhead` starts it again.
   */
  endReadAhead(): Promise<void> {
    return this.reader ? this.reader.close() : Promise.resolve();
  }

  readOne(partition: number, offset: number): LogRecord | null {
    const row = this.statements.readOne.get(partition, offset) as StoredRecord | undefined;
    return row ? toLogRecord(row) : null;
  }

  endOffset(partition: number): number {
    return this.nextOffsets[partition]!;
  }

  lastAppendTime(partition: number): number | null {
    return this.nextOffsets[partition] === 0 ? null : this.lastAppendTimes[partition]!;
  }

  /** The first offset appended at or after `time`: where a rebuild starts. */
  offsetForTime(partition: number, time: number): number {
    const row = this.statements.firstOffsetSince.get(partition, time) as { offset: number | null };
    return row.offset ?? this.nextOffsets[partition]!;
  }

  countFrom(partition: number, offset: number): number {
    return (this.statements.countFrom.get(partition, offset) as { count: number }).count;
  }

  /** Retention: drops records appended before `time`; answers how many. */
  deleteBefore(time: number): Promise<number> {
    return this.deleted(time, null);
  }

  /**
   * Deletes at most `limit` of the records appended before `time`, oldest first, and
   * says how many: a sweep of a busy log (600,000 records a minute at 10,000 events a
   * second) done in one statement held the event loop for seconds.
   */
  deleteSomeBefore(time: number, limit: number): Promise<number> {
    return this.deleted(time, limit);
  }

  /** Deletes go where the writes go: a second writer would wait for the first. */
  private async deleted(time: number, limit: number | null): Promise<number> {
    if (this.thread) return this.thread.deleteBefore(time, limit);
    return this.writes!.deleteBefore(time, limit);
  }

  /** Writes what is queued, then closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.queue.length > 0 || this.writing) {
      this.flush();
      if (this.writing) await this.writing;
    }
    if (this.reader) await this.reader.close();
    if (this.thread) await this.thread.close();
    this.db.close();
  }
}
