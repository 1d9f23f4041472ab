import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** How often the load figures are refreshed; each covers the interval before. */
const SAMPLE_MS = 500;

/**
 * How loaded the event loop is, refreshed twice a second: its delay (p99, ms) and its
 * utilisation (0 to 1, the share of time it was busy). The fold, the log writer and HTTP
 * share one thread: when it is busy all the time, requests wait in socket buffers before
 * any handler sees them, so ingest must push back before answers pass their deadline.
 */
export function watchEventLoop(): { delayMs: () => number; utilization: () => number; stop: () => void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let delayMs = 0;
  let utilization = 0;
  let lastUtilization = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    delayMs = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
    histogram.reset();
    const now = performance.eventLoopUtilization();
    utilization = performance.eventLoopUtilization(now, lastUtilization).utilization;
    lastUtilization = now;
  }, SAMPLE_MS);
  timer.unref();
  return {
    delayMs: () => delayMs,
    utilization: () => utilization,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
