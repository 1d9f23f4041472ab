import { describe, expect, it } from 'vitest';
import { fingerprint, fingerprintOf, fingerprintOfPair } from './fingerprint';

const KEYS = 1_000_000;

/** Pairs shaped as producers send them: a few hundred sources, counters and UUID-like ids. */
function keyAt(i: number): [string, string] {
  const source = `/hubs/${['AMS', 'FRA', 'JFK', 'SIN'][i % 4]}-${i % 7}/scanner-${i % 24}`;
  const id = i % 3 === 0 ? `run${i % 5}-${i}` : i % 3 === 1 ? `${(i * 2654435761) >>> 0}-${i.toString(16).padStart(8, '0')}` : String(i);
  return [source, id];
}

function collisions(values: Uint32Array | BigUint64Array): number {
  values.sort();
  let count = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i] === values[i - 1]) count += 1;
  return count;
}

describe('fingerprints', () => {
  const high = new Uint32Array(KEYS);
  const low = new Uint32Array(KEYS);
  const whole = new BigUint64Array(KEYS);
  for (let i = 0; i < KEYS; i += 1) {
    const [source, id] = keyAt(i);
    fingerprintOfPair(source, id);
    high[i] = fingerprint[0]!;
    low[i] = fingerprint[1]!;
    whole[i] = (BigInt(fingerprint[0]!) << 32n) | BigInt(fingerprint[1]!);
  }

  it('collide in each 32-bit half as often as uniform values would, so the 64 bits hold the birthday bound', () => {
    // n distinct keys: expected pairs sharing a uniform 32-bit value are n(n−1)/2 / 2^32 ≈ 116,
    // with a standard deviation of about 11. Five deviations either way.
    const expected = (KEYS * (KEYS - 1)) / 2 / 2 ** 32;
    for (const half of [high, low]) {
      const found = collisions(half);
      expect(found).toBeGreaterThan(expected - 5 * Math.sqrt(expected));
      expect(found).toBeLessThan(expected + 5 * Math.sqrt(expected));
    }
    // Both halves together: expected 2.7e-8 collisions among a million keys.
    expect(collisions(whole)).toBe(0);
  });

  it('keep a pair apart from the same text split elsewhere, and from a single string', () => {
    fingerprintOfPair('ab', 'c');
    const split = [...fingerprint];
    fingerprintOfPair('a', 'bc');
    expect([...fingerprint]).not.toEqual(split);
    fingerprintOf('abc');
    expect([...fingerprint]).not.toEqual(split);
  });

  it('is a pure function of its input', () => {
    fingerprintOfPair('/hubs/AMS-3/scanner-7', 'evt-1');
    const first = [...fingerprint];
    fingerprintOf('something else');
    fingerprintOfPair('/hubs/AMS-3/scanner-7', 'evt-1');
    expect([...fingerprint]).toEqual(first);
  });
});
