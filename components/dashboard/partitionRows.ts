import { formatClockTime, formatCount, formatDuration, NO_VALUE } from '../../lib/format';
import type { Health, PartitionHealth } from '../../lib/health';

/** One row of the partitions table, formatted for display. */
export interface PartitionRow {
  partition: number;
  watermark: string;
  /** The exact instant, for a tooltip; undefined without a watermark. */
  watermarkIso: string | undefined;
  /** How far this watermark trails the newest partition's: "newest", "2.00 s behind" or "—". */
  behindNewest: string;
  lastAppend: string;
  lastAppendIso: string | undefined;
  processed: string;
  lagRecords: number;
  lag: string;
  idle: boolean;
  /** Who folds it when this instance does not: its figures are those its holder last published. */
  elsewhere: 'another instance' | 'nobody yet' | null;
  /** Its holder is replaying it (a move, a start): its figures are the last ones published meanwhile. */
  rebuilding: boolean;
}

/** The gauges above the table. */
export interface LagSummary {
  records: string;
  processingLag: string;
}

function isoInstant(epochMs: number | null): string | undefined {
  return epochMs === null || !Number.isFinite(epochMs) ? undefined : new Date(epochMs).toISOString();
}

/** A number of records with its noun: "1 record", "12,345 records", "—". */
export function formatRecords(count: number | null | undefined): string {
  const formatted = formatCount(count);
  if (formatted === NO_VALUE) return NO_VALUE;
  return `${formatted} ${count === 1 ? 'record' : 'records'}`;
}

/** The latest watermark of any partition, or null while none has one. */
export function newestWatermark(partitions: readonly PartitionHealth[]): number | null {
  let newest: number | null = null;
  for (const { watermark } of partitions) {
    if (watermark !== null && (newest === null || watermark > newest)) newest = watermark;
  }
  return newest;
}

function formatBehind(watermark: number | null, newest: number | null): string {
  if (watermark === null || newest === null) return NO_VALUE;
  const behindMs = newest - watermark;
  return behindMs === 0 ? 'newest' : `${formatDuration(behindMs)} behind`;
}

/**
 * The partitions in partition order. A partition far behind the newest one is either
 * idle (it does not hold the global watermark back) or stuck; the idle flag tells which.
 */
export function partitionRows(partitions: readonly PartitionHealth[]): PartitionRow[] {
  const newest = newestWatermark(partitions);
  return [...partitions]
    .sort((a, b) => a.partition - b.partition)
    .map((entry) => ({
      partition: entry.partition,
      watermark: formatClockTime(entry.watermark),
      watermarkIso: isoInstant(entry.watermark),
      behindNewest: formatBehind(entry.watermark, newest),
      lastAppend: formatClockTime(entry.lastAppendTime),
      lastAppendIso: isoInstant(entry.lastAppendTime),
      processed: formatCount(entry.processed),
      lagRecords: entry.lagRecords,
      lag: formatCount(entry.lagRecords),
      // Idle as its holder reports it; a partition nobody holds is not idle, it is orphaned.
      idle: entry.owner !== 'none' && entry.idle,
      elsewhere: entry.owner === 'self' ? null : entry.owner === 'other' ? 'another instance' : 'nobody yet',
      rebuilding: entry.rebuilding,
    }));
}

export function lagSummary(lag: Health['lag'] | null | undefined): LagSummary {
  return { records: formatRecords(lag?.records), processingLag: formatDuration(lag?.processingLagMs) };
}
