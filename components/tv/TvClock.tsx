'use client';

import { formatClockTime } from '../../lib/format';
import { useClock } from './useClock';

/** Its own component: the second hand re-renders the clock only. */
export function TvClock() {
  const now = useClock();
  return (
    <time className="tv-status__clock" data-testid="tv-clock" data-tv-text="">
      {now === null ? '\u00a0' : formatClockTime(now)}
    </time>
  );
}
