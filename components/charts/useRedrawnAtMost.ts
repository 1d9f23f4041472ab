'use client';

import { useEffect, useRef, useState } from 'react';
import { redrawDelayMs } from './chartRedraw';

/**
 * `value`, passed on at most once every `intervalMs` (the latest one, when the interval
 * ends), and at once whenever `frame` changes: another window, breakdown or range is a new
 * chart, not a redraw of the old one.
 */
export function useRedrawnAtMost<T>(value: T, intervalMs: number, frame: string): T {
  const [drawn, setDrawn] = useState<{ value: T; frame: string }>({ value, frame });
  const lastDrawnAt = useRef(0);
  const latest = useRef(value);
  latest.current = value;

  const frameChanged = drawn.frame !== frame;
  useEffect(() => {
    if (value === drawn.value && !frameChanged) return;
    const draw = () => {
      lastDrawnAt.current = Date.now();
      setDrawn({ value: latest.current, frame });
    };
    const wait = frameChanged ? 0 : redrawDelayMs(Date.now(), lastDrawnAt.current, intervalMs);
    if (wait === 0) return draw();
    const timer = window.setTimeout(draw, wait);
    return () => window.clearTimeout(timer);
  }, [value, drawn.value, frame, frameChanged, intervalMs]);

  // A new frame shows at once, without waiting for the effect's render.
  return frameChanged ? value : drawn.value;
}
