import { describe, expect, it } from 'vitest';
import { PendingPushes } from './pendingPushes';

const T = 1_700_000_000_000;

function traceparent(index: number): string {
  return `00-${index.toString(16).padStart(32, 'a')}-${'b'.repeat(16)}-01`;
}

describe('PendingPushes', () => {
  it('takes the events whose event time lies in [from, to) and that were processed by the push', () => {
    const pending = new PendingPushes();
    pending.add(traceparent(1), T, T - 5_000); // in range
    pending.add(traceparent(2), T, T - 1_000); // `to` itself is outside
    pending.add(traceparent(3), T, T - 10_001); // before `from`
    pending.add(traceparent(4), T + 50, T - 5_000); // processed after the push

    const taken = pending.takeCovered(T + 10, T - 10_000, T - 1_000);

    expect(taken).toEqual([{ traceparent: traceparent(1), processedAt: T, eventTime: T - 5_000 }]);
    expect(pending.size).toBe(3);
  });

  it('takes an event once: its first push', () => {
    const pending = new PendingPushes();
    pending.add(traceparent(1), T, T);
    expect(pending.takeCovered(T, T - 1, T + 1)).toHaveLength(1);
    expect(pending.takeCovered(T + 1, T - 1, T + 1)).toEqual([]);
    expect(pending.size).toBe(0);
  });

  it('takes an event processed exactly at the push', () => {
    const pending = new PendingPushes();
    pending.add(traceparent(1), T, T);
    expect(pending.takeCovered(T, T, T + 1)).toHaveLength(1);
  });

  it('keeps the ones a push did not cover for a later push', () => {
    const pending = new PendingPushes();
    pending.add(traceparent(1), T, T - 120_000);
    pending.add(traceparent(2), T, T);
    expect(pending.takeCovered(T + 1, T - 1_000, T + 1_000).map((entry) => entry.traceparent)).toEqual([traceparent(2)]);
    expect(pending.takeCovered(T + 2, T - 180_000, T - 60_000).map((entry) => entry.traceparent)).toEqual([traceparent(1)]);
  });

  it('forgets events no push covered within the max age', () => {
    const pending = new PendingPushes({ maxAgeMs: 60_000 });
    pending.add(traceparent(1), T, T);
    pending.add(traceparent(2), T + 30_000, T);
    expect(pending.takeCovered(T + 60_001, T + 1, T + 2)).toEqual([]);
    expect(pending.size).toBe(1);
    expect(pending.takeCovered(T + 60_001, T, T + 1).map((entry) => entry.traceparent)).toEqual([traceparent(2)]);
  });

  it('holds at most its capacity, refusing new events while the oldest are young', () => {
    const pending = new PendingPushes({ capacity: 3, maxAgeMs: 60_000 });
    for (let index = 0; index < 3; index++) expect(pending.add(traceparent(index), T + index, T)).toBe(true);
    expect(pending.add(traceparent(3), T + 10, T)).toBe(false);
    expect(pending.size).toBe(3);
    expect(pending.dropped).toBe(1);
    expect(pending.takeCovered(T + 20, T, T + 1).map((entry) => entry.traceparent)).toEqual([traceparent(0), traceparent(1), traceparent(2)]);
  });

  it('makes room by forgetting the oldest once it is too old, even with no push to sweep it', () => {
    const capacity = 4;
    const pending = new PendingPushes({ capacity, maxAgeMs: 1_000 });
    // Many times the capacity, each added well after the one before, as with no dashboard connected for long.
    for (let index = 0; index < capacity * 10; index++) {
      expect(pending.add(traceparent(index), T + index * 500, T)).toBe(true);
      expect(pending.size).toBeLessThanOrEqual(capacity);
    }
    const last = capacity * 10 - 1;
    const kept = pending.takeCovered(T + last * 500, T, T + 1).map((entry) => entry.traceparent);
    expect(kept).toEqual([traceparent(last - 2), traceparent(last - 1), traceparent(last)]);
    expect(pending.dropped).toBe(0);
  });

  it('refuses a capacity or an age that cannot work', () => {
    expect(() => new PendingPushes({ capacity: 0 })).toThrow(/capacity/);
    expect(() => new PendingPushes({ capacity: 1.5 })).toThrow(/capacity/);
    expect(() => new PendingPushes({ maxAgeMs: 0 })).toThrow(/maxAgeMs/);
  });
});
