/*
 * The panels a wall can show. Their names are part of every wall's link (`?panels=`), so
 * they never change once published: add new ones, never rename.
 */

export const TV_PANELS = ['throughput', 'latency', 'errorRate', 'deadLetters', 'exceptions', 'regions', 'pipeline'] as const;
export type TvPanelId = (typeof TV_PANELS)[number];

export function isTvPanelId(value: string): value is TvPanelId {
  return (TV_PANELS as readonly string[]).includes(value);
}

export const TV_PANEL_TITLES: Record<TvPanelId, string> = {
  throughput: 'Throughput',
  latency: 'Latency p95',
  errorRate: 'Error rate',
  deadLetters: 'Dead letters',
  exceptions: 'Exceptions',
  regions: 'Events by region',
  pipeline: 'Pipeline',
};

/** What each panel shows, for the help page. */
export const TV_PANEL_DESCRIPTIONS: Record<TvPanelId, string> = {
  throughput: 'Valid events per second over the window (of the region or carrier when the wall filters by one).',
  latency: '95th percentile of event time to the log: how late events reach the system.',
  errorRate: 'Dead letters over all inputs that arrived in the window.',
  deadLetters: 'Inputs that could not be processed in the window.',
  exceptions: 'Shipment exceptions in the window, in total and by exception code.',
  regions: 'Valid events in the window by region, the filtered region marked.',
  pipeline: 'Whether the pipeline is live, rebuilding its state from the log (with progress) or cut off from its broker; its lag in records.',
};
