import { describe, expect, it } from 'vitest';
import { formatRangeLabel, fromDateTimeLocal, toDateTimeLocal } from './rangeFormat';

const tenFortyTwo = new Date(2026, 2, 9, 10, 42, 5).getTime();

describe('datetime-local values', () => {
  it('round-trip an instant to the second, in local time', () => {
    expect(toDateTimeLocal(tenFortyTwo)).toBe('2026-03-09T10:42:05');
    expect(fromDateTimeLocal('2026-03-09T10:42:05')).toBe(tenFortyTwo);
  });

  it('accept a value without seconds, as browsers send whole minutes', () => {
    expect(fromDateTimeLocal('2026-03-09T10:42')).toBe(new Date(2026, 2, 9, 10, 42).getTime());
  });

  it('refuse values that name no instant', () => {
    expect(fromDateTimeLocal('')).toBeNull();
    expect(fromDateTimeLocal('2026-02-30T10:00')).toBeNull();
    expect(fromDateTimeLocal('yesterday')).toBeNull();
  });
});

describe('formatRangeLabel', () => {
  it('shows clock times for a range within today', () => {
    expect(formatRangeLabel({ from: tenFortyTwo, to: tenFortyTwo + 5 * 60_000 }, tenFortyTwo)).toBe(
      '10:42:05 – 10:47:05 (5 min 0 s)',
    );
  });

  it('adds the dates for another day', () => {
    const dayBefore = tenFortyTwo - 86_400_000;
    expect(formatRangeLabel({ from: dayBefore, to: dayBefore + 60_000 }, tenFortyTwo)).toBe(
      '2026-03-08 10:42:05 – 2026-03-08 10:43:05 (1 min 0 s)',
    );
  });
});
