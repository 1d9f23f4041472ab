import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parseTimestamp';

describe('parseTimestamp', () => {
  it('agrees with Date.parse on many instants, zones and fractions', () => {
    // A deterministic spread (linear congruential) over 1906..2096, zones -14:00..+14:00.
    let state = 12_345;
    const integer = (min: number, max: number) => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return min + (state % (max - min + 1));
    };
    for (let i = 0; i < 5_000; i += 1) {
      const instant = integer(-2_000_000_000, 4_000_000_000) * 1_000 + integer(0, 999);
      const iso = new Date(instant).toISOString();
      expect(parseTimestamp(iso)).toBe(instant);
      const offsetMinutes = integer(-14 * 60, 14 * 60);
      const local = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 23);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const zone = `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
      expect(parseTimestamp(local + zone)).toBe(Date.parse(local + zone));
    }
  });

  it('reads fractions of any length and lowercase separators', () => {
    expect(parseTimestamp('2026-03-01T12:00:00Z')).toBe(Date.parse('2026-03-01T12:00:00Z'));
    expect(parseTimestamp('2026-03-01t12:00:00.5z')).toBe(Date.parse('2026-03-01T12:00:00.500Z'));
    expect(parseTimestamp('2026-03-01 12:00:00.123456789Z')).toBe(Date.parse('2026-03-01T12:00:00.123Z'));
    expect(parseTimestamp('2024-02-29T23:59:59.999+00:00')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
  });

  it.each([
    '2026-02-29T12:00:00Z',
    '2026-13-01T12:00:00Z',
    '2026-03-01T24:00:00Z',
    '2026-03-01T12:60:00Z',
    '2026-03-01T12:00:00',
    '2026-03-01T12:00:00.Z',
    '2026-03-01T12:00:00+0100',
    '2026-03-01T12:00:00Zjunk',
    '2026/03/01T12:00:00Z',
    'yesterday at noon',
  ])('gives NaN for %s', (text) => expect(parseTimestamp(text)).toBeNaN());
});
