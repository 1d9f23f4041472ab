import type { RebuildProgress } from '../../lib/health';
import type { LogRecord } from '../pipeline/logRecord';
import type { Outcome } from '../pipeline/outcome';
import type { Pipeline } from '../pipeline/pipeline';
import type { EmbeddedLog } from '../store/embeddedLog';
import { preciseNow } from '../preciseNow';

export interface ProcessedBatch {
  records: readonly LogRecord[];
  outcomes: readonly Outcome[];
  /** When the fold of this batch began and ended (epoch ms, sub-millisecond): for metrics and traces. */
  foldStartedAt: number;
  foldEndedAt: number;
}


export interface EmbeddedSourceOptions {
  log: EmbeddedLog;
  pipeline: Pipeline;
  retentionMs: number;
  /** Called after every processed batch, replay included, before the next one starts. */
  onBatch: (batch: ProcessedBatch) => void;
  /**
   * A failing onBatch (say, the dead-letter table cannot be written) must not stop the
   * source: what it wrote is derived from the log, and the next replay writes it again.
   */
  onBatchError?: (error: unknown) => void;
  clock?: () => number;
  /** Records read from SQLite per step of the replay; between steps the event loop breathes. */
  replayChunk?: number;
}

const REPLAY_SLICE_MS = 8;

/**
 * Feeds the embedded log into the pipeline: first a replay of every partition from
 * `now - retention` (the rebuild), then each appended batch as it becomes durable. One
 * cursor per partition makes both paths one: a partition is processed strictly in
 * offset order, whatever path its records come by.
 */
export class EmbeddedSource {
  private readonly cursors: number[];
  private rebuild: RebuildProgress = { state: 'rebuilding', replayed: 0, total: 0, progress: 0 };
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private readonly clock: () => number;

  constructor(private readonly options: EmbeddedSourceOptions) {
    this.cursors = new Array<number>(options.log.partitions).fill(0);
    this.clock = options.clock ?? Date.now;
  }

  get progress(): RebuildProgress {
    return this.rebuild;
  }

  /** Replays the log, then follows it. Resolves when the replay has caught up. */
  async start(): Promise<void> {
    const { log, pipeline } = this.options;
    const since = this.clock() - this.options.retentionMs;
    let total = 0;
    for (let partition = 0; partition < log.partitions; partition += 1) {
      pipeline.assign(partition);
      this.cursors[partition] = log.offsetForTime(partition, since);
      total += log.countFrom(partition, this.cursors[partition]!);
    }
    this.rebuild = { state: 'rebuilding', replayed: 0, total, progress: total === 0 ? 1 : 0 };
    // Appends made during the replay are picked up by the replay itself: it reads until
    // every cursor reaches the end of its partition.
    this.unsubscribe = log.onAppend((records) => {
      if (this.rebuild.state === 'live') this.follow(records);
    });
    await this.replay();
    if (this.stopped) return;
    this.rebuild = { ...this.rebuild, state: 'live', progress: 1 };
    await log.endReadAhead();
  }

  private async replay(): Promise<void> {
    const { log } = this.options;
    const chunk = this.options.replayChunk ?? 500;
    // Each partition's next run is asked for before this one is folded: with the log's
    // reader on a thread of its own, reading and folding overlap.
    const ahead: (Promise<LogRecord[]> | null)[] = new Array(log.partitions).fill(null);
    const readAhead = (partition: number, fromOffset: number): void => {
      const next = log.readAhead(partition, fromOffset, chunk);
      // A shutdown can fail a read nobody waits for any more.
      next.catch(() => undefined);
      ahead[partition] = next;
    };
    let caughtUp = false;
    let sliceStart = performance.now();
    while (!caughtUp && !this.stopped) {
      caughtUp = true;
      for (let partition = 0; partition < log.partitions; partition += 1) {
        const cursor = this.cursors[partition]!;
        if (cursor >= log.endOffset(partition)) continue;
        const pending = ahead[partition];
        ahead[partition] = null;
        // A run read ahead starts where the one before ended, which is where the cursor is now.
        let records: LogRecord[];
        try {
          records = await (pending ?? log.readAhead(partition, cursor, chunk));
        } catch (error) {
          // A read fails once the log is closed: how a shutdown during the replay ends it.
          if (this.stopped) return;
          throw error;
        }
        if (this.stopped) return;
        caughtUp = false;
        if (records.length === 0) {
          if (pending) continue; // read again from the cursor
          // Retention removed what the cursor pointed at; skip to what is there.
          this.cursors[partition] = log.offsetForTime(partition, Number.NEGATIVE_INFINITY);
          continue;
        }
        const after = records[records.length - 1]!.offset + 1;
        if (after < log.endOffset(partition)) readAhead(partition, after);
        this.processBatch(records);
        const replayed = this.rebuild.replayed + records.length;
        const total = Math.max(this.rebuild.total, replayed);
        this.rebuild = { state: 'rebuilding', replayed, total, progress: total === 0 ? 1 : replayed / total };
        // Give the event loop a turn every few milliseconds, so pages, the API and the
        // live view answer while a long replay runs.
        if (performance.now() - sliceStart >= REPLAY_SLICE_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
          // A shutdown may have closed the log during that turn.
          if (this.stopped) return;
        }
      }
    }
  }

  private follow(records: readonly LogRecord[]): void {
    const inOrder: LogRecord[] = [];
    for (const record of records) {
      const cursor = this.cursors[record.partition]!;
      if (record.offset === cursor) {
        inOrder.push(record);
        this.cursors[record.partition] = cursor + 1;
      } else if (record.offset > cursor) {
        // Something between the cursor and this record has not been seen: read it from the log.
        inOrder.push(...this.options.log.read(record.partition, cursor, record.offset - cursor + 1));
        this.cursors[record.partition] = record.offset + 1;
      }
    }
    this.processBatch(inOrder, false);
  }

  private processBatch(records: readonly LogRecord[], advanceCursors = true): void {
    if (records.length === 0) return;
    const outcomes: Outcome[] = [];
    const foldStartedAt = preciseNow();
    for (const record of records) {
      outcomes.push(this.options.pipeline.process(record));
      if (advanceCursors) this.cursors[record.partition] = record.offset + 1;
    }
    const foldEndedAt = preciseNow();
    try {
      this.options.onBatch({ records, outcomes, foldStartedAt, foldEndedAt });
    } catch (error) {
      this.options.onBatchError?.(error);
    }
  }

  /** Records appended but not processed yet, per partition. */
  lagRecords(partition: number): number {
    return Math.max(0, this.options.log.endOffset(partition) - this.cursors[partition]!);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
