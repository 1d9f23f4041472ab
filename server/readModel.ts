import type { AlertRuleStatus } from '../lib/alerts';
import type { BackpressureState, Health, PartitionHealth, RebuildProgress, RunMode } from '../lib/health';
import type { Dimension, Series, Summary } from '../lib/summary';
import { seriesOf, summarize, type BucketHistory } from './pipeline/aggregateQuery';
import type { PartitionProcessor } from './pipeline/partitionProcessor';
import { globalWatermarkOf, newestAppendTimeOf, type PartitionClock, type Pipeline } from './pipeline/pipeline';
import type { PartitionOwnership } from './sources/groupOwnership';
import type { PartitionReplica } from './cluster/partitionReplica';

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
  /** False while a partition given to this instance is still being replayed; absent where every held partition counts as whole. */
  partitionLive?(partition: number): boolean;
}

/** The partitions other instances publish (Kafka mode with several instances: the aggregates topic). */
export interface ReplicatedPartitions {
  /** False until the replicas hold everything published before this instance started reading. */
  readonly ready: boolean;
  replicaOf(partition: number): PartitionReplica | null;
}

/**
 * One partition of the view: folded here, or another owner's as published. A partition
 * being rebuilt here is shown from its replica meanwhile, so its figures never drop out.
 */
type ViewPartition =
  | { partition: number; kind: 'own'; processor: PartitionProcessor; live: boolean }
  | { partition: number; kind: 'replica'; replica: PartitionReplica; processor: PartitionProcessor | null };

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
    private readonly replicas: ReplicatedPartitions | null = null,
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

  /**
   * True while the state is being rebuilt from the log: here, or by the owner of a
   * partition shown from its replica (its figures are the last ones published meanwhile).
   */
  get rebuilding(): boolean {
    if (this.source.progress.state === 'rebuilding') return true;
    return this.view().partitions.some((entry) => entry.kind === 'replica' && entry.replica.rebuilding);
  }

  watermark(): number | null {
    return globalWatermarkOf(this.viewClocks(), IDLE_AFTER_MS);
  }

  /**
   * The partitions the figures are made of: every partition of the topic that is folded
   * here or replicated, each once. One folded here and whole is taken from here; one being
   * rebuilt here, or held by another instance, from its replica when there is one.
   */
  private view(): { partitions: ViewPartition[]; known: boolean; missingPartitions: number[]; stalePartitions: number[] } {
    const own = this.pipeline.partitions();
    const replicas = this.replicas?.ready ? this.replicas : null;
    const ownership = this.source.ownership?.() ?? null;
    const known = this.source.ownership === undefined || ownership !== null;
    const numbers = new Set<number>(ownership?.partitions ?? []);
    for (const processor of own) numbers.add(processor.partition);
    const byPartition = new Map(own.map((processor) => [processor.partition, processor]));
    const partitions: ViewPartition[] = [];
    const missingPartitions: number[] = [];
    const stalePartitions: number[] = [];
    for (const partition of [...numbers].sort((a, b) => a - b)) {
      const processor = byPartition.get(partition) ?? null;
      const live = processor !== null && (this.source.partitionLive?.(partition) ?? true);
      const replica = replicas?.replicaOf(partition) ?? null;
      const replicated = replica !== null && replica.liveStatus !== null;
      if (processor && (live || !replicated)) partitions.push({ partition, kind: 'own', processor, live });
      else if (replicated) {
        partitions.push({ partition, kind: 'replica', replica, processor });
        // Held here but not rebuilt yet: whoever published it no longer folds it.
        if (!replica.current || processor !== null) stalePartitions.push(partition);
      } else missingPartitions.push(partition);
    }
    return { partitions, known, missingPartitions, stalePartitions };
  }

  private viewClocks(): PartitionClock[] {
    return this.view().partitions.map((entry) => (entry.kind === 'own' ? entry.processor : entry.replica));
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
    return newestAppendTimeOf(this.viewClocks());
  }

  histories(): BucketHistory[] {
    const partitions = this.view().partitions.map((entry) => (entry.kind === 'own' ? entry.processor : entry.replica));
    return [...partitions, ...this.otherHistories];
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
  /**
   * Whether the figures may fall short of the log, and why: partitions left out
   * (`missingPartitions`), and partitions shown as their owner last published them while it
   * rebuilds them or has gone silent (`stalePartitions`), so a move never drops a
   * partition's figures and never passes them off as current.
   */
  partiality(): { partial: boolean; missingPartitions: number[]; stalePartitions: number[] } {
    const { known, missingPartitions, stalePartitions } = this.view();
    return { partial: !known || missingPartitions.length > 0 || stalePartitions.length > 0, missingPartitions, stalePartitions };
  }

  health(now: number): Health {
    const { partitions: view, known, missingPartitions, stalePartitions } = this.view();
    const ownership = this.source.ownership?.() ?? null;
    const heldBy = (partition: number): PartitionHealth['owner'] => (ownership?.heldByOthers.has(partition) ? 'other' : 'none');
    const newestAppend = newestAppendTimeOf(view.map((entry) => (entry.kind === 'own' ? entry.processor : entry.replica)));
    let lagRecords = 0;
    let processingLagMs = 0;
    // A partition's row, whichever side its figures come from.
    const row = (
      partition: number,
      figures: { watermark: number | null; lastAppendTime: number | null },
      { processed, lag, owner, rebuilding }: { processed: number; lag: number; owner: PartitionHealth['owner']; rebuilding: boolean },
    ): PartitionHealth => ({
      partition,
      watermark: figures.watermark,
      lastAppendTime: figures.lastAppendTime,
      processed,
      idle: figures.lastAppendTime === null || (newestAppend ?? 0) - figures.lastAppendTime > IDLE_AFTER_MS,
      lagRecords: lag,
      owner,
      rebuilding,
    });
    const partitions: PartitionHealth[] = view.map((entry) => {
      if (entry.kind === 'own' || entry.processor !== null) {
        // Held here: this instance's own figures, whichever side the view shows meanwhile.
        const processor = entry.kind === 'own' ? entry.processor : entry.processor!;
        const lag = this.source.lagRecords(processor.partition);
        lagRecords += lag;
        if (lag > 0 && processor.lastAppendTime !== null) {
          processingLagMs = Math.max(processingLagMs, now - processor.lastAppendTime);
        }
        const rebuilding = !(this.source.partitionLive?.(processor.partition) ?? true);
        return row(processor.partition, processor, { processed: processor.processed, lag, owner: 'self', rebuilding });
      }
      const { replica } = entry;
      const status = replica.status!;
      lagRecords += status.lagRecords;
      return row(entry.partition, replica, { processed: status.processed, lag: status.lagRecords, owner: heldBy(entry.partition), rebuilding: replica.rebuilding });
    });
    for (const partition of missingPartitions) {
      partitions.push({ partition, owner: heldBy(partition), watermark: null, lastAppendTime: null, processed: 0, idle: true, lagRecords: 0, rebuilding: false });
    }
    partitions.sort((a, b) => a.partition - b.partition);
    const rebuild = this.source.progress;
    return {
      status: !this.source.connected ? 'degraded' : this.source.joining ? 'joining' : rebuild.state === 'rebuilding' ? 'rebuilding' : 'ok',
      mode: this.source.mode,
      watermark: globalWatermarkOf(view.map((entry) => (entry.kind === 'own' ? entry.processor : entry.replica)), IDLE_AFTER_MS),
      partitions,
      partial: !known || missingPartitions.length > 0 || stalePartitions.length > 0,
      missingPartitions,
      stalePartitions,
      lag: { records: lagRecords, processingLagMs },
      rebuild,
      ...(this.backpressure ? { backpressure: this.backpressure() } : {}),
      ...(this.alertsFiring ? { alertsFiring: this.alertsFiring() } : {}),
      now,
    };
  }
}

