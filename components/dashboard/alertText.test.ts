import { describe, expect, it } from 'vitest';
import type { AlertRuleStatus } from '../../lib/alerts';
import { alertConditionText, firingForText, formatAlertFigure, formatAlertWindow, orderFiringAlerts } from './alertText';

function firingRule(overrides: Partial<AlertRuleStatus>): AlertRuleStatus {
  return {
    name: 'DeadLettersPiling',
    figure: 'deadLetters.total',
    window: 10_000,
    comparison: 'above',
    threshold: 10,
    forMs: 0,
    severity: 'critical',
    labels: {},
    annotations: {},
    state: 'firing',
    activeSince: 1_000,
    value: 20,
    drilldown: '/events?outcome=deadLetter',
    ...overrides,
  };
}

describe('alertConditionText', () => {
  it('says the value against the threshold over the window', () => {
    expect(alertConditionText(firingRule({}))).toBe('20 > 10 over 10 s');
    expect(alertConditionText(firingRule({ figure: 'inputs', comparison: 'below', value: 0, threshold: 1, window: 120_000 }))).toBe(
      '0 < 1 over 2 min',
    );
  });

  it('leaves the window out for a health figure, which is read as of now', () => {
    expect(alertConditionText(firingRule({ figure: 'lag.records', window: null, value: 150_000, threshold: 100_000 }))).toBe(
      '150,000 > 100,000',
    );
  });

  it('writes each figure in its unit', () => {
    expect(alertConditionText(firingRule({ figure: 'errorRate', value: 0.125, threshold: 0.05, window: 300_000 }))).toBe(
      '12.5 % > 5.0 % over 5 min',
    );
    expect(alertConditionText(firingRule({ figure: 'lag.processingLagMs', value: 42_000, threshold: 30_000, window: null }))).toBe(
      '42.0 s > 30.0 s',
    );
  });
});

describe('formatAlertFigure', () => {
  it('reads quantiles as durations, counts with separators and fractions as they are', () => {
    expect(formatAlertFigure('latencyMs.p95', 850)).toBe('850 ms');
    expect(formatAlertFigure('deadLetters.total', 12_345)).toBe('12,345');
    expect(formatAlertFigure('events', 0.5)).toBe('0.5');
    expect(formatAlertFigure('events', null)).toBe('—');
  });
});

describe('formatAlertWindow', () => {
  it('names a window in the units it was written in', () => {
    expect(formatAlertWindow(10_000)).toBe('10 s');
    expect(formatAlertWindow(90_000)).toBe('1 min 30 s');
    expect(formatAlertWindow(3_600_000)).toBe('1 h');
    expect(formatAlertWindow(500)).toBe('500 ms');
  });
});

describe('firingForText', () => {
  it('counts whole units, rounded down', () => {
    expect(firingForText(0, 12_999)).toBe('for 12 s');
    expect(firingForText(0, 60_000)).toBe('for 1 min');
    expect(firingForText(0, 252_400)).toBe('for 4 min 12 s');
    expect(firingForText(0, 3_900_000)).toBe('for 1 h 5 min');
    expect(firingForText(0, 2 * 86_400_000 + 3_600_000)).toBe('for 2 d 1 h');
  });

  it('says "just now" for under a second, also when the clocks disagree, and nothing without a start', () => {
    expect(firingForText(1_000, 1_400)).toBe('just now');
    expect(firingForText(2_000, 1_000)).toBe('just now');
    expect(firingForText(null, 1_000)).toBeNull();
  });
});

describe('orderFiringAlerts', () => {
  it('puts the loudest first, then the longest-standing', () => {
    const alerts = [
      firingRule({ name: 'Info', severity: 'info', activeSince: 1 }),
      firingRule({ name: 'NewCritical', severity: 'critical', activeSince: 500 }),
      firingRule({ name: 'Warning', severity: 'warning', activeSince: 1 }),
      firingRule({ name: 'OldCritical', severity: 'critical', activeSince: 100 }),
    ];
    expect(orderFiringAlerts(alerts).map((alert) => alert.name)).toEqual(['OldCritical', 'NewCritical', 'Warning', 'Info']);
    // The caller's array is left as it was.
    expect(alerts[0]!.name).toBe('Info');
  });
});
