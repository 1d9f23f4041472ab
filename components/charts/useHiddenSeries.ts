'use client';

import { useCallback, useState } from 'react';

/** Which series of one chart the legend has hidden, by series id, so a value stays hidden while its rank changes. */
export function useHiddenSeries(): { hiddenIds: ReadonlySet<string>; toggleSeries: (id: string) => void } {
  const [hiddenIds, setHiddenIds] = useState<ReadonlySet<string>>(() => new Set());
  const toggleSeries = useCallback((id: string) => {
    setHiddenIds((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);
  return { hiddenIds, toggleSeries };
}
