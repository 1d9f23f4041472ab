import { describe, expect, it } from 'vitest';
import { createQuantileSketch, quantilesOf, recordDuration, SKETCH_RELATIVE_ACCURACY } from './quantileSketch';

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('quantile sketch', () => {
  it('answers p50, p95 and p99 within 1 % relative error, also after merging partials', () => {
    // A deterministic, heavy-tailed spread of latencies from 1 ms to about 10 minutes.
    const values = Array.from({ length: 20_000 }, (_, i) => Math.exp(((i * 7919) % 20_000) / 20_000 * Math.log(600_000)));
    const partials = [createQuantileSketch(), createQuantileSketch(), createQuantileSketch()];
    values.forEach((value, i) => recordDuration(partials[i % 3]!, value));
    const merged = createQuantileSketch();
    for (const partial of partials) merged.merge(partial);

    const sorted = [...values].sort((a, b) => a - b);
    const quantiles = quantilesOf(merged)!;
    for (const [q, estimate] of [[0.5, quantiles.p50], [0.95, quantiles.p95], [0.99, quantiles.p99]] as const) {
      const exact = exactQuantile(sorted, q);
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-3);
    }
  });

  it('has no quantiles before the first value, and counts negative durations as zero', () => {
    expect(quantilesOf(createQuantileSketch())).toBeNull();
    const sketch = createQuantileSketch();
    recordDuration(sketch, -50);
    expect(quantilesOf(sketch)).toEqual({ p50: 0, p95: 0, p99: 0 });
  });
});
