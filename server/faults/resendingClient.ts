import { NDJSON_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import type { SeededRandom } from '../sources/simulator/random';
import { postEvents, type RunningServer } from '../testing/runningServer';

/** A refusal (429, 503) means the server is behind or not connected yet: give it a moment. */
const REFUSAL_PAUSE_MS = 250;
/** How many acknowledged requests the typical duration is taken from, and the guess before there are any. */
const RECENT_REQUESTS = 20;
const DEFAULT_REQUEST_MS = 20;
/** Another try at once after a lost connection would only find the same restart under way. */
const CONNECTION_ERROR_PAUSE_MS = 50;

export interface SendTally {
  batchesAcknowledged: number;
  eventsAcknowledged: number;
  /** Events sent again because an earlier try of their batch was not acknowledged. */
  eventsResent: number;
  /** Tries with no answer: the connection failed or broke before the answer was read. */
  unanswered: number;
  /** Tries answered 429 or 503: refused as a whole (in Kafka mode a 503 may follow a partial write, whose events then come back as duplicates). */
  refused: number;
}

/** Where to send: the server up now, or the next one once a restart is done. */
export interface SendTarget {
  whenUp(): Promise<RunningServer>;
}

/**
 * A producer that sends NDJSON batches to POST /api/events, one at a time, and sends a
 * batch again until it is acknowledged (202 with every item accepted), as a client that
 * must lose nothing does. Whether an unanswered try was taken is unknown: the server's
 * dedupe has to count its events once however often they arrive.
 *
 * One batch at a time, on purpose: a batch sent again after newer ones were taken could
 * fall behind the watermark and count as late, which is right but not what this measures.
 */
export class ResendingClient {
  readonly tally: SendTally = { batchesAcknowledged: 0, eventsAcknowledged: 0, eventsResent: 0, unanswered: 0, refused: 0 };
  /** How long the last acknowledged requests took: `midRequest` draws its instant against their median. */
  private recentRequestMs: number[] = [];
  private requestWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly target: SendTarget,
    private readonly maxAttempts = 30,
  ) {}

  async send(lines: readonly string[]): Promise<void> {
    const body = lines.join('\n') + '\n';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      if (attempt > 1) this.tally.eventsResent += lines.length;
      const server = await this.target.whenUp();
      let answer: Awaited<ReturnType<typeof postEvents>>;
      const startedAt = performance.now();
      this.wakeRequestWaiters();
      try {
        // A server killed mid-request resets the connection: the promise rejects at once.
        answer = await postEvents(server.url, NDJSON_CONTENT_TYPE, body);
      } catch {
        this.tally.unanswered += 1;
        await new Promise((resolve) => setTimeout(resolve, CONNECTION_ERROR_PAUSE_MS));
        continue;
      }
      if (answer.status === 202) {
        if (answer.body.accepted !== lines.length) {
          throw new Error(`a batch of ${lines.length} valid events was answered ${JSON.stringify(answer.body)}`);
        }
        this.recentRequestMs = [...this.recentRequestMs.slice(-(RECENT_REQUESTS - 1)), performance.now() - startedAt];
        this.tally.batchesAcknowledged += 1;
        this.tally.eventsAcknowledged += lines.length;
        return;
      }
      if (answer.status === 429 || answer.status === 503) {
        this.tally.refused += 1;
        await new Promise((resolve) => setTimeout(resolve, REFUSAL_PAUSE_MS));
        continue;
      }
      throw new Error(`POST /api/events answered ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    throw new Error(`a batch was not acknowledged in ${this.maxAttempts} tries (${JSON.stringify(this.tally)})`);
  }

  /**
   * Resolves at a random instant of the next request: before, during or after its append,
   * the answer on its way or not. A timer alone would mostly fire between requests, and a
   * kill there tests little. Resolves at once when the client is done sending.
   */
  async midRequest(random: SeededRandom): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.requestWaiters.push(resolve));
    await new Promise((resolve) => setTimeout(resolve, random.next() * this.typicalRequestMs()));
  }

  /** The median, not the mean: one request held up by a broker restart must not push every later instant past its request. */
  private typicalRequestMs(): number {
    const sorted = [...this.recentRequestMs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? DEFAULT_REQUEST_MS;
  }

  /** Done sending: whoever waits for a request waits no longer. */
  close(): void {
    this.closed = true;
    this.wakeRequestWaiters();
  }

  private wakeRequestWaiters(): void {
    const waiters = this.requestWaiters;
    this.requestWaiters = [];
    for (const wake of waiters) wake();
  }
}

export interface PacedSending {
  client: ResendingClient;
  /** The next event's NDJSON line. */
  nextLine: () => string;
  batchSize: number;
  /** A batch starts no sooner than this after the one before: a restart does not replay an ever longer log. */
  minIntervalMs: number;
  maxBatches: number;
  deadlineMs: number;
  /** True once the faults are over; then this many more batches are sent, and sending ends. */
  faultsDone: () => boolean;
  batchesAfterFaults: number;
  /** Runs before each batch (numbered from 0), for what a test sends beside the events. */
  beforeBatch?: (batch: number) => Promise<void>;
}

/**
 * Sends batches one at a time, each until acknowledged (a batch sent again after newer
 * ones were taken could fall behind the watermark), paced, bounded in count and time;
 * resolves with how many events were sent. The client is closed at the end.
 */
export async function sendPacedBatches(sending: PacedSending): Promise<number> {
  let sentEvents = 0;
  try {
    const deadline = Date.now() + sending.deadlineMs;
    let batchesAfterFaults = 0;
    for (let batch = 0; batch < sending.maxBatches && batchesAfterFaults < sending.batchesAfterFaults && Date.now() < deadline; batch += 1) {
      if (sending.faultsDone()) batchesAfterFaults += 1;
      const batchStartedAt = Date.now();
      await sending.beforeBatch?.(batch);
      const lines = Array.from({ length: sending.batchSize }, () => sending.nextLine());
      sentEvents += lines.length;
      await sending.client.send(lines);
      const pace = batchStartedAt + sending.minIntervalMs - Date.now();
      if (pace > 0) await new Promise((resolve) => setTimeout(resolve, pace));
    }
    return sentEvents;
  } finally {
    sending.client.close();
  }
}
