import { describe, expect, it } from 'vitest';
import { DedupeWindow } from './dedupeWindow';

describe('DedupeWindow', () => {
  it('knows a key by source and id together', () => {
    const window = new DedupeWindow(1_000);
    expect(window.firstSighting('/a', '1', 0)).toBe(true);
    expect(window.firstSighting('/a', '1', 1)).toBe(false);
    expect(window.firstSighting('/b', '1', 2)).toBe(true);
    expect(window.firstSighting('/c', '1', 3)).toBe(true);
    expect(window.firstSighting('/b', '1', 4)).toBe(false);
    expect(window.firstSighting('/c', '1', 5)).toBe(false);
  });

  it('remembers a key for at least the retention, and forgets it within twice that', () => {
    const window = new DedupeWindow(1_000);
    window.firstSighting('/s', 'early', 0);
    window.firstSighting('/s', 'late', 999);
    // One retention after each key was seen, both are still known.
    expect(window.firstSighting('/s', 'early', 999)).toBe(false);
    expect(window.firstSighting('/s', 'late', 1_998)).toBe(false);
    // Two retentions on, the generation holding them is gone.
    expect(window.firstSighting('/s', 'early', 2_000)).toBe(true);
    expect(window.firstSighting('/s', 'late', 2_001)).toBe(true);
  });

  it('drops every generation after a long silence', () => {
    const window = new DedupeWindow(1_000);
    window.firstSighting('/s', 'x', 0);
    expect(window.firstSighting('/s', 'y', 10_000)).toBe(true);
    expect(window.size).toBe(1);
    expect(window.firstSighting('/s', 'x', 10_001)).toBe(true);
  });
});
