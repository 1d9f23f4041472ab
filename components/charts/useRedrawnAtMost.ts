'use client';

import { useEffect, useRef, useState } from 'react';
import { redrawDelayMs } from './chartRedraw';

/**
 * `value`, passed on at most once every `intervalMs` (the latest one, when the interval
 * ends), and at once whenever `frame` changes: another window, breakdown or range is a new
 * chart, not a redraw of the old one. An interval of 0 passes every value on as it comes.
 */
export function useRedrawnAtMost<T>(value: T, intervalMs: number, frame: string): T {
  const [drawn, setDrawn] = useState<{ value: T; frame: string }>({ value, frame });
  const lastDrawnAt = useRef(0);
  const latest = useRef(value);
  latest.current = value;

  const frameChanged = drawn.frame !== frame;
  const passThrough = intervalMs <= 0;
  useEffect(() => {
    if (passThrough || (value === drawn.value && !frameChanged)) return;
    const draw = () => {
      lastDrawnAt.current = Date.now();
      setDrawn({ value: latest.current, frame });
    };
    const wait = frameChanged ? 0 : redrawDelayMs(Date.now(), lastDrawnAt.current, intervalMs);
    if (wait === 0) return draw();
    const timer = window.setTimeout(draw, wait);
    return () => window.clearTimeout(timer);
  }, [value, drawn.value, frame, frameChanged, intervalMs, passThrough]);

  // A new frame shows at once, without waiting for the effect's render.
  return passThrough || frameChanged ? value : drawn.value;
}
