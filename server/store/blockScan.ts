import type { EventFilter } from '../../lib/events';
import { bloomMayHave } from './bloomFilter';
import { OUTCOME_CODE, REASON_CODE, type BlockRows, type BlockSummary, type WordField } from './indexBlock';

/** A block a query may read: its summary now, its rows only when needed. */
export interface Candidate {
  summary: BlockSummary;
  load: () => BlockRows;
}

/** A position in the index's order: newest append first, then partition, then offset, descending. */
export interface CursorKey {
  appendTime: number;
  partition: number;
  offset: number;
}

export interface Match extends CursorKey {
  block: BlockRows;
  row: number;
}

/** A cursor that is not one of ours: the API answers 400 naming `cursor`. */
export class InvalidCursorError extends Error {}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(`${key.appendTime}.${key.partition}.${key.offset}`).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  const match = /^(\d{1,16})\.(\d{1,6})\.(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new InvalidCursorError('not a cursor from this API');
  return { appendTime: Number(match[1]), partition: Number(match[2]), offset: Number(match[3]) };
}

/** True when a comes before b in the index's order (a is newer). */
function newerThan(a: CursorKey, b: CursorKey): boolean {
  if (a.appendTime !== b.appendTime) return a.appendTime > b.appendTime;
  if (a.partition !== b.partition) return a.partition > b.partition;
  return a.offset > b.offset;
}

/** The index's order as a comparator: newest first. */
export function byNewest(a: CursorKey, b: CursorKey): number {
  return b.appendTime - a.appendTime || b.partition - a.partition || b.offset - a.offset;
}

const LOW_CARDINALITY_FILTERS: readonly WordField[] = ['type', 'region', 'carrier', 'facility', 'source'];

/**
 * One query over the index's blocks. A block is read only when its summary says it may
 * hold a match; the newest matches are found by reading blocks newest first and stopping
 * as soon as no unread block can hold anything newer than the matches in hand.
 */
export class BlockScan {
  private readonly from: number;
  private readonly to: number;
  private readonly byEventTime: boolean;
  private readonly outcomeMask: number;
  private readonly reasonMask: number;
  private readonly values: { field: WordField; values: readonly string[] }[];

  constructor(
    private readonly filter: EventFilter,
    private readonly cursor: CursorKey | null,
    private readonly retainFrom: number,
    private readonly candidates: readonly Candidate[],
  ) {
    this.from = filter.from ?? Number.NEGATIVE_INFINITY;
    this.to = filter.to ?? Number.POSITIVE_INFINITY;
    this.byEventTime = filter.time === 'event';
    this.outcomeMask = filter.outcome.reduce((mask, outcome) => mask | (1 << OUTCOME_CODE[outcome]), 0);
    this.reasonMask = filter.reason.reduce((mask, reason) => mask | (1 << REASON_CODE[reason]), 0);
    this.values = LOW_CARDINALITY_FILTERS.flatMap((field) => {
      const wanted = field === 'source' ? (filter.source === null ? [] : [filter.source]) : filter[field];
      return wanted.length > 0 ? [{ field, values: wanted }] : [];
    });
  }

  private mayMatch(summary: BlockSummary): boolean {
    if (summary.count === 0 || summary.maxAppend < this.retainFrom) return false;
    if (this.cursor && summary.minAppend > this.cursor.appendTime) return false;
    if (this.byEventTime) {
      if (summary.minEvent === null || summary.maxEvent! < this.from || summary.minEvent >= this.to) return false;
    } else if (summary.maxAppend < this.from || summary.minAppend >= this.to) {
      return false;
    }
    if (this.outcomeMask !== 0 && (summary.outcomes & this.outcomeMask) === 0) return false;
    if (this.reasonMask !== 0 && (summary.reasons & this.reasonMask) === 0) return false;
    // An open block has no dictionary yet: its rows decide.
    if (summary.id !== 0) for (const { values } of this.values) if (!values.some((value) => summary.dictionary.includes(value))) return false;
    if (this.filter.subject !== null && summary.bloom && !bloomMayHave(summary.bloom, this.filter.subject)) return false;
    return true;
  }

  /** Calls `found` for every matching row of the block. */
  private scanBlock(block: BlockRows, found: (row: number) => void): void {
    const matchers: ((row: number) => boolean)[] = [];
    for (const { field, values } of this.values) {
      const matcher = block.matcher(field, values);
      if (matcher === null) return;
      matchers.push(matcher);
    }
    const { from, to, byEventTime, outcomeMask, reasonMask, retainFrom, cursor } = this;
    const partition = block.summary.partition;
    const subject = this.filter.subject;
    rows: for (let row = 0; row < block.count; row += 1) {
      const appendTime = block.appendTime(row);
      if (appendTime < retainFrom) continue;
      const time = byEventTime ? block.eventTime(row) : appendTime;
      // NaN (no event time) fails both comparisons' complement: it never matches.
      if (!(time >= from && time < to)) continue;
      if (cursor && !newerThan(cursor, { appendTime, partition, offset: block.offset(row) })) continue;
      if (outcomeMask !== 0 && (outcomeMask & (1 << block.outcomeCode(row))) === 0) continue;
      if (reasonMask !== 0 && (reasonMask & (1 << block.reasonCode(row))) === 0) continue;
      for (const matches of matchers) if (!matches(row)) continue rows;
      if (subject !== null && !block.subjectIs(row, subject)) continue;
      found(row);
    }
  }

  /** The `limit` newest matches, newest first. */
  newest(limit: number): Match[] {
    const blocks = this.candidates.filter(({ summary }) => this.mayMatch(summary));
    blocks.sort((a, b) => b.summary.maxAppend - a.summary.maxAppend);
    let matches: Match[] = [];
    for (const { summary, load } of blocks) {
      if (matches.length >= limit) {
        matches.sort(byNewest);
        matches.length = limit;
        // Every unread block is older than the oldest match kept: nothing newer can come.
        if (summary.maxAppend < matches[limit - 1]!.appendTime) break;
      }
      const block = load();
      this.scanBlock(block, (row) =>
        matches.push({ appendTime: block.appendTime(row), partition: summary.partition, offset: block.offset(row), block, row }),
      );
    }
    matches.sort(byNewest);
    if (matches.length > limit) matches = matches.slice(0, limit);
    return matches;
  }

  count(): number {
    const rowFilters = this.values.length > 0 || this.filter.subject !== null || this.outcomeMask !== 0 || this.reasonMask !== 0 || this.cursor !== null;
    let total = 0;
    for (const { summary, load } of this.candidates) {
      if (!this.mayMatch(summary)) continue;
      const low = this.byEventTime ? summary.minEvent! : summary.minAppend;
      const high = this.byEventTime ? summary.maxEvent! : summary.maxAppend;
      // A block wholly inside the range, with no other filter, counts without being read.
      const wholly = !rowFilters && low >= this.from && high < this.to && summary.minAppend >= this.retainFrom;
      if (wholly && !(this.byEventTime && summary.outcomes !== 0 && hasRowsWithoutEventTime(summary))) {
        total += summary.count;
        continue;
      }
      this.scanBlock(load(), () => (total += 1));
    }
    return total;
  }
}

/** Dead letters may have no event time: a block holding any cannot be counted whole by event time. */
function hasRowsWithoutEventTime(summary: BlockSummary): boolean {
  return (summary.outcomes & (1 << OUTCOME_CODE.deadLetter)) !== 0;
}
