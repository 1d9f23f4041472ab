import type { ShipmentTrafficGenerator, SimulatedInput } from './shipmentTraffic';

export interface SimulatorRunnerOptions {
  generator: ShipmentTrafficGenerator;
  /** Events per second. */
  rate: number;
  /** Where generated inputs go: the embedded log, an HTTP endpoint, a Kafka topic. */
  send: (inputs: SimulatedInput[]) => Promise<void>;
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
export class SimulatorRunner {
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private sent = 0;
  private heldBack = 0;
  private inFlight: Promise<void> | null = null;
  private readonly clock: () => number;

  constructor(private readonly options: SimulatorRunnerOptions) {
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
    this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 100);
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
    const inputs: SimulatedInput[] = [];
    for (let i = 0; i < count; i += 1) inputs.push(this.options.generator.next(now));
    this.sent += owed;
    this.inFlight = this.options
      .send(inputs)
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
