import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../lib/summary';
import { completeSteps } from './completeSteps';
import type { ViewSeries } from './liveViewReducer';

const point = (t: number) => ({ t, events: 1 }) as SeriesPoint;

describe('completeSteps', () => {
  it('leaves out the step still in progress', () => {
    const series: ViewSeries = { window: '5m', by: 'region', from: 0, to: 12_000, step: 5_000, points: [point(0), point(5_000), point(10_000)] };
    expect(completeSteps(series)!.points.map((p) => p.t)).toEqual([0, 5_000]);
  });

  it('keeps a series whose last step has ended as it is', () => {
    const series: ViewSeries = { window: '5m', by: 'region', from: 0, to: 10_000, step: 5_000, points: [point(0), point(5_000)] };
    expect(completeSteps(series)).toBe(series);
    expect(completeSteps(null)).toBeNull();
  });
});
