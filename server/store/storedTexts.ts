import { decodeUnits, ID_TEXT, SUBJECT_TEXT, textStart, TEXTS_PER_ROW, unitsEqual, type BlockTextsPayload } from './blockTexts';

/*
 * A sealed block's subjects and ids as stored: the open block's code units packed into one
 * buffer, one byte a unit when every unit of the block fits in one (shipment numbers and
 * event ids are ASCII in practice), two bytes otherwise. The writer's thread makes no string
 * to store them: one pass over the units, where decoding every text into a string and
 * stringifying the lot as JSON cost it about 450 ns an input (measured). A query decodes
 * only the texts it returns.
 *
 * Layout: a header of two 32-bit words (rows, width), then STORED_PER_ROW end offsets a row
 * (in units, 32-bit), a byte a text that is 1 for null, then the units.
 */

/** Which of the open block's texts are stored here, in this order (sources go to the dictionary). */
export const STORED_TEXTS = [SUBJECT_TEXT, ID_TEXT] as const;
const STORED_PER_ROW = STORED_TEXTS.length;
const HEADER_WORDS = 2;

function layout(rows: number) {
  const texts = rows * STORED_PER_ROW;
  const endsAt = HEADER_WORDS * 4;
  const nullsAt = endsAt + texts * 4;
  // Two-byte units need an even start.
  const unitsAt = nullsAt + texts + ((nullsAt + texts) % 2);
  return { texts, endsAt, nullsAt, unitsAt };
}

/** Packs the subjects and ids of a sealed block's first `rows` rows. */
export function packStoredTexts(payload: BlockTextsPayload, rows: number): Uint8Array {
  const { texts, endsAt, nullsAt, unitsAt } = layout(rows);
  const source = payload.units;
  const ends = payload.ends;
  let units = 0;
  let widest = 0;
  // Starts computed in place, not by `textStart`: the call cost the writer's loops here about
  // 25 ns an input (measured), a quarter of packing.
  for (let row = 0; row < rows; row += 1) {
    for (const which of STORED_TEXTS) {
      const index = row * TEXTS_PER_ROW + which;
      const start = index === 0 ? 0 : ends[index - 1]!;
      const end = ends[index]!;
      units += end - start;
      for (let at = start; at < end; at += 1) widest |= source[at]!;
    }
  }
  const width = widest > 0xff ? 2 : 1;
  const packed = new Uint8Array(unitsAt + units * width);
  const header = new Uint32Array(packed.buffer, 0, HEADER_WORDS);
  header[0] = rows;
  header[1] = width;
  const storedEnds = new Uint32Array(packed.buffer, endsAt, texts);
  const storedUnits = width === 1 ? packed.subarray(unitsAt) : new Uint16Array(packed.buffer, unitsAt, units);
  let used = 0;
  for (let row = 0; row < rows; row += 1) {
    for (let kept = 0; kept < STORED_PER_ROW; kept += 1) {
      const index = row * TEXTS_PER_ROW + STORED_TEXTS[kept]!;
      const start = index === 0 ? 0 : ends[index - 1]!;
      const end = ends[index]!;
      for (let at = start; at < end; at += 1) storedUnits[used++] = source[at]!;
      const stored = row * STORED_PER_ROW + kept;
      storedEnds[stored] = used;
      packed[nullsAt + stored] = payload.nulls[index]!;
    }
  }
  return packed;
}

/** A sealed block's stored subjects and ids, read in place. */
export class StoredTexts {
  private readonly ends: Uint32Array;
  private readonly nulls: Uint8Array;
  private readonly units: Uint8Array | Uint16Array;

  constructor(packed: Uint8Array) {
    // Typed arrays need aligned offsets; a blob read from SQLite may sit anywhere in its buffer.
    const aligned = packed.byteOffset % 4 === 0 ? packed : new Uint8Array(packed);
    const header = new Uint32Array(aligned.buffer, aligned.byteOffset, HEADER_WORDS);
    const rows = header[0]!;
    const width = header[1]!;
    const { texts, endsAt, nullsAt, unitsAt } = layout(rows);
    this.ends = new Uint32Array(aligned.buffer, aligned.byteOffset + endsAt, texts);
    this.nulls = aligned.subarray(nullsAt, nullsAt + texts);
    const count = texts === 0 ? 0 : this.ends[texts - 1]!;
    this.units =
      width === 1 ? aligned.subarray(unitsAt, unitsAt + count) : new Uint16Array(aligned.buffer, aligned.byteOffset + unitsAt, count);
  }

  private indexOf(row: number, which: number): number {
    return row * STORED_PER_ROW + STORED_TEXTS.indexOf(which as (typeof STORED_TEXTS)[number]);
  }

  text(row: number, which: number): string | null {
    const index = this.indexOf(row, which);
    if (index >= this.nulls.length || this.nulls[index] === 1) return null;
    return decodeUnits(this.units, textStart(this.ends, index), this.ends[index]!);
  }

  /** Whether the text equals `value`, compared unit by unit (nothing decoded). */
  equals(row: number, which: number, value: string): boolean {
    const index = this.indexOf(row, which);
    if (index >= this.nulls.length || this.nulls[index] === 1) return false;
    return unitsEqual(this.units, textStart(this.ends, index), this.ends[index]!, value);
  }
}
