import type { WaybillMetrics } from './metrics/waybillMetrics';

/** What the modes report to: one object, so each new instrument is one more field, not one more argument. */
export interface Telemetry {
  metrics: WaybillMetrics;
}
