import { describe, expect, it } from 'vitest';
import { DedupeWindow } from './dedupeWindow';

describe('DedupeWindow', () => {
  it('knows a key by source and id together', () => {
    const window = new DedupeWindow();
    expect(window.firstSighting('/a', '1', 0)).toBe(true);
    expect(window.firstSighting('/a', '1', 1)).toBe(false);
    expect(window.firstSighting('/b', '1', 2)).toBe(true);
    expect(window.firstSighting('/c', '1', 3)).toBe(true);
    expect(window.firstSighting('/b', '1', 4)).toBe(false);
    expect(window.firstSighting('/c', '1', 5)).toBe(false);
    expect(window.size).toBe(3);
  });

  it('forgets keys first seen before the cutoff, one source at a time', () => {
    const window = new DedupeWindow();
    window.firstSighting('/a', '1', 100);
    window.firstSighting('/b', '1', 200);
    window.firstSighting('/a', '2', 300);
    window.expireBefore(150);
    expect(window.firstSighting('/a', '1', 400)).toBe(true);
    expect(window.firstSighting('/b', '1', 400)).toBe(false);
    expect(window.firstSighting('/a', '2', 400)).toBe(false);
  });

  it('keeps its expiry queue bounded as keys come and go', () => {
    const window = new DedupeWindow();
    for (let i = 0; i < 10_000; i += 1) {
      window.firstSighting('/s', String(i), i);
      window.expireBefore(i - 100);
    }
    expect(window.size).toBeLessThanOrEqual(101);
    expect(window.firstSighting('/s', '9999', 10_000)).toBe(false);
    expect(window.firstSighting('/s', '0', 10_000)).toBe(true);
  });
});
