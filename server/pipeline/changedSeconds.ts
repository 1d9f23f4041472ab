/**
 * The seconds whose buckets changed since a live view last took them: what it must merge
 * again, and nothing else. Bounded by the retention: what leaves the state leaves here too,
 * so nothing piles up while no live view takes them.
 */
export class ChangedSeconds {
  private readonly seconds = new Set<number>();

  note(second: number): void {
    this.seconds.add(second);
  }

  /** Adds the noted seconds to `into` and starts noting anew. */
  takeInto(into: Set<number>): void {
    for (const second of this.seconds) into.add(second);
    this.seconds.clear();
  }

  forgetBefore(cutoff: number): void {
    for (const second of this.seconds) if (second < cutoff) this.seconds.delete(second);
  }
}
