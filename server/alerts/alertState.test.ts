import { describe, expect, it } from 'vitest';
import { INACTIVE, nextAlertState, thresholdCrossed, type AlertCondition, type AlertState } from './alertState';

const aboveTenForOneMinute: AlertCondition = { comparison: 'above', threshold: 10, forMs: 60_000 };

/** Steps the state machine through (value, now) pairs, collecting the transitions. */
function run(rule: AlertCondition, steps: [value: number | null, now: number][]): { state: AlertState; transitions: (string | null)[] } {
  let state: AlertState = INACTIVE;
  const transitions: (string | null)[] = [];
  for (const [value, now] of steps) {
    const next = nextAlertState(rule, state, value, now);
    state = next.state;
    transitions.push(next.transition);
  }
  return { state, transitions };
}

describe('thresholdCrossed', () => {
  it('compares strictly, and never holds without data', () => {
    expect(thresholdCrossed(aboveTenForOneMinute, 11)).toBe(true);
    expect(thresholdCrossed(aboveTenForOneMinute, 10)).toBe(false);
    expect(thresholdCrossed({ comparison: 'below', threshold: 1, forMs: 0 }, 0)).toBe(true);
    expect(thresholdCrossed({ comparison: 'below', threshold: 1, forMs: 0 }, 1)).toBe(false);
    expect(thresholdCrossed({ comparison: 'below', threshold: 1, forMs: 0 }, null)).toBe(false);
    expect(thresholdCrossed(aboveTenForOneMinute, Number.NaN)).toBe(false);
  });
});

describe('nextAlertState', () => {
  it('goes pending, fires once the condition held for `for`, and resolves once', () => {
    const { state, transitions } = run(aboveTenForOneMinute, [
      [5, 0],
      [20, 5_000],
      [20, 35_000],
      [20, 65_000],
      [20, 70_000],
      [3, 75_000],
      [3, 80_000],
    ]);
    expect(transitions).toEqual([null, 'pending', null, 'firing', null, 'resolved', null]);
    expect(state).toEqual(INACTIVE);
  });

  it('keeps when the condition started to hold, and when it fired', () => {
    let state: AlertState = nextAlertState(aboveTenForOneMinute, INACTIVE, 20, 5_000).state;
    expect(state).toEqual({ kind: 'pending', since: 5_000 });
    state = nextAlertState(aboveTenForOneMinute, state, 20, 65_000).state;
    expect(state).toEqual({ kind: 'firing', since: 5_000, firedAt: 65_000 });
  });

  it('drops a pending alert silently when the condition stops holding', () => {
    const { state, transitions } = run(aboveTenForOneMinute, [
      [20, 0],
      [5, 30_000],
      [20, 40_000],
      [20, 90_000],
    ]);
    // The second pending started over at 40 s: 50 s later is not yet a minute.
    expect(transitions).toEqual(['pending', null, 'pending', null]);
    expect(state).toEqual({ kind: 'pending', since: 40_000 });
  });

  it('fires at the first evaluation that holds with `for: 0`', () => {
    const { transitions } = run({ ...aboveTenForOneMinute, forMs: 0 }, [
      [20, 1_000],
      [20, 2_000],
      [0, 3_000],
    ]);
    expect(transitions).toEqual(['firing', null, 'resolved']);
  });

  it('takes no data as the condition not holding', () => {
    const { transitions } = run({ ...aboveTenForOneMinute, forMs: 0 }, [
      [20, 1_000],
      [null, 2_000],
      [null, 3_000],
    ]);
    expect(transitions).toEqual(['firing', 'resolved', null]);
  });
});
