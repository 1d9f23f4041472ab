const MINUTE_MS = 60_000;
const TICK_INTERVALS_MS = [15_000, 30_000, MINUTE_MS, 2 * MINUTE_MS, 5 * MINUTE_MS, 10 * MINUTE_MS, 15 * MINUTE_MS, 30 * MINUTE_MS, 60 * MINUTE_MS];

/**
 * Ticks at round local times (every minute, every 10 minutes…) spaced so about
 * `targetCount` fit in [from, to]. Recharts' own ticks on a number axis fall on
 * arbitrary milliseconds, which read badly as clock times.
 */
export function timeTicks(from: number, to: number, targetCount = 6, timezoneOffsetMs = localOffsetMs(from)): number[] {
  if (!(to > from)) return [];
  const idealInterval = (to - from) / targetCount;
  const interval = TICK_INTERVALS_MS.find((candidate) => candidate >= idealInterval) ?? TICK_INTERVALS_MS.at(-1) ?? MINUTE_MS;
  const ticks: number[] = [];
  const firstTick = Math.ceil((from + timezoneOffsetMs) / interval) * interval - timezoneOffsetMs;
  for (let tick = firstTick; tick <= to; tick += interval) ticks.push(tick);
  return ticks;
}

/** How far local time is ahead of UTC at an instant. */
function localOffsetMs(epochMs: number): number {
  return -new Date(epochMs).getTimezoneOffset() * MINUTE_MS;
}
