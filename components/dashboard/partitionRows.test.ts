import { describe, it, expect } from 'vitest';
import { formatClockTime, NO_VALUE } from '../../lib/format';
import type { PartitionHealth } from '../../lib/health';
import { formatRecords, lagSummary, newestWatermark, partitionRows } from './partitionRows';

const BASE = Date.UTC(2024, 4, 1, 12, 0, 0);

function partition(number: number, overrides: Partial<PartitionHealth> = {}): PartitionHealth {
  return {
    partition: number,
    owner: 'self',
    watermark: null,
    lastAppendTime: null,
    processed: 0,
    idle: false,
    lagRecords: 0,
    rebuilding: false,
    ...overrides,
  };
}

describe('partitions folded elsewhere', () => {
  it('names who folds a partition this instance does not, idle as its holder says, and whether it is being rebuilt', () => {
    const [other, nobody, moving] = partitionRows([
      partition(1, { owner: 'other', idle: true }),
      partition(2, { owner: 'none', idle: true }),
      partition(3, { owner: 'other', rebuilding: true }),
    ]);
    expect(other).toMatchObject({ elsewhere: 'another instance', idle: true, rebuilding: false });
    expect(nobody).toMatchObject({ elsewhere: 'nobody yet', idle: false });
    expect(moving).toMatchObject({ elsewhere: 'another instance', rebuilding: true });
  });
});

describe('newestWatermark', () => {
  it('is the latest watermark, skipping partitions without one', () => {
    expect(
      newestWatermark([partition(0, { watermark: BASE }), partition(1), partition(2, { watermark: BASE + 4_000 })]),
    ).toBe(BASE + 4_000);
  });

  it('is null while no partition has a watermark', () => {
    expect(newestWatermark([partition(0), partition(1)])).toBeNull();
    expect(newestWatermark([])).toBeNull();
  });
});

describe('partitionRows', () => {
  it('orders rows by partition number', () => {
    const rows = partitionRows([partition(2), partition(0), partition(1)]);
    expect(rows.map((row) => row.partition)).toEqual([0, 1, 2]);
  });

  it('measures each watermark against the newest partition', () => {
    const rows = partitionRows([
      partition(0, { watermark: BASE + 10_000 }),
      partition(1, { watermark: BASE + 8_000 }),
      partition(2, { watermark: BASE - 125_000 }),
      partition(3),
    ]);
    expect(rows.map((row) => row.behindNewest)).toEqual(['newest', '2.00 s behind', '2 min 15 s behind', NO_VALUE]);
  });

  it('formats times, counts and lag', () => {
    const [row] = partitionRows([
      partition(4, {
        watermark: BASE,
        lastAppendTime: BASE + 6_000,
        processed: 1_234_567,
        lagRecords: 8_901,
        idle: true,
      }),
    ]);
    expect(row).toEqual({
      partition: 4,
      watermark: formatClockTime(BASE),
      watermarkIso: '2024-05-01T12:00:00.000Z',
      behindNewest: 'newest',
      lastAppend: formatClockTime(BASE + 6_000),
      lastAppendIso: '2024-05-01T12:00:06.000Z',
      processed: '1,234,567',
      lagRecords: 8_901,
      lag: '8,901',
      idle: true,
      elsewhere: null,
      rebuilding: false,
    });
  });

  it('shows no value for a partition that has seen nothing yet', () => {
    const [row] = partitionRows([partition(0)]);
    expect(row).toMatchObject({
      watermark: NO_VALUE,
      watermarkIso: undefined,
      lastAppend: NO_VALUE,
      lastAppendIso: undefined,
      processed: '0',
      lag: '0',
      idle: false,
    });
  });

  it('does not reorder the array it was given', () => {
    const partitions = [partition(1), partition(0)];
    partitionRows(partitions);
    expect(partitions.map((entry) => entry.partition)).toEqual([1, 0]);
  });
});

describe('lagSummary', () => {
  it('formats total lag in records and processing lag as a duration', () => {
    expect(lagSummary({ records: 12_345, processingLagMs: 252_000 })).toEqual({
      records: '12,345 records',
      processingLag: '4 min 12 s',
    });
  });

  it('reads zero lag plainly, as embedded mode normally has', () => {
    expect(lagSummary({ records: 0, processingLagMs: 0 })).toEqual({ records: '0 records', processingLag: '0 ms' });
  });

  it('shows no value before health arrives', () => {
    expect(lagSummary(null)).toEqual({ records: NO_VALUE, processingLag: NO_VALUE });
  });
});

describe('formatRecords', () => {
  it('uses the singular for one record', () => {
    expect(formatRecords(1)).toBe('1 record');
    expect(formatRecords(2)).toBe('2 records');
  });
});
