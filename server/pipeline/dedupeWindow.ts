/**
 * The idempotency keys (`source` + `id`) seen within the retention, oldest first. Keys
 * expire by append time: a copy arriving after the retention would fall in a final
 * bucket anyway and count as late, never twice.
 */
export class DedupeWindow {
  // A Map keeps insertion order, so expiry walks from the oldest key and stops early.
  private readonly firstSeen = new Map<string, number>();

  /** True the first time a key is seen; false for a duplicate. */
  firstSighting(source: string, id: string, appendTime: number): boolean {
    const key = idempotencyKey(source, id);
    if (this.firstSeen.has(key)) return false;
    this.firstSeen.set(key, appendTime);
    return true;
  }

  expireBefore(cutoff: number): void {
    for (const [key, seenAt] of this.firstSeen) {
      if (seenAt >= cutoff) break;
      this.firstSeen.delete(key);
    }
  }

  get size(): number {
    return this.firstSeen.size;
  }
}

/** A separator no URI-reference or id can contain keeps ("a", "bc") apart from ("ab", "c"). */
function idempotencyKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}
