import { describe, expect, it } from 'vitest';
import { NO_WORD, seededCode, WORD_OVERFLOW, WordTable, WordTableCopy } from './wordTable';

describe('WordTable', () => {
  it('numbers each value once, the seed first and in order', () => {
    const table = new WordTable(['shipment.created', 'shipment.delivered']);
    expect(table.codeOf('shipment.delivered')).toBe(seededCode(1));
    const region = table.codeOf('eu-west');
    expect(region).toBe(3);
    // A different string object with the same text gets the same code.
    expect(table.codeOf(['eu', 'west'].join('-'))).toBe(region);
    expect(table.valueOf(region)).toBe('eu-west');
    expect(table.codeOf(null)).toBe(NO_WORD);
    expect(table.codeOf(undefined as unknown as null)).toBe(NO_WORD);
    expect(table.takeNew()).toEqual(['shipment.created', 'shipment.delivered', 'eu-west']);
    expect(table.valueOf(NO_WORD)).toBeNull();
  });

  it('finds without numbering', () => {
    const table = new WordTable();
    expect(table.find('uk')).toBeUndefined();
    expect(table.codeOf('uk')).toBe(1);
    expect(table.find('uk')).toBe(1);
    expect(table.takeNew()).toEqual(['uk']);
  });

  it('hands the writer each new value once, so its copy decodes every code', () => {
    const table = new WordTable(['a']);
    const copy = new WordTableCopy();
    copy.extend(table.takeNew());
    const codes = ['b', 'c', 'b', 'd'].map((value) => table.codeOf(value));
    copy.extend(table.takeNew());
    expect(table.takeNew()).toEqual([]);
    expect(codes.map((code) => copy.valueOf(code))).toEqual(['b', 'c', 'b', 'd']);
    expect(copy.valueOf(seededCode(0))).toBe('a');
  });

  it('stops numbering at its capacity and says so', () => {
    const table = new WordTable([], 3);
    expect(['a', 'b', 'c'].map((value) => table.codeOf(value))).toEqual([1, 2, 3]);
    expect(table.codeOf('d')).toBe(WORD_OVERFLOW);
    expect(table.codeOf('a')).toBe(1);
    expect(table.takeNew()).toEqual(['a', 'b', 'c']);
  });
});
