import { describe, it, expect } from 'vitest';
import { breakdownChart, deadLettersChart, latencyChart, ratesChart, throughputChart } from './chartData';
import { OTHER_SERIES_COLOR } from '../charts/seriesColors';
import { seriesPoint } from './testFixtures';

describe('throughputChart', () => {
  it('turns counts per step into events per second, one series per event type', () => {
    const { series, rows } = throughputChart(
      [seriesPoint(0, { byType: { 'shipment.created': 50, 'shipment.delivered': 10 } })],
      5_000,
    );
    expect(series).toHaveLength(8);
    const created = series.find((entry) => entry.label === 'Created');
    const delivered = series.find((entry) => entry.label === 'Delivered');
    const telemetry = series.find((entry) => entry.label === 'Telemetry');
    expect(rows[0]?.[created?.key ?? '']).toBe(10);
    expect(rows[0]?.[delivered?.key ?? '']).toBe(2);
    expect(rows[0]?.[telemetry?.key ?? '']).toBe(0);
  });

  it('keys rows by series index, never by a dotted type name', () => {
    const { rows } = throughputChart([seriesPoint(0, { byType: { 'shipment.created': 1 } })], 1_000);
    expect(Object.keys(rows[0] ?? {}).some((key) => key.includes('.'))).toBe(false);
  });

  it('adds a neutral series for a type outside the contract', () => {
    const { series } = throughputChart([seriesPoint(0, { byType: { other: 3 } })], 1_000);
    expect(series.at(-1)).toMatchObject({ label: 'Other', color: OTHER_SERIES_COLOR });
  });
});

describe('latencyChart', () => {
  it('has a gap, not a zero, where nothing was measured', () => {
    const { series, rows } = latencyChart([
      seriesPoint(0, { latencyMs: { p50: 10, p95: 40, p99: 90 } }),
      seriesPoint(1_000),
    ]);
    expect(series.map((entry) => entry.label)).toEqual(['p50', 'p95', 'p99']);
    expect(series.map((entry) => rows[0]?.[entry.key])).toEqual([10, 40, 90]);
    expect(series.map((entry) => rows[1]?.[entry.key])).toEqual([null, null, null]);
  });
});

describe('ratesChart', () => {
  it('shows the ratios as percentages', () => {
    const { series, rows } = ratesChart([seriesPoint(0, { errorRate: 0.02, exceptionRate: 0.5 })]);
    expect(series.map((entry) => entry.label)).toEqual(['Error rate', 'Exception rate']);
    expect(series.map((entry) => rows[0]?.[entry.key])).toEqual([2, 50]);
  });
});

describe('deadLettersChart', () => {
  it('has every reason, zero where none occurred', () => {
    const { series, rows } = deadLettersChart([seriesPoint(0, { deadLettersByReason: { too_large: 3 } })]);
    expect(series).toHaveLength(6);
    const values = Object.fromEntries(series.map((entry) => [entry.label, rows[0]?.[entry.key]]));
    expect(values).toMatchObject({ 'Too large': 3, 'Invalid JSON': 0 });
  });
});

describe('breakdownChart', () => {
  const points = [
    seriesPoint(0, { split: { 'EU-West': 30, 'US-East': 10, APAC: 5, other: 1 } }),
    seriesPoint(5_000, { split: { 'EU-West': 20, 'US-East': 40, LATAM: 2 } }),
  ];

  it('keeps the busiest values over the window and folds the rest, with the server\'s "other", into Other', () => {
    const { series, totals } = breakdownChart(points, 5_000, 2);
    expect(series.map((entry) => entry.label)).toEqual(['EU-West', 'US-East', 'Other']);
    expect(series.at(-1)?.color).toBe(OTHER_SERIES_COLOR);
    expect(totals.map(({ label, total }) => [label, total])).toEqual([
      ['EU-West', 50],
      ['US-East', 50],
      ['Other', 8],
    ]);
    expect(totals.reduce((sum, entry) => sum + entry.share, 0)).toBeCloseTo(1);
  });

  it('plots events per second per value', () => {
    const { series, rows } = breakdownChart(points, 5_000, 2);
    expect(series.map((entry) => rows[1]?.[entry.key])).toEqual([4, 8, 0.4]);
  });

  it('has no Other series when every value fits', () => {
    const { series } = breakdownChart([seriesPoint(0, { split: { a: 1, b: 2 } })], 1_000);
    expect(series.map((entry) => entry.label)).toEqual(['b', 'a']);
  });

  it('is empty without a split', () => {
    expect(breakdownChart([seriesPoint(0)], 1_000)).toEqual({ series: [], rows: [{ t: 0 }], totals: [] });
  });
});
