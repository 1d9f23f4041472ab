import { describe, expect, it } from 'vitest';
import { addToBloom, bloomMayHave, createBloom } from './bloomFilter';

describe('bloomFilter', () => {
  it('always has what was added and rarely what was not', () => {
    const bloom = createBloom(2_000);
    for (let i = 0; i < 2_000; i += 1) addToBloom(bloom, `SHP-${i}`);
    for (let i = 0; i < 2_000; i += 1) expect(bloomMayHave(bloom, `SHP-${i}`)).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 10_000; i += 1) if (bloomMayHave(bloom, `OTHER-${i}`)) falsePositives += 1;
    expect(falsePositives / 10_000).toBeLessThan(0.02);
  });
});
