/**
 * The idempotency keys (`source` + `id`) seen within the retention. This runs for every
 * event, so it keeps no per-key expiry bookkeeping: keys live in generations, each
 * spanning one retention of append time; the current and the previous generation are
 * consulted, older ones dropped whole. A key is therefore remembered for at least the
 * retention (and at most twice that). A copy arriving later would fall in a final
 * bucket anyway and count as late, never twice. Generations turn on append time, so
 * the window replays the same.
 *
 * Keyed by `id` alone, holding the source (or, rarely, the sources) seen with it, so no
 * combined key string is built per event.
 */
export class DedupeWindow {
  private current = new Map<string, string | string[]>();
  private previous = new Map<string, string | string[]>();
  private generationStart: number | null = null;

  constructor(private readonly retentionMs: number) {}

  /** True the first time a key is seen; false for a duplicate. */
  firstSighting(source: string, id: string, appendTime: number): boolean {
    this.turnGenerations(appendTime);
    const inCurrent = this.current.get(id);
    if (inCurrent !== undefined && hasSource(inCurrent, source)) return false;
    if (this.previous.size > 0) {
      const inPrevious = this.previous.get(id);
      if (inPrevious !== undefined && hasSource(inPrevious, source)) return false;
    }
    this.current.set(id, inCurrent === undefined ? source : withSource(inCurrent, source));
    return true;
  }

  private turnGenerations(appendTime: number): void {
    if (this.generationStart === null) {
      this.generationStart = appendTime;
      return;
    }
    if (appendTime - this.generationStart < this.retentionMs) return;
    const elapsedGenerations = Math.floor((appendTime - this.generationStart) / this.retentionMs);
    this.previous = elapsedGenerations === 1 ? this.current : new Map();
    this.current = new Map();
    this.generationStart += elapsedGenerations * this.retentionMs;
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}

function hasSource(known: string | string[], source: string): boolean {
  return typeof known === 'string' ? known === source : known.includes(source);
}

function withSource(known: string | string[], source: string): string[] {
  return typeof known === 'string' ? [known, source] : [...known, source];
}
