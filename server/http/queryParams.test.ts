import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError';
import { MAX_SERIES_POINTS, parseInstant, parseRange, parseStep } from './queryParams';

describe('query parameters', () => {
  it('reads instants as ISO 8601 or epoch milliseconds', () => {
    expect(parseInstant('from', '2026-03-01T12:00:00Z', 0)).toBe(Date.parse('2026-03-01T12:00:00Z'));
    expect(parseInstant('from', '1772366400000', 0)).toBe(1772366400000);
    expect(parseInstant('from', null, 42)).toBe(42);
  });

  it('refuses instants beyond the range of dates, where adding a second no longer moves them', () => {
    for (const text of ['100000000000000000000', '-8640000000000001', 'yesterday']) {
      expect(() => parseInstant('from', text, 0)).toThrow(ApiError);
    }
    expect(() => parseRange(new URLSearchParams('from=100000000000000000000&to=100000000000000032768'), 0)).toThrow(/within the range of dates/);
  });

  it('reads times as strictly as event times: a day that does not exist, or a time without its zone, is refused', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-03-01', '2026-03-01T12:00:00', 'March 1, 2026']) {
      expect(() => parseInstant('from', text, 0), text).toThrow(/from: expected an RFC 3339 time/);
    }
    expect(parseInstant('to', '2026-03-01T13:00:00+01:00', 0)).toBe(Date.parse('2026-03-01T12:00:00Z'));
  });

  it('refuses ranges that end before they start, and steps that give too many points', () => {
    expect(() => parseRange(new URLSearchParams('from=2000&to=1000'), 0)).toThrow(/before to/);
    expect(() => parseStep('1s', 0, (MAX_SERIES_POINTS + 1) * 1_000)).toThrow(/points/);
    expect(parseStep('1m', 0, 3_600_000)).toBe(60_000);
  });
});
