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
    const newestAppend = this.newestAppendTime();
    let slowestActive: number | null = null;
    for (const processor of this.processors.values()) {
      const watermark = processor.watermark;
      if (watermark === null || processor.lastAppendTime === null) continue;
      const idle = newestAppend !== null && newestAppend - processor.lastAppendTime > idleAfterMs;
      if (!idle && (slowestActive === null || watermark < slowestActive)) slowestActive = watermark;
    }
    return slowestActive;
  }

  newestAppendTime(): number | null {
    let newest: number | null = null;
    for (const processor of this.processors.values()) {
      if (processor.lastAppendTime !== null && (newest === null || processor.lastAppendTime > newest)) newest = processor.lastAppendTime;
    }
    return newest;
  }
}
