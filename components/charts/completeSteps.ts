import type { SteppedSeries } from './chartTypes';

/**
 * The series without its step in progress. The server's series runs up to now, so window
 * totals include what just happened; a chart of rates would show that partial step as a
 * drop, so charts plot complete steps only.
 */
export function completeSteps<Series extends SteppedSeries<{ t: number }>>(series: Series | null): Series | null {
  if (!series) return null;
  const points = series.points.filter((point) => point.t + series.step <= series.to);
  return points.length === series.points.length ? series : { ...series, points };
}
