import type { Quantiles } from '../../lib/summary';

/*
 * A DDSketch (Masson, Rim, Lee: "DDSketch: a fast and fully-mergeable quantile sketch
 * with relative-error guarantees", VLDB 2019): values fall into logarithmic bins of ratio
 * gamma = (1 + a) / (1 - a), so every quantile is answered within relative error `a`
 * (1 % here, what the contract asks for) over any range, and two sketches merge exactly
 * by adding bin counts. Chosen over an HDR histogram because it needs no highest
 * trackable value and its error bound is relative on every quantile.
 *
 * Written here rather than taken from @datadog/sketches-js: the same algorithm, but with
 * a store shaped for this workload (many small per-second sketches, each updated on the
 * per-event path, most of them sparse). The library's store re-centred and copied its
 * bins as a bucket's range grew; measured in the pipeline benchmark, its two updates per
 * event cost about as much as validating the event.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

function binOf(value: number): number {
  return Math.ceil(Math.log(value) / LOG_GAMMA);
}

/** The value a bin stands for: the point of least relative error in (gamma^(k-1), gamma^k]. */
function valueOfBin(bin: number): number {
  return (2 * Math.pow(GAMMA, bin)) / (GAMMA + 1);
}

/** Bins a store starts with: a second's latencies mostly fall within a few dozen. */
const INITIAL_BINS = 32;

/** A bin store's counts: one byte each until a count needs more, then two, then four. */
type Counts = Uint8Array | Uint16Array | Uint32Array;

/** A sketch's plain form: bin counts from `firstBin` on. */
export interface SketchWire {
  count: number;
  zeroCount: number;
  firstBin: number;
  bins: number[];
}

export class QuantileSketch {
  /**
   * Counts of the bins from `firstBin` on, dense: bins are logarithmic, so the whole range
   * from 1 ms to a day is about 850 bins, and a second's sketch spans a few hundred at
   * most, most of them holding a handful of values. So a count starts as one byte and the
   * store widens only when one overflows: some 300 bytes for a second's latencies, against
   * some forty bytes an entry in a map.
   */
  private counts: Counts | null = null;
  private firstBin = 0;
  /** The largest count the store's width holds. */
  private maxCount = 0xff;
  /** Values at or below zero (clock skew between producer and log). */
  private zeroCount = 0;
  count = 0;

  /** Adds a duration in milliseconds; zero and negative durations count as zero. */
  accept(value: number): void {
    this.count += 1;
    if (value <= 0) {
      this.zeroCount += 1;
      return;
    }
    this.add(binOf(value), 1);
  }

  private add(bin: number, count: number): void {
    let counts = this.counts;
    if (counts === null || bin < this.firstBin || bin >= this.firstBin + counts.length) counts = this.cover(bin);
    const at = bin - this.firstBin;
    const sum = counts[at]! + count;
    if (sum > this.maxCount) counts = this.widen(sum);
    counts[at] = sum;
  }

  /** Widens the store to hold `bin`, growing by half at least so that growth stays rare. */
  private cover(bin: number): Counts {
    const old = this.counts;
    if (old === null) {
      this.firstBin = bin - INITIAL_BINS / 2;
      return (this.counts = new Uint8Array(INITIAL_BINS));
    }
    const low = Math.min(bin, this.firstBin);
    const high = Math.max(bin, this.firstBin + old.length - 1);
    const length = Math.max(high - low + 1, Math.ceil(old.length * 1.5));
    // Room on the side that grew: a second's values drift one way more often than both.
    const firstBin = bin < this.firstBin ? high - length + 1 : low;
    const counts = new (old.constructor as new (length: number) => Counts)(length);
    counts.set(old, this.firstBin - firstBin);
    this.firstBin = firstBin;
    return (this.counts = counts);
  }

  /** Moves the counts to wider ones, once a count reaches `needed`. */
  private widen(needed: number): Counts {
    const old = this.counts!;
    const counts = needed > 0xffff ? new Uint32Array(old.length) : new Uint16Array(old.length);
    this.maxCount = needed > 0xffff ? 0xffffffff : 0xffff;
    counts.set(old);
    return (this.counts = counts);
  }

  merge(other: QuantileSketch): void {
    this.count += other.count;
    this.zeroCount += other.zeroCount;
    const counts = other.counts;
    if (counts === null) return;
    // Cover both ends first, so the loop below never grows the store.
    let first = 0;
    while (first < counts.length && counts[first] === 0) first += 1;
    if (first === counts.length) return;
    let last = counts.length - 1;
    while (counts[last] === 0) last -= 1;
    this.add(other.firstBin + first, 0);
    this.add(other.firstBin + last, 0);
    for (let i = first; i <= last; i += 1) if (counts[i] !== 0) this.add(other.firstBin + i, counts[i]!);
  }

  /**
   * Takes out what `other` added (its values must all be in this sketch): counts are
   * bins, so a sliding window subtracts the second leaving it exactly.
   */
  subtract(other: QuantileSketch): void {
    this.count -= other.count;
    this.zeroCount -= other.zeroCount;
    const counts = other.counts;
    const own = this.counts;
    if (counts === null || own === null) return;
    const offset = other.firstBin - this.firstBin;
    for (let i = 0; i < counts.length; i += 1) {
      const count = counts[i]!;
      if (count === 0) continue;
      const at = offset + i;
      if (at >= 0 && at < own.length) own[at] = count >= own[at]! ? 0 : own[at]! - count;
    }
  }

  /** The value at quantile `q` (0..1): the value of rank q × (count − 1), as DDSketch ranks. */
  valueAtQuantile(q: number): number {
    return this.valuesAtQuantiles([q])[0]!;
  }

  /** Values at ascending quantiles, in one pass over the bins: a summary asks for three at once. */
  valuesAtQuantiles(quantiles: readonly number[]): number[] {
    if (this.count === 0) return quantiles.map(() => Number.NaN);
    const counts = this.counts;
    const values: number[] = [];
    let seen = this.zeroCount;
    let next = 0;
    let lastFilled = -1;
    for (const q of quantiles) {
      const rank = q * (this.count - 1);
      if (rank < this.zeroCount || counts === null) {
        values.push(0);
        continue;
      }
      // Advance past the bins wholly at or below the rank; the answer is the next filled one.
      while (next < counts.length && (counts[next] === 0 || seen + counts[next]! <= rank)) {
        if (counts[next] !== 0) lastFilled = next;
        seen += counts[next]!;
        next += 1;
      }
      const bin = next < counts.length ? next : lastFilled;
      values.push(valueOfBin(this.firstBin + bin));
    }
    return values;
  }

  /**
   * The sketch as plain numbers, for another instance (the aggregates topic): the filled
   * range of bins only, so equal sketches give equal forms whatever their stores' history.
   */
  toWire(): SketchWire {
    const counts = this.counts;
    let first = 0;
    let last = -1;
    if (counts !== null) {
      while (first < counts.length && counts[first] === 0) first += 1;
      last = counts.length - 1;
      while (last >= first && counts[last] === 0) last -= 1;
    }
    return {
      count: this.count,
      zeroCount: this.zeroCount,
      firstBin: last < first ? 0 : this.firstBin + first,
      bins: last < first ? [] : Array.from(counts!.subarray(first, last + 1)),
    };
  }

  static fromWire(wire: SketchWire): QuantileSketch {
    const sketch = new QuantileSketch();
    sketch.count = wire.count;
    sketch.zeroCount = wire.zeroCount;
    if (wire.bins.length === 0) return sketch;
    // Both ends first, so the store is sized once.
    sketch.add(wire.firstBin, 0);
    sketch.add(wire.firstBin + wire.bins.length - 1, 0);
    wire.bins.forEach((count, i) => {
      if (count > 0) sketch.add(wire.firstBin + i, count);
    });
    return sketch;
  }

  /** Bytes of the bin store, for the accounting in docs/architecture.md. */
  get byteLength(): number {
    return this.counts?.byteLength ?? 0;
  }
}

export function createQuantileSketch(): QuantileSketch {
  return new QuantileSketch();
}

/** Adds a duration; negative ones (clock skew between producer and log) count as zero. */
export function recordDuration(sketch: QuantileSketch, milliseconds: number): void {
  sketch.accept(milliseconds);
}

export function quantilesOf(sketch: QuantileSketch | null): Quantiles | null {
  if (!sketch || sketch.count === 0) return null;
  const [p50, p95, p99] = sketch.valuesAtQuantiles([0.5, 0.95, 0.99]);
  return { p50: roundMs(p50!), p95: roundMs(p95!), p99: roundMs(p99!) };
}

function roundMs(value: number): number {
  return Math.round(value * 10) / 10;
}
