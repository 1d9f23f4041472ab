'use client';

import { useEffect, useState } from 'react';

/**
 * Which page of panels is shown: the next one every `rotateSeconds`, back to the first
 * after the last. One interval, replaced when the pages or the pace change.
 */
export function useRotation(pageCount: number, rotateSeconds: number): number {
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setTick(0);
    if (pageCount <= 1) return;
    const interval = setInterval(() => setTick((current) => (current + 1) % pageCount), rotateSeconds * 1_000);
    return () => clearInterval(interval);
  }, [pageCount, rotateSeconds]);

  return pageCount > 0 ? tick % pageCount : 0;
}
