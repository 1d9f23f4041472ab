import { describe, it, expect } from 'vitest';
import { OTHER_SERIES_COLOR } from '../charts/seriesColors';
import { valueColor } from '../charts/valueColors';
import { breakdownChart, deadLettersChart, firstDataIndex, latencyChart, ratesChart, throughputChart } from './chartData';
import { countedEvents, deadLetters } from './drillDownLinks';
import { seriesPoint } from './testFixtures';

/** A step in which something arrived; steps with nothing in them before the first such one are a gap. */
const busyPoint: typeof seriesPoint = (t, overrides = {}) => seriesPoint(t, { inputs: 1, events: 1, ...overrides });

describe('throughputChart', () => {
  it('turns counts per step into events per second, one series per event type', () => {
    const { series, rows } = throughputChart(
      [busyPoint(0, { byType: { 'shipment.created': 50, 'shipment.delivered': 10 } })],
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
    const { rows } = throughputChart([busyPoint(0, { byType: { 'shipment.created': 1 } })], 1_000);
    expect(Object.keys(rows[0] ?? {}).some((key) => key.includes('.'))).toBe(false);
  });

  it('adds a neutral series for a type outside the contract, with no events link', () => {
    const { series } = throughputChart([busyPoint(0, { byType: { other: 3 } })], 1_000);
    expect(series.at(-1)).toMatchObject({ label: 'Other', color: OTHER_SERIES_COLOR, drillDown: null });
  });

  it('links each type to its counted events', () => {
    const { series } = throughputChart([busyPoint(0)], 1_000);
    expect(series.find((entry) => entry.id === 'shipment.exception')?.drillDown).toEqual(
      countedEvents({ type: ['shipment.exception'] }),
    );
  });

  it('draws the steps before the data starts as a gap, not as zeros', () => {
    const { series, rows } = throughputChart(
      [seriesPoint(0), seriesPoint(1_000), busyPoint(2_000, { byType: { 'shipment.created': 1 } }), seriesPoint(3_000)],
      1_000,
    );
    const created = series.find((entry) => entry.id === 'shipment.created')!.key;
    expect(rows.map((row) => row[created])).toEqual([null, null, 1, 0]);
  });
});

describe('firstDataIndex', () => {
  it('finds the first step with any input, and is past the end when there is none', () => {
    expect(firstDataIndex([seriesPoint(0), seriesPoint(1, { deadLetters: 1 })])).toBe(1);
    expect(firstDataIndex([seriesPoint(0), seriesPoint(1)])).toBe(2);
  });
});

describe('latencyChart', () => {
  it('has a gap, not a zero, where nothing was measured', () => {
    const { series, rows } = latencyChart([
      busyPoint(0, { latencyMs: { p50: 10, p95: 40, p99: 90 } }),
      seriesPoint(1_000),
    ]);
    expect(series.map((entry) => entry.label)).toEqual(['p50', 'p95', 'p99']);
    expect(series.map((entry) => rows[0]?.[entry.key])).toEqual([10, 40, 90]);
    expect(series.map((entry) => rows[1]?.[entry.key])).toEqual([null, null, null]);
  });
});

describe('ratesChart', () => {
  it('shows the ratios as percentages', () => {
    const { series, rows } = ratesChart([busyPoint(0, { errorRate: 0.02, exceptionRate: 0.5 })]);
    expect(series.map((entry) => entry.label)).toEqual(['Error rate', 'Exception rate']);
    expect(series.map((entry) => rows[0]?.[entry.key])).toEqual([2, 50]);
  });

  it('links the error rate to dead letters by append time and the exception rate to exceptions by event time', () => {
    const { series } = ratesChart([busyPoint(0)]);
    expect(series.map((entry) => entry.drillDown?.time)).toEqual(['append', 'event']);
  });
});

describe('deadLettersChart', () => {
  it('has every reason, zero where none occurred', () => {
    const { series, rows } = deadLettersChart([busyPoint(0, { deadLettersByReason: { too_large: 3 } })]);
    expect(series).toHaveLength(6);
    const values = Object.fromEntries(series.map((entry) => [entry.label, rows[0]?.[entry.key]]));
    expect(values).toMatchObject({ 'Too large': 3, 'Invalid JSON': 0 });
    expect(series.find((entry) => entry.id === 'too_large')?.drillDown).toEqual(deadLetters('too_large'));
  });
});

describe('breakdownChart', () => {
  const points = [
    busyPoint(0, { split: { 'EU-West': 30, 'US-East': 10, APAC: 5, other: 1 } }),
    busyPoint(5_000, { split: { 'EU-West': 20, 'US-East': 40, LATAM: 2 } }),
  ];

  it('keeps the busiest values over the window and folds the rest, with the server\'s "other", into Other', () => {
    const { series, totals } = breakdownChart(points, 5_000, 'region', 2);
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
    const { series, rows } = breakdownChart(points, 5_000, 'region', 2);
    expect(series.map((entry) => rows[1]?.[entry.key])).toEqual([4, 8, 0.4]);
  });

  it('colours a value by what it is, not by its rank', () => {
    const quiet = breakdownChart([busyPoint(0, { split: { 'eu-west': 1, 'us-east': 9 } })], 1_000, 'region');
    const busy = breakdownChart([busyPoint(0, { split: { 'eu-west': 9, 'us-east': 1 } })], 1_000, 'region');
    const colourOf = (data: typeof quiet, id: string) => data.series.find((entry) => entry.id === id)?.color;
    expect(colourOf(quiet, 'eu-west')).toBe(colourOf(busy, 'eu-west'));
    expect(colourOf(busy, 'eu-west')).toBe(valueColor('region', 'eu-west'));
    expect(quiet.totals[0]?.color).toBe(valueColor('region', 'us-east'));
  });

  it('links a value to its counted events, and Other to none', () => {
    const { totals } = breakdownChart(points, 5_000, 'carrier', 2);
    expect(totals[0]?.drillDown).toEqual(countedEvents({ carrier: ['EU-West'] }));
    expect(totals.at(-1)?.drillDown).toBeNull();
  });

  it('has no Other series when every value fits', () => {
    const { series } = breakdownChart([busyPoint(0, { split: { a: 1, b: 2 } })], 1_000, 'region');
    expect(series.map((entry) => entry.label)).toEqual(['b', 'a']);
  });

  it('is empty without a split', () => {
    expect(breakdownChart([busyPoint(0)], 1_000, 'region')).toEqual({ series: [], rows: [{ t: 0 }], totals: [] });
  });
});
