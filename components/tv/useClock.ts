'use client';

import { useEffect, useState } from 'react';

/** The time now, to the second: the wall's clock, which also shows the page itself is not frozen. */
export function useClock(): number | null {
  // Null until mounted: a static render must not print the build's time.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const interval = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(interval);
  }, []);
  return now;
}
