import { OTHER_DIMENSION_VALUE } from '../../lib/summary';

/**
 * The values of one dimension in one partition, each given a small number, so buckets
 * count in arrays instead of maps on the per-event path. Admits the first `maxValues`
 * distinct values and folds the rest into `other`, so a producer inventing carriers or
 * facilities cannot exhaust memory. The first values seen win: the log replays in
 * order, so the choice replays the same.
 */
export class DimensionDictionary {
  /** Index → value; index 0 is always `other`. */
  readonly values: string[] = [OTHER_DIMENSION_VALUE];
  private readonly indexes = new Map<string, number>([[OTHER_DIMENSION_VALUE, 0]]);

  constructor(private readonly maxValues: number) {}

  indexOf(value: string): number {
    const known = this.indexes.get(value);
    if (known !== undefined) return known;
    // `other` is not one of the admitted values: the cap counts real ones.
    if (this.values.length - 1 >= this.maxValues) return 0;
    const index = this.values.length;
    this.values.push(value);
    this.indexes.set(value, index);
    return index;
  }
}
