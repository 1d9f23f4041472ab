import { addTotals, emptyTotals, mergeSecond, SKETCHES, subtractTotals, type BucketHistory, type SketchName, type Totals } from './aggregateQuery';
import { BUCKET_MS, bucketStartOf } from './bucket';

/*
 * The totals live views show, kept up to date by what changed instead of being merged
 * again on every tick. Each second of every history is merged once into a per-second
 * total (the cache); when buckets change, only their seconds are merged again, and every
 * window or series step holding such a second takes the difference (after − before).
 * A window sliding by a second subtracts the second that leaves it and adds the one
 * that enters. Counts and sketch bins add and subtract exactly, so the running totals
 * always equal a merge from scratch, and a tick costs what changed, not the window's length.
 *
 * Live views count the seconds before `end`, the end of the second in progress: an event
 * shows as soon as it is folded, and seconds ahead of the clock (producers' clocks) wait
 * until time reaches them.
 */

interface SecondChange {
  second: number;
  before: Totals | null;
  after: Totals | null;
}

/** The end of the seconds live views count at `now`: the end of the second in progress. */
export function liveEndOf(now: number): number {
  return bucketStartOf(now) + BUCKET_MS;
}

/** Running totals of the seconds in [end − lag − duration, end − lag), sliding with `end`. */
export class SlidingTotals {
  totals: Totals = emptyTotals();
  from = 0;
  to = 0;

  constructor(
    readonly durationMs: number,
    /** 0 for the last window; `durationMs` for the one before it. */
    readonly lagMs: number,
    /** The sketches kept: the others stay empty. */
    readonly sketches: readonly SketchName[],
  ) {}

  rebuild(end: number, cache: SecondCache): void {
    this.to = end - this.lagMs;
    this.from = this.to - this.durationMs;
    this.totals = emptyTotals();
    for (let second = this.from; second < this.to; second += BUCKET_MS) cache.addInto(this.totals, second, this.sketches);
  }

  slideTo(end: number, cache: SecondCache): void {
    const to = end - this.lagMs;
    const shift = to - this.to;
    if (shift < 0 || shift >= this.durationMs) return this.rebuild(end, cache);
    if (shift === 0) return;
    const from = to - this.durationMs;
    for (let second = this.from; second < from; second += BUCKET_MS) cache.subtractFrom(this.totals, second, this.sketches);
    for (let second = this.to; second < to; second += BUCKET_MS) cache.addInto(this.totals, second, this.sketches);
    this.from = from;
    this.to = to;
  }

  apply(change: SecondChange): void {
    if (change.second < this.from || change.second >= this.to) return;
    if (change.before) subtractTotals(this.totals, change.before, this.sketches);
    if (change.after) addTotals(this.totals, change.after, this.sketches);
  }
}

/** Totals per step of a series over the last `durationMs`: the overview's charts. */
export class StepTotals {
  /** Step start → totals of its seconds before `end`. */
  readonly steps = new Map<number, Totals>();
  /** Steps changed by the last advance (new steps included). */
  readonly changedSteps = new Set<number>();
  firstStep = 0;
  end = 0;

  constructor(
    readonly stepMs: number,
    readonly durationMs: number,
    readonly sketches: readonly SketchName[],
  ) {}

  private stepOf(second: number): number {
    return Math.floor(second / this.stepMs) * this.stepMs;
  }

  /** The first step of the window ending at `end`: durationMs / stepMs steps, the last one in progress. */
  firstStepAt(end: number): number {
    return Math.ceil((end - this.durationMs) / this.stepMs) * this.stepMs;
  }

  private stepAt(start: number): Totals {
    let totals = this.steps.get(start);
    if (!totals) {
      totals = emptyTotals();
      this.steps.set(start, totals);
    }
    return totals;
  }

  rebuild(end: number, cache: SecondCache): void {
    this.steps.clear();
    this.firstStep = this.firstStepAt(end);
    this.end = end;
    for (let step = this.firstStep; step < end; step += this.stepMs) {
      const totals = this.stepAt(step);
      for (let second = step; second < Math.min(step + this.stepMs, end); second += BUCKET_MS) cache.addInto(totals, second, this.sketches);
      this.changedSteps.add(step);
    }
  }

  slideTo(end: number, cache: SecondCache): void {
    if (end < this.end || end - this.end >= this.durationMs) return this.rebuild(end, cache);
    if (end === this.end) return;
    const firstStep = this.firstStepAt(end);
    for (const step of this.steps.keys()) if (step < firstStep) this.steps.delete(step);
    for (let second = this.end; second < end; second += BUCKET_MS) {
      const step = this.stepOf(second);
      if (!this.steps.has(step)) this.changedSteps.add(step);
      if (cache.addInto(this.stepAt(step), second, this.sketches)) this.changedSteps.add(step);
    }
    this.firstStep = firstStep;
    this.end = end;
  }

  apply(change: SecondChange): void {
    if (change.second < this.firstStep || change.second >= this.end) return;
    const step = this.stepOf(change.second);
    const totals = this.stepAt(step);
    if (change.before) subtractTotals(totals, change.before, this.sketches);
    if (change.after) addTotals(totals, change.after, this.sketches);
    this.changedSteps.add(step);
  }

  /** The steps in order: what a snapshot shows. */
  ordered(): [number, Totals][] {
    return [...this.steps].sort((a, b) => a[0] - b[0]);
  }
}

/** Every history's buckets merged per second, for the seconds live views may still need. */
class SecondCache {
  private readonly seconds = new Map<number, Totals>();

  /** Adds the second's totals; false when it has none. */
  addInto(target: Totals, second: number, sketches: readonly SketchName[]): boolean {
    const totals = this.seconds.get(second);
    if (totals) addTotals(target, totals, sketches);
    return totals !== undefined;
  }

  subtractFrom(target: Totals, second: number, sketches: readonly SketchName[]): void {
    const totals = this.seconds.get(second);
    if (totals) subtractTotals(target, totals, sketches);
  }

  rebuild(histories: readonly BucketHistory[], oldest: number): void {
    this.seconds.clear();
    const seconds = new Set<number>();
    for (const history of histories) for (const second of history.buckets.keys()) if (second >= oldest) seconds.add(second);
    for (const second of seconds) {
      const totals = mergeSecond(histories, second);
      if (totals) this.seconds.set(second, totals);
    }
  }

  /** Merges the changed seconds again and tells what each was and is now. */
  refresh(histories: readonly BucketHistory[], changed: Iterable<number>, oldest: number): SecondChange[] {
    const changes: SecondChange[] = [];
    for (const second of changed) {
      if (second < oldest) continue;
      const before = this.seconds.get(second) ?? null;
      const after = mergeSecond(histories, second);
      if (after) this.seconds.set(second, after);
      else this.seconds.delete(second);
      changes.push({ second, before, after });
    }
    return changes;
  }

  forgetBefore(oldest: number): void {
    for (const second of this.seconds.keys()) if (second < oldest) this.seconds.delete(second);
  }

  /** Drops `sketch` from the seconds before `oldest`: no window that keeps it reaches them. */
  trimBefore(oldest: number, sketch: SketchName): void {
    for (const [second, totals] of this.seconds) if (second < oldest) totals[sketch] = null;
  }

  get size(): number {
    return this.seconds.size;
  }
}

/**
 * The live views' totals over the histories: sliding windows and step series, created
 * when first asked for, and advanced together once per tick.
 */
export class LiveTotals {
  private readonly cache = new SecondCache();
  private readonly windows = new Map<string, SlidingTotals>();
  private readonly series = new Map<string, StepTotals>();
  private end: number | null = null;

  private readonly spanMs: number;

  /**
   * `spans`: how far back windows and series that keep each sketch may reach. Sketches are
   * most of a second's memory (hundreds of bins at 10,000 events a second), so a sketch
   * only shown over the last minute is not kept for the hour the charts reach.
   */
  constructor(private readonly spans: Readonly<Record<SketchName, number>>) {
    this.spanMs = Math.max(...Object.values(spans));
  }

  get cachedSeconds(): number {
    return this.cache.size;
  }

  /**
   * Brings everything to `now` with the seconds that changed since the last advance.
   * `reset` (partitions assigned or revoked: state came or went wholesale) merges all again.
   */
  advance(histories: readonly BucketHistory[], changed: ReadonlySet<number>, reset: boolean, now: number): void {
    const end = liveEndOf(now);
    const oldest = end - this.spanMs;
    for (const steps of this.series.values()) steps.changedSteps.clear();
    if (this.end === null || reset) {
      this.end = end;
      this.cache.rebuild(histories, oldest);
      for (const window of this.windows.values()) window.rebuild(end, this.cache);
      for (const steps of this.series.values()) steps.rebuild(end, this.cache);
      return;
    }
    // Slide first, with the seconds as they were added; then take the changes' differences.
    for (const window of this.windows.values()) window.slideTo(end, this.cache);
    for (const steps of this.series.values()) steps.slideTo(end, this.cache);
    const changes = this.cache.refresh(histories, changed, oldest);
    for (const change of changes) {
      for (const window of this.windows.values()) window.apply(change);
      for (const steps of this.series.values()) steps.apply(change);
    }
    this.cache.forgetBefore(oldest);
    for (const sketch of SKETCHES) if (this.spans[sketch] < this.spanMs) this.cache.trimBefore(end - this.spans[sketch], sketch);
    this.end = end;
  }

  private requireAdvanced(reach: number, sketches: readonly SketchName[]): number {
    if (this.end === null) throw new Error('LiveTotals: advance before asking for totals');
    for (const sketch of sketches) {
      if (reach > this.spans[sketch]) throw new Error(`LiveTotals: ${reach} ms with ${sketch} reaches past its span of ${this.spans[sketch]} ms`);
    }
    if (reach > this.spanMs) throw new Error(`LiveTotals: ${reach} ms reaches past the span of ${this.spanMs} ms`);
    return this.end;
  }

  /** The window of `durationMs` ending `lagMs` before the second in progress ends, keeping `sketches`. */
  window(durationMs: number, lagMs = 0, sketches: readonly SketchName[] = SKETCHES): SlidingTotals {
    const key = `${durationMs}:${lagMs}:${sketches.join()}`;
    let window = this.windows.get(key);
    if (!window) {
      const end = this.requireAdvanced(durationMs + lagMs, sketches);
      window = new SlidingTotals(durationMs, lagMs, sketches);
      window.rebuild(end, this.cache);
      this.windows.set(key, window);
    }
    return window;
  }

  /** The series of `stepMs` steps over the last `durationMs`, keeping `sketches`. */
  steps(stepMs: number, durationMs: number, sketches: readonly SketchName[] = SKETCHES): StepTotals {
    const key = `${stepMs}:${durationMs}:${sketches.join()}`;
    let steps = this.series.get(key);
    if (!steps) {
      const end = this.requireAdvanced(durationMs + stepMs, sketches);
      steps = new StepTotals(stepMs, durationMs, sketches);
      steps.rebuild(end, this.cache);
      this.series.set(key, steps);
    }
    return steps;
  }
}
