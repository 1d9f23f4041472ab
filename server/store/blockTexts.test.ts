import { describe, expect, it } from 'vitest';
import { BlockTexts, ID_TEXT, SOURCE_TEXT, SUBJECT_TEXT } from './blockTexts';

/** Rows of (subject, id, source), awkward ones included. */
const ROWS: (string | null)[][] = [
  ['SHP-1', 'e-1', '/hubs/LHR-4/scanner-18'],
  [null, '', '/devices/tracker-0001'],
  ['Zürich-Δ-📦', 'id with "quotes" and \\ backslash', null],
  // A lone surrogate survives (JSON can carry one as an escape).
  ['\ud800', 'x'.repeat(500), 'y'],
];

function filled(): BlockTexts {
  const texts = new BlockTexts(ROWS.length);
  for (const [subject = null, id = null, source = null] of ROWS) texts.pushRow(subject, id, source);
  return texts;
}

describe('BlockTexts', () => {
  it('gives back every text exactly, null apart from empty, past its first buffer', () => {
    const texts = filled();
    ROWS.forEach((row, index) => {
      expect(texts.text(index, SUBJECT_TEXT)).toBe(row[SUBJECT_TEXT]);
      expect(texts.text(index, ID_TEXT)).toBe(row[ID_TEXT]);
      expect(texts.text(index, SOURCE_TEXT)).toBe(row[SOURCE_TEXT]);
    });
    expect(texts.text(ROWS.length, SUBJECT_TEXT)).toBeNull();
  });

  it('reads a text that arrived as undefined as null', () => {
    const texts = new BlockTexts(1);
    texts.pushRow(undefined as unknown as null, 'e-1', null);
    expect(texts.text(0, SUBJECT_TEXT)).toBeNull();
    expect(texts.text(0, ID_TEXT)).toBe('e-1');
  });

  it('compares without decoding', () => {
    const texts = filled();
    expect(texts.equals(0, SUBJECT_TEXT, 'SHP-1')).toBe(true);
    expect(texts.equals(0, SUBJECT_TEXT, 'SHP-10')).toBe(false);
    expect(texts.equals(0, SUBJECT_TEXT, 'SHP-2')).toBe(false);
    expect(texts.equals(1, SUBJECT_TEXT, '')).toBe(false);
    expect(texts.equals(1, ID_TEXT, '')).toBe(true);
    expect(texts.equals(2, SUBJECT_TEXT, 'Zürich-Δ-📦')).toBe(true);
    expect(texts.equals(3, SUBJECT_TEXT, '\ud800')).toBe(true);
  });
});
