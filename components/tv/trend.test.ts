import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration } from '../../lib/format';
import { differenceTrend, NO_TREND, relativeTrend } from './trend';

describe('relativeTrend', () => {
  it('gives the change in percent of the previous window', () => {
    expect(relativeTrend(110, 100, formatCount)).toEqual({ direction: 'up', change: '+10 %' });
    expect(relativeTrend(97.5, 100, formatCount)).toEqual({ direction: 'down', change: '\u22122.5 %' });
  });

  it('gives the change itself when the previous window had none', () => {
    expect(relativeTrend(12, 0, formatCount)).toEqual({ direction: 'up', change: '+12' });
  });

  it('says when nothing changed, and when there is nothing to compare', () => {
    expect(relativeTrend(5, 5, formatCount)).toEqual({ direction: 'flat', change: 'no change' });
    expect(relativeTrend(0, 0, formatCount).direction).toBe('flat');
    expect(relativeTrend(null, 5, formatCount)).toBe(NO_TREND);
    expect(relativeTrend(5, Number.NaN, formatCount)).toBe(NO_TREND);
  });

  it('never reads a tiny change as none', () => {
    expect(relativeTrend(100_001, 100_000, formatCount)).toEqual({ direction: 'up', change: '+<0.1 %' });
  });
});

describe('differenceTrend', () => {
  it('gives the change in the figure’s unit', () => {
    expect(differenceTrend(300, 420, formatDuration)).toEqual({ direction: 'down', change: '\u2212120 ms' });
    expect(differenceTrend(null, 420, formatDuration)).toBe(NO_TREND);
  });
});
