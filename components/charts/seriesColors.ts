/**
 * Series colours are CSS custom properties (app/globals.css) so light and dark themes
 * each get a colour-blind-safe palette (Okabe–Ito based) without re-rendering charts.
 */
export const SERIES_COLORS = [
  'var(--series-1)',
  'var(--series-2)',
  'var(--series-3)',
  'var(--series-4)',
  'var(--series-5)',
  'var(--series-6)',
  'var(--series-7)',
  'var(--series-8)',
] as const;

/** The colour of the "other" bucket: neutral, so it never competes with a named value. */
export const OTHER_SERIES_COLOR = 'var(--series-other)';

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? OTHER_SERIES_COLOR;
}
