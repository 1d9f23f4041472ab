import type { AlertHistoryState } from '../../lib/alerts';
import type { AlertRule } from './alertRules';

/** Where one rule stands between evaluations. */
export type AlertState =
  | { kind: 'inactive' }
  | { kind: 'pending'; since: number }
  /** `since` stays when the condition started to hold, as Prometheus' activeAt; `firedAt` is when it fired. */
  | { kind: 'firing'; since: number; firedAt: number };

export const INACTIVE: AlertState = { kind: 'inactive' };

/** What an evaluation changed: only these are reported; staying put is null. */
export type AlertTransition = AlertHistoryState | null;

export type AlertCondition = Pick<AlertRule, 'comparison' | 'threshold' | 'forMs'>;

/** Whether the value is on the alerting side of the threshold; no data never is. */
export function thresholdCrossed(rule: AlertCondition, value: number | null): boolean {
  if (value === null || !Number.isFinite(value)) return false;
  return rule.comparison === 'above' ? value > rule.threshold : value < rule.threshold;
}

/**
 * One step of the Prometheus alert lifecycle: inactive → pending → firing once the condition
 * held for `forMs` (at once with 0); a pending alert that stops holding goes back silently,
 * a firing one reports `resolved` once and is inactive again.
 */
export function nextAlertState(
  rule: AlertCondition,
  previous: AlertState,
  value: number | null,
  now: number,
): { state: AlertState; transition: AlertTransition } {
  if (!thresholdCrossed(rule, value)) {
    return { state: INACTIVE, transition: previous.kind === 'firing' ? 'resolved' : null };
  }
  switch (previous.kind) {
    case 'firing':
      return { state: previous, transition: null };
    case 'pending':
      if (now - previous.since >= rule.forMs) return { state: { kind: 'firing', since: previous.since, firedAt: now }, transition: 'firing' };
      return { state: previous, transition: null };
    case 'inactive':
      if (rule.forMs <= 0) return { state: { kind: 'firing', since: now, firedAt: now }, transition: 'firing' };
      return { state: { kind: 'pending', since: now }, transition: 'pending' };
  }
}
