import type { AlertHistoryEntry, AlertRuleStatus, AlertsSnapshot } from '../../lib/alerts';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { readFigure } from './alertFigures';
import type { AlertNotification, AlertNotifier } from './alertNotification';
import type { AlertRule } from './alertRules';
import { INACTIVE, nextAlertState, type AlertState } from './alertState';

export interface AlertEngineOptions {
  rules: AlertRule[];
  /** Totals over [from, to), as GET /api/summary answers them. */
  readSummary: (from: number, to: number) => Summary;
  readHealth: (now: number) => Health;
  notifier: AlertNotifier | null;
  clock?: () => number;
  intervalMs?: number;
  /** How many transitions the snapshot keeps. */
  historyLimit?: number;
  /** A link to the inputs behind an active rule; e.g. defaultDrilldownPath over [activeSince - window, now). */
  drilldownUrl?: (rule: AlertRule, activeSince: number, now: number) => string | null;
  /** An evaluation on the timer failed (for one rule or all); the timer goes on. */
  onError?: (error: unknown) => void;
  /**
   * Skip evaluations while the read model is rebuilding (default true): a replay in progress
   * shows partial totals and a large lag, which would fire and resolve alerts on every start.
   */
  pauseWhileRebuilding?: boolean;
}

interface RuleStanding {
  state: AlertState;
  value: number | null;
}

/**
 * Evaluates alert rules against the read model on a timer, Prometheus-style, and notifies
 * on firing and resolved. Holds each rule's state, and the recent transitions, for GET /api/alerts.
 */
export class AlertEngine {
  private readonly rules: readonly AlertRule[];
  private readonly clock: () => number;
  private readonly intervalMs: number;
  private readonly historyLimit: number;
  private readonly standings = new Map<string, RuleStanding>();
  /** Oldest first; the snapshot turns it round. */
  private readonly history: AlertHistoryEntry[] = [];
  private evaluatedAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: AlertEngineOptions) {
    const names = new Set<string>();
    for (const rule of options.rules) {
      // Standings are kept by name: two rules of one name would share one state.
      if (names.has(rule.name)) throw new Error(`alert rules: ${rule.name}: two rules of the same name`);
      names.add(rule.name);
    }
    this.rules = [...options.rules];
    this.clock = options.clock ?? Date.now;
    this.intervalMs = Math.max(1, options.intervalMs ?? 5_000);
    this.historyLimit = Math.max(0, options.historyLimit ?? 200);
    for (const rule of this.rules) this.standings.set(rule.name, { state: INACTIVE, value: null });
  }

  /**
   * Evaluates every rule once as of `now`. A rule that fails keeps its state and the others
   * are still evaluated; the failures are thrown together afterwards as an AggregateError.
   */
  evaluate(now: number = this.clock()): void {
    let health: Health | undefined;
    const healthNow = (): Health => (health ??= this.options.readHealth(now));
    if ((this.options.pauseWhileRebuilding ?? true) && healthNow().status === 'rebuilding') return;

    // Rules over the same window share one summary per evaluation.
    const summaries = new Map<number, Summary>();
    const summaryOver = (windowMs: number): Summary => {
      let summary = summaries.get(windowMs);
      if (summary === undefined) {
        summary = this.options.readSummary(now - windowMs, now);
        summaries.set(windowMs, summary);
      }
      return summary;
    };

    const errors: unknown[] = [];
    for (const rule of this.rules) {
      try {
        this.evaluateRule(rule, now, summaryOver, healthNow);
      } catch (error) {
        errors.push(error);
      }
    }
    this.evaluatedAt = now;
    if (errors.length > 0) throw new AggregateError(errors, `alert evaluation: ${errors.length} of ${this.rules.length} rules failed`);
  }

  /** Evaluates now and then every intervalMs, until stop. */
  start(): void {
    if (this.timer !== null) return;
    this.evaluateOnTimer();
    this.timer = setInterval(() => this.evaluateOnTimer(), this.intervalMs);
    // Alerting watches the server; it must not be what keeps it running.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** GET /api/alerts */
  snapshot(): AlertsSnapshot {
    const rules = this.rules.map((rule) => this.statusOf(rule));
    return {
      evaluatedAt: this.evaluatedAt,
      rules,
      firing: rules.filter((rule) => rule.state === 'firing'),
      history: this.history.toReversed(),
    };
  }

  private evaluateOnTimer(): void {
    try {
      this.evaluate();
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private evaluateRule(rule: AlertRule, now: number, summaryOver: (windowMs: number) => Summary, healthNow: () => Health): void {
    const standing = this.standings.get(rule.name) ?? { state: INACTIVE, value: null };
    const value =
      rule.windowMs === null ? readFigure(rule.figure, null, healthNow()) : readFigure(rule.figure, summaryOver(rule.windowMs), null);
    const trafficExpected = rule.whenTrafficInMs === null || (readFigure(rule.figure, summaryOver(rule.whenTrafficInMs), null) ?? 0) > 0;
    // Without the traffic that makes silence meaningful the condition cannot hold: as with no data.
    const { state, transition } = nextAlertState(rule, standing.state, trafficExpected ? value : null, now);
    this.standings.set(rule.name, { state, value });
    if (transition === null) return;

    this.history.push({ name: rule.name, state: transition, at: now, value, severity: rule.severity });
    if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);

    if (transition === 'firing' && state.kind === 'firing') {
      this.options.notifier?.notify(this.notificationOf(rule, 'firing', state.since, state.firedAt, null, value, now));
    } else if (transition === 'resolved' && standing.state.kind === 'firing') {
      const fired = standing.state;
      this.options.notifier?.notify(this.notificationOf(rule, 'resolved', fired.since, fired.firedAt, now, value, now));
    }
  }

  private notificationOf(
    rule: AlertRule,
    status: AlertNotification['status'],
    activeSince: number,
    startsAt: number,
    endsAt: number | null,
    value: number | null,
    now: number,
  ): AlertNotification {
    return {
      status,
      name: rule.name,
      severity: rule.severity,
      labels: { ...rule.labels },
      annotations: { ...rule.annotations },
      startsAt,
      endsAt,
      value,
      drilldown: this.drilldownOf(rule, activeSince, now),
    };
  }

  private drilldownOf(rule: AlertRule, activeSince: number, now: number): string | null {
    try {
      return this.options.drilldownUrl?.(rule, activeSince, now) ?? null;
    } catch (error) {
      // A broken link must not cost the alert or the snapshot.
      this.options.onError?.(error);
      return null;
    }
  }

  private statusOf(rule: AlertRule): AlertRuleStatus {
    const standing = this.standings.get(rule.name) ?? { state: INACTIVE, value: null };
    const activeSince = standing.state.kind === 'inactive' ? null : standing.state.since;
    return {
      name: rule.name,
      figure: rule.figure,
      window: rule.windowMs,
      comparison: rule.comparison,
      threshold: rule.threshold,
      forMs: rule.forMs,
      severity: rule.severity,
      labels: { ...rule.labels },
      annotations: { ...rule.annotations },
      state: standing.state.kind,
      activeSince,
      value: standing.value,
      drilldown: activeSince === null ? null : this.drilldownOf(rule, activeSince, this.evaluatedAt ?? activeSince),
    };
  }
}
