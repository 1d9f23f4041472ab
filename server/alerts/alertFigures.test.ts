import { describe, expect, it } from 'vitest';
import { DEAD_LETTER_REASONS } from '../../lib/contract/deadLetterReasons';
import type { Health } from '../../lib/health';
import type { Summary } from '../../lib/summary';
import { isHealthFigure, isKnownFigure, readFigure } from './alertFigures';

const summary: Summary = {
  from: 0,
  to: 60_000,
  inputs: 100,
  events: 90,
  byType: { 'shipment.delivered': 20 },
  byRegion: { 'eu-west': 50 },
  byCarrier: { dhl: 40 },
  byFacility: { 'HUB-1': 30 },
  exceptions: 3,
  deadLetters: { total: 10, byReason: { invalid_json: 7, too_large: 3 } },
  duplicates: 1,
  late: 2,
  outOfOrder: 4,
  sequenceGaps: 5,
  futureSchema: 6,
  latencyMs: { p50: 10, p95: 50, p99: 90 },
  deliveries: 20,
  slaBreaches: 5,
  leadTimeMs: null,
  legDurationMs: { p50: 1, p95: 2, p99: 3 },
  errorRate: 0.1,
  exceptionRate: 0.03,
  watermark: 60_000,
};

const health: Health = {
  status: 'ok',
  mode: 'embedded',
  watermark: 60_000,
  partitions: [],
  partial: false,
  missingPartitions: [],
  stalePartitions: [],
  lag: { records: 1234, processingLagMs: 5678 },
  rebuild: { state: 'live', replayed: 0, total: 0, progress: 1 },
  now: 60_000,
};

describe('alert figures', () => {
  it('reads the counts, rates and quantiles of a summary', () => {
    const expected: Record<string, number | null> = {
      inputs: 100,
      events: 90,
      errorRate: 0.1,
      exceptionRate: 0.03,
      'deadLetters.total': 10,
      'deadLetters.byReason.invalid_json': 7,
      'deadLetters.byReason.schema_violation': 0,
      'latencyMs.p95': 50,
      'leadTimeMs.p99': null,
      'legDurationMs.p50': 1,
      'byType.shipment.delivered': 20,
      'byType.shipment.created': 0,
      'byRegion.eu-west': 50,
      'byRegion.us-east': 0,
      'byCarrier.dhl': 40,
      'byFacility.HUB-1': 30,
      duplicates: 1,
      late: 2,
      outOfOrder: 4,
      sequenceGaps: 5,
      futureSchema: 6,
      deliveries: 20,
      slaBreaches: 5,
      slaBreachRate: 0.25,
    };
    for (const [path, value] of Object.entries(expected)) {
      expect(isKnownFigure(path), path).toBe(true);
      expect(isHealthFigure(path), path).toBe(false);
      expect(readFigure(path, summary, health), path).toBe(value);
    }
  });

  it('knows every dead-letter reason', () => {
    for (const reason of DEAD_LETTER_REASONS) expect(isKnownFigure(`deadLetters.byReason.${reason}`)).toBe(true);
  });

  it('answers an SLA breach rate of 0 without deliveries', () => {
    expect(readFigure('slaBreachRate', { ...summary, deliveries: 0, slaBreaches: 0 }, health)).toBe(0);
  });

  it('reads the lag gauges of health', () => {
    expect(isHealthFigure('lag.records')).toBe(true);
    expect(readFigure('lag.records', null, health)).toBe(1234);
    expect(readFigure('lag.processingLagMs', null, health)).toBe(5678);
    expect(readFigure('lag.records', summary, null)).toBeNull();
  });

  it('knows no other paths, prototype names included', () => {
    for (const path of [
      'constructor',
      'deadLetters',
      'deadLetters.byReason.toString',
      'deadLetters.byReason.nope',
      'latencyMs',
      'latencyMs.p90',
      'byType.parcel',
      'byRegion.',
      'lag',
      'watermark',
      'from',
    ]) {
      expect(isKnownFigure(path), path).toBe(false);
      expect(readFigure(path, summary, health), path).toBeNull();
    }
  });

  it('counts a dimension value named like a prototype property as absent', () => {
    expect(readFigure('byRegion.constructor', summary, health)).toBe(0);
    expect(readFigure('byCarrier.__proto__', summary, health)).toBe(0);
  });
});
