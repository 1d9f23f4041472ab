import { describe, it, expect } from 'vitest';
import { seriesPoint } from './testFixtures';
import { windowTotals } from './windowTotals';

describe('windowTotals', () => {
  it('sums the counters over every point of the window', () => {
    expect(
      windowTotals([
        seriesPoint(0, { deadLetters: 2, late: 1, duplicates: 3, outOfOrder: 0 }),
        seriesPoint(5_000, { deadLetters: 1, late: 0, duplicates: 4, outOfOrder: 7 }),
      ]),
    ).toEqual({ deadLetters: 3, late: 1, duplicates: 7, outOfOrder: 7 });
  });

  it('is all zero for an empty window', () => {
    expect(windowTotals([])).toEqual({ deadLetters: 0, late: 0, duplicates: 0, outOfOrder: 0 });
  });
});
