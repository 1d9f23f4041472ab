import { describe, it, expect } from 'vitest';
import { timeTicks } from './timeTicks';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const BASE = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('timeTicks', () => {
  it('puts ticks on whole minutes across a 5 minute window', () => {
    const ticks = timeTicks(BASE + 17_000, BASE + 5 * MINUTE + 17_000, 6, 0);
    expect(ticks).toEqual([1, 2, 3, 4, 5].map((minute) => BASE + minute * MINUTE));
  });

  it('widens the interval for longer windows', () => {
    const ticks = timeTicks(BASE, BASE + HOUR, 6, 0);
    expect(ticks).toEqual([0, 10, 20, 30, 40, 50, 60].map((minute) => BASE + minute * MINUTE));
  });

  it('aligns to local time, not UTC', () => {
    const nepalOffset = 5 * HOUR + 45 * MINUTE;
    // UTC 12:00 is 17:45 in Nepal; its round ten minutes are 17:50, 18:00… local.
    const ticks = timeTicks(BASE, BASE + HOUR, 6, nepalOffset);
    expect(ticks).toEqual([5, 15, 25, 35, 45, 55].map((minute) => BASE + minute * MINUTE));
  });

  it('has no ticks for an empty range', () => {
    expect(timeTicks(BASE, BASE)).toEqual([]);
  });
});
