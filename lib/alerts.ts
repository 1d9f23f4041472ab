/** How loud an alert is; the same words Alertmanager routes on. */
export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export function isAlertSeverity(value: unknown): value is AlertSeverity {
  return typeof value === 'string' && (ALERT_SEVERITIES as readonly string[]).includes(value);
}

/** Which side of the threshold makes a rule's condition hold. */
export type AlertComparison = 'above' | 'below';

/** Where a rule stands: `resolved` is only ever a moment in the history, never a standing state. */
export type AlertStateName = 'inactive' | 'pending' | 'firing';
export type AlertHistoryState = 'pending' | 'firing' | 'resolved';

/** One rule of GET /api/alerts, with where it stands as of the last evaluation. */
export interface AlertRuleStatus {
  name: string;
  figure: string;
  /** The summary window in ms; null for health figures, which are read as of now. */
  window: number | null;
  comparison: AlertComparison;
  threshold: number;
  forMs: number;
  severity: AlertSeverity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: AlertStateName;
  /** When the condition started to hold (epoch ms); null while inactive. */
  activeSince: number | null;
  /** The figure at the last evaluation; null when there was no data. */
  value: number | null;
  /** A link to the inputs behind the alert; null while inactive or when none applies. */
  drilldown: string | null;
}

export interface AlertHistoryEntry {
  name: string;
  state: AlertHistoryState;
  at: number;
  value: number | null;
  severity: AlertSeverity;
}

/** GET /api/alerts */
export interface AlertsSnapshot {
  /** When the rules were last evaluated (epoch ms); null before the first evaluation. */
  evaluatedAt: number | null;
  rules: AlertRuleStatus[];
  firing: AlertRuleStatus[];
  /** Newest first. */
  history: AlertHistoryEntry[];
}
