/** Entries per page: pages are allocated as needed and never copied. */
const PAGE_BITS = 14;
const PAGE_ENTRIES = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_ENTRIES - 1;
/** high, low, next. */
const WORDS = 3;
const NONE = -1;

/**
 * The idempotency keys of every shipment of one partition, as 64-bit fingerprints in
 * chains: each shipment holds the number of its newest key, each key the number of the
 * one before. Twelve bytes a key, in pages of typed arrays; the keys of an expired
 * shipment go back to a free list for the next ones.
 */
export class IdempotencyKeys {
  private readonly pages: Int32Array[] = [];
  private freeHead = NONE;
  private highWater = 0;
  /** Keys held: added and not yet released. */
  size = 0;

  /** True if the chain starting at `head` holds the fingerprint. */
  has(head: number, high: number, low: number): boolean {
    const pages = this.pages;
    high |= 0;
    low |= 0;
    for (let entry = head; entry !== NONE; ) {
      const page = pages[entry >>> PAGE_BITS]!;
      const at = (entry & PAGE_MASK) * WORDS;
      if (page[at + 1] === low && page[at] === high) return true;
      entry = page[at + 2]!;
    }
    return false;
  }

  /** Adds a key in front of the chain at `head` (NONE for a new chain); returns the new head. */
  add(head: number, high: number, low: number): number {
    let entry: number;
    if (this.freeHead !== NONE) {
      entry = this.freeHead;
      this.freeHead = this.pages[entry >>> PAGE_BITS]![(entry & PAGE_MASK) * WORDS + 2]!;
    } else {
      entry = this.highWater;
      this.highWater += 1;
      if (entry >>> PAGE_BITS === this.pages.length) this.pages.push(new Int32Array(PAGE_ENTRIES * WORDS));
    }
    const page = this.pages[entry >>> PAGE_BITS]!;
    const at = (entry & PAGE_MASK) * WORDS;
    page[at] = high;
    page[at + 1] = low;
    page[at + 2] = head;
    this.size += 1;
    return entry;
  }

  forEach(head: number, visit: (high: number, low: number) => void): void {
    for (let entry = head; entry !== NONE; ) {
      const page = this.pages[entry >>> PAGE_BITS]!;
      const at = (entry & PAGE_MASK) * WORDS;
      visit(page[at]! >>> 0, page[at + 1]! >>> 0);
      entry = page[at + 2]!;
    }
  }

  /** Gives back every key of the chain at `head`. */
  release(head: number): void {
    let entry = head;
    while (entry !== NONE) {
      const page = this.pages[entry >>> PAGE_BITS]!;
      const at = (entry & PAGE_MASK) * WORDS;
      const next = page[at + 2]!;
      page[at + 2] = this.freeHead;
      this.freeHead = entry;
      this.size -= 1;
      entry = next;
    }
  }

  get byteLength(): number {
    return this.pages.length * PAGE_ENTRIES * WORDS * 4;
  }
}

export const NO_KEYS = NONE;
