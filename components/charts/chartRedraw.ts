/**
 * How often a live chart is drawn again. Updates come up to ten times a second, but a
 * chart's time axis moves a pixel only every `window / width` (a 15-minute window over a
 * thousand pixels: about once a second), and its in-progress step is not plotted: drawing
 * each update kept a laptop core 70 % busy (Recharts mounts every series' shapes anew at
 * each draw) for no change one could see. The figures beside the charts stay at the update
 * rate.
 */

/** About one draw per pixel the axis moves, for a plot about a thousand pixels wide. */
const ASSUMED_PLOT_WIDTH_PX = 1_000;
const MIN_REDRAW_MS = 250;
const MAX_REDRAW_MS = 5_000;

export function redrawIntervalMs(windowMs: number): number {
  return Math.min(MAX_REDRAW_MS, Math.max(MIN_REDRAW_MS, Math.round(windowMs / ASSUMED_PLOT_WIDTH_PX)));
}

/** How long a new value waits before it is drawn: none once the interval since the last draw has passed. */
export function redrawDelayMs(now: number, lastDrawnAt: number, intervalMs: number): number {
  return Math.max(0, lastDrawnAt + intervalMs - now);
}
