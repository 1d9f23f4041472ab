import type { LogRecord } from './logRecord';
import type { Outcome } from './outcome';
import { PartitionProcessor } from './partitionProcessor';
import { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './pipelineOptions';

/**
 * The partitions this instance owns. Partitions are the unit of state: assigning one
 * starts it empty (the source then replays its log), revoking one drops its state.
 */
export class Pipeline {
  readonly options: PipelineOptions;
  private readonly processors = new Map<number, PartitionProcessor>();

  constructor(options: Partial<PipelineOptions> = {}) {
    this.options = { ...DEFAULT_PIPELINE_OPTIONS, ...options };
  }

  assign(partition: number): PartitionProcessor {
    let processor = this.processors.get(partition);
    if (!processor) {
      processor = new PartitionProcessor(partition, this.options);
      this.processors.set(partition, processor);
    }
    return processor;
  }

  revoke(partition: number): void {
    this.processors.delete(partition);
  }

  process(record: LogRecord): Outcome {
    return this.assign(record.partition).process(record);
  }

  partitions(): PartitionProcessor[] {
    return [...this.processors.values()].sort((a, b) => a.partition - b.partition);
  }

  /**
   * The slowest watermark among partitions that are not idle. A partition is idle when
   * its last append is more than `idleAfterMs` older than the newest append of any
   * partition: it must not hold the global watermark back. Measured on append times, not
   * the clock, the global watermark replays the same as everything else.
   */
  globalWatermark(idleAfterMs: number): number | null {
    return globalWatermarkOf([...this.processors.values()], idleAfterMs);
  }

  newestAppendTime(): number | null {
    return newestAppendTimeOf([...this.processors.values()]);
  }
}

/** What the global watermark reads of a partition, folded here or replicated from another instance. */
export interface PartitionClock {
  readonly watermark: number | null;
  readonly lastAppendTime: number | null;
}

/** The slowest watermark among partitions that are not idle (see Pipeline.globalWatermark). */
export function globalWatermarkOf(partitions: readonly PartitionClock[], idleAfterMs: number): number | null {
  const newestAppend = newestAppendTimeOf(partitions);
  let slowestActive: number | null = null;
  for (const partition of partitions) {
    const watermark = partition.watermark;
    if (watermark === null || partition.lastAppendTime === null) continue;
    const idle = newestAppend !== null && newestAppend - partition.lastAppendTime > idleAfterMs;
    if (!idle && (slowestActive === null || watermark < slowestActive)) slowestActive = watermark;
  }
  return slowestActive;
}

export function newestAppendTimeOf(partitions: readonly PartitionClock[]): number | null {
  let newest: number | null = null;
  for (const partition of partitions) {
    if (partition.lastAppendTime !== null && (newest === null || partition.lastAppendTime > newest)) newest = partition.lastAppendTime;
  }
  return newest;
}
