import { describe, expect, it } from 'vitest';
import { panelGridOf } from './panelGrid';

const WIDE = 16 / 9;

describe('panelGridOf', () => {
  it('puts one panel on the whole screen and two side by side', () => {
    expect(panelGridOf(1, WIDE)).toEqual({ rows: [1], columns: 1, spans: [1] });
    expect(panelGridOf(2, WIDE)).toEqual({ rows: [2], columns: 2, spans: [1, 1] });
  });

  it('splits seven panels on a 16:9 screen into rows of four and three, with no empty cell', () => {
    const grid = panelGridOf(7, WIDE);
    expect(grid.rows).toEqual([4, 3]);
    expect(grid.columns).toBe(12);
    expect(grid.spans).toEqual([3, 3, 3, 3, 4, 4, 4]);
  });

  it('stacks more rows on a narrower screen and fewer on a wider one', () => {
    expect(panelGridOf(3, 4 / 3).rows.length).toBeGreaterThan(panelGridOf(3, 21 / 9).rows.length);
    expect(panelGridOf(7, 4 / 3).rows).toEqual([4, 3]);
    expect(panelGridOf(12, 4 / 3).rows.length).toBeGreaterThan(panelGridOf(12, 21 / 9).rows.length);
    expect(panelGridOf(4, 21 / 9).rows).toEqual([4]);
    expect(panelGridOf(4, WIDE).rows).toEqual([2, 2]);
    expect(panelGridOf(4, 4 / 3).rows).toEqual([2, 2]);
  });

  it('keeps three panels side by side on a 16:9 screen rather than one stretched under two', () => {
    expect(panelGridOf(3, WIDE).rows).toEqual([3]);
    expect(panelGridOf(3, 4 / 3).rows).toEqual([2, 1]);
  });

  it('fills every row’s width whatever the count', () => {
    for (let count = 1; count <= 12; count += 1) {
      for (const aspect of [4 / 3, WIDE, 21 / 9]) {
        const grid = panelGridOf(count, aspect);
        expect(grid.spans).toHaveLength(count);
        let index = 0;
        for (const length of grid.rows) {
          const rowSpans = grid.spans.slice(index, index + length);
          expect(rowSpans.reduce((sum, span) => sum + span, 0)).toBe(grid.columns);
          index += length;
        }
      }
    }
  });

  it('survives a screen of no size', () => {
    expect(panelGridOf(3, 0).spans).toHaveLength(3);
    expect(panelGridOf(0, WIDE).rows).toEqual([]);
  });
});
