/**
 * The high-cardinality texts of an open block's rows (subject, id and source), copied as
 * UTF-16 code units into one buffer rather than kept as the event's strings: a copy of some
 * fifty code units is cheaper than holding two fresh strings per event until the block is stored
 * (see wordTable.ts for what holding them costs). The buffers are shared memory, so the
 * writer thread reads the sealed block without a copy or a clone.
 *
 * Texts are numbered in order (row × TEXTS_PER_ROW + which); text i spans the units between
 * the end of text i − 1 and its own end.
 */

export const TEXTS_PER_ROW = 3;
export const SUBJECT_TEXT = 0;
export const ID_TEXT = 1;
export const SOURCE_TEXT = 2;

/** Room for texts of 24 code units each before the buffer grows. */
const INITIAL_UNITS_PER_TEXT = 24;
/** String.fromCharCode takes its code units as arguments: a bounded number per call. */
const DECODE_CHUNK = 8_192;

/** What the writer receives of a block's texts. */
export interface BlockTextsPayload {
  units: Uint16Array;
  ends: Uint32Array;
  /** 1 where the text is null. */
  nulls: Uint8Array;
  count: number;
}

function sharedUint16(length: number): Uint16Array {
  return new Uint16Array(new SharedArrayBuffer(length * Uint16Array.BYTES_PER_ELEMENT));
}

export class BlockTexts {
  private units: Uint16Array;
  private readonly ends: Uint32Array;
  private readonly nulls: Uint8Array;
  private count = 0;
  private used = 0;

  constructor(rows: number) {
    const texts = rows * TEXTS_PER_ROW;
    this.units = sharedUint16(texts * INITIAL_UNITS_PER_TEXT);
    this.ends = new Uint32Array(new SharedArrayBuffer(texts * Uint32Array.BYTES_PER_ELEMENT));
    this.nulls = new Uint8Array(new SharedArrayBuffer(texts));
  }

  /**
   * Appends a row's three texts. This runs for every event: one room check and one call
   * for the three (a call for each text cost about twice the copying itself).
   */
  pushRow(subject: string | null, id: string | null, source: string | null): void {
    const index = this.count;
    const at = this.used;
    // `?.`: a record without a key may carry undefined, which reads back as null.
    const needed = at + (subject?.length ?? 0) + (id?.length ?? 0) + (source?.length ?? 0);
    if (needed > this.units.length) this.grow(needed);
    const units = this.units;
    const ends = this.ends;
    const nulls = this.nulls;
    let end = putText(units, ends, nulls, index, at, subject);
    end = putText(units, ends, nulls, index + 1, end, id);
    this.used = putText(units, ends, nulls, index + 2, end, source);
    this.count = index + TEXTS_PER_ROW;
  }

  /** Empties the texts for another block: the buffers are written again before they are read. */
  reset(): void {
    this.count = 0;
    this.used = 0;
  }

  private grow(needed: number): void {
    const grown = sharedUint16(Math.max(needed, this.units.length * 2));
    grown.set(this.units.subarray(0, this.used));
    this.units = grown;
  }

  text(row: number, which: number): string | null {
    const index = row * TEXTS_PER_ROW + which;
    if (index >= this.count || this.nulls[index] === 1) return null;
    return decodeUnits(this.units, textStart(this.ends, index), this.ends[index]!);
  }

  /** Whether the text equals `value`, compared unit by unit (nothing decoded). */
  equals(row: number, which: number, value: string): boolean {
    const index = row * TEXTS_PER_ROW + which;
    if (index >= this.count || this.nulls[index] === 1) return false;
    return unitsEqual(this.units, textStart(this.ends, index), this.ends[index]!, value);
  }

  /** The shared buffers as they stand: nothing is appended once the block is sealed. */
  payload(): BlockTextsPayload {
    return { units: this.units, ends: this.ends, nulls: this.nulls, count: this.count };
  }
}

/**
 * Copies `text` into units from `at` as text number `index`, and answers where it ends.
 * Every cell it stands for is written, so a reused buffer needs no clearing.
 */
function putText(units: Uint16Array, ends: Uint32Array, nulls: Uint8Array, index: number, at: number, text: string | null): number {
  // `== null`: a record without a key may carry undefined, which reads back as null.
  if (text == null) {
    nulls[index] = 1;
    ends[index] = at;
    return at;
  }
  nulls[index] = 0;
  const length = text.length;
  for (let i = 0; i < length; i += 1) units[at + i] = text.charCodeAt(i);
  const end = at + length;
  ends[index] = end;
  return end;
}

/** The string of units[start, end): a few large calls, exact for any UTF-16 (one byte a unit reads as Latin-1). */
export function decodeUnits(units: Uint16Array | Uint8Array, start: number, end: number): string {
  let text = '';
  for (let at = start; at < end; at += DECODE_CHUNK) {
    text += String.fromCharCode.apply(null, units.subarray(at, Math.min(end, at + DECODE_CHUNK)) as unknown as number[]);
  }
  return text;
}

/** Where text `index` starts, given where each text ends: texts lie end to end. */
export function textStart(ends: Uint32Array, index: number): number {
  return index === 0 ? 0 : ends[index - 1]!;
}

/** Whether units[start, end) are `value`'s code units (nothing decoded). */
export function unitsEqual(units: Uint16Array | Uint8Array, start: number, end: number, value: string): boolean {
  if (end - start !== value.length) return false;
  for (let i = 0; i < value.length; i += 1) if (units[start + i] !== value.charCodeAt(i)) return false;
  return true;
}
