'use client';

import { useEffect, useState } from 'react';
import { isStale, msUntilStale } from './staleness';

/**
 * Whether live figures last updated at `lastUpdateAt` are stale now. A timer set for the
 * moment they would turn stale re-renders then; every new update moves it on.
 */
export function useStaleness(lastUpdateAt: number | null, enabled = true): boolean {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!enabled) return;
    const wait = msUntilStale(lastUpdateAt, Date.now());
    // Nothing to wait for, or already shown as stale: no timer until the next update.
    if (wait === null || isStale(lastUpdateAt, now)) return;
    const timer = window.setTimeout(() => setNow(Date.now()), wait);
    return () => window.clearTimeout(timer);
  }, [lastUpdateAt, enabled, now]);

  return enabled && isStale(lastUpdateAt, Math.max(now, lastUpdateAt ?? 0));
}
