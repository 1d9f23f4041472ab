/** Where a runner's inputs come from: a generator in this thread, or one in a thread of its own (trafficThread.ts). */
export interface TrafficSource<Input> {
  /** `count` inputs generated at `now`. */
  take(count: number, now: number): Input[] | Promise<Input[]>;
}

export interface SimulatorRunnerOptions<Input> {
  traffic: TrafficSource<Input>;
  /** Events per second. */
  rate: number;
  /** Where generated inputs go: the embedded log, an HTTP endpoint, a Kafka topic. */
  send: (inputs: Input[]) => Promise<void>;
  /**
   * How often it sends; 25 ms by default: traffic comes in small steps, as from many
   * producers, rather than a tenth of a second's worth at once (an event's time to the
   * screen counts from its append, and the first of a burst waits for the whole of it).
   */
  tickMs?: number;
  clock?: () => number;
  onError?: (error: Error) => void;
  /** While true (Waybill is behind), ticks send nothing and what they owed is forgiven: the simulator slows down instead of piling up. */
  holdBack?: () => boolean;
}

/**
 * Drives a generator at a steady rate on a timer. Each tick sends what the rate owes
 * since the start, so a slow tick catches up instead of drifting; a tick never overlaps
 * the previous send, so a slow sink slows the simulator instead of piling up requests.
 */
export class SimulatorRunner<Input> {
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private sent = 0;
  private heldBack = 0;
  private inFlight: Promise<void> | null = null;
  private readonly clock: () => number;

  constructor(private readonly options: SimulatorRunnerOptions<Input>) {
    this.clock = options.clock ?? Date.now;
  }

  get sentCount(): number {
    return this.sent;
  }

  /** Events not generated because Waybill was behind. */
  get heldBackCount(): number {
    return this.heldBack;
  }

  start(): void {
    if (this.timer || this.options.rate <= 0) return;
    this.startedAt = this.clock();
    this.sent = 0;
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 25);
  }

  private tick(): void {
    if (this.inFlight) return;
    const now = this.clock();
    const owed = Math.floor(((now - this.startedAt) / 1_000) * this.options.rate) - this.sent;
    if (this.options.holdBack?.()) {
      this.sent += Math.max(0, owed);
      this.heldBack += Math.max(0, owed);
      return;
    }
    // After a long stall, do not flood: send at most two seconds' worth at once.
    const count = Math.min(owed, Math.max(1, Math.ceil(this.options.rate * 2)));
    if (count <= 0) return;
    this.sent += owed;
    this.inFlight = new Promise<Input[]>((resolve) => resolve(this.options.traffic.take(count, now)))
      .then((inputs) => this.options.send(inputs))
      .catch((error: unknown) => this.options.onError?.(error as Error))
      .finally(() => {
        this.inFlight = null;
      });
  }

  /** Stops the timer; resolves once a send in flight has settled. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }
}
