import { describe, it, expect } from 'vitest';
import {
  NO_VALUE,
  formatClockTime,
  formatCompact,
  formatCount,
  formatDecimal,
  formatDuration,
  formatPercent,
} from './format';

describe('formatCount', () => {
  it('groups thousands and rounds to a whole number', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(41.6)).toBe('42');
  });

  it('shows a dash for missing or non-finite values', () => {
    expect(formatCount(null)).toBe(NO_VALUE);
    expect(formatCount(undefined)).toBe(NO_VALUE);
    expect(formatCount(Number.NaN)).toBe(NO_VALUE);
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe(NO_VALUE);
  });
});

describe('formatCompact', () => {
  it('shortens large numbers for axis ticks', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(0)).toBe('0');
    expect(formatCompact(0.05)).toBe('0.05');
    expect(formatCompact(0.125)).toBe('0.13');
    expect(formatCompact(2.5)).toBe('2.5');
    expect(formatCompact(1_234)).toBe('1.2K');
    expect(formatCompact(2_500_000)).toBe('2.5M');
    expect(formatCompact(0.5)).toBe('0.5');
    expect(formatCompact(undefined)).toBe(NO_VALUE);
  });
});

describe('formatDecimal', () => {
  it('keeps exactly the asked number of decimals', () => {
    expect(formatDecimal(12.345)).toBe('12.3');
    expect(formatDecimal(12, 1)).toBe('12.0');
    expect(formatDecimal(1234.5, 2)).toBe('1,234.50');
    expect(formatDecimal(null)).toBe(NO_VALUE);
  });
});

describe('formatPercent', () => {
  it('turns a ratio into a percentage with one decimal', () => {
    expect(formatPercent(0.123)).toBe('12.3 %');
    expect(formatPercent(1)).toBe('100.0 %');
    expect(formatPercent(0)).toBe('0.0 %');
  });

  it('gives small non-zero rates two decimals so they do not read as zero', () => {
    expect(formatPercent(0.0004)).toBe('0.04 %');
  });

  it('honours an explicit number of decimals', () => {
    expect(formatPercent(0.42, 0)).toBe('42 %');
  });

  it('shows a dash for a missing ratio', () => {
    expect(formatPercent(null)).toBe(NO_VALUE);
  });
});

describe('formatDuration', () => {
  it('uses milliseconds below a second', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(3.25)).toBe('3.3 ms');
    expect(formatDuration(850.4)).toBe('850 ms');
  });

  it('uses seconds below a minute', () => {
    expect(formatDuration(1_240)).toBe('1.24 s');
    expect(formatDuration(12_340)).toBe('12.3 s');
  });

  it('uses minutes and seconds below an hour, hours and minutes above', () => {
    expect(formatDuration(4 * 60_000 + 12_000)).toBe('4 min 12 s');
    expect(formatDuration(3_600_000 + 5 * 60_000)).toBe('1 h 5 min');
  });

  it('keeps the sign of a negative duration', () => {
    expect(formatDuration(-1_500)).toBe('-1.50 s');
  });

  it('shows a dash when nothing was measured', () => {
    expect(formatDuration(null)).toBe(NO_VALUE);
  });
});

describe('formatClockTime', () => {
  it('formats local time as zero-padded 24 h HH:MM:SS', () => {
    expect(formatClockTime(new Date(2024, 0, 1, 9, 5, 7).getTime())).toBe('09:05:07');
    expect(formatClockTime(new Date(2024, 0, 1, 23, 59, 59).getTime())).toBe('23:59:59');
    expect(formatClockTime(new Date(2024, 0, 1, 0, 0, 0).getTime())).toBe('00:00:00');
  });

  it('shows a dash without an instant', () => {
    expect(formatClockTime(null)).toBe(NO_VALUE);
  });
});
