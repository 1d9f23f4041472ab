import type { Logger } from './logger';
import type { WaybillMetrics } from './metrics/waybillMetrics';
import type { ProcessedBatch } from './sources/embeddedSource';
import type { PendingPushes } from './tracing/pendingPushes';
import { traceFoldedBatch } from './tracing/traceFoldedBatch';
import type { Tracing } from './tracing/tracing';

/** What the modes report to: one object, so each new instrument is one more field, not one more argument. */
export interface Telemetry {
  metrics: WaybillMetrics;
  tracing: Tracing;
  /** Sampled events folded but not yet pushed to a dashboard: their trace's last span is still to come. */
  pendingPushes: PendingPushes;
}

/** Batches already counted: a source retries a batch's writes (a DLQ topic down) with the same object. */
const observed = new WeakSet<ProcessedBatch>();

/**
 * Counts and traces a processed batch once, however often its writes are retried; a
 * failure here is logged and goes no further, so the index and the dead letters are
 * written whatever becomes of the telemetry.
 */
export function observeBatch({ metrics, tracing, pendingPushes }: Telemetry, batch: ProcessedBatch, logger: Logger): void {
  if (observed.has(batch)) return;
  observed.add(batch);
  try {
    metrics.recordBatch(batch);
    traceFoldedBatch(tracing, batch, pendingPushes);
  } catch (error) {
    logger.warn('could not record the metrics or traces of a batch', error);
  }
}
