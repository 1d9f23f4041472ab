import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { OUTCOMES, type EventOutcome } from '../../lib/events';
import { deadLetterFields } from '../pipeline/deadLetterFields';
import type { LogRecord } from '../pipeline/logRecord';
import type { Outcome } from '../pipeline/outcome';
import { addToBloom, createBloom } from './bloomFilter';
import type { IndexedInput } from './eventIndex';

/*
 * The event index keeps inputs in blocks: up to BLOCK_CAPACITY consecutive inputs of one
 * partition, column by column. A row per input in SQLite, with the secondary indexes the
 * filters need, costs about 9 µs to write (measured: 100,000 rows/s with four indexes),
 * twice what the whole pipeline spends on an event. A block is written once, as one row,
 * and its summary lets a query skip it unread: its time ranges, which outcomes and reasons
 * it holds, its dictionary of low-cardinality values (types, regions, carriers,
 * facilities, sources), and a Bloom filter of its subjects.
 *
 * An open block fills on the pipeline's thread; encoding it (dictionary, Bloom filter,
 * bytes) and writing it happen on the index writer's thread (indexWriter.ts).
 */

export const BLOCK_CAPACITY = 2_048;

export const OUTCOME_CODE = Object.fromEntries(OUTCOMES.map((outcome, index) => [outcome, index])) as Record<EventOutcome, number>;
/** Reason codes start at 1: 0 is "no reason". */
export const REASON_CODE = Object.fromEntries(DEAD_LETTER_REASONS.map((reason, index) => [reason, index + 1])) as Record<
  DeadLetterReason,
  number
>;
const SEQUENCE_GAP_FLAG = 1;

const FLOAT_COLUMNS = ['offset', 'appendTime', 'processedAt', 'eventTime', 'sequence', 'promisedAt'] as const;
export const WORD_COLUMNS = ['type', 'region', 'carrier', 'facility', 'source'] as const;
const BYTE_COLUMNS = ['outcome', 'reason', 'flags'] as const;
type FloatColumn = (typeof FLOAT_COLUMNS)[number];
/** The low-cardinality fields: kept as dictionary codes once sealed. */
export type WordField = (typeof WORD_COLUMNS)[number];
type ByteColumn = (typeof BYTE_COLUMNS)[number];
const FLOAT = Object.fromEntries(FLOAT_COLUMNS.map((name, index) => [name, index])) as Record<FloatColumn, number>;
const BYTE = Object.fromEntries(BYTE_COLUMNS.map((name, index) => [name, index])) as Record<ByteColumn, number>;

/** What a block's stored row holds besides its columns: enough to decide whether to read it. */
export interface BlockSummary {
  /** The stored row's id; 0 until the writer has stored it. */
  id: number;
  partition: number;
  firstOffset: number;
  lastOffset: number;
  count: number;
  minAppend: number;
  maxAppend: number;
  minEvent: number | null;
  maxEvent: number | null;
  /** Bit `OUTCOME_CODE[o]` set when the block holds outcome o; bit `REASON_CODE[r]` likewise. */
  outcomes: number;
  reasons: number;
  /** The low-cardinality values in the block; code 0 stands for none. Empty while open. */
  dictionary: string[];
  /** Of the block's subjects, once sealed; an open block is read row by row instead. */
  bloom?: Uint8Array;
}

interface SparseStrings {
  error: Record<number, string>;
  replayOf: Record<number, string>;
}

/** Rows of a block as a query reads them, open or sealed alike. */
export interface BlockRows {
  readonly summary: BlockSummary;
  readonly count: number;
  offset(row: number): number;
  appendTime(row: number): number;
  eventTime(row: number): number;
  outcomeCode(row: number): number;
  reasonCode(row: number): number;
  subject(row: number): string | null;
  /** A test of `field` against any of `values`; null when no row of the block can pass it. */
  matcher(field: WordField, values: readonly string[]): ((row: number) => boolean) | null;
  input(row: number): IndexedInput;
}

/** The text fields of each row, as a column each. */
type StringColumns = Record<WordField | 'subject' | 'id', (string | null)[]>;

/** An open block as it travels to the writer. */
export interface BlockPayload {
  summary: BlockSummary;
  floats: Float64Array;
  bytes: Uint8Array;
  strings: StringColumns;
  sparse: SparseStrings;
}

/** A block as one stored row. */
export interface StoredBlock extends BlockSummary {
  bloom: Uint8Array;
  columns: Uint8Array;
  strings: string;
}

function emptySummary(partition: number): BlockSummary {
  return {
    id: 0,
    partition,
    firstOffset: -1,
    lastOffset: -1,
    count: 0,
    minAppend: Number.POSITIVE_INFINITY,
    maxAppend: Number.NEGATIVE_INFINITY,
    minEvent: null,
    maxEvent: null,
    outcomes: 0,
    reasons: 0,
    dictionary: [],
  };
}

function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** What open and sealed blocks read alike: the numbers' layout, and an input from its columns. */
abstract class BlockColumns implements BlockRows {
  abstract readonly summary: BlockSummary;
  protected abstract readonly floats: Float64Array;
  protected abstract readonly bytes: Uint8Array;
  /** Rows between one column's start and the next's. */
  protected abstract readonly stride: number;
  protected abstract text(field: WordField | 'subject' | 'id', row: number): string | null;
  protected abstract sparseStrings(): SparseStrings;
  abstract matcher(field: WordField, values: readonly string[]): ((row: number) => boolean) | null;

  get count(): number {
    return this.summary.count;
  }

  protected float(column: FloatColumn, row: number): number {
    return this.floats[FLOAT[column] * this.stride + row]!;
  }

  protected byte(column: ByteColumn, row: number): number {
    return this.bytes[BYTE[column] * this.stride + row]!;
  }

  offset(row: number): number {
    return this.float('offset', row);
  }
  appendTime(row: number): number {
    return this.float('appendTime', row);
  }
  eventTime(row: number): number {
    return this.float('eventTime', row);
  }
  outcomeCode(row: number): number {
    return this.byte('outcome', row);
  }
  reasonCode(row: number): number {
    return this.byte('reason', row);
  }
  subject(row: number): string | null {
    return this.text('subject', row);
  }

  input(row: number): IndexedInput {
    const reason = this.reasonCode(row);
    const sparse = this.sparseStrings();
    return {
      partition: this.summary.partition,
      offset: this.offset(row),
      appendTime: this.appendTime(row),
      processedAt: this.float('processedAt', row),
      eventTime: nullable(this.eventTime(row)),
      outcome: OUTCOMES[this.outcomeCode(row)]!,
      reason: reason === 0 ? null : DEAD_LETTER_REASONS[reason - 1]!,
      error: sparse.error[row] ?? null,
      type: this.text('type', row),
      subject: this.text('subject', row),
      source: this.text('source', row),
      id: this.text('id', row),
      region: this.text('region', row),
      carrier: this.text('carrier', row),
      facility: this.text('facility', row),
      sequence: nullable(this.float('sequence', row)),
      sequenceGap: (this.byte('flags', row) & SEQUENCE_GAP_FLAG) !== 0,
      promisedAt: nullable(this.float('promisedAt', row)),
      replayOf: sparse.replayOf[row] ?? null,
    };
  }
}

/**
 * The block that inputs of one partition are appended to, on the pipeline's thread: plain
 * writes into preallocated columns, and references to strings the pipeline already holds
 * (no copy, no lookup). Encoding (dictionary, Bloom filter, bytes) and storing happen on
 * the writer's thread.
 */
export class OpenBlock extends BlockColumns {
  readonly summary: BlockSummary;
  protected readonly floats = new Float64Array(FLOAT_COLUMNS.length * BLOCK_CAPACITY);
  protected readonly bytes = new Uint8Array(BYTE_COLUMNS.length * BLOCK_CAPACITY);
  protected readonly stride = BLOCK_CAPACITY;
  private readonly strings: StringColumns = { type: [], region: [], carrier: [], facility: [], source: [], subject: [], id: [] };
  private readonly sparse: SparseStrings = { error: {}, replayOf: {} };

  constructor(partition: number) {
    super();
    this.summary = emptySummary(partition);
  }

  get full(): boolean {
    return this.summary.count >= BLOCK_CAPACITY;
  }

  /** Appends one processed record; offsets must increase. This runs for every event. */
  append(record: LogRecord, outcome: Outcome, processedAt: number, replayOf: string | null): void {
    const summary = this.summary;
    const row = summary.count;
    const floats = this.floats;
    const strings = this.strings;
    floats[FLOAT.offset * BLOCK_CAPACITY + row] = record.offset;
    floats[FLOAT.appendTime * BLOCK_CAPACITY + row] = record.appendTime;
    floats[FLOAT.processedAt * BLOCK_CAPACITY + row] = processedAt;
    let eventTime: number | null;
    if (outcome.kind === 'deadLetter') {
      // Rare: a dead letter is read again for what it says of itself.
      const fields = deadLetterFields(record.value, record.headers);
      eventTime = fields.eventTime;
      floats[FLOAT.sequence * BLOCK_CAPACITY + row] = Number.NaN;
      floats[FLOAT.promisedAt * BLOCK_CAPACITY + row] = Number.NaN;
      strings.type.push(fields.type);
      strings.region.push(fields.region);
      strings.carrier.push(fields.carrier);
      strings.facility.push(fields.facility);
      strings.source.push(fields.source);
      strings.subject.push(fields.subject ?? record.key);
      strings.id.push(fields.id);
      const reason = REASON_CODE[outcome.rejection.reason];
      this.bytes[BYTE.reason * BLOCK_CAPACITY + row] = reason;
      this.sparse.error[row] = outcome.rejection.error;
      summary.reasons |= 1 << reason;
    } else {
      const event = outcome.event;
      const facility = event.data.facility;
      eventTime = event.time;
      floats[FLOAT.sequence * BLOCK_CAPACITY + row] = event.sequence ?? Number.NaN;
      floats[FLOAT.promisedAt * BLOCK_CAPACITY + row] = event.promisedAt ?? Number.NaN;
      strings.type.push(event.type);
      strings.region.push(facility.region);
      strings.carrier.push(event.data.carrier);
      strings.facility.push(facility.code);
      strings.source.push(event.source);
      strings.subject.push(event.subject);
      strings.id.push(event.id);
      if (outcome.sequenceGap) this.bytes[BYTE.flags * BLOCK_CAPACITY + row] = SEQUENCE_GAP_FLAG;
      summary.reasons |= 1;
    }
    floats[FLOAT.eventTime * BLOCK_CAPACITY + row] = eventTime ?? Number.NaN;
    const outcomeCode = OUTCOME_CODE[outcome.kind];
    this.bytes[BYTE.outcome * BLOCK_CAPACITY + row] = outcomeCode;
    if (replayOf !== null) this.sparse.replayOf[row] = replayOf;

    if (row === 0) summary.firstOffset = record.offset;
    summary.lastOffset = record.offset;
    summary.count = row + 1;
    if (record.appendTime < summary.minAppend) summary.minAppend = record.appendTime;
    if (record.appendTime > summary.maxAppend) summary.maxAppend = record.appendTime;
    if (eventTime !== null) {
      if (summary.minEvent === null || eventTime < summary.minEvent) summary.minEvent = eventTime;
      if (summary.maxEvent === null || eventTime > summary.maxEvent) summary.maxEvent = eventTime;
    }
    summary.outcomes |= 1 << outcomeCode;
  }

  protected text(field: WordField | 'subject' | 'id', row: number): string | null {
    return this.strings[field][row] ?? null;
  }

  protected sparseStrings(): SparseStrings {
    return this.sparse;
  }

  matcher(field: WordField, values: readonly string[]): (row: number) => boolean {
    const column = this.strings[field];
    return (row) => values.includes(column[row] as string);
  }

  /** The rows that replay a dead letter. */
  replays(): { row: number; replayOf: string }[] {
    return Object.entries(this.sparse.replayOf).map(([row, replayOf]) => ({ row: Number(row), replayOf }));
  }

  /**
   * A copy for the writer: numbers in buffers of their own, transferred rather than cloned;
   * the block stays readable here until stored.
   */
  payload(): BlockPayload {
    const n = this.summary.count;
    const floats = new Float64Array(FLOAT_COLUMNS.length * n);
    for (let column = 0; column < FLOAT_COLUMNS.length; column += 1) {
      floats.set(this.floats.subarray(column * BLOCK_CAPACITY, column * BLOCK_CAPACITY + n), column * n);
    }
    const bytes = new Uint8Array(BYTE_COLUMNS.length * n);
    for (let column = 0; column < BYTE_COLUMNS.length; column += 1) {
      bytes.set(this.bytes.subarray(column * BLOCK_CAPACITY, column * BLOCK_CAPACITY + n), column * n);
    }
    return { summary: { ...this.summary }, floats, bytes, strings: this.strings, sparse: this.sparse };
  }
}

/** Encodes a block for storage: on the writer's thread. */
export function encodeBlock(payload: BlockPayload): StoredBlock {
  const n = payload.summary.count;
  const dictionary = [''];
  const codesByValue = new Map<string, number>();
  const codes = new Uint16Array(WORD_COLUMNS.length * n);
  WORD_COLUMNS.forEach((field, column) => {
    const values = payload.strings[field];
    for (let row = 0; row < n; row += 1) {
      const value = values[row] ?? null;
      if (value === null) continue;
      let code = codesByValue.get(value);
      if (code === undefined) {
        code = dictionary.length;
        dictionary.push(value);
        codesByValue.set(value, code);
      }
      codes[column * n + row] = code;
    }
  });
  const columns = new Uint8Array(payload.floats.byteLength + codes.byteLength + payload.bytes.byteLength);
  columns.set(new Uint8Array(payload.floats.buffer, payload.floats.byteOffset, payload.floats.byteLength), 0);
  columns.set(new Uint8Array(codes.buffer), payload.floats.byteLength);
  columns.set(payload.bytes, payload.floats.byteLength + codes.byteLength);
  const bloom = createBloom(n);
  const subject = payload.strings.subject.slice(0, n);
  for (const value of subject) if (value) addToBloom(bloom, value);
  const strings = JSON.stringify({ subject, id: payload.strings.id.slice(0, n), ...payload.sparse });
  return { ...payload.summary, dictionary, bloom, columns, strings };
}

/** A stored block, read back: typed arrays over its bytes, strings parsed when first needed. */
export class SealedBlock extends BlockColumns {
  readonly summary: BlockSummary;
  protected readonly floats: Float64Array;
  private readonly codes: Uint16Array;
  protected readonly bytes: Uint8Array;
  private stringsText: string | null;
  private parsed: ({ subject: (string | null)[]; id: (string | null)[] } & SparseStrings) | null = null;
  private readonly codesByValue: Map<string, number>;

  constructor(summary: BlockSummary, columns: Uint8Array, strings: string) {
    super();
    this.summary = summary;
    const n = summary.count;
    // Typed arrays need aligned offsets; a small blob may sit anywhere in a shared buffer.
    const aligned = columns.byteOffset % 8 === 0 ? columns : new Uint8Array(columns);
    this.floats = new Float64Array(aligned.buffer, aligned.byteOffset, FLOAT_COLUMNS.length * n);
    this.codes = new Uint16Array(aligned.buffer, aligned.byteOffset + FLOAT_COLUMNS.length * n * 8, WORD_COLUMNS.length * n);
    this.bytes = new Uint8Array(aligned.buffer, aligned.byteOffset + FLOAT_COLUMNS.length * n * 8 + WORD_COLUMNS.length * n * 2, BYTE_COLUMNS.length * n);
    this.stringsText = strings;
    this.codesByValue = new Map(summary.dictionary.map((value, code) => [value, code]));
  }

  private get strings() {
    if (this.parsed === null) {
      this.parsed = JSON.parse(this.stringsText!) as { subject: (string | null)[]; id: (string | null)[] } & SparseStrings;
      this.stringsText = null;
    }
    return this.parsed;
  }

  protected get stride(): number {
    return this.summary.count;
  }

  protected text(field: WordField | 'subject' | 'id', row: number): string | null {
    if (field === 'subject' || field === 'id') return this.strings[field][row] ?? null;
    const code = this.codes[WORD_COLUMNS.indexOf(field) * this.summary.count + row]!;
    return code === 0 ? null : this.summary.dictionary[code]!;
  }

  protected sparseStrings(): SparseStrings {
    return this.strings;
  }

  matcher(field: WordField, values: readonly string[]): ((row: number) => boolean) | null {
    const wanted = values.map((value) => this.codesByValue.get(value)).filter((code): code is number => code !== undefined && code !== 0);
    if (wanted.length === 0) return null;
    const codes = this.codes;
    const start = WORD_COLUMNS.indexOf(field) * this.summary.count;
    if (wanted.length === 1) {
      const only = wanted[0]!;
      return (row) => codes[start + row] === only;
    }
    return (row) => wanted.includes(codes[start + row]!);
  }
}

