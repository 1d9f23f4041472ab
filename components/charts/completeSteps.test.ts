import { describe, expect, it } from 'vitest';
import { completeSteps } from './completeSteps';
import type { SteppedSeries } from './chartTypes';

const point = (t: number) => ({ t, events: 1 });

describe('completeSteps', () => {
  it('leaves out the step still in progress', () => {
    const series: SteppedSeries<{ t: number; events: number }> = { from: 0, to: 12_000, step: 5_000, points: [point(0), point(5_000), point(10_000)] };
    expect(completeSteps(series)!.points.map((p) => p.t)).toEqual([0, 5_000]);
  });

  it('keeps a series whose last step has ended as it is', () => {
    const series: SteppedSeries<{ t: number; events: number }> = { from: 0, to: 10_000, step: 5_000, points: [point(0), point(5_000)] };
    expect(completeSteps(series)).toBe(series);
    expect(completeSteps(null)).toBeNull();
  });
});
