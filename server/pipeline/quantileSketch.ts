import { DDSketch } from '@datadog/sketches-js';
import type { Quantiles } from '../../lib/summary';

/*
 * DDSketch (@datadog/sketches-js) rather than an HDR histogram: it guarantees a relative
 * error on every quantile (1 % here, what DESIGN.md asks for) over any range of values
 * without configuring a highest trackable value, and two sketches merge exactly, which is
 * what per-partition, per-second buckets need to combine into any window.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

export type QuantileSketch = DDSketch;

export function createQuantileSketch(): QuantileSketch {
  return new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
}

/** Adds a duration; negative ones (clock skew between producer and log) count as zero. */
export function recordDuration(sketch: QuantileSketch, milliseconds: number): void {
  sketch.accept(milliseconds > 0 ? milliseconds : 0);
}

export function quantilesOf(sketch: QuantileSketch | null): Quantiles | null {
  if (!sketch || sketch.count === 0) return null;
  return {
    p50: roundMs(sketch.getValueAtQuantile(0.5)),
    p95: roundMs(sketch.getValueAtQuantile(0.95)),
    p99: roundMs(sketch.getValueAtQuantile(0.99)),
  };
}

function roundMs(value: number): number {
  return Math.round(value * 10) / 10;
}
