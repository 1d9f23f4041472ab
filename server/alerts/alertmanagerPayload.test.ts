import { describe, expect, it } from 'vitest';
import { alertFingerprint } from './alertFingerprint';
import { alertmanagerPayload, ZERO_TIME } from './alertmanagerPayload';
import type { AlertNotification } from './alertNotification';

const notification: AlertNotification = {
  status: 'firing',
  name: 'LagHigh',
  severity: 'warning',
  labels: {},
  annotations: {},
  startsAt: 0,
  endsAt: null,
  value: 1,
  drilldown: null,
};

describe('alertmanagerPayload', () => {
  it('links to the alerts page without a drilldown, and ends at the zero time while firing', () => {
    const payload = alertmanagerPayload(notification, 'waybill', 'http://localhost:3000/alerts');
    expect(payload.alerts[0]).toMatchObject({
      labels: { alertname: 'LagHigh', severity: 'warning' },
      startsAt: '1970-01-01T00:00:00.000Z',
      endsAt: ZERO_TIME,
      generatorURL: 'http://localhost:3000/alerts',
      fingerprint: alertFingerprint({ alertname: 'LagHigh', severity: 'warning' }),
    });
  });

  it('keeps a full drilldown URL as it is', () => {
    const payload = alertmanagerPayload({ ...notification, drilldown: 'https://waybill.example/events?from=0' }, 'waybill', 'http://localhost:3000/alerts');
    expect(payload.alerts[0]?.generatorURL).toBe('https://waybill.example/events?from=0');
  });
});
