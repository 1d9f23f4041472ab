import { formatDecimal } from '../../lib/format';

/*
 * How a figure moved against the window before: its direction, and the change as a
 * person would say it: in percent for counts and rates, in the figure's own unit where a
 * percent of a percent or of a latency would mislead.
 */

export type TrendDirection = 'up' | 'down' | 'flat' | 'none';

export interface Trend {
  direction: TrendDirection;
  /** "+4.2 %", "−120 ms"; empty when there is nothing to compare. */
  change: string;
}

export const NO_TREND: Trend = { direction: 'none', change: '' };
const FLAT: Trend = { direction: 'flat', change: 'no change' };
const MINUS = '\u2212';

function isFigure(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** "+12", "−3.5": a signed magnitude as `format` writes it. */
export function signed(delta: number, format: (magnitude: number) => string): string {
  return `${delta < 0 ? MINUS : '+'}${format(Math.abs(delta))}`;
}

function directionOf(delta: number): TrendDirection {
  return delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
}

/**
 * The change in percent of the previous figure; from nothing (a previous zero) it is
 * the change itself, written by `formatAbsolute`, since a percent of zero means nothing.
 */
export function relativeTrend(current: number | null | undefined, previous: number | null | undefined, formatAbsolute: (magnitude: number) => string): Trend {
  if (!isFigure(current) || !isFigure(previous)) return NO_TREND;
  const delta = current - previous;
  if (delta === 0) return FLAT;
  if (previous === 0) return { direction: directionOf(delta), change: signed(delta, formatAbsolute) };
  const percent = (delta / previous) * 100;
  const magnitude = Math.abs(percent);
  const digits = magnitude >= 10 ? 0 : 1;
  // A change too small to show in percent is still a change: say so rather than "+0.0 %".
  const change = magnitude < 0.05 ? `${delta < 0 ? MINUS : '+'}<0.1 %` : `${signed(percent, (value) => formatDecimal(value, digits))} %`;
  return { direction: directionOf(delta), change };
}

/** The change in the figure's own unit, e.g. milliseconds or percentage points. */
export function differenceTrend(current: number | null | undefined, previous: number | null | undefined, formatDelta: (magnitude: number) => string): Trend {
  if (!isFigure(current) || !isFigure(previous)) return NO_TREND;
  const delta = current - previous;
  if (delta === 0) return FLAT;
  return { direction: directionOf(delta), change: signed(delta, formatDelta) };
}
