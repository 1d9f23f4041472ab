import { describe, expect, it } from 'vitest';
import { DEFAULT_TV_THRESHOLDS, type TvThresholds } from './tvConfig';
import {
  deadLettersReading,
  errorRateReading,
  exceptionsReading,
  formatRate,
  latencyReading,
  MAX_REGION_ROWS,
  pipelineReading,
  regionsReading,
  splitUnit,
  throughputReading,
  throughputScope,
  unfilteredScope,
} from './tvReadings';
import { tvFigures, tvFrame } from './tvTestFixtures';

const NO_THRESHOLDS: TvThresholds = {
  throughputMin: null,
  latencyWarnMs: null,
  errorRateWarn: null,
  deadLettersWarn: null,
  exceptionsWarn: null,
  lagWarn: null,
};

describe('a wall without data', () => {
  it('reads as dashes, never NaN', () => {
    const readings = [
      throughputReading(null, DEFAULT_TV_THRESHOLDS),
      latencyReading(null, DEFAULT_TV_THRESHOLDS),
      errorRateReading(null, DEFAULT_TV_THRESHOLDS),
      deadLettersReading(null, DEFAULT_TV_THRESHOLDS),
      exceptionsReading(null, DEFAULT_TV_THRESHOLDS).total,
    ];
    for (const reading of readings) {
      expect(reading.value).toBe('—');
      expect(reading.warning).toBe(false);
      expect(reading.trend.direction).toBe('none');
    }
    expect(JSON.stringify(exceptionsReading(null, DEFAULT_TV_THRESHOLDS))).not.toContain('NaN');
    expect(pipelineReading(null, DEFAULT_TV_THRESHOLDS)).toMatchObject({ label: '—', tone: 'unknown' });
  });

  it('reads a quiet server as zeros and dashes', () => {
    const quiet = tvFigures({ events: 0, eventsPerSecond: 0, latencyP95Ms: null, errorRate: null, deadLetters: 0, exceptions: 0, exceptionsByCode: {}, byRegion: {} });
    const frame = tvFrame({ current: quiet, previous: quiet });
    expect(throughputReading(frame, DEFAULT_TV_THRESHOLDS)).toMatchObject({ value: '0', trend: { direction: 'flat' } });
    expect(latencyReading(frame, DEFAULT_TV_THRESHOLDS).value).toBe('—');
    expect(errorRateReading(frame, DEFAULT_TV_THRESHOLDS).value).toBe('—');
    expect(exceptionsReading(frame, DEFAULT_TV_THRESHOLDS).rows.every((row) => row.count === '0' && row.empty)).toBe(true);
    expect(regionsReading(frame, null).rows).toEqual([]);
  });
});

describe('figures', () => {
  it('split the number from its unit', () => {
    expect(splitUnit('850 ms')).toEqual(['850', 'ms']);
    expect(splitUnit('1.24 s')).toEqual(['1.24', 's']);
    expect(splitUnit('0.42 %')).toEqual(['0.42', '%']);
    expect(splitUnit('4 min 12 s')).toEqual(['4 min 12 s', '']);
    expect(splitUnit('—')).toEqual(['—', '']);
  });

  it('write small rates with a decimal', () => {
    expect(formatRate(0.25)).toBe('0.3');
    expect(formatRate(1234.4)).toBe('1,234');
  });

  it('turn to warning past their threshold, and not at it', () => {
    const frame = tvFrame({ current: tvFigures({ eventsPerSecond: 40, latencyP95Ms: 5_000, errorRate: 0.02, deadLetters: 1 }) });
    expect(throughputReading(frame, { ...NO_THRESHOLDS, throughputMin: 50 })).toMatchObject({ warning: true, threshold: 'below 50/s' });
    expect(throughputReading(frame, { ...NO_THRESHOLDS, throughputMin: 40 }).warning).toBe(false);
    expect(latencyReading(frame, { ...NO_THRESHOLDS, latencyWarnMs: 5_000 }).warning).toBe(false);
    expect(latencyReading(frame, { ...NO_THRESHOLDS, latencyWarnMs: 4_999 }).warning).toBe(true);
    expect(errorRateReading(frame, DEFAULT_TV_THRESHOLDS)).toMatchObject({ warning: true, threshold: 'above 1.0 %' });
    expect(deadLettersReading(frame, DEFAULT_TV_THRESHOLDS).warning).toBe(true);
    expect(deadLettersReading(frame, NO_THRESHOLDS)).toMatchObject({ warning: false, threshold: null });
  });

  it('carry their trend against the previous window', () => {
    const frame = tvFrame({
      current: tvFigures({ eventsPerSecond: 12, latencyP95Ms: 300, errorRate: 0.012 }),
      previous: tvFigures({ eventsPerSecond: 10, latencyP95Ms: 420, errorRate: 0.008 }),
    });
    expect(throughputReading(frame, NO_THRESHOLDS).trend).toEqual({ direction: 'up', change: '+20 %' });
    expect(latencyReading(frame, NO_THRESHOLDS).trend).toEqual({ direction: 'down', change: '\u2212120 ms' });
    expect(errorRateReading(frame, NO_THRESHOLDS).trend).toEqual({ direction: 'up', change: '+0.40 pp' });
  });
});

describe('scopes', () => {
  it('name what the throughput counts and what the rest count', () => {
    expect(throughputScope({ region: 'uk', carrier: null })).toBe('Region uk');
    expect(throughputScope({ region: null, carrier: 'DHL' })).toBe('Carrier DHL');
    expect(throughputScope({ region: null, carrier: null })).toBe('All traffic');
    expect(unfilteredScope({ region: 'uk', carrier: null })).toBe('All regions');
    expect(unfilteredScope({ region: null, carrier: 'DHL' })).toBe('All carriers');
    expect(unfilteredScope({ region: null, carrier: null })).toBeNull();
  });
});

describe('the exceptions list', () => {
  it('keeps every code in a fixed order, with bars against the largest', () => {
    const frame = tvFrame({ current: tvFigures({ exceptions: 5, exceptionsByCode: { LOST: 4, DAMAGED: 1 } }) });
    const { rows, total } = exceptionsReading(frame, NO_THRESHOLDS);
    expect(rows.map((row) => row.key)).toEqual(['DAMAGED', 'DELAYED', 'ADDRESS_ISSUE', 'LOST', 'CUSTOMS_HOLD', 'TEMPERATURE_EXCURSION']);
    expect(rows.find((row) => row.key === 'LOST')).toMatchObject({ count: '4', fraction: 1, empty: false });
    expect(rows.find((row) => row.key === 'DAMAGED')?.fraction).toBe(0.25);
    expect(total.value).toBe('5');
  });
});

describe('the regions list', () => {
  const manyRegions = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`r${String(index).padStart(2, '0')}`, 100 - index]));

  it('puts the busiest first and folds the rest into one row', () => {
    const { rows } = regionsReading(tvFrame({ current: tvFigures({ byRegion: manyRegions }) }), null);
    expect(rows).toHaveLength(MAX_REGION_ROWS + 1);
    expect(rows[0]).toMatchObject({ label: 'r00', fraction: 1 });
    expect(rows.at(-1)).toMatchObject({ label: `${12 - MAX_REGION_ROWS} more` });
  });

  it('always shows and marks the filtered region', () => {
    const { rows } = regionsReading(tvFrame({ current: tvFigures({ byRegion: manyRegions }) }), 'r11');
    expect(rows.filter((row) => row.highlighted).map((row) => row.label)).toEqual(['r11']);
    const silent = regionsReading(tvFrame(), 'mars');
    expect(silent.rows.find((row) => row.highlighted)).toMatchObject({ label: 'mars', count: '0', empty: true });
  });
});

describe('the pipeline', () => {
  it('says live, rebuilding with progress, or broker lost', () => {
    expect(pipelineReading(tvFrame(), DEFAULT_TV_THRESHOLDS)).toMatchObject({ label: 'Live', tone: 'ok', progressPercent: null, lag: '0 records' });
    expect(pipelineReading(tvFrame({ pipeline: { state: 'rebuilding', rebuildProgress: 0.426, lagRecords: 9_000 } }), DEFAULT_TV_THRESHOLDS)).toMatchObject({
      label: 'Rebuilding',
      tone: 'warning',
      progressPercent: 42,
      lag: '9,000 records',
    });
    expect(pipelineReading(tvFrame({ pipeline: { state: 'brokerLost', rebuildProgress: 1, lagRecords: 0 } }), DEFAULT_TV_THRESHOLDS).tone).toBe('danger');
  });

  it('warns when the lag passes its threshold', () => {
    const frame = tvFrame({ pipeline: { state: 'live', rebuildProgress: 1, lagRecords: 501 } });
    expect(pipelineReading(frame, { ...NO_THRESHOLDS, lagWarn: 500 })).toMatchObject({ tone: 'warning', lagWarning: true });
  });
});
