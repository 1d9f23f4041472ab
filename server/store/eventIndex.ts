import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { EventFilter, EventOutcome } from '../../lib/events';

/** One input as the event index keeps it: its coordinates, its outcome, and what filters need. */
export interface IndexedInput {
  partition: number;
  offset: number;
  appendTime: number;
  /** When the pipeline folded it (the clock of the process that indexed it). */
  processedAt: number;
  eventTime: number | null;
  outcome: EventOutcome;
  reason: DeadLetterReason | null;
  error: string | null;
  type: string | null;
  subject: string | null;
  source: string | null;
  id: string | null;
  region: string | null;
  carrier: string | null;
  facility: string | null;
  sequence: number | null;
  sequenceGap: boolean;
  promisedAt: number | null;
  /** The dead letter this input replays (`waybill.replay.of`). */
  replayOf: string | null;
}

/** A query of the index: the API's filter, a position and a page size. */
export interface IndexQuery extends EventFilter {
  /** Only inputs strictly older (in the index's order) than this cursor. */
  cursor: string | null;
  limit: number;
}

/** Partitions an answer is restricted to (null: all the index holds): how instances split a query. */
export type PartitionScope = readonly number[] | null;

export interface IndexPage {
  items: IndexedInput[];
  nextCursor: string | null;
}

/** Which partitions an answer could not include: their holders did not answer, or nobody holds them yet. */
export interface IndexCoverage {
  partial: boolean;
  missingPartitions: number[];
}

/** The newest replay of a dead letter. */
export interface ReplayMark {
  ref: string;
  appendTime: number;
}

/**
 * The read side of the event index. Everything is asynchronous so that an index spread
 * over several instances (each indexing the partitions it owns) can answer through the
 * same interface as the local one.
 */
export interface EventIndexReader {
  page(query: IndexQuery, partitions?: PartitionScope): Promise<IndexPage>;
  count(filter: EventFilter, partitions?: PartitionScope): Promise<number>;
  /** Every match, newest first, a chunk at a time: for exports, never held whole. */
  scan(filter: EventFilter, chunkSize: number): AsyncIterable<IndexedInput[]>;
  get(partition: number, offset: number): Promise<IndexedInput | null>;
  /** Every indexed input of one shipment (subject), in no particular order. */
  ofSubject(subject: string): Promise<IndexedInput[]>;
  /** The newest replay of each of these dead letters that has one. */
  replaysOf(refs: readonly string[]): Promise<Map<string, ReplayMark>>;
  /** For an index spread over instances: what the answers so far had to leave out. */
  coverage?(): IndexCoverage;
}

/** An empty filter: everything in the index. */
export function emptyFilter(): EventFilter {
  return { from: null, to: null, time: 'append', type: [], region: [], carrier: [], facility: [], subject: null, source: null, outcome: [], reason: [] };
}

/** Every input of one shipment, gathered from a reader's scan: what `ofSubject` answers. */
export async function scanSubject(reader: Pick<EventIndexReader, 'scan'>, subject: string): Promise<IndexedInput[]> {
  const found: IndexedInput[] = [];
  for await (const chunk of reader.scan({ ...emptyFilter(), subject }, 1_000)) found.push(...chunk);
  return found;
}
