import { createLoader, createSerializer, parseAsInteger, parseAsStringLiteral } from 'nuqs';
import { BREAKDOWNS, DEFAULT_BREAKDOWN, DEFAULT_WINDOW, WINDOW_OPTIONS } from './viewOptions';

/*
 * The dashboard's view state lives in the URL, so a reload or a shared link shows the
 * same view: `window` and `by` for the live view, and `from`/`to` (epoch ms) for a fixed
 * range, which replaces the live view until cleared.
 */

export const dashboardUrlParsers = {
  window: parseAsStringLiteral(WINDOW_OPTIONS).withDefault(DEFAULT_WINDOW),
  by: parseAsStringLiteral(BREAKDOWNS).withDefault(DEFAULT_BREAKDOWN),
  from: parseAsInteger,
  to: parseAsInteger,
};

export const loadDashboardUrlState = createLoader(dashboardUrlParsers);
export const dashboardHref = createSerializer(dashboardUrlParsers);

export interface FixedRange {
  from: number;
  to: number;
}

/** The fixed range the URL asks for, or null for the live view (also when the range is not one). */
export function fixedRangeOf(from: number | null, to: number | null): FixedRange | null {
  if (from === null || to === null || !Number.isFinite(from) || !Number.isFinite(to) || from >= to) return null;
  return { from, to };
}

/*
 * Steps a fixed range is plotted in. Each divides the next, so a range zoomed out of a
 * chart (aligned to that chart's step) starts and ends on a step of the new one too.
 */
const RANGE_STEPS_MS = [1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];

/** About as many points as a live window has, and never more than this. */
export const MAX_RANGE_POINTS = 120;

/** The smallest step that plots a range in at most MAX_RANGE_POINTS points. */
export function stepForRange(range: FixedRange): number {
  const duration = range.to - range.from;
  return RANGE_STEPS_MS.find((step) => duration / step <= MAX_RANGE_POINTS) ?? RANGE_STEPS_MS.at(-1)!;
}
