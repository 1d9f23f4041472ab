import { decodeUnits, unitsEqual } from './blockTexts';
import { WORD_OVERFLOW, type WordTableCopy } from './wordTable';

/*
 * The dictionary of one sealed block's low-cardinality values (types, regions, carriers,
 * facilities, sources), built on the writer's thread: each value a code from 1 (0 is none),
 * every value once whichever column it came from. Words arrive as the process's word codes
 * and sources as code units, so each is looked up by a number and a distinct value is made
 * a string once per block: a string map over every row's values cost the writer about
 * 330 ns an input (measured), most of it hashing strings made only for the lookup.
 */
export class BlockDictionary {
  /** Code i's value; code 0 stands for none. */
  readonly values: string[] = [''];
  private readonly byValue = new Map<string, number>();
  private readonly byWord = new WordCodes();
  /** Codes by a hash of their units; a hash shared by several values lists each. */
  private readonly byUnitsHash = new Map<number, number[]>();

  constructor(private readonly table: WordTableCopy) {}

  /** The code of a value given as a string. */
  ofValue(value: string): number {
    let code = this.byValue.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.byValue.set(value, code);
    }
    return code;
  }

  /** The code of a word of the process's table (never NO_WORD or WORD_OVERFLOW). */
  ofWord(word: number): number {
    if (word === WORD_OVERFLOW) throw new Error('an overflow word has no code of its own: look its string up');
    let code = this.byWord.get(word);
    if (code === 0) {
      code = this.ofValue(this.table.valueOf(word)!);
      this.byWord.set(word, code);
    }
    return code;
  }

  /** The code of the value held as units[start, end). */
  ofUnits(units: Uint16Array, start: number, end: number): number {
    const hash = unitsHash(units, start, end);
    let codes = this.byUnitsHash.get(hash);
    if (codes !== undefined) {
      for (const code of codes) if (unitsEqual(units, start, end, this.values[code]!)) return code;
    } else {
      codes = [];
      this.byUnitsHash.set(hash, codes);
    }
    const code = this.ofValue(decodeUnits(units, start, end));
    codes.push(code);
    return code;
  }
}

/**
 * Block codes by the process's word codes: an array indexed by word, shared by every block
 * the thread encodes and emptied in no time (a new generation, not a fill). A map of numbers
 * cost about 20 ns a lookup here, four lookups an input.
 */
class WordCodes {
  private static codes = new Uint32Array(0);
  private static generations = new Uint32Array(0);
  private static generation = 0;
  private readonly generation: number;

  constructor() {
    WordCodes.generation += 1;
    this.generation = WordCodes.generation;
  }

  /** The block code of `word`, or 0 when it has none yet. */
  get(word: number): number {
    return word < WordCodes.generations.length && WordCodes.generations[word] === this.generation ? WordCodes.codes[word]! : 0;
  }

  set(word: number, code: number): void {
    if (word >= WordCodes.generations.length) {
      const size = Math.max(1_024, word + 1, WordCodes.generations.length * 2);
      const codes = new Uint32Array(size);
      codes.set(WordCodes.codes);
      const generations = new Uint32Array(size);
      generations.set(WordCodes.generations);
      WordCodes.codes = codes;
      WordCodes.generations = generations;
    }
    WordCodes.codes[word] = code;
    WordCodes.generations[word] = this.generation;
  }
}

/** FNV-1a over the units, cut to 30 bits: a small integer, which a map keys without boxing. */
export function unitsHash(units: ArrayLike<number>, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at += 1) hash = Math.imul(hash ^ units[at]!, 0x01000193);
  return hash & 0x3fffffff;
}
