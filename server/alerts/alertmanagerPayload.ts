import { alertFingerprint } from './alertFingerprint';
import type { AlertNotification } from './alertNotification';

/** Alertmanager's "no end yet": Go's zero time, which receivers of its webhook expect while firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The body of Alertmanager's webhook, version 4, so any receiver written for it takes ours. */
export interface AlertmanagerWebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: { alertname: string };
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
}

/** The labels Alertmanager routes on: the rule's own, then alertname and severity, which rules cannot override. */
export function alertLabels(notification: AlertNotification): Record<string, string> {
  return { ...notification.labels, alertname: notification.name, severity: notification.severity };
}

/**
 * One notification as a webhook body: a group of one alert, grouped by alertname, so the
 * common labels and annotations are the alert's own.
 */
export function alertmanagerPayload(notification: AlertNotification, receiver: string, externalUrl: string): AlertmanagerWebhookPayload {
  const labels = alertLabels(notification);
  const generatorURL = notification.drilldown === null ? externalUrl : new URL(notification.drilldown, externalUrl).href;
  return {
    version: '4',
    groupKey: `{}:{alertname=${JSON.stringify(notification.name)}}`,
    truncatedAlerts: 0,
    status: notification.status,
    receiver,
    groupLabels: { alertname: notification.name },
    commonLabels: labels,
    commonAnnotations: { ...notification.annotations },
    externalURL: externalUrl,
    alerts: [
      {
        status: notification.status,
        labels,
        annotations: { ...notification.annotations },
        startsAt: new Date(notification.startsAt).toISOString(),
        endsAt: notification.endsAt === null ? ZERO_TIME : new Date(notification.endsAt).toISOString(),
        generatorURL,
        fingerprint: alertFingerprint(labels),
      },
    ],
  };
}
