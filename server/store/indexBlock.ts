import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { OUTCOMES, type EventOutcome } from '../../lib/events';
import { EVENT_TYPE_INDEX } from '../pipeline/bucket';
import { deadLetterFields } from '../pipeline/deadLetterFields';
import type { LogRecord } from '../pipeline/logRecord';
import type { Outcome } from '../pipeline/outcome';
import { BlockDictionary } from './blockDictionary';
import { addUnitsToBloom, createBloom } from './bloomFilter';
import { BlockTexts, ID_TEXT, SOURCE_TEXT, SUBJECT_TEXT, TEXTS_PER_ROW, type BlockTextsPayload } from './blockTexts';
import type { IndexedInput } from './eventIndex';
import { packStoredTexts, StoredTexts } from './storedTexts';
import { NO_WORD, seededCode, WORD_OVERFLOW, type WordTable, type WordTableCopy } from './wordTable';

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
 * bytes) and writing it happen on the index writer's thread (indexWriter.ts). The stored
 * form is the same whatever the open block's layout.
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
  subjectIs(row: number, subject: string): boolean;
  /** A test of `field` against any of `values`; null when no row of the block can pass it. */
  matcher(field: WordField, values: readonly string[]): ((row: number) => boolean) | null;
  input(row: number): IndexedInput;
}

/** An open block as it travels to the writer: columns of BLOCK_CAPACITY rows, in shared memory. */
export interface BlockPayload {
  summary: BlockSummary;
  floats: Float64Array;
  bytes: Uint8Array;
  /** Word codes of the process's WordTable, OPEN_WORD_COLUMNS. */
  words: Uint32Array;
  texts: BlockTextsPayload;
  overflowWords: Record<number, string>;
  sparse: SparseStrings;
}

/** A block as one stored row. */
export interface StoredBlock extends BlockSummary {
  bloom: Uint8Array;
  columns: Uint8Array;
  /** Subjects and ids (storedTexts.ts). */
  texts: Uint8Array;
  /** The rare strings (errors, replays) as JSON. */
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
  subjectIs(row: number, subject: string): boolean {
    return this.subject(row) === subject;
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

/** Where each column of an open block starts: constants, so the per-event writes are plain stores. */
const AT_OFFSET = FLOAT.offset * BLOCK_CAPACITY;
const AT_APPEND = FLOAT.appendTime * BLOCK_CAPACITY;
const AT_PROCESSED = FLOAT.processedAt * BLOCK_CAPACITY;
const AT_EVENT = FLOAT.eventTime * BLOCK_CAPACITY;
const AT_SEQUENCE = FLOAT.sequence * BLOCK_CAPACITY;
const AT_PROMISED = FLOAT.promisedAt * BLOCK_CAPACITY;
const AT_OUTCOME = BYTE.outcome * BLOCK_CAPACITY;
const AT_REASON = BYTE.reason * BLOCK_CAPACITY;
const AT_FLAGS = BYTE.flags * BLOCK_CAPACITY;
/**
 * An open block numbers the fields of few values (word codes, wordTable.ts) and copies the
 * rest as code units (blockTexts.ts); sources are many (one per scanner or device), so a
 * copy costs less than a lookup. The stored form keeps sources in the dictionary again.
 */
export const OPEN_WORD_COLUMNS = ['type', 'region', 'carrier', 'facility'] as const;
type OpenWordField = (typeof OPEN_WORD_COLUMNS)[number];
const OPEN_WORD = Object.fromEntries(OPEN_WORD_COLUMNS.map((name, index) => [name, index])) as Record<OpenWordField, number>;
const AT_TYPE = OPEN_WORD.type * BLOCK_CAPACITY;
const AT_REGION = OPEN_WORD.region * BLOCK_CAPACITY;
const AT_CARRIER = OPEN_WORD.carrier * BLOCK_CAPACITY;
const AT_FACILITY = OPEN_WORD.facility * BLOCK_CAPACITY;

function sharedFloats(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/**
 * An open block's columns, in shared memory. They are reused once the block is stored:
 * new zeroed shared memory, about 460 kB a block, cost the pipeline's thread some 15–90 ns
 * an input to allocate and first touch, and the rebuild of a million inputs ran 1.05–1.07
 * times as fast with reuse (benchmarks.md). Every cell of a row is written when the row is
 * appended, so a reused set needs no clearing.
 */
export class BlockBuffers {
  readonly floats = sharedFloats(FLOAT_COLUMNS.length * BLOCK_CAPACITY);
  readonly bytes = new Uint8Array(new SharedArrayBuffer(BYTE_COLUMNS.length * BLOCK_CAPACITY));
  readonly words = new Uint32Array(new SharedArrayBuffer(OPEN_WORD_COLUMNS.length * BLOCK_CAPACITY * Uint32Array.BYTES_PER_ELEMENT));
  readonly texts = new BlockTexts(BLOCK_CAPACITY);
}

/** Sets of columns whose blocks are stored, for the next blocks to open. */
export class BlockBufferPool {
  private readonly free: BlockBuffers[] = [];

  /**
   * Sets kept at most; more are left to the GC. A set is taken for each block opened and
   * given back for each block stored, so the pool holds about as many as are in flight.
   */
  constructor(private readonly capacity = 16) {}

  take(): BlockBuffers {
    return this.free.pop() ?? new BlockBuffers();
  }

  /** Only once nothing reads the block any more: the writer has stored it and nobody asks it. */
  give(buffers: BlockBuffers): void {
    if (this.free.length >= this.capacity) return;
    buffers.texts.reset();
    this.free.push(buffers);
  }
}

/**
 * The block that inputs of one partition are appended to, on the pipeline's thread: plain
 * writes into preallocated columns in shared memory, no string of the event kept (word codes
 * and copied code units instead), so nothing the pipeline allocates outlives its batch.
 * Encoding (dictionary, Bloom filter, bytes) and storing happen on the writer's thread,
 * which reads the sealed block's buffers in place.
 */
export class OpenBlock extends BlockColumns {
  protected readonly floats: Float64Array;
  protected readonly bytes: Uint8Array;
  protected readonly stride = BLOCK_CAPACITY;
  private readonly words: Uint32Array;
  private readonly texts: BlockTexts;
  /** Strings of WORD_OVERFLOW cells, by `column * BLOCK_CAPACITY + row`: dead letters' and a full table's. */
  private readonly overflowWords: Record<number, string> = {};
  private readonly sparse: SparseStrings = { error: {}, replayOf: {} };
  private readonly partition: number;
  // The summary's figures as plain numbers (a field that is sometimes null would box every
  // double stored in it); `summary` builds the object when a query asks.
  private rows = 0;
  private firstOffset = -1;
  private lastOffset = -1;
  private minAppend = Number.POSITIVE_INFINITY;
  private maxAppend = Number.NEGATIVE_INFINITY;
  private minEvent = Number.POSITIVE_INFINITY;
  private maxEvent = Number.NEGATIVE_INFINITY;
  private outcomes = 0;
  private reasons = 0;
  private summaryCache: BlockSummary | null = null;

  constructor(
    partition: number,
    private readonly table: WordTable,
    readonly buffers = new BlockBuffers(),
  ) {
    super();
    this.partition = partition;
    this.floats = buffers.floats;
    this.bytes = buffers.bytes;
    this.words = buffers.words;
    this.texts = buffers.texts;
  }

  get summary(): BlockSummary {
    const cached = this.summaryCache;
    if (cached !== null && cached.count === this.rows) return cached;
    const summary = emptySummary(this.partition);
    summary.count = this.rows;
    summary.firstOffset = this.firstOffset;
    summary.lastOffset = this.lastOffset;
    summary.minAppend = this.minAppend;
    summary.maxAppend = this.maxAppend;
    summary.minEvent = this.minEvent === Number.POSITIVE_INFINITY ? null : this.minEvent;
    summary.maxEvent = this.maxEvent === Number.NEGATIVE_INFINITY ? null : this.maxEvent;
    summary.outcomes = this.outcomes;
    summary.reasons = this.reasons;
    this.summaryCache = summary;
    return summary;
  }

  override get count(): number {
    return this.rows;
  }

  get full(): boolean {
    return this.rows >= BLOCK_CAPACITY;
  }

  private setWord(cell: number, code: number, value: string | null): void {
    this.words[cell] = code;
    if (code === WORD_OVERFLOW) this.overflowWords[cell] = value!;
  }

  /** A word the table numbers (or, full, leaves to the block). */
  private word(cell: number, value: string | null): void {
    this.setWord(cell, this.table.codeOf(value), value);
  }

  /** A word kept by the block alone: a dead letter's fields are whatever the producer sent. */
  private ownWord(cell: number, value: string | null): void {
    this.setWord(cell, value === null ? NO_WORD : WORD_OVERFLOW, value);
  }

  /** Appends one processed record; offsets must increase. This runs for every event. */
  append(record: LogRecord, outcome: Outcome, processedAt: number, replayOf: string | null): void {
    const row = this.rows;
    const floats = this.floats;
    const texts = this.texts;
    floats[AT_OFFSET + row] = record.offset;
    floats[AT_APPEND + row] = record.appendTime;
    floats[AT_PROCESSED + row] = processedAt;
    let eventTime: number;
    if (outcome.kind === 'deadLetter') {
      // Rare: a dead letter is read again for what it says of itself.
      const fields = deadLetterFields(record.value, record.headers);
      eventTime = fields.eventTime ?? Number.NaN;
      floats[AT_SEQUENCE + row] = Number.NaN;
      floats[AT_PROMISED + row] = Number.NaN;
      this.ownWord(AT_TYPE + row, fields.type);
      this.ownWord(AT_REGION + row, fields.region);
      this.ownWord(AT_CARRIER + row, fields.carrier);
      this.ownWord(AT_FACILITY + row, fields.facility);
      texts.pushRow(fields.subject ?? record.key, fields.id, fields.source);
      const reason = REASON_CODE[outcome.rejection.reason];
      this.bytes[AT_REASON + row] = reason;
      this.bytes[AT_FLAGS + row] = 0;
      this.sparse.error[row] = outcome.rejection.error;
      this.reasons |= 1 << reason;
    } else {
      const event = outcome.event;
      const facility = event.data.facility;
      eventTime = event.time;
      floats[AT_SEQUENCE + row] = event.sequence ?? Number.NaN;
      floats[AT_PROMISED + row] = event.promisedAt ?? Number.NaN;
      // A valid event's type is one of EVENT_TYPES, numbered first (sqliteEventIndex.ts).
      const typeIndex = EVENT_TYPE_INDEX[event.type] as number | undefined;
      if (typeIndex === undefined) this.word(AT_TYPE + row, event.type);
      else this.words[AT_TYPE + row] = seededCode(typeIndex);
      this.word(AT_REGION + row, facility.region);
      this.word(AT_CARRIER + row, event.data.carrier);
      this.word(AT_FACILITY + row, facility.code);
      texts.pushRow(event.subject, event.id, event.source);
      // Written either way: a block's buffers are reused (BlockBuffers).
      this.bytes[AT_FLAGS + row] = outcome.sequenceGap ? SEQUENCE_GAP_FLAG : 0;
      this.bytes[AT_REASON + row] = 0;
      this.reasons |= 1;
    }
    floats[AT_EVENT + row] = eventTime;
    const outcomeCode = OUTCOME_CODE[outcome.kind];
    this.bytes[AT_OUTCOME + row] = outcomeCode;
    if (replayOf !== null) this.sparse.replayOf[row] = replayOf;

    if (row === 0) this.firstOffset = record.offset;
    this.lastOffset = record.offset;
    this.rows = row + 1;
    if (record.appendTime < this.minAppend) this.minAppend = record.appendTime;
    if (record.appendTime > this.maxAppend) this.maxAppend = record.appendTime;
    // NaN (no event time) passes neither comparison.
    if (eventTime < this.minEvent) this.minEvent = eventTime;
    if (eventTime > this.maxEvent) this.maxEvent = eventTime;
    this.outcomes |= 1 << outcomeCode;
  }

  protected text(field: WordField | 'subject' | 'id', row: number): string | null {
    if (row >= this.rows) return null;
    if (field === 'subject') return this.texts.text(row, SUBJECT_TEXT);
    if (field === 'id') return this.texts.text(row, ID_TEXT);
    if (field === 'source') return this.texts.text(row, SOURCE_TEXT);
    const cell = OPEN_WORD[field] * BLOCK_CAPACITY + row;
    const code = this.words[cell]!;
    return code === WORD_OVERFLOW ? this.overflowWords[cell]! : this.table.valueOf(code);
  }

  protected sparseStrings(): SparseStrings {
    return this.sparse;
  }

  override subjectIs(row: number, subject: string): boolean {
    return this.texts.equals(row, SUBJECT_TEXT, subject);
  }

  matcher(field: WordField, values: readonly string[]): (row: number) => boolean {
    if (field === 'source') {
      const texts = this.texts;
      return (row) => values.some((value) => texts.equals(row, SOURCE_TEXT, value));
    }
    const start = OPEN_WORD[field] * BLOCK_CAPACITY;
    const words = this.words;
    const overflow = this.overflowWords;
    const wanted = values.map((value) => this.table.find(value)).filter((code): code is number => code !== undefined);
    return (row) => {
      const code = words[start + row]!;
      return code === WORD_OVERFLOW ? values.includes(overflow[start + row]!) : wanted.includes(code);
    };
  }

  /** The rows that replay a dead letter. */
  replays(): { row: number; replayOf: string }[] {
    return Object.entries(this.sparse.replayOf).map(([row, replayOf]) => ({ row: Number(row), replayOf }));
  }

  /**
   * What the writer needs, without a copy: the shared buffers themselves (nothing writes them
   * once the block is sealed) and the few strings the block holds on its own.
   */
  payload(): BlockPayload {
    return {
      summary: { ...this.summary },
      floats: this.floats,
      bytes: this.bytes,
      words: this.words,
      texts: this.texts.payload(),
      overflowWords: this.overflowWords,
      sparse: this.sparse,
    };
  }
}

/** Encodes a block for storage: on the writer's thread, with its copy of the word table. */
export function encodeBlock(payload: BlockPayload, table: WordTableCopy): StoredBlock {
  const n = payload.summary.count;
  const texts = payload.texts;
  const dictionary = new BlockDictionary(table);
  const codes = new Uint16Array(WORD_COLUMNS.length * n);
  for (let column = 0; column < WORD_COLUMNS.length; column += 1) {
    const field = WORD_COLUMNS[column]!;
    const at = column * n;
    if (field === 'source') {
      for (let row = 0; row < n; row += 1) {
        const index = row * TEXTS_PER_ROW + SOURCE_TEXT;
        if (texts.nulls[index] === 1) continue;
        codes[at + row] = dictionary.ofUnits(texts.units, index === 0 ? 0 : texts.ends[index - 1]!, texts.ends[index]!);
      }
      continue;
    }
    const cells = OPEN_WORD[field] * BLOCK_CAPACITY;
    for (let row = 0; row < n; row += 1) {
      const word = payload.words[cells + row]!;
      if (word === NO_WORD) continue;
      codes[at + row] = word === WORD_OVERFLOW ? dictionary.ofValue(payload.overflowWords[cells + row]!) : dictionary.ofWord(word);
    }
  }
  const floats = new Float64Array(FLOAT_COLUMNS.length * n);
  for (let column = 0; column < FLOAT_COLUMNS.length; column += 1) {
    floats.set(payload.floats.subarray(column * BLOCK_CAPACITY, column * BLOCK_CAPACITY + n), column * n);
  }
  const bytes = new Uint8Array(BYTE_COLUMNS.length * n);
  for (let column = 0; column < BYTE_COLUMNS.length; column += 1) {
    bytes.set(payload.bytes.subarray(column * BLOCK_CAPACITY, column * BLOCK_CAPACITY + n), column * n);
  }
  const columns = new Uint8Array(floats.byteLength + codes.byteLength + bytes.byteLength);
  columns.set(new Uint8Array(floats.buffer), 0);
  columns.set(new Uint8Array(codes.buffer), floats.byteLength);
  columns.set(bytes, floats.byteLength + codes.byteLength);
  const bloom = createBloom(n);
  for (let row = 0; row < n; row += 1) {
    const index = row * TEXTS_PER_ROW + SUBJECT_TEXT;
    const start = index === 0 ? 0 : texts.ends[index - 1]!;
    const end = texts.ends[index]!;
    // An empty subject is as good as none: nobody looks one up.
    if (end > start) addUnitsToBloom(bloom, texts.units, start, end);
  }
  return {
    ...payload.summary,
    dictionary: dictionary.values,
    bloom,
    columns,
    texts: packStoredTexts(texts, n),
    strings: JSON.stringify(payload.sparse),
  };
}

/** A stored block, read back: typed arrays over its bytes, strings made when a query needs them. */
export class SealedBlock extends BlockColumns {
  readonly summary: BlockSummary;
  protected readonly floats: Float64Array;
  private readonly codes: Uint16Array;
  protected readonly bytes: Uint8Array;
  private readonly texts: StoredTexts;
  private stringsText: string | null;
  private parsed: SparseStrings | null = null;
  private readonly codesByValue: Map<string, number>;

  constructor(summary: BlockSummary, columns: Uint8Array, texts: Uint8Array, strings: string) {
    super();
    this.summary = summary;
    const n = summary.count;
    // Typed arrays need aligned offsets; a small blob may sit anywhere in a shared buffer.
    const aligned = columns.byteOffset % 8 === 0 ? columns : new Uint8Array(columns);
    this.floats = new Float64Array(aligned.buffer, aligned.byteOffset, FLOAT_COLUMNS.length * n);
    this.codes = new Uint16Array(aligned.buffer, aligned.byteOffset + FLOAT_COLUMNS.length * n * 8, WORD_COLUMNS.length * n);
    this.bytes = new Uint8Array(aligned.buffer, aligned.byteOffset + FLOAT_COLUMNS.length * n * 8 + WORD_COLUMNS.length * n * 2, BYTE_COLUMNS.length * n);
    this.texts = new StoredTexts(texts);
    this.stringsText = strings;
    this.codesByValue = new Map(summary.dictionary.map((value, code) => [value, code]));
  }

  protected get stride(): number {
    return this.summary.count;
  }

  protected text(field: WordField | 'subject' | 'id', row: number): string | null {
    if (field === 'subject') return this.texts.text(row, SUBJECT_TEXT);
    if (field === 'id') return this.texts.text(row, ID_TEXT);
    const code = this.codes[WORD_COLUMNS.indexOf(field) * this.summary.count + row]!;
    return code === 0 ? null : this.summary.dictionary[code]!;
  }

  override subjectIs(row: number, subject: string): boolean {
    return this.texts.equals(row, SUBJECT_TEXT, subject);
  }

  protected sparseStrings(): SparseStrings {
    if (this.parsed === null) {
      this.parsed = JSON.parse(this.stringsText!) as SparseStrings;
      this.stringsText = null;
    }
    return this.parsed;
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

