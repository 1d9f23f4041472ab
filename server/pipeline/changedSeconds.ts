/** Who takes the changed seconds: each reader sees every change once, whoever took first. */
export type ChangeReader = 'liveView' | 'publisher';

/**
 * The seconds whose buckets changed since a reader last took them: what a live view must
 * merge again, or what an owner must publish to the other instances, and nothing else.
 * Noting costs one set insertion whatever the number of readers: notes wait in `pending`
 * and are handed to every reader when one takes. Bounded by the retention: what leaves the
 * state leaves here too, so nothing piles up while a reader does not take.
 */
export class ChangedSeconds {
  private readonly pending = new Set<number>();
  private readonly readers: Record<ChangeReader, Set<number>> = { liveView: new Set(), publisher: new Set() };

  note(second: number): void {
    this.pending.add(second);
  }

  /** Adds the seconds noted since `reader` last took to `into`, and starts noting anew for it. */
  takeInto(into: Set<number>, reader: ChangeReader = 'liveView'): void {
    if (this.pending.size > 0) {
      for (const seconds of Object.values(this.readers)) for (const second of this.pending) seconds.add(second);
      this.pending.clear();
    }
    const seconds = this.readers[reader];
    for (const second of seconds) into.add(second);
    seconds.clear();
  }

  forgetBefore(cutoff: number): void {
    for (const seconds of [this.pending, ...Object.values(this.readers)]) {
      for (const second of seconds) if (second < cutoff) seconds.delete(second);
    }
  }
}
