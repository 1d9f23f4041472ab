/**
 * The event index's low-cardinality texts (types, regions, carriers, facilities, sources),
 * each given a number once for the whole process. An open block keeps these numbers, not
 * the event's own strings: a string kept until its block is stored outlives the young
 * generation and costs the pipeline's thread a copy at every scavenge and then old-generation
 * collection (measured: keeping an event's seven strings quintupled the fold's garbage-collection
 * time), and posting a block to the writer would clone every one of them.
 *
 * The writer thread keeps a copy of the table: each block sent carries the values numbered
 * since the previous one (`takeNew`), and messages arrive in order.
 *
 * Bounded: a producer inventing a new source per event must not grow the table without end.
 * Past `capacity` values, `codeOf` answers WORD_OVERFLOW and the block keeps that row's
 * string itself.
 */

/** The code of "no value". */
export const NO_WORD = 0;
/** The code of a value the full table could not number: the block holds the string. */
export const WORD_OVERFLOW = 0xffff_ffff;

export const DEFAULT_WORD_CAPACITY = 131_072;

export class WordTable {
  private readonly codes = new Map<string, number>();
  private readonly values: string[] = [''];
  private sentThrough = 1;

  /** `seed` values are numbered first, in order: seed[i] has code i + 1 (see `seededCode`). */
  constructor(
    seed: readonly string[] = [],
    private readonly capacity = DEFAULT_WORD_CAPACITY,
  ) {
    for (const value of seed) this.codeOf(value);
  }

  /** The value's code, numbering it when new; NO_WORD for null. This runs for every event. */
  codeOf(value: string | null): number {
    // `== null`: a field a producer left out may arrive as undefined.
    if (value == null) return NO_WORD;
    const known = this.codes.get(value);
    if (known !== undefined) return known;
    if (this.values.length > this.capacity) return WORD_OVERFLOW;
    const code = this.values.length;
    this.values.push(value);
    this.codes.set(value, code);
    return code;
  }

  /** The value's code if it has one, without numbering it: for queries. */
  find(value: string): number | undefined {
    return this.codes.get(value);
  }

  valueOf(code: number): string | null {
    return code === NO_WORD ? null : (this.values[code] ?? null);
  }

  /** The values numbered since the last call, in code order. */
  takeNew(): string[] {
    const added = this.values.slice(this.sentThrough);
    this.sentThrough = this.values.length;
    return added;
  }
}

/** The code of the seed's i-th value: a caller that knows a value's place needs no lookup. */
export function seededCode(index: number): number {
  return index + 1;
}

/** The writer's copy of a WordTable, extended with what each block brings. */
export class WordTableCopy {
  private readonly values: string[] = [''];

  extend(added: readonly string[]): void {
    for (const value of added) this.values.push(value);
  }

  valueOf(code: number): string | null {
    return code === NO_WORD ? null : (this.values[code] ?? null);
  }
}
