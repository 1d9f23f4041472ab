/**
 * The idempotency keys (`source` + `id`) seen within the retention. Keys expire by append
 * time: a copy arriving after the retention would fall in a final bucket anyway and count
 * as late, never twice.
 *
 * This runs for every event, so it avoids building a combined key string: the map is
 * keyed by `id` alone and holds the source (or, rarely, the sources) seen with it, and
 * expiry walks a queue in arrival order.
 */
export class DedupeWindow {
  private readonly sourcesById = new Map<string, string | string[]>();
  private readonly expiryIds: string[] = [];
  private readonly expirySources: string[] = [];
  private readonly expiryTimes: number[] = [];
  private expiryHead = 0;

  /** True the first time a key is seen; false for a duplicate. */
  firstSighting(source: string, id: string, appendTime: number): boolean {
    const known = this.sourcesById.get(id);
    if (known === undefined) {
      this.sourcesById.set(id, source);
    } else if (typeof known === 'string') {
      if (known === source) return false;
      this.sourcesById.set(id, [known, source]);
    } else {
      if (known.includes(source)) return false;
      known.push(source);
    }
    this.expiryIds.push(id);
    this.expirySources.push(source);
    this.expiryTimes.push(appendTime);
    return true;
  }

  expireBefore(cutoff: number): void {
    let head = this.expiryHead;
    while (head < this.expiryTimes.length && this.expiryTimes[head]! < cutoff) {
      this.forget(this.expiryIds[head]!, this.expirySources[head]!);
      head += 1;
    }
    this.expiryHead = head;
    // Compact the queue once the expired part dominates, so it does not grow forever.
    if (head > 1_024 && head * 2 > this.expiryTimes.length) {
      this.expiryIds.splice(0, head);
      this.expirySources.splice(0, head);
      this.expiryTimes.splice(0, head);
      this.expiryHead = 0;
    }
  }

  private forget(id: string, source: string): void {
    const known = this.sourcesById.get(id);
    if (known === undefined) return;
    if (typeof known === 'string') {
      if (known === source) this.sourcesById.delete(id);
      return;
    }
    const remaining = known.filter((candidate) => candidate !== source);
    if (remaining.length === 0) this.sourcesById.delete(id);
    else this.sourcesById.set(id, remaining.length === 1 ? remaining[0]! : remaining);
  }

  get size(): number {
    return this.expiryTimes.length - this.expiryHead;
  }
}
