import { describe, expect, it } from 'vitest';
import { FingerprintIndex } from './fingerprintIndex';

/** A deterministic stream of 32-bit values. */
function* randomWords(seed: number): Generator<number> {
  let state = seed >>> 0;
  for (;;) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    yield state;
  }
}

describe('FingerprintIndex', () => {
  it('agrees with a Map through inserts, updates and deletions that grow and shrink it', () => {
    const index = new FingerprintIndex();
    const reference = new Map<string, [number, number, number]>();
    const words = randomWords(9);
    const keys: [number, number][] = [];
    for (let step = 0; step < 200_000; step += 1) {
      const roll = words.next().value % 10;
      if (roll < 6 || keys.length === 0) {
        // Some keys share a high half, so segments and probe chains fill unevenly.
        const high = roll === 0 && keys.length > 0 ? keys[keys.length - 1]![0] : words.next().value;
        const key: [number, number] = [high, words.next().value];
        keys.push(key);
        index.set(key[0], key[1], step);
        reference.set(key.join(), [key[0], key[1], step]);
      } else {
        const [high, low] = keys.splice(words.next().value % keys.length, 1)[0]!;
        expect(index.delete(high, low)).toBe(reference.delete(`${high},${low}`));
      }
    }
    expect(index.size).toBe(reference.size);
    for (const [high, low, value] of reference.values()) expect(index.get(high, low)).toBe(value);
    expect(index.get(1, 2)).toBe(-1);
    expect(index.delete(1, 2)).toBe(false);
  });

  it('holds every value of 2^31 − 1 and below, and updates in place', () => {
    const index = new FingerprintIndex();
    index.set(0xffffffff, 0x80000000, 0x7ffffffe);
    index.set(0xffffffff, 0x80000000, 5);
    index.set(0, 0, 0);
    expect(index.get(0xffffffff, 0x80000000)).toBe(5);
    expect(index.get(0, 0)).toBe(0);
    expect(index.size).toBe(2);
  });
});
