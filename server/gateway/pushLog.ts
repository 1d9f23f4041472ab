/** One update or snapshot that reached at least one dashboard: when, and the time it covered. */
interface Push {
  at: number;
  from: number;
  to: number;
}

/** How far forward a lookup looks for a push covering the time asked: pushes come up to ten times a second. */
const MAX_SCANNED = 600;

/**
 * When live updates went out, for an input's trace: the first push after the input was
 * processed whose figures cover its bucket is when it first reached a screen. Kept for the
 * retention, in push order (times only grow).
 */
export class PushLog {
  private readonly pushes: Push[] = [];
  private start = 0;

  constructor(private readonly keepMs: number) {}

  record(at: number, from: number, to: number): void {
    const last = this.pushes[this.pushes.length - 1];
    if (last && last.at === at) {
      last.from = Math.min(last.from, from);
      last.to = Math.max(last.to, to);
    } else {
      this.pushes.push({ at, from, to });
    }
    while (this.start < this.pushes.length && this.pushes[this.start]!.at < at - this.keepMs) this.start += 1;
    if (this.start > 4_096 && this.start * 2 > this.pushes.length) {
      this.pushes.splice(0, this.start);
      this.start = 0;
    }
  }

  /** The first push at or after `processedAt` covering `time`; null if none (yet). */
  firstCovering(processedAt: number, time: number): number | null {
    let low = this.start;
    let high = this.pushes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.pushes[middle]!.at < processedAt) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < Math.min(this.pushes.length, low + MAX_SCANNED); i += 1) {
      const push = this.pushes[i]!;
      if (push.from <= time && time < push.to) return push.at;
    }
    return null;
  }
}
