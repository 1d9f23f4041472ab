import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { summarize } from '../pipeline/aggregateQuery';
import { defaultDrilldownPath } from './alertDrilldown';
import { AlertEngine, type AlertEngineOptions } from './alertEngine';
import type { AlertNotification } from './alertNotification';
import { parseAlertRules } from './alertRules';

/** The summary of no traffic, as the read model makes it. */
function emptySummary(from: number, to: number): Summary {
  return summarize([], from, to, null);
}

function healthAt(now: number, status: Health['status'] = 'ok'): Health {
  return {
    status,
    mode: 'embedded',
    watermark: null,
    partitions: [],
    partial: false,
    missingPartitions: [],
    stalePartitions: [],
    lag: { records: 0, processingLagMs: 0 },
    rebuild: { state: status === 'rebuilding' ? 'rebuilding' : 'live', replayed: 0, total: 0, progress: status === 'rebuilding' ? 0 : 1 },
    now,
  };
}

/** A burst of dead letters, ten a second over [100 s, 200 s): a summary counts those in its range. */
const BURST_START = 100_000;
const BURST_END = 200_000;
function burstSummary(from: number, to: number): Summary {
  const overlap = Math.max(0, Math.min(to, BURST_END) - Math.max(from, BURST_START));
  const total = Math.floor(overlap / 100);
  return { ...emptySummary(from, to), inputs: total, deadLetters: { total, byReason: { invalid_json: total } } };
}

const DEAD_LETTER_RULES = parseAlertRules(
  `rules:
  - name: DeadLettersPiling
    figure: deadLetters.total
    window: 1m
    above: 10
    for: 30s
    severity: critical
    labels: { team: ops }
    annotations: { summary: Dead letters are piling up }
`,
  'test rules',
);

function recordingNotifier(): { notify: (notification: AlertNotification) => void; received: AlertNotification[] } {
  const received: AlertNotification[] = [];
  return { notify: (notification) => received.push(notification), received };
}

function engineWith(overrides: Partial<AlertEngineOptions>): AlertEngine {
  return new AlertEngine({
    rules: DEAD_LETTER_RULES,
    readSummary: burstSummary,
    readHealth: (now) => healthAt(now),
    notifier: null,
    ...overrides,
  });
}

/** Evaluates every 5 s over [from, to], as the timer would. */
function evaluateEvery5s(engine: AlertEngine, from: number, to: number): void {
  for (let now = from; now <= to; now += 5_000) engine.evaluate(now);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AlertEngine', () => {
  it('fires on a burst of dead letters within `for`, and notifies once for firing and once for resolved', () => {
    const notifier = recordingNotifier();
    const engine = engineWith({ notifier, drilldownUrl: (rule, since, now) => defaultDrilldownPath(rule.figure, since - (rule.windowMs ?? 0), now) });

    evaluateEvery5s(engine, 60_000, 130_000);
    expect(engine.snapshot().rules[0]).toMatchObject({ state: 'pending', activeSince: 105_000, value: 300 });
    expect(notifier.received).toEqual([]);

    evaluateEvery5s(engine, 135_000, 255_000);
    const firing = engine.snapshot();
    expect(firing.firing.map((rule) => rule.name)).toEqual(['DeadLettersPiling']);
    expect(firing.rules[0]).toMatchObject({ state: 'firing', activeSince: 105_000, value: 50 });
    expect(notifier.received).toHaveLength(1);
    expect(notifier.received[0]).toEqual<AlertNotification>({
      status: 'firing',
      name: 'DeadLettersPiling',
      severity: 'critical',
      labels: { team: 'ops' },
      annotations: { summary: 'Dead letters are piling up' },
      startsAt: 135_000,
      endsAt: null,
      value: 350,
      drilldown: defaultDrilldownPath('deadLetters.total', 45_000, 135_000),
    });

    evaluateEvery5s(engine, 260_000, 400_000);
    expect(notifier.received).toHaveLength(2);
    expect(notifier.received[1]).toMatchObject({ status: 'resolved', startsAt: 135_000, endsAt: 260_000, value: 0 });
    expect(engine.snapshot().firing).toEqual([]);
  });

  it('keeps the transitions, newest first, within the history limit', () => {
    const engine = engineWith({ historyLimit: 2 });
    evaluateEvery5s(engine, 60_000, 400_000);
    expect(engine.snapshot().history).toEqual([
      { name: 'DeadLettersPiling', state: 'resolved', at: 260_000, value: 0, severity: 'critical' },
      { name: 'DeadLettersPiling', state: 'firing', at: 135_000, value: 350, severity: 'critical' },
    ]);
    const unbounded = engineWith({});
    evaluateEvery5s(unbounded, 60_000, 400_000);
    expect(unbounded.snapshot().history.map((entry) => entry.state)).toEqual(['resolved', 'firing', 'pending']);
  });

  it('answers GET /api/alerts with each rule and where it stands', () => {
    const engine = engineWith({});
    expect(engine.snapshot()).toEqual({
      evaluatedAt: null,
      rules: [
        {
          name: 'DeadLettersPiling',
          figure: 'deadLetters.total',
          window: 60_000,
          comparison: 'above',
          threshold: 10,
          forMs: 30_000,
          severity: 'critical',
          labels: { team: 'ops' },
          annotations: { summary: 'Dead letters are piling up' },
          state: 'inactive',
          activeSince: null,
          value: null,
          drilldown: null,
        },
      ],
      firing: [],
      history: [],
    });
    engine.evaluate(50_000);
    expect(engine.snapshot()).toMatchObject({ evaluatedAt: 50_000, rules: [{ state: 'inactive', value: 0 }] });
  });

  it('reads one summary per distinct window in an evaluation, and health for health figures', () => {
    const rules = parseAlertRules(
      `rules:
  - { name: A, figure: deadLetters.total, window: 1m, above: 10 }
  - { name: B, figure: inputs, window: 1m, below: 1, whenTrafficIn: 5m }
  - { name: C, figure: errorRate, window: 5m, above: 0.5 }
  - { name: D, figure: lag.records, above: 5 }
`,
      'test rules',
    );
    const readSummary = vi.fn(emptySummary);
    const readHealth = vi.fn((now: number) => ({ ...healthAt(now), lag: { records: 9, processingLagMs: 0 } }));
    const engine = engineWith({ rules, readSummary, readHealth });
    engine.evaluate(600_000);
    expect(readSummary.mock.calls).toEqual([
      [540_000, 600_000],
      [300_000, 600_000],
    ]);
    expect(readHealth).toHaveBeenCalledTimes(1);
    expect(engine.snapshot().firing.map((rule) => rule.name)).toEqual(['D']);
  });

  it('holds a stale-data rule only when there was traffic in the longer window', () => {
    const rules = parseAlertRules('rules: [{ name: StaleData, figure: inputs, window: 2m, below: 1, for: 1m, whenTrafficIn: 1h }]', 'test rules');
    const notifier = recordingNotifier();
    let lastInputAt: number | null = null;
    const readSummary = (from: number, to: number) => ({
      ...emptySummary(from, to),
      inputs: lastInputAt !== null && lastInputAt >= from && lastInputAt < to ? 1 : 0,
    });
    const engine = engineWith({ rules, readSummary, notifier });

    // Never any traffic: silence is expected.
    evaluateEvery5s(engine, 0, 600_000);
    expect(notifier.received).toEqual([]);

    lastInputAt = 600_000;
    evaluateEvery5s(engine, 605_000, 900_000);
    expect(notifier.received.map((notification) => [notification.status, notification.startsAt])).toEqual([['firing', 785_000]]);
    // An hour after the last input, silence is expected again.
    evaluateEvery5s(engine, 905_000, 4_300_000);
    expect(notifier.received.map((notification) => [notification.status, notification.endsAt])).toEqual([
      ['firing', null],
      ['resolved', 4_205_000],
    ]);
  });

  it('does not evaluate while the read model is rebuilding', () => {
    let status: Health['status'] = 'rebuilding';
    const engine = engineWith({ readHealth: (now) => healthAt(now, status) });
    evaluateEvery5s(engine, 60_000, 180_000);
    expect(engine.snapshot()).toMatchObject({ evaluatedAt: null, history: [] });
    status = 'ok';
    engine.evaluate(185_000);
    expect(engine.snapshot()).toMatchObject({ evaluatedAt: 185_000, rules: [{ state: 'pending' }] });
  });

  it('evaluates the other rules when one fails, and reports the failure', () => {
    const rules = parseAlertRules(
      'rules: [{ name: Broken, figure: inputs, window: 5m, above: 0 }, { name: Fine, figure: deadLetters.total, window: 1m, above: 10 }]',
      'test rules',
    );
    const readSummary = (from: number, to: number) => {
      if (to - from === 300_000) throw new Error('no summary');
      return burstSummary(from, to);
    };
    const engine = engineWith({ rules, readSummary });
    expect(() => engine.evaluate(150_000)).toThrow(AggregateError);
    expect(engine.snapshot().rules.map((rule) => [rule.name, rule.state])).toEqual([
      ['Broken', 'inactive'],
      ['Fine', 'firing'],
    ]);
  });

  it('evaluates on its timer until stopped, reporting errors without stopping', () => {
    vi.useFakeTimers({ now: 60_000 });
    const notifier = recordingNotifier();
    const onError = vi.fn();
    let failNext = false;
    const engine = engineWith({
      notifier,
      onError,
      clock: () => Date.now(),
      readSummary: (from, to) => {
        if (failNext) {
          failNext = false;
          throw new Error('read failed');
        }
        return burstSummary(from, to);
      },
    });

    engine.start();
    expect(engine.snapshot().evaluatedAt).toBe(60_000);
    failNext = true;
    vi.advanceTimersByTime(5_000);
    expect(onError).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(75_000);
    expect(notifier.received.map((notification) => notification.status)).toEqual(['firing']);
    expect(engine.snapshot().evaluatedAt).toBe(140_000);

    engine.stop();
    vi.advanceTimersByTime(300_000);
    expect(engine.snapshot().evaluatedAt).toBe(140_000);
    expect(notifier.received).toHaveLength(1);
  });

  it('refuses two rules of one name', () => {
    expect(() => engineWith({ rules: [...DEAD_LETTER_RULES, ...DEAD_LETTER_RULES] })).toThrow(/two rules of the same name/);
  });
});
