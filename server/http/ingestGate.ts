import type { BackpressureState } from '../../lib/health';
import type { RefusalReason } from '../metrics/waybillMetrics';
import { ApiError } from './apiError';

export interface IngestGateOptions {
  /** Ingest requests being read or written at once; one more is answered 429. */
  maxConcurrentRequests: number;
  /** Items received but not durable yet; past this the log writer is behind: 503. */
  maxPendingItems: number;
  /** Records in the log not folded yet; past this the pipeline is behind: 503. */
  maxPipelineLagRecords: number;
  /** How far the event loop may trail before ingest waits (the pipeline shares its thread). */
  maxEventLoopDelayMs: number;
  pipelineLagRecords: () => number;
  /** The event loop's recent delay, in ms (a sampled monitor; see eventLoopLoad.ts). */
  eventLoopDelayMs: () => number;
  /** The share of recent time the event loop was busy, 0 to 1; absent: not watched. */
  eventLoopUtilization?: () => number;
  /** Past this utilisation the loop is saturated: requests wait unseen in socket buffers. */
  maxEventLoopUtilization?: number;
  /**
   * The utilisation bound applies only while ingest brings at least this many items a
   * second: a busy loop with little ingest (a start, a rebuild, a crowded machine) is not
   * ingest's doing, and refusing a trickle would not relieve it.
   */
  minItemsPerSecondForUtilization?: number;
  onRefused?: (reason: RefusalReason) => void;
  clock?: () => number;
}

export const DEFAULT_INGEST_LIMITS = {
  // At the rate one instance folds (bench/overload.ts, docs/benchmarks.md), 10,000 waiting
  // items are a fraction of a second, so an answer keeps within a second under overload.
  maxConcurrentRequests: 64,
  maxPendingItems: 10_000,
  maxPipelineLagRecords: 200_000,
  // A last resort: a loop stalled this long makes every answer late, whatever is queued.
  maxEventLoopDelayMs: 1_000,
  maxEventLoopUtilization: 0.95,
  minItemsPerSecondForUtilization: 5_000,
} as const;

/** How long back pressure stays reported after the last refusal: a scrape or a screen sees it. */
const ACTIVE_AFTER_REFUSAL_MS = 5_000;

/**
 * Back pressure at the door of POST /api/events. Everything between ingest and the fold
 * is bounded: requests in flight, items waiting to be durable, records waiting to be
 * folded. Past a bound, a request is refused before its body is read, with Retry-After,
 * so a producer slows down and the server's memory stays flat instead of queueing what
 * it cannot fold. A refused request wrote nothing: nothing answered 202 is ever dropped.
 */
export class IngestGate {
  private requests = 0;
  private pendingItems = 0;
  private lastRefusal: { at: number; reason: RefusalReason } | null = null;
  private activeSince: number | null = null;
  private refusals = 0;
  private readonly clock: () => number;

  constructor(private readonly options: IngestGateOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Admits one request or throws the 429/503 that refuses it. The caller must call the
   * returned `leave` once the request is answered.
   */
  enter(): { reserve: (items: number) => void; leave: () => void } {
    const reason = this.refusalReason();
    if (reason !== null) this.refuse(reason);
    this.requests += 1;
    let reserved = 0;
    let left = false;
    return {
      reserve: (items) => {
        reserved += items;
        this.pendingItems += items;
        this.countItems(items);
      },
      leave: () => {
        if (left) return;
        left = true;
        this.requests -= 1;
        this.pendingItems -= reserved;
      },
    };
  }

  /** Items taken in the current second and the one before: a rate without a timer. */
  private itemWindows = { second: 0, current: 0, previous: 0 };

  private countItems(items: number): void {
    this.rollItemWindows();
    this.itemWindows.current += items;
  }

  private rollItemWindows(): void {
    const second = Math.floor(this.clock() / 1_000);
    const windows = this.itemWindows;
    if (second === windows.second) return;
    windows.previous = second === windows.second + 1 ? windows.current : 0;
    windows.current = 0;
    windows.second = second;
  }

  /** Ingest's recent rate: the last whole second's items, or the current one's if higher. */
  private itemsPerSecond(): number {
    this.rollItemWindows();
    return Math.max(this.itemWindows.previous, this.itemWindows.current);
  }

  /** Whether a new producer (the simulator) should hold back now. */
  get behind(): boolean {
    return this.refusalReason() !== null;
  }

  private refusalReason(): RefusalReason | null {
    const { options } = this;
    if (this.requests >= options.maxConcurrentRequests) return 'too_many_requests';
    if (this.pendingItems >= options.maxPendingItems) return 'log_behind';
    if (options.pipelineLagRecords() > options.maxPipelineLagRecords) return 'pipeline_behind';
    if (options.eventLoopDelayMs() > options.maxEventLoopDelayMs) return 'pipeline_behind';
    // Saturated: more work than the thread can do arrives. Refusing some of it is cheap
    // (no parse, no append, no fold), and frees the thread for what is taken.
    if (
      options.eventLoopUtilization &&
      options.eventLoopUtilization() > (options.maxEventLoopUtilization ?? 1) &&
      this.itemsPerSecond() >= (options.minItemsPerSecondForUtilization ?? 0)
    ) {
      return 'too_many_requests';
    }
    return null;
  }

  private refuse(reason: RefusalReason): never {
    const now = this.clock();
    this.refusals += 1;
    if (this.activeSince === null || this.lastRefusal === null || now - this.lastRefusal.at > ACTIVE_AFTER_REFUSAL_MS) this.activeSince = now;
    this.lastRefusal = { at: now, reason };
    this.options.onRefused?.(reason);
    if (reason === 'too_many_requests') {
      throw new ApiError('too_many_requests', 'more ingest requests than this instance can take now; retry after the time in Retry-After', 1);
    }
    const what = reason === 'log_behind' ? 'the log writer is' : 'the pipeline is';
    throw new ApiError('unavailable', `${what} behind; nothing of this request was taken: send it again after the time in Retry-After`, 2);
  }

  /** For health, the dashboard and /metrics. */
  state(): BackpressureState {
    const now = this.clock();
    const active = this.lastRefusal !== null && now - this.lastRefusal.at <= ACTIVE_AFTER_REFUSAL_MS;
    return {
      active,
      reason: active ? this.lastRefusal!.reason : null,
      since: active ? this.activeSince : null,
      refusedRequests: this.refusals,
      pendingItems: this.pendingItems,
      requestsInFlight: this.requests,
    };
  }
}
