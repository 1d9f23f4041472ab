import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * The event loop's delay over the last second (its p99, in ms), refreshed each second.
 * The fold, the log writer and HTTP share one thread: when this grows, everything waits,
 * and ingest should push back before answers pass their deadline.
 */
export function watchEventLoopDelay(): { delayMs: () => number; stop: () => void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let lastSecondMs = 0;
  const timer = setInterval(() => {
    lastSecondMs = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
    histogram.reset();
  }, 1_000);
  timer.unref();
  return {
    delayMs: () => lastSecondMs,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
