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
   * The slowest watermark among partitions that are not idle. A partition whose last
   * record was appended more than `idleAfterMs` before `now` does not hold the global
   * watermark back; when every partition is idle, the fastest one speaks for all.
   */
  globalWatermark(now: number, idleAfterMs: number): number | null {
    let slowestActive: number | null = null;
    let fastest: number | null = null;
    for (const processor of this.processors.values()) {
      const watermark = processor.watermark;
      if (watermark === null) continue;
      if (fastest === null || watermark > fastest) fastest = watermark;
      const idle = processor.lastAppendTime === null || now - processor.lastAppendTime > idleAfterMs;
      if (!idle && (slowestActive === null || watermark < slowestActive)) slowestActive = watermark;
    }
    return slowestActive ?? fastest;
  }
}
