import { describe, expect, it } from 'vitest';
import { createQuantileSketch, QuantileSketch, quantilesOf, recordDuration, SKETCH_RELATIVE_ACCURACY } from './quantileSketch';

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

  it('widens its counts past one byte, then two, without losing any', () => {
    const sketch = createQuantileSketch();
    for (let i = 0; i < 70_000; i += 1) recordDuration(sketch, 100);
    recordDuration(sketch, 5_000);
    expect(sketch.count).toBe(70_001);
    expect(sketch.valueAtQuantile(0.5)).toBeCloseTo(100, -1);
    expect(sketch.valueAtQuantile(1)).toBeGreaterThan(4_900);
    // 70,000 values in one bin need four bytes a count.
    expect(sketch.byteLength).toBeGreaterThanOrEqual(4 * 32);
  });

  it('merges and subtracts sketches whose ranges do not overlap, exactly', () => {
    const low = createQuantileSketch();
    const high = createQuantileSketch();
    for (let i = 1; i <= 300; i += 1) recordDuration(low, i);
    for (let i = 1; i <= 300; i += 1) recordDuration(high, 1_000_000 + i * 1_000);
    const merged = createQuantileSketch();
    merged.merge(high);
    merged.merge(low);
    expect(merged.count).toBe(600);
    expect(merged.valuesAtQuantiles([0.25, 0.75])).toEqual([low.valueAtQuantile(0.5), high.valueAtQuantile(0.5)]);
    merged.subtract(high);
    expect(merged.count).toBe(300);
    expect(merged.valuesAtQuantiles([0, 0.5, 1])).toEqual(low.valuesAtQuantiles([0, 0.5, 1]));
  });

  it('stays small for a second of latencies: a byte a bin over the range it saw', () => {
    const sketch = createQuantileSketch();
    for (let i = 0; i < 250; i += 1) recordDuration(sketch, 20 + ((i * 37) % 880));
    // 20 ms to 900 ms is about 190 bins of 2 %.
    expect(sketch.byteLength).toBeLessThanOrEqual(400);
  });

  it('travels as plain numbers and comes back the same sketch', () => {
    const sketch = createQuantileSketch();
    for (let i = 0; i < 5_000; i += 1) recordDuration(sketch, i % 7 === 0 ? -3 : 1 + ((i * 7_919) % 90_000));
    // Counts past one byte's width travel too.
    for (let i = 0; i < 300; i += 1) recordDuration(sketch, 42);
    const wire = JSON.parse(JSON.stringify(sketch.toWire())) as ReturnType<QuantileSketch['toWire']>;
    const back = QuantileSketch.fromWire(wire);
    expect(back.count).toBe(sketch.count);
    expect(back.valuesAtQuantiles([0, 0.1, 0.5, 0.9, 0.99, 1])).toEqual(sketch.valuesAtQuantiles([0, 0.1, 0.5, 0.9, 0.99, 1]));
    expect(back.toWire()).toEqual(sketch.toWire());
    expect(QuantileSketch.fromWire(createQuantileSketch().toWire()).count).toBe(0);
  });
});
