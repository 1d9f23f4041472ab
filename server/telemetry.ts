import type { WaybillMetrics } from './metrics/waybillMetrics';
import type { PendingPushes } from './tracing/pendingPushes';
import type { Tracing } from './tracing/tracing';

/** What the modes report to: one object, so each new instrument is one more field, not one more argument. */
export interface Telemetry {
  metrics: WaybillMetrics;
  tracing: Tracing;
  /** Sampled events folded but not yet pushed to a dashboard: their trace's last span is still to come. */
  pendingPushes: PendingPushes;
}
