import type { AlertSeverity } from '../../lib/alerts';

/** What the engine hands a notifier when a rule fires or resolves: one alert, self-contained. */
export interface AlertNotification {
  status: 'firing' | 'resolved';
  name: string;
  severity: AlertSeverity;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** When the rule fired (epoch ms). */
  startsAt: number;
  /** When it resolved (epoch ms); null while firing. */
  endsAt: number | null;
  /** The figure when the transition happened; null when there was no data. */
  value: number | null;
  /** A path or URL of the inputs behind the alert, when the engine has one. */
  drilldown: string | null;
}

export interface AlertNotifier {
  /** Must neither throw nor block: the engine calls it inside an evaluation. */
  notify(notification: AlertNotification): void;
}
