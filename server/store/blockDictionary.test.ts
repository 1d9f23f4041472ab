import { describe, expect, it } from 'vitest';
import { BlockDictionary, unitsHash } from './blockDictionary';
import { WordTable, WordTableCopy } from './wordTable';

function unitsOf(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i += 1) units[i] = text.charCodeAt(i);
  return units;
}

function tableWith(values: string[]): WordTableCopy {
  const table = new WordTable();
  for (const value of values) table.codeOf(value);
  const copy = new WordTableCopy();
  copy.extend(table.takeNew());
  return copy;
}

describe('BlockDictionary', () => {
  it('gives every value one code from 1, whether it came as a word, a string or code units', () => {
    const dictionary = new BlockDictionary(tableWith(['eu-west', 'DHL']));
    const eu = dictionary.ofWord(1);
    expect(eu).toBe(1);
    expect(dictionary.ofWord(2)).toBe(2);
    expect(dictionary.ofWord(1)).toBe(eu);
    expect(dictionary.ofValue('eu-west')).toBe(eu);
    const units = unitsOf('xx/hubs/A-1eu-west');
    expect(dictionary.ofUnits(units, 2, 11)).toBe(3);
    expect(dictionary.ofUnits(units, 11, units.length)).toBe(eu);
    expect(dictionary.ofValue('/hubs/A-1')).toBe(3);
    expect(dictionary.values).toEqual(['', 'eu-west', 'DHL', '/hubs/A-1']);
  });

  it('keeps apart two values whose units hash alike, and any UTF-16', () => {
    const [a, b] = ['/hubs/H-42872', '/hubs/H-750180'];
    expect(unitsHash(unitsOf(a), 0, a.length)).toBe(unitsHash(unitsOf(b), 0, b.length));
    const dictionary = new BlockDictionary(new WordTableCopy());
    const codeOfA = dictionary.ofUnits(unitsOf(a), 0, a.length);
    const codeOfB = dictionary.ofUnits(unitsOf(b), 0, b.length);
    expect(codeOfA).not.toBe(codeOfB);
    expect(dictionary.ofUnits(unitsOf(b), 0, b.length)).toBe(codeOfB);
    expect(dictionary.ofUnits(unitsOf(a), 0, a.length)).toBe(codeOfA);
    const odd = 'Zürich-📦-\ud800';
    expect(dictionary.values[dictionary.ofUnits(unitsOf(odd), 0, odd.length)]).toBe(odd);
  });

  it('refuses an overflow word, whose string only the block knows', () => {
    expect(() => new BlockDictionary(new WordTableCopy()).ofWord(0xffff_ffff)).toThrow(/overflow/);
  });
});
