import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { Health } from '../../lib/health';
import type { Outcome } from '../pipeline/outcome';

/** The stages a batch of inputs goes through, each timed per batch. */
export const PIPELINE_STAGES = ['fold', 'index', 'dead_letter', 'log_append'] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Why an ingest request was refused before it was read: the back-pressure answers. */
export const REFUSAL_REASONS = ['log_behind', 'pipeline_behind', 'too_many_requests'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;

/** What the gauges read at scrape time; each part is optional so a test can wire only some. */
export interface MetricsSources {
  health?: (now: number) => Health;
  live?: () => { clients: number; rooms: number };
  ingest?: () => { pendingItems: number; backpressureActive: boolean };
  alerts?: () => { firingBySeverity: Record<string, number>; notifications: { sent: number; failed: number; dropped: number } };
}

/** Batches are 1 to a few thousand records; a lone record is its own bucket. */
const BATCH_SIZE_BUCKETS = [1, 10, 50, 100, 500, 1_000, 2_000, 5_000, 10_000];
/** A batch's stage takes from microseconds (a small fold) to seconds (a stalled broker). */
const STAGE_SECONDS_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const REQUEST_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Waybill's own Prometheus metrics (`waybill_` prefix, base units, bounded labels: a
 * partition, a reason, a stage, never a subject or an id) and prom-client's process and
 * event-loop defaults, in one registry. Counters are bumped once per batch, not per event;
 * gauges are read from their sources when scraped, so between scrapes they cost nothing.
 */
export class WaybillMetrics {
  readonly registry = new Registry();
  private sources: MetricsSources = {};
  private readonly inputs: Counter;
  private readonly events: Counter;
  private readonly deadLetters: Counter<'reason'>;
  private readonly duplicates: Counter;
  private readonly late: Counter;
  private readonly outOfOrder: Counter;
  private readonly ingestItems: Counter<'result'>;
  private readonly refusedRequests: Counter<'reason'>;
  private readonly updatesSent: Counter;
  private readonly updatesSkipped: Counter;
  private readonly stageDuration: Histogram<'stage'>;
  private readonly ingestDuration: Histogram<'code'>;
  private readonly logAppendBatch: Histogram;
  private readonly indexBatch: Histogram;

  constructor(options: { mode: 'embedded' | 'kafka'; version: string; clock?: () => number }) {
    const registers = [this.registry];
    const clock = options.clock ?? Date.now;
    collectDefaultMetrics({ register: this.registry });
    // Gauges with a counter's suffix, which `promtool check metrics` rejects; the per-type
    // gauges beside them (nodejs_active_handles{type}, …) sum to the same figures.
    for (const misnamed of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) {
      this.registry.removeSingleMetric(misnamed);
    }
    const counter = <L extends string = never>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });

    this.inputs = counter('waybill_inputs_total', 'Inputs processed by the pipeline, whatever their outcome (a rebuild counts them again).');
    this.events = counter('waybill_events_total', 'Valid, first-seen, on-time events folded into the aggregates.');
    this.deadLetters = counter('waybill_dead_letters_total', 'Inputs dead-lettered, by reason.', ['reason']);
    this.duplicates = counter('waybill_duplicates_total', 'Events whose (source, id) was seen before.');
    this.late = counter('waybill_late_events_total', 'Events whose window had closed before they arrived.');
    this.outOfOrder = counter('waybill_out_of_order_events_total', "Events with a sequence below their shipment's highest.");
    this.ingestItems = counter('waybill_ingest_items_total', 'Items of POST /api/events, accepted or rejected by the stateless checks.', ['result']);
    this.refusedRequests = counter(
      'waybill_ingest_refused_requests_total',
      'Ingest requests answered 429 or 503 because Waybill was behind (back pressure).',
      ['reason'],
    );
    this.updatesSent = counter('waybill_live_updates_sent_total', 'Live updates handed to a client connection.');
    this.updatesSkipped = counter('waybill_live_updates_skipped_total', 'Live updates a slow client skipped (volatile: its connection was not writable).');
    // Labels that exist start at zero, so rate() and alerts see them before the first one.
    for (const reason of DEAD_LETTER_REASONS) this.deadLetters.inc({ reason }, 0);
    for (const result of ['accepted', 'rejected']) this.ingestItems.inc({ result }, 0);
    for (const reason of REFUSAL_REASONS) this.refusedRequests.inc({ reason }, 0);

    this.stageDuration = new Histogram({
      name: 'waybill_stage_duration_seconds',
      help: 'Time one batch spends in a stage: fold (the pipeline), index, dead_letter (writing dead letters), log_append.',
      labelNames: ['stage'],
      buckets: STAGE_SECONDS_BUCKETS,
      registers,
    });
    this.ingestDuration = new Histogram({
      name: 'waybill_ingest_request_duration_seconds',
      help: 'Duration of POST /api/events, from the request to its answer, by HTTP status.',
      labelNames: ['code'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    });
    this.logAppendBatch = new Histogram({
      name: 'waybill_log_append_batch_records',
      help: 'Records per append to the log (one ingest request, one simulator tick).',
      buckets: BATCH_SIZE_BUCKETS,
      registers,
    });
    this.indexBatch = new Histogram({
      name: 'waybill_index_batch_records',
      help: 'Inputs per batch handed to the event index.',
      buckets: BATCH_SIZE_BUCKETS,
      registers,
    });

    const sources = () => this.sources;
    const healthNow = () => sources().health?.(clock()) ?? null;
    new Gauge({
      name: 'waybill_info',
      help: 'Always 1; its labels say how this instance runs.',
      labelNames: ['mode', 'version'],
      registers,
      collect() {
        this.set({ mode: options.mode, version: options.version }, 1);
      },
    });
    new Gauge({
      name: 'waybill_consumer_lag_records',
      help: 'Records in the log not processed yet, per partition.',
      labelNames: ['partition'],
      registers,
      collect() {
        this.reset();
        for (const partition of healthNow()?.partitions ?? []) this.set({ partition: String(partition.partition) }, partition.lagRecords);
      },
    });
    new Gauge({
      name: 'waybill_processing_lag_seconds',
      help: 'How old the newest processed input of a partition is while records wait behind it (0 when caught up).',
      labelNames: ['partition'],
      registers,
      collect() {
        this.reset();
        const now = clock();
        for (const partition of healthNow()?.partitions ?? []) {
          const behind = partition.lagRecords > 0 && partition.lastAppendTime !== null ? (now - partition.lastAppendTime) / 1_000 : 0;
          this.set({ partition: String(partition.partition) }, Math.max(0, behind));
        }
      },
    });
    new Gauge({
      name: 'waybill_watermark_delay_seconds',
      help: 'How far the global watermark (event time) trails the clock.',
      registers,
      collect() {
        this.reset();
        const watermark = healthNow()?.watermark ?? null;
        if (watermark !== null) this.set(Math.max(0, (clock() - watermark) / 1_000));
      },
    });
    new Gauge({
      name: 'waybill_rebuild_progress_ratio',
      help: 'How far the rebuild (replay of the log) has come, 0 to 1; 1 when live.',
      registers,
      collect() {
        this.set(healthNow()?.rebuild.progress ?? 0);
      },
    });
    new Gauge({
      name: 'waybill_rebuilding',
      help: '1 while the state is being rebuilt from the log.',
      registers,
      collect() {
        this.set(healthNow()?.rebuild.state === 'rebuilding' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'waybill_log_connected',
      help: '1 while the log can be reached (the broker, in Kafka mode).',
      registers,
      collect() {
        this.set(healthNow()?.status === 'degraded' ? 0 : 1);
      },
    });
    new Gauge({
      name: 'waybill_live_clients',
      help: 'Socket.IO clients connected to /live.',
      registers,
      collect() {
        this.set(sources().live?.().clients ?? 0);
      },
    });
    new Gauge({
      name: 'waybill_live_rooms',
      help: 'Distinct live subscriptions being served (rooms).',
      registers,
      collect() {
        this.set(sources().live?.().rooms ?? 0);
      },
    });
    new Gauge({
      name: 'waybill_backpressure_active',
      help: '1 while ingest refuses requests because Waybill is behind.',
      registers,
      collect() {
        this.set(sources().ingest?.().backpressureActive ? 1 : 0);
      },
    });
    new Gauge({
      name: 'waybill_ingest_pending_items',
      help: 'Ingest items received but not durable yet.',
      registers,
      collect() {
        this.set(sources().ingest?.().pendingItems ?? 0);
      },
    });
    new Gauge({
      name: 'waybill_alerts_firing',
      help: "Waybill's own alert rules firing, by severity.",
      labelNames: ['severity'],
      registers,
      collect() {
        const firing = sources().alerts?.().firingBySeverity ?? {};
        for (const severity of ALERT_SEVERITIES) this.set({ severity }, firing[severity] ?? 0);
      },
    });
    // Kept by the notifier itself; exposed as a counter that follows its totals.
    let notificationsSeen = { sent: 0, failed: 0, dropped: 0 };
    new Counter({
      name: 'waybill_alert_notifications_total',
      help: 'Alert notifications to the webhook: sent, failed (given up), dropped (queue full).',
      labelNames: ['result'],
      registers,
      collect() {
        const totals = sources().alerts?.().notifications ?? notificationsSeen;
        for (const result of ['sent', 'failed', 'dropped'] as const) {
          this.inc({ result }, Math.max(0, totals[result] - notificationsSeen[result]));
        }
        notificationsSeen = { ...totals };
      },
    });
  }

  /** Where the gauges read from; set once the server's parts exist. */
  connect(sources: MetricsSources): void {
    this.sources = { ...this.sources, ...sources };
  }

  /** One processed batch: counted once, by outcome. */
  recordOutcomes(outcomes: readonly Outcome[]): void {
    let events = 0;
    let duplicates = 0;
    let late = 0;
    let outOfOrder = 0;
    let deadLetters: Partial<Record<DeadLetterReason, number>> | null = null;
    for (const outcome of outcomes) {
      switch (outcome.kind) {
        case 'ok':
          events += 1;
          break;
        case 'outOfOrder':
          events += 1;
          outOfOrder += 1;
          break;
        case 'duplicate':
          duplicates += 1;
          break;
        case 'late':
          late += 1;
          break;
        case 'deadLetter': {
          deadLetters ??= {};
          const reason = outcome.rejection.reason;
          deadLetters[reason] = (deadLetters[reason] ?? 0) + 1;
        }
      }
    }
    this.inputs.inc(outcomes.length);
    if (events > 0) this.events.inc(events);
    if (duplicates > 0) this.duplicates.inc(duplicates);
    if (late > 0) this.late.inc(late);
    if (outOfOrder > 0) this.outOfOrder.inc(outOfOrder);
    if (deadLetters) for (const [reason, count] of Object.entries(deadLetters)) this.deadLetters.inc({ reason }, count);
  }

  /** Inputs dead-lettered before they reached the log (Kafka mode refuses them at ingest). */
  recordRefusedInputs(reasons: readonly DeadLetterReason[]): void {
    if (reasons.length === 0) return;
    this.inputs.inc(reasons.length);
    for (const reason of reasons) this.deadLetters.inc({ reason });
  }

  observeStage(stage: PipelineStage, seconds: number): void {
    this.stageDuration.observe({ stage }, seconds);
  }

  /** Runs one stage of a batch and records how long it took, whether it returns or throws. */
  timeStage<T>(stage: PipelineStage, run: () => T): T {
    const startedAt = performance.now();
    try {
      return run();
    } finally {
      this.stageDuration.observe({ stage }, (performance.now() - startedAt) / 1_000);
    }
  }

  async timeStageAsync<T>(stage: PipelineStage, run: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await run();
    } finally {
      this.stageDuration.observe({ stage }, (performance.now() - startedAt) / 1_000);
    }
  }

  /** A processed batch: its outcomes counted, its fold timed, its size noted for the index it goes to. */
  recordBatch(batch: { outcomes: readonly Outcome[]; foldStartedAt: number; foldEndedAt: number }): void {
    this.recordOutcomes(batch.outcomes);
    this.stageDuration.observe({ stage: 'fold' }, Math.max(0, batch.foldEndedAt - batch.foldStartedAt) / 1_000);
    this.indexBatch.observe(batch.outcomes.length);
  }

  observeIngestRequest(status: number, seconds: number, items: { accepted: number; rejected: number } | null): void {
    this.ingestDuration.observe({ code: String(status) }, seconds);
    if (items) {
      if (items.accepted > 0) this.ingestItems.inc({ result: 'accepted' }, items.accepted);
      if (items.rejected > 0) this.ingestItems.inc({ result: 'rejected' }, items.rejected);
    }
  }

  refusedRequest(reason: RefusalReason): void {
    this.refusedRequests.inc({ reason });
  }

  observeLogAppend(records: number): void {
    this.logAppendBatch.observe(records);
  }

  liveUpdates(sent: number, skipped: number): void {
    if (sent > 0) this.updatesSent.inc(sent);
    if (skipped > 0) this.updatesSkipped.inc(skipped);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}
