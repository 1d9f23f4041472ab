/**
 * A map from 64-bit fingerprints (two 32-bit halves) to small non-negative integers,
 * held in typed arrays: three 32-bit words a slot, no object per entry, no limit on
 * entries (a JS Map stops at 2^24).
 *
 * It is split into segments by the fingerprint's top bits, each an open-addressing table
 * with linear probing that doubles on its own. Growing one segment rehashes only that
 * segment, so growth never pauses the fold for long however large the whole map is.
 * Deletion shifts the following entries back instead of leaving tombstones, so lookups
 * stay short under constant churn (the retention expires as much as arrives).
 */

const SEGMENT_BITS = 8;
const SEGMENTS = 1 << SEGMENT_BITS;
const INITIAL_SLOTS = 16;
const WORDS = 3;
/** Slot value meaning empty: values are stored plus one. */
const EMPTY = 0;

class Segment {
  slots = new Int32Array(INITIAL_SLOTS * WORDS);
  mask = INITIAL_SLOTS - 1;
  size = 0;
}

export class FingerprintIndex {
  private readonly segments: Segment[] = Array.from({ length: SEGMENTS }, () => new Segment());
  size = 0;

  get(high: number, low: number): number {
    const segment = this.segments[high >>> (32 - SEGMENT_BITS)]!;
    const slots = segment.slots;
    let slot = low & segment.mask;
    for (;;) {
      const at = slot * WORDS;
      const value = slots[at + 2]!;
      if (value === EMPTY) return -1;
      if (slots[at] === (high | 0) && slots[at + 1] === (low | 0)) return value - 1;
      slot = (slot + 1) & segment.mask;
    }
  }

  /** Sets the value of a fingerprint, adding it if absent. */
  set(high: number, low: number, value: number): void {
    const segment = this.segments[high >>> (32 - SEGMENT_BITS)]!;
    if ((segment.size + 1) * 4 > (segment.mask + 1) * 3) grow(segment);
    const slots = segment.slots;
    let slot = low & segment.mask;
    for (;;) {
      const at = slot * WORDS;
      if (slots[at + 2] === EMPTY) {
        slots[at] = high;
        slots[at + 1] = low;
        slots[at + 2] = value + 1;
        segment.size += 1;
        this.size += 1;
        return;
      }
      if (slots[at] === (high | 0) && slots[at + 1] === (low | 0)) {
        slots[at + 2] = value + 1;
        return;
      }
      slot = (slot + 1) & segment.mask;
    }
  }

  delete(high: number, low: number): boolean {
    const segment = this.segments[high >>> (32 - SEGMENT_BITS)]!;
    const slots = segment.slots;
    const mask = segment.mask;
    let slot = low & mask;
    for (;;) {
      const at = slot * WORDS;
      if (slots[at + 2] === EMPTY) return false;
      if (slots[at] === (high | 0) && slots[at + 1] === (low | 0)) break;
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion: move up every following entry whose home slot is at or
    // before the hole, so no probe sequence is broken.
    let hole = slot;
    let next = (hole + 1) & mask;
    while (slots[next * WORDS + 2] !== EMPTY) {
      const home = slots[next * WORDS + 1]! & mask;
      const distanceToNext = (next - home) & mask;
      const distanceToHole = (hole - home) & mask;
      if (distanceToHole < distanceToNext) {
        slots.copyWithin(hole * WORDS, next * WORDS, next * WORDS + WORDS);
        hole = next;
      }
      next = (next + 1) & mask;
    }
    slots.fill(0, hole * WORDS, hole * WORDS + WORDS);
    segment.size -= 1;
    this.size -= 1;
    return true;
  }

  /** Bytes held by the tables, for the accounting in docs/architecture.md. */
  get byteLength(): number {
    let bytes = 0;
    for (const segment of this.segments) bytes += segment.slots.byteLength;
    return bytes;
  }
}

function grow(segment: Segment): void {
  const old = segment.slots;
  const slotCount = (segment.mask + 1) * 2;
  const slots = new Int32Array(slotCount * WORDS);
  const mask = slotCount - 1;
  for (let at = 0; at < old.length; at += WORDS) {
    if (old[at + 2] === EMPTY) continue;
    let slot = old[at + 1]! & mask;
    while (slots[slot * WORDS + 2] !== EMPTY) slot = (slot + 1) & mask;
    slots[slot * WORDS] = old[at]!;
    slots[slot * WORDS + 1] = old[at + 1]!;
    slots[slot * WORDS + 2] = old[at + 2]!;
  }
  segment.slots = slots;
  segment.mask = mask;
}
