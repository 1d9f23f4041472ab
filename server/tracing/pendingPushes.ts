/** A sampled event folded but not yet pushed to any dashboard. Times are epoch milliseconds. */
export interface PendingPush {
  traceparent: string;
  processedAt: number;
  eventTime: number;
}

export interface PendingPushesOptions {
  /** The most events held; beyond it new ones are not traced to their push. */
  capacity?: number;
  /** An event no push covered within this long is forgotten (no dashboard shows its range). */
  maxAgeMs?: number;
}

export const DEFAULT_PENDING_PUSHES_CAPACITY = 10_000;
export const DEFAULT_PENDING_PUSH_MAX_AGE_MS = 60_000;

/**
 * The sampled events awaiting their first push, so the gateway can record when each
 * reached a dashboard. Bounded in count and in age: with no dashboard connected nothing
 * is ever taken, and the set must not grow for it.
 */
export class PendingPushes {
  private readonly capacity: number;
  private readonly maxAgeMs: number;
  /** In the order added, so processedAt mostly ascends and the oldest sit at `head`. */
  private entries: (PendingPush | undefined)[] = [];
  private head = 0;
  private droppedCount = 0;

  constructor(options: PendingPushesOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_PENDING_PUSHES_CAPACITY;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_PENDING_PUSH_MAX_AGE_MS;
    if (!(Number.isInteger(this.capacity) && this.capacity > 0)) throw new RangeError(`capacity must be a positive whole number, got ${this.capacity}`);
    if (!(this.maxAgeMs > 0)) throw new RangeError(`maxAgeMs must be positive, got ${this.maxAgeMs}`);
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Events refused because the set was full of ones not yet too old. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** O(1) amortised. False when the set is full and its oldest entry is still young enough to keep. */
  add(traceparent: string, processedAt: number, eventTime: number): boolean {
    if (this.size >= this.capacity) {
      const oldest = this.entries[this.head]!;
      if (processedAt - oldest.processedAt <= this.maxAgeMs) {
        this.droppedCount++;
        return false;
      }
      this.dropOldest();
    }
    this.entries.push({ traceparent, processedAt, eventTime });
    return true;
  }

  /**
   * Removes and returns the events a push at `pushedAt` covering event time [from, to)
   * delivered: those in the range that were processed by then. Also forgets the ones
   * too old. Linear in what is held, which the capacity bounds.
   */
  takeCovered(pushedAt: number, from: number, to: number): PendingPush[] {
    const taken: PendingPush[] = [];
    const kept: PendingPush[] = [];
    for (let index = this.head; index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (pushedAt - entry.processedAt > this.maxAgeMs) continue;
      if (entry.eventTime >= from && entry.eventTime < to && pushedAt >= entry.processedAt) taken.push(entry);
      else kept.push(entry);
    }
    this.entries = kept;
    this.head = 0;
    return taken;
  }

  private dropOldest(): void {
    this.entries[this.head] = undefined;
    this.head++;
    // Compacting once per `capacity` drops keeps the array under twice the capacity and each add O(1) amortised.
    if (this.head >= this.capacity) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}
