import { describe, expect, it } from 'vitest';
import { BlockTexts, ID_TEXT, SUBJECT_TEXT } from './blockTexts';
import { packStoredTexts, StoredTexts } from './storedTexts';

/** Rows of (subject, id, source) as an open block receives them. */
function packed(rows: (string | null)[][], count = rows.length): Uint8Array {
  const texts = new BlockTexts(rows.length);
  for (const [subject = null, id = null, source = null] of rows) texts.pushRow(subject, id, source);
  return packStoredTexts(texts.payload(), count);
}

function readBack(stored: StoredTexts, rows: number): (string | null)[][] {
  return Array.from({ length: rows }, (_, row) => [stored.text(row, SUBJECT_TEXT), stored.text(row, ID_TEXT)]);
}

describe('stored texts', () => {
  it('keeps ASCII subjects and ids a byte a unit, null apart from empty', () => {
    const rows = [
      ['SHP-1', 'e-1', '/hubs/LHR-4/scanner-18'],
      [null, '', '/devices/tracker-0001'],
      ['SHP-2', 'id with "quotes" and \\ backslash', null],
    ];
    const bytes = packed(rows);
    const stored = new StoredTexts(bytes);
    expect(readBack(stored, rows.length)).toEqual(rows.map((row) => row.slice(0, 2)));
    // Sources are not kept here, and one byte a unit: smaller than the units themselves.
    expect(bytes.byteLength).toBeLessThan(8 + rows.length * 2 * 5 + 'SHP-1e-1SHP-2'.length + 32 + 1);
    expect(stored.equals(0, SUBJECT_TEXT, 'SHP-1')).toBe(true);
    expect(stored.equals(0, SUBJECT_TEXT, 'SHP-10')).toBe(false);
    expect(stored.equals(1, SUBJECT_TEXT, '')).toBe(false);
    expect(stored.equals(1, ID_TEXT, '')).toBe(true);
  });

  it('keeps any UTF-16 exactly, lone surrogates and long texts included, read from any offset', () => {
    const rows = [
      ['Zürich-Δ-📦', 'é', 'src'],
      ['\ud800', 'x'.repeat(20_000), 'y'],
      ['plain', null, null],
    ];
    const bytes = packed(rows);
    // A blob read from SQLite may sit at any offset of a larger buffer.
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    for (const view of [bytes, shifted.subarray(3)]) {
      const stored = new StoredTexts(view);
      expect(readBack(stored, rows.length)).toEqual(rows.map((row) => row.slice(0, 2)));
      expect(stored.equals(0, SUBJECT_TEXT, 'Zürich-Δ-📦')).toBe(true);
      expect(stored.equals(1, SUBJECT_TEXT, '\ud800')).toBe(true);
      expect(stored.equals(1, SUBJECT_TEXT, '\ud801')).toBe(false);
    }
  });

  it('stores only the rows sealed, and an empty block', () => {
    const rows = [
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ];
    expect(readBack(new StoredTexts(packed(rows, 1)), 1)).toEqual([['a', 'b']]);
    expect(new StoredTexts(packed([], 0)).text(0, SUBJECT_TEXT)).toBeNull();
  });
});
