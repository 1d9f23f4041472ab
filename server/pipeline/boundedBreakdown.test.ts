import { describe, expect, it } from 'vitest';
import { OTHER_DIMENSION_VALUE } from '../../lib/summary';
import { boundedBreakdown } from './boundedBreakdown';

describe('boundedBreakdown', () => {
  it('shows every name while there are no more than the cap', () => {
    expect(boundedBreakdown(new Map([['DHL', 3], ['UPS', 1]]), 2)).toEqual({ DHL: 3, UPS: 1 });
  });

  it('keeps the largest names and folds the rest into other, keeping the total', () => {
    const counts = new Map([['a', 1], ['b', 5], ['c', 2], [OTHER_DIMENSION_VALUE, 4], ['d', 5]]);
    const shown = boundedBreakdown(counts, 2);
    expect(shown).toEqual({ b: 5, d: 5, [OTHER_DIMENSION_VALUE]: 4 + 2 + 1 });
    expect(Object.values(shown).reduce((sum, count) => sum + count, 0)).toBe(17);
  });

  it('chooses the same names whatever order the counts came in', () => {
    const entries: [string, number][] = [['x', 2], ['y', 2], ['z', 2], ['w', 2]];
    const forwards = boundedBreakdown(new Map(entries), 2);
    const backwards = boundedBreakdown(new Map([...entries].reverse()), 2);
    expect(forwards).toEqual(backwards);
    expect(Object.keys(forwards).sort()).toEqual(['other', 'w', 'x']);
  });

  it('counts a value named like a property of every object', () => {
    const counts = new Map([['__proto__', 3], ['constructor', 2], ['a', 1]]);
    const shown = boundedBreakdown(counts, 2);
    expect(Object.entries(shown)).toEqual([['__proto__', 3], ['constructor', 2], ['other', 1]]);
    expect(JSON.parse(JSON.stringify(shown))).toEqual(shown);
  });
});
