import { describe, expect, it } from 'vitest';
import { isStale, LIVE_TICK_MS, msUntilStale, STALE_AFTER_MS, staleLabel } from './staleness';

describe('isStale', () => {
  it('tolerates a few skipped ticks', () => {
    expect(STALE_AFTER_MS).toBeGreaterThan(3 * LIVE_TICK_MS);
    expect(isStale(10_000, 10_000 + 3 * LIVE_TICK_MS)).toBe(false);
    expect(isStale(10_000, 10_000 + STALE_AFTER_MS)).toBe(false);
  });

  it('calls figures stale once no update came for longer than STALE_AFTER_MS', () => {
    expect(isStale(10_000, 10_000 + STALE_AFTER_MS + 1)).toBe(true);
  });

  it('is not stale before the first update', () => {
    expect(isStale(null, 1e12)).toBe(false);
  });
});

describe('msUntilStale', () => {
  it('fires just after the figures turn stale', () => {
    const lastUpdateAt = 10_000;
    const wait = msUntilStale(lastUpdateAt, 12_000)!;
    expect(isStale(lastUpdateAt, 12_000 + wait)).toBe(true);
    expect(isStale(lastUpdateAt, 12_000 + wait - 1)).toBe(false);
    expect(msUntilStale(null, 0)).toBeNull();
  });
});

describe('staleLabel', () => {
  it('says when the last update came', () => {
    expect(staleLabel(new Date(2026, 0, 1, 10, 42, 7).getTime())).toBe('Stale — last update 10:42:07');
  });
});
