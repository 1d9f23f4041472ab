/**
 * Every `waybill_*` metric the server exposes at GET /metrics, exactly as named there.
 * Histograms are listed by their base name (the scrape shows `_bucket`, `_sum` and `_count`).
 *
 * docs/grafana-dashboard.json and docs/prometheus-rules.yml may only use these names
 * (server/metrics/prometheusRules.test.ts), and the scrape test checks them against the real output.
 */
export const WAYBILL_METRIC_NAMES = [
  // Counters
  'waybill_inputs_total',
  'waybill_events_total',
  'waybill_dead_letters_total',
  'waybill_duplicates_total',
  'waybill_late_events_total',
  'waybill_out_of_order_events_total',
  'waybill_ingest_items_total',
  'waybill_ingest_refused_requests_total',
  'waybill_live_updates_sent_total',
  'waybill_live_updates_skipped_total',
  'waybill_alert_notifications_total',
  // Gauges
  'waybill_consumer_lag_records',
  'waybill_processing_lag_seconds',
  'waybill_watermark_delay_seconds',
  'waybill_rebuild_progress_ratio',
  'waybill_rebuilding',
  'waybill_log_connected',
  'waybill_live_clients',
  'waybill_live_rooms',
  'waybill_backpressure_active',
  'waybill_ingest_pending_items',
  'waybill_alerts_firing',
  'waybill_info',
  // Histograms
  'waybill_stage_duration_seconds',
  'waybill_ingest_request_duration_seconds',
  'waybill_log_append_batch_records',
  'waybill_index_batch_records',
] as const;

export type WaybillMetricName = (typeof WAYBILL_METRIC_NAMES)[number];
