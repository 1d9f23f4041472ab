import type { AlertRuleStatus } from '../lib/alerts';
import type { BackpressureState, Health, PartitionHealth, RebuildProgress, RunMode } from '../lib/health';
import type { Dimension, Series, Summary } from '../lib/summary';
import { seriesOf, summarize, type BucketHistory } from './pipeline/aggregateQuery';
import type { Pipeline } from './pipeline/pipeline';
import type { PartitionOwnership } from './sources/groupOwnership';

/** What a source tells about itself, whichever log it reads. */
export interface SourceStatus {
  readonly mode: RunMode;
  readonly progress: RebuildProgress;
  lagRecords(partition: number): number;
  /** False while the log cannot be reached (a lost broker); embedded mode is always connected. */
  readonly connected: boolean;
  /** True while the consumer group has not given this instance its partitions yet (Kafka mode). */
  readonly joining?: boolean;
  /** The topic's partitions and which other members hold (Kafka mode); null until known, absent where this instance holds them all. */
  ownership?(): PartitionOwnership | null;
}

/** A partition whose last append is this much older than the newest one does not hold the global watermark back. */
export const IDLE_AFTER_MS = 10_000;

/** The read side over the pipeline's state: what the JSON API and the live gateway answer. */
export class ReadModel {
  private lastHistories: readonly BucketHistory[] = [];
  private backpressure: (() => BackpressureState) | null = null;
  private alertsFiring: (() => AlertRuleStatus[]) | null = null;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly source: SourceStatus,
    /** Counts kept beside the partitions' (inputs refused before they reached the log). */
    private readonly otherHistories: readonly BucketHistory[] = [],
  ) {}

  get mode(): RunMode {
    return this.source.mode;
  }

  /** Where health reads the state of back pressure (the ingest gate, made after this). */
  reportBackpressure(state: () => BackpressureState): void {
    this.backpressure = state;
  }

  /** Where health reads which alert rules are firing (the alert engine, made after this). */
  reportAlerts(firing: () => AlertRuleStatus[]): void {
    this.alertsFiring = firing;
  }

  /** Records in the log not folded yet, over every partition. */
  lagRecords(): number {
    let lag = 0;
    for (const processor of this.pipeline.partitions()) lag += this.source.lagRecords(processor.partition);
    return lag;
  }

  /** True while the state is being rebuilt from the log. */
  get rebuilding(): boolean {
    return this.source.progress.state === 'rebuilding';
  }

  watermark(): number | null {
    return this.pipeline.globalWatermark(IDLE_AFTER_MS);
  }

  /** Names a breakdown shows: as many values of a dimension as one partition admits. */
  get maxBreakdownNames(): number {
    return this.pipeline.options.maxDimensionValues;
  }

  summary(from: number, to: number): Summary {
    return summarize(this.histories(), from, to, this.watermark(), this.maxBreakdownNames);
  }

  series(from: number, to: number, step: number, by: Dimension | null): Series {
    return seriesOf(this.histories(), from, to, step, by, this.maxBreakdownNames);
  }

  newestAppendTime(): number | null {
    return this.pipeline.newestAppendTime();
  }

  histories(): BucketHistory[] {
    return [...this.pipeline.partitions(), ...this.otherHistories];
  }

  /**
   * The seconds whose figures changed since the last call, for live views to recompute;
   * `reset` when partitions came or went since (a revoked partition's figures leave
   * without a change of their own): everything must be merged again.
   */
  takeChanges(): { seconds: Set<number>; reset: boolean } {
    const histories = this.histories();
    const seconds = new Set<number>();
    for (const history of histories) history.takeChangedSeconds(seconds);
    const reset = histories.length !== this.lastHistories.length || histories.some((history, i) => history !== this.lastHistories[i]);
    this.lastHistories = histories;
    return { seconds, reset };
  }

  /**
   * Whether the figures leave out partitions of the topic, and which: those no member folds
   * here. Until the group's assignment is first read, a Kafka-mode instance cannot say, and
   * says partial; embedded mode folds every partition.
   */
  partiality(): { partial: boolean; missingPartitions: number[] } {
    const { missingPartitions, known } = this.partitionsElsewhere(this.pipeline.partitions());
    return { partial: !known || missingPartitions.length > 0, missingPartitions };
  }

  private partitionsElsewhere(held: readonly { partition: number }[]): { known: boolean; missingPartitions: number[]; others: PartitionHealth[] } {
    if (this.source.ownership === undefined) return { known: true, missingPartitions: [], others: [] };
    const ownership = this.source.ownership();
    if (ownership === null) return { known: false, missingPartitions: [], others: [] };
    const here = new Set(held.map(({ partition }) => partition));
    const missingPartitions = ownership.partitions.filter((partition) => !here.has(partition));
    const others = missingPartitions.map(
      (partition): PartitionHealth => ({
        partition,
        owner: ownership.heldByOthers.has(partition) ? 'other' : 'none',
        watermark: null,
        lastAppendTime: null,
        processed: 0,
        idle: true,
        lagRecords: 0,
      }),
    );
    return { known: true, missingPartitions, others };
  }

  health(now: number): Health {
    const newestAppend = this.pipeline.newestAppendTime();
    let lagRecords = 0;
    let processingLagMs = 0;
    const partitions: PartitionHealth[] = this.pipeline.partitions().map((processor) => {
      const lag = this.source.lagRecords(processor.partition);
      lagRecords += lag;
      if (lag > 0 && processor.lastAppendTime !== null) {
        processingLagMs = Math.max(processingLagMs, now - processor.lastAppendTime);
      }
      return {
        partition: processor.partition,
        watermark: processor.watermark,
        lastAppendTime: processor.lastAppendTime,
        processed: processor.processed,
        idle: processor.lastAppendTime === null || (newestAppend ?? 0) - processor.lastAppendTime > IDLE_AFTER_MS,
        lagRecords: lag,
        owner: 'self',
      };
    });
    const { known, missingPartitions, others } = this.partitionsElsewhere(partitions);
    partitions.push(...others);
    partitions.sort((a, b) => a.partition - b.partition);
    const rebuild = this.source.progress;
    return {
      status: !this.source.connected ? 'degraded' : this.source.joining ? 'joining' : rebuild.state === 'rebuilding' ? 'rebuilding' : 'ok',
      mode: this.source.mode,
      watermark: this.watermark(),
      partitions,
      partial: !known || missingPartitions.length > 0,
      missingPartitions,
      lag: { records: lagRecords, processingLagMs },
      rebuild,
      ...(this.backpressure ? { backpressure: this.backpressure() } : {}),
      ...(this.alertsFiring ? { alertsFiring: this.alertsFiring() } : {}),
      now,
    };
  }
}

