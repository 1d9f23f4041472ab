import { formatClockTime } from '../../lib/format';

/*
 * When figures stop being live. The server pushes an update every tick (100 ms) to each
 * subscribed view; a few ticks may be skipped on purpose (updates are volatile, so a slow
 * client drops frames), so only a silence of several ticks means the figures are frozen.
 * This is the same rule as the TV wall, so both views call a screen stale at the same moment.
 */

/** The server's update interval for live views. */
export const LIVE_TICK_MS = 100;

/** Silence after which live figures are marked stale: many skipped ticks, plus room for a slow network or a busy tab. */
export const STALE_AFTER_MS = 5_000;

/** True when the last update is older than STALE_AFTER_MS; never stale before anything arrived. */
export function isStale(lastUpdateAt: number | null, now: number): boolean {
  return lastUpdateAt !== null && now - lastUpdateAt > STALE_AFTER_MS;
}

/** How long until figures updated at `lastUpdateAt` turn stale, for a timer; null when nothing is pending. */
export function msUntilStale(lastUpdateAt: number | null, now: number): number | null {
  if (lastUpdateAt === null) return null;
  return Math.max(0, lastUpdateAt + STALE_AFTER_MS + 1 - now);
}

export function staleLabel(lastUpdateAt: number): string {
  return `Stale — last update ${formatClockTime(lastUpdateAt)}`;
}
