import { describe, expect, it } from 'vitest';
import { dashboardHref, fixedRangeOf, loadDashboardUrlState, MAX_RANGE_POINTS, stepForRange } from './dashboardUrlState';

describe('the dashboard URL', () => {
  it('reads window, breakdown and range back from what it wrote', () => {
    const href = dashboardHref('/', { window: '1h', by: 'carrier', from: 1_000, to: 61_000 });
    expect(href).toBe('/?window=1h&by=carrier&from=1000&to=61000');
    expect(loadDashboardUrlState(href.slice(1))).toEqual({ window: '1h', by: 'carrier', from: 1_000, to: 61_000 });
  });

  it('falls back to the live 5 min window by region for missing or unknown values', () => {
    expect(loadDashboardUrlState('?window=2d&by=planet')).toEqual({ window: '5m', by: 'region', from: null, to: null });
  });

  it('leaves defaults out of a shared link', () => {
    expect(dashboardHref('/', { window: '5m', by: 'region', from: null, to: null })).toBe('/');
  });
});

describe('fixedRangeOf', () => {
  it('is a range only with both ends, in order', () => {
    expect(fixedRangeOf(1, 2)).toEqual({ from: 1, to: 2 });
    expect(fixedRangeOf(2, 1)).toBeNull();
    expect(fixedRangeOf(1, null)).toBeNull();
    expect(fixedRangeOf(null, null)).toBeNull();
  });
});

describe('stepForRange', () => {
  it('plots short ranges by the second and long ones in coarser steps', () => {
    expect(stepForRange({ from: 0, to: 30_000 })).toBe(1_000);
    expect(stepForRange({ from: 0, to: 5 * 60_000 })).toBe(5_000);
    expect(stepForRange({ from: 0, to: 60 * 60_000 })).toBe(60_000);
    expect(stepForRange({ from: 0, to: 24 * 3_600_000 })).toBe(900_000);
  });

  it('never asks for more than MAX_RANGE_POINTS points below a year', () => {
    for (const duration of [1_000, 121_000, 3_600_001, 7 * 86_400_000]) {
      expect(duration / stepForRange({ from: 0, to: duration })).toBeLessThanOrEqual(MAX_RANGE_POINTS);
    }
  });
});
