import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { EventFilter } from '../../lib/events';
import { recordRef, type LogRecord } from '../pipeline/logRecord';
import type { Outcome } from '../pipeline/outcome';
import { BlockScan, decodeCursor, encodeCursor, type Candidate } from './blockScan';
import { scanSubject, type EventIndexReader, type IndexPage, type IndexQuery, type IndexedInput, type PartitionScope, type ReplayMark } from './eventIndex';
import { BlockBufferPool, OpenBlock, SealedBlock, type BlockRows, type BlockSummary } from './indexBlock';
import { openIndexDatabase } from './indexSchema';
import type { WriterReply, WriterRequest } from './indexWriterMessages';
import { WordTable } from './wordTable';
import { EVENT_TYPES } from '../../lib/contract/eventTypes';

/** The header a replayed dead letter carries: the ref of the dead letter it replays. */
export const REPLAY_OF_HEADER = 'waybill.replay.of';

export interface SqliteEventIndexOptions {
  dataDir: string;
  /** An open block older than this is sealed (written) even when not full. */
  sealAfterMs?: number;
  /** Decoded blocks kept in memory for the next queries. */
  cachedBlocks?: number;
  clock?: () => number;
  /** Low-cardinality texts numbered for the whole process before blocks keep the rest themselves (wordTable.ts). */
  wordCapacity?: number;
  /** A write the writer thread could not make (the next replay indexes those inputs again). */
  onWriteError?: (message: string) => void;
}

interface Waiter {
  resolve: (input: IndexedInput | null) => void;
  timer: NodeJS.Timeout;
}

/** What the index holds of one partition on the per-event path. */
interface IndexedPartition {
  /** The next offset the partition expects: anything below is indexed already. */
  nextOffset: number;
  open: OpenBlock | null;
  openedAt: number;
}

interface PendingBlock {
  block: OpenBlock;
  /** The partition's epoch when it was sent: a block of a partition dropped since is forgotten. */
  epoch: number;
}

/**
 * The event index in SQLite under DATA_DIR: every input with its coordinates, outcome and
 * the fields filters need, in blocks per partition (see indexBlock.ts). It is state like
 * any other: written from the pipeline's outcomes in batches, rebuilt by replay (an input
 * already indexed is skipped by its offset, so no coordinates are written twice), dropped
 * with a revoked partition. Payloads are not copied: the log holds them.
 *
 * The pipeline's thread fills open blocks and answers queries; full blocks go to a writer
 * thread that encodes and stores them, and are read from memory until it has.
 */
export class SqliteEventIndex implements EventIndexReader {
  private readonly db: Database.Database;
  private readonly writer: Worker;
  private readonly clock: () => number;
  private readonly sealAfterMs: number;
  private readonly cachedBlocks: number;
  private readonly onWriteError: (message: string) => void;
  /** Stored blocks' summaries, per partition in offset order: queries choose blocks from memory. */
  private readonly sealed = new Map<number, BlockSummary[]>();
  /** By partition number (a dense array: the per-event path looks its partition up). */
  private readonly partitions: (IndexedPartition | undefined)[] = [];
  /** Event types first, so an open block codes a type by its place (indexBlock.ts). */
  private readonly words: WordTable;
  private readonly pending = new Map<number, PendingBlock>();
  private readonly buffers = new BlockBufferPool();
  private readonly epochs = new Map<number, number>();
  private nextSequence = 1;
  private readonly cache = new Map<number, SealedBlock>();
  private readonly replays = new Map<string, ReplayMark & { partition: number }>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly writtenWaiters: (() => void)[] = [];
  private retainFrom = Number.NEGATIVE_INFINITY;
  private readonly sealTimer: NodeJS.Timeout;
  private closed: Promise<void> | null = null;
  private writerClosed: () => void = () => undefined;
  private readonly writerReady: Promise<void>;
  private markWriterReady: () => void = () => undefined;
  private readonly readBlock;

  constructor(options: SqliteEventIndexOptions) {
    this.db = openIndexDatabase(options.dataDir);
    this.clock = options.clock ?? Date.now;
    this.sealAfterMs = options.sealAfterMs ?? 60_000;
    this.cachedBlocks = options.cachedBlocks ?? 64;
    this.onWriteError = options.onWriteError ?? (() => undefined);
    this.words = new WordTable(EVENT_TYPES, options.wordCapacity);
    this.readBlock = this.db.prepare('SELECT columns, texts, strings FROM index_blocks WHERE id = ?');
    this.load();
    this.writerReady = new Promise((resolve) => (this.markWriterReady = resolve));
    this.writer = new Worker(path.join(__dirname, 'indexWriterThread.cjs'), { workerData: { dataDir: options.dataDir } });
    this.writer.on('message', (reply: WriterReply) => this.onReply(reply));
    this.writer.on('error', (error) => this.onWriteError(`index writer stopped: ${error.message}`));
    this.writer.on('exit', () => this.writerClosed());
    // An idle index must not keep the process alive; one starting or with blocks to write does.
    this.sealTimer = setInterval(() => this.sealDue(), Math.min(5_000, this.sealAfterMs));
    this.sealTimer.unref();
  }

  /** Summaries of every stored block and the replays: small, and what every query starts from. */
  private load(): void {
    const rows = this.db
      .prepare(
        'SELECT id, partition, first_offset, last_offset, count, min_append, max_append, min_event, max_event, outcomes, reasons, dictionary, bloom ' +
          'FROM index_blocks ORDER BY partition, first_offset',
      )
      .all() as StoredRow[];
    for (const row of rows) {
      const summary = toSummary(row);
      this.sealedOf(summary.partition).push(summary);
      const state = this.stateOf(summary.partition);
      state.nextOffset = Math.max(state.nextOffset, summary.lastOffset + 1);
    }
    for (const row of this.db.prepare('SELECT replay_of, ref, partition, append_time FROM index_replays').all() as ReplayRow[]) {
      this.rememberReplay(row.replay_of, row.ref, row.partition, row.append_time);
    }
  }

  private stateOf(partition: number): IndexedPartition {
    let state = this.partitions[partition];
    if (!state) {
      state = { nextOffset: 0, open: null, openedAt: 0 };
      this.partitions[partition] = state;
    }
    return state;
  }

  private openBlocks(): OpenBlock[] {
    const blocks: OpenBlock[] = [];
    for (const state of this.partitions) if (state?.open) blocks.push(state.open);
    return blocks;
  }

  private sealedOf(partition: number): BlockSummary[] {
    let blocks = this.sealed.get(partition);
    if (!blocks) {
      blocks = [];
      this.sealed.set(partition, blocks);
    }
    return blocks;
  }

  private send(request: WriterRequest): void {
    // A block's buffers are shared memory: posting them clones nothing.
    this.writer.postMessage(request);
  }

  private onReply(reply: WriterReply): void {
    if (reply.kind === 'ready') {
      if (this.pending.size === 0 && this.closed === null) this.writer.unref();
      this.markWriterReady();
      return;
    }
    if (reply.kind === 'failed') {
      this.onWriteError(reply.message);
      return;
    }
    if (reply.kind !== 'written') return;
    const pending = this.pending.get(reply.sequence);
    if (!pending) return;
    this.pending.delete(reply.sequence);
    const summary = pending.block.summary;
    if ((this.epochs.get(summary.partition) ?? 0) === pending.epoch) {
      this.sealedOf(summary.partition).push({ ...summary, id: reply.id, dictionary: reply.dictionary, bloom: reply.bloom });
    }
    // Stored, and out of every query's reach (queries run on this thread, to the end): its
    // columns can take the next block's rows.
    this.buffers.give(pending.block.buffers);
    if (this.pending.size === 0) {
      if (this.closed === null) this.writer.unref();
      for (const resolve of this.writtenWaiters.splice(0)) resolve();
    }
  }

  /** Resolves once the writer thread has started (blocks sealed before then wait for it). */
  ready(): Promise<void> {
    return this.writerReady;
  }

  /** Resolves once every block handed to the writer so far is stored. */
  whenWritten(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.writtenWaiters.push(resolve));
  }

  /** The first offset of `partition` not indexed yet. */
  indexedThrough(partition: number): number {
    return this.partitions[partition]?.nextOffset ?? 0;
  }

  /**
   * Indexes a processed batch: each record with its outcome. Records indexed before (a
   * replay after a restart) are skipped, so no coordinates are ever written twice.
   */
  add(records: readonly LogRecord[], outcomes: readonly Outcome[], processedAt: number): void {
    // Nobody starts waiting during the loop: waiters come from requests, between batches.
    const someoneWaits = this.waiters.size > 0;
    let partition = -1;
    let state: IndexedPartition | undefined;
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      // A source's batch is usually one partition's run of records.
      if (record.partition !== partition) {
        partition = record.partition;
        state = this.stateOf(partition);
      }
      if (record.offset < state!.nextOffset) continue;
      state!.nextOffset = record.offset + 1;
      let block = state!.open;
      if (block === null) {
        block = state!.open = new OpenBlock(partition, this.words, this.buffers.take());
        state!.openedAt = processedAt;
      }
      const replayOf = record.headers === undefined ? null : (record.headers[REPLAY_OF_HEADER] ?? null);
      block.append(record, outcomes[i]!, processedAt, replayOf);
      if (replayOf !== null) this.rememberReplay(replayOf, recordRef(partition, record.offset), partition, record.appendTime);
      if (someoneWaits) this.notify(block, block.count - 1);
      if (block.full) this.seal(partition);
    }
  }

  private rememberReplay(replayOf: string, ref: string, partition: number, appendTime: number): void {
    const known = this.replays.get(replayOf);
    if (!known || appendTime >= known.appendTime) this.replays.set(replayOf, { ref, appendTime, partition });
  }

  /** Hands the partition's open block to the writer; it stays readable here until stored. */
  private seal(partition: number): void {
    const state = this.partitions[partition];
    const block = state?.open;
    if (!state || !block) return;
    state.open = null;
    const sequence = this.nextSequence++;
    this.pending.set(sequence, { block, epoch: this.epochs.get(partition) ?? 0 });
    this.writer.ref();
    this.send({
      kind: 'write',
      sequence,
      payload: block.payload(),
      words: this.words.takeNew(),
      replays: block.replays().map(({ row, replayOf }) => ({ replayOf, ref: recordRef(partition, block.offset(row)), appendTime: block.appendTime(row) })),
    });
  }

  /** Seals the open blocks that have been open long enough, so they become durable. */
  sealDue(now = this.clock()): void {
    for (const [partition, state] of this.partitions.entries()) {
      if (state?.open && now - state.openedAt >= this.sealAfterMs) this.seal(partition);
    }
  }

  /** Everything of a partition this process no longer owns. */
  dropPartition(partition: number): void {
    this.epochs.set(partition, (this.epochs.get(partition) ?? 0) + 1);
    this.send({ kind: 'dropPartition', partition });
    for (const summary of this.sealed.get(partition) ?? []) this.cache.delete(summary.id);
    this.sealed.delete(partition);
    this.partitions[partition] = undefined;
    for (const [replayOf, mark] of this.replays) if (mark.partition === partition) this.replays.delete(replayOf);
  }

  /** Retention: inputs appended before `time` are no longer answered, and whole blocks of them go. */
  deleteBefore(time: number): void {
    this.retainFrom = Math.max(this.retainFrom, time);
    const ids: number[] = [];
    for (const blocks of this.sealed.values()) {
      while (blocks.length > 0 && blocks[0]!.maxAppend < time) {
        const oldest = blocks.shift()!;
        this.cache.delete(oldest.id);
        ids.push(oldest.id);
      }
    }
    this.send({ kind: 'deleteBlocks', ids, replaysBefore: time });
    for (const [replayOf, mark] of this.replays) if (mark.appendTime < time) this.replays.delete(replayOf);
  }

  /** Resolves once the input at these coordinates is indexed (or with null after `timeoutMs`). */
  waitFor(partition: number, offset: number, timeoutMs: number): Promise<IndexedInput | null> {
    const indexed = this.getNow(partition, offset);
    if (indexed) return Promise.resolve(indexed);
    const ref = recordRef(partition, offset);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const rest = (this.waiters.get(ref) ?? []).filter((other) => other !== waiter);
          if (rest.length === 0) this.waiters.delete(ref);
          else this.waiters.set(ref, rest);
          resolve(null);
        }, timeoutMs),
      };
      this.waiters.set(ref, [...(this.waiters.get(ref) ?? []), waiter]);
    });
  }

  private notify(block: OpenBlock, row: number): void {
    const ref = recordRef(block.summary.partition, block.offset(row));
    const waiting = this.waiters.get(ref);
    if (!waiting) return;
    this.waiters.delete(ref);
    const input = block.input(row);
    for (const waiter of waiting) {
      clearTimeout(waiter.timer);
      waiter.resolve(input);
    }
  }

  // --- reading -------------------------------------------------------------------------

  private storedBlock(summary: BlockSummary): SealedBlock {
    let block = this.cache.get(summary.id);
    if (block) {
      // Most recently used last: the first entry is the next to go.
      this.cache.delete(summary.id);
      this.cache.set(summary.id, block);
      return block;
    }
    const row = this.readBlock.get(summary.id) as { columns: Buffer; texts: Buffer; strings: string } | undefined;
    if (!row) throw new Error(`index block ${summary.id} is missing`);
    block = new SealedBlock(summary, row.columns, row.texts, row.strings);
    this.cache.set(summary.id, block);
    if (this.cache.size > this.cachedBlocks) this.cache.delete(this.cache.keys().next().value!);
    return block;
  }

  /** Every block a query may read: stored, on its way to the writer, and open. */
  private candidates(partitions: PartitionScope = null): Candidate[] {
    const candidates: Candidate[] = [];
    for (const blocks of this.sealed.values()) for (const summary of blocks) candidates.push({ summary, load: () => this.storedBlock(summary) });
    for (const { block } of this.livePending()) candidates.push({ summary: block.summary, load: () => block });
    for (const block of this.openBlocks()) candidates.push({ summary: block.summary, load: () => block });
    if (partitions === null) return candidates;
    const wanted = new Set(partitions);
    return candidates.filter(({ summary }) => wanted.has(summary.partition));
  }

  /** Blocks on their way to the writer, less those of partitions dropped since. */
  private livePending(): PendingBlock[] {
    return [...this.pending.values()].filter(({ block, epoch }) => (this.epochs.get(block.summary.partition) ?? 0) === epoch);
  }

  private scanOf(filter: EventFilter, cursor: string | null, partitions: PartitionScope = null): BlockScan {
    return new BlockScan(filter, cursor === null ? null : decodeCursor(cursor), this.retainFrom, this.candidates(partitions));
  }

  pageNow(query: IndexQuery, partitions: PartitionScope = null): IndexPage {
    const found = this.scanOf(query, query.cursor, partitions).newest(query.limit + 1);
    const items = found.slice(0, query.limit).map(({ block, row }) => block.input(row));
    const last = found.length > query.limit ? items[items.length - 1]! : null;
    return { items, nextCursor: last ? encodeCursor(last) : null };
  }

  async page(query: IndexQuery, partitions: PartitionScope = null): Promise<IndexPage> {
    return this.pageNow(query, partitions);
  }

  async count(filter: EventFilter, partitions: PartitionScope = null): Promise<number> {
    return this.scanOf(filter, null, partitions).count();
  }

  async *scan(filter: EventFilter, chunkSize: number): AsyncIterable<IndexedInput[]> {
    let cursor: string | null = null;
    do {
      const page = this.pageNow({ ...filter, cursor, limit: chunkSize });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor;
      // Between chunks the event loop serves others: an export of millions does not stall the server.
      await new Promise((resolve) => setImmediate(resolve));
    } while (cursor !== null && this.closed === null);
  }

  private getNow(partition: number, offset: number): IndexedInput | null {
    const holders: BlockRows[] = [];
    const open = this.partitions[partition]?.open;
    if (open) holders.push(open);
    for (const { block } of this.livePending()) if (block.summary.partition === partition) holders.push(block);
    let block: BlockRows | undefined = holders.find(({ summary }) => summary.firstOffset <= offset && offset <= summary.lastOffset);
    if (!block) {
      const summary = findBlockHolding(this.sealed.get(partition) ?? [], offset);
      if (summary) block = this.storedBlock(summary);
    }
    if (!block) return null;
    const row = findRow(block, offset);
    if (row === -1) return null;
    const input = block.input(row);
    return input.appendTime < this.retainFrom ? null : input;
  }

  async get(partition: number, offset: number): Promise<IndexedInput | null> {
    return this.getNow(partition, offset);
  }

  ofSubject(subject: string): Promise<IndexedInput[]> {
    return scanSubject(this, subject);
  }

  async replaysOf(refs: readonly string[]): Promise<Map<string, ReplayMark>> {
    const marks = new Map<string, ReplayMark>();
    for (const ref of refs) {
      const mark = this.replays.get(ref);
      if (mark) marks.set(ref, { ref: mark.ref, appendTime: mark.appendTime });
    }
    return marks;
  }

  /** Writes what is open, waits for the writer to finish, and closes. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      clearInterval(this.sealTimer);
      for (const block of this.openBlocks()) this.seal(block.summary.partition);
      for (const waiting of this.waiters.values()) for (const waiter of waiting) clearTimeout(waiter.timer);
      this.writerClosed = resolve;
      this.writer.ref();
      this.send({ kind: 'close' });
    }).then(() => {
      this.db.close();
    });
    return this.closed;
  }
}

function findBlockHolding(summaries: readonly BlockSummary[], offset: number): BlockSummary | null {
  let low = 0;
  let high = summaries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const summary = summaries[middle]!;
    if (offset < summary.firstOffset) high = middle - 1;
    else if (offset > summary.lastOffset) low = middle + 1;
    else return summary;
  }
  return null;
}

function findRow(block: BlockRows, offset: number): number {
  let low = 0;
  let high = block.count - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = block.offset(middle);
    if (offset < at) high = middle - 1;
    else if (offset > at) low = middle + 1;
    else return middle;
  }
  return -1;
}

interface StoredRow {
  id: number;
  partition: number;
  first_offset: number;
  last_offset: number;
  count: number;
  min_append: number;
  max_append: number;
  min_event: number | null;
  max_event: number | null;
  outcomes: number;
  reasons: number;
  dictionary: string;
  bloom: Buffer;
}

interface ReplayRow {
  replay_of: string;
  ref: string;
  partition: number;
  append_time: number;
}

function toSummary(row: StoredRow): BlockSummary {
  return {
    id: row.id,
    partition: row.partition,
    firstOffset: row.first_offset,
    lastOffset: row.last_offset,
    count: row.count,
    minAppend: row.min_append,
    maxAppend: row.max_append,
    minEvent: row.min_event,
    maxEvent: row.max_event,
    outcomes: row.outcomes,
    reasons: row.reasons,
    dictionary: JSON.parse(row.dictionary) as string[],
    bloom: new Uint8Array(row.bloom),
  };
}

