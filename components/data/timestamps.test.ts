import { describe, expect, it } from 'vitest';
import { formatTimeOfDay, formatTimestamp, fromLocalInputValue, toLocalInputValue } from './timestamps';

describe('timestamps', () => {
  const instant = new Date(2025, 11, 1, 9, 4, 7, 18).getTime();

  it('shows local date and time to the millisecond', () => {
    expect(formatTimestamp(instant)).toBe('2025-12-01 09:04:07.018');
    expect(formatTimeOfDay(instant)).toBe('09:04:07.018');
    expect(formatTimestamp(null)).toBe('—');
  });

  it('round-trips a datetime-local value to the second', () => {
    expect(toLocalInputValue(instant)).toBe('2025-12-01T09:04:07');
    expect(fromLocalInputValue('2025-12-01T09:04:07')).toBe(instant - 18);
    expect(fromLocalInputValue('2025-12-01T09:04')).toBe(instant - 7_018);
    expect(toLocalInputValue(null)).toBe('');
  });

  it('reads an empty or malformed input as no bound', () => {
    expect(fromLocalInputValue('')).toBeNull();
    expect(fromLocalInputValue('yesterday')).toBeNull();
  });
});
