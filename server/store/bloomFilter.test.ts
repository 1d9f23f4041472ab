import { describe, expect, it } from 'vitest';
import { addUnitsToBloom, bloomMayHave, createBloom } from './bloomFilter';

/** Keys laid end to end as code units, the way a block holds them. */
function unitsOfKeys(keys: readonly string[]): { units: Uint16Array; ends: number[] } {
  const units = new Uint16Array(keys.reduce((sum, key) => sum + key.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const key of keys) {
    for (let i = 0; i < key.length; i += 1) units[at++] = key.charCodeAt(i);
    ends.push(at);
  }
  return { units, ends };
}

describe('bloomFilter', () => {
  it('always has what was added and rarely what was not', () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `SHP-${i}`);
    const { units, ends } = unitsOfKeys(keys);
    const bloom = createBloom(keys.length);
    ends.forEach((end, i) => addUnitsToBloom(bloom, units, i === 0 ? 0 : ends[i - 1]!, end));
    for (const key of keys) expect(bloomMayHave(bloom, key)).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 10_000; i += 1) if (bloomMayHave(bloom, `OTHER-${i}`)) falsePositives += 1;
    expect(falsePositives / 10_000).toBeLessThan(0.02);
  });

  it('finds a key of any UTF-16 by its string, lone surrogates included', () => {
    const keys = ['Zürich-Δ-📦', '\ud800', ''];
    const { units, ends } = unitsOfKeys(keys);
    const bloom = createBloom(keys.length);
    ends.forEach((end, i) => addUnitsToBloom(bloom, units, i === 0 ? 0 : ends[i - 1]!, end));
    for (const key of keys) expect(bloomMayHave(bloom, key)).toBe(true);
  });
});
