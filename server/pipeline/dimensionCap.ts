import { OTHER_DIMENSION_VALUE } from '../../lib/summary';

/**
 * Admits the first `maxValues` distinct values of a dimension and folds the rest into
 * `other`, so a producer inventing carriers or facilities cannot exhaust memory. The
 * first values seen win: the log is replayed in order, so the choice replays the same.
 */
export class DimensionCap {
  private readonly admitted = new Set<string>();

  constructor(private readonly maxValues: number) {}

  admit(value: string): string {
    if (this.admitted.has(value)) return value;
    if (this.admitted.size >= this.maxValues) return OTHER_DIMENSION_VALUE;
    this.admitted.add(value);
    return value;
  }
}
