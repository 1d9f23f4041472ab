import { isStale, msUntilStale } from '../live/staleness';

/**
 * Tells when the figures turn stale with one timer, not one per frame: frames come ten
 * times a second, so the timer is set for the stale moment of the frame it started from
 * and, when it fires and a newer frame has come since, set again for that one's.
 */
export class FreshnessWatchdog {
  private lastFrameAt: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly onStale: (now: number) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  frameArrived(at: number): void {
    this.lastFrameAt = at;
    if (this.timer === null) this.schedule();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastFrameAt = null;
  }

  private schedule(): void {
    const wait = msUntilStale(this.lastFrameAt, this.clock());
    if (wait !== null) this.timer = setTimeout(this.check, wait);
  }

  private readonly check = (): void => {
    this.timer = null;
    const now = this.clock();
    // Stale: say so once; the next frame starts the timer again.
    if (isStale(this.lastFrameAt, now)) this.onStale(now);
    else this.schedule();
  };
}
