import { alertmanagerPayload } from './alertmanagerPayload';
import type { AlertNotification, AlertNotifier } from './alertNotification';

export interface AlertWebhookOptions {
  /** Where to POST, e.g. an Alertmanager-compatible receiver. */
  url: string;
  /** Waybill's alerts page, e.g. http://localhost:3000/alerts: the payload's externalURL and the base of its links. */
  externalUrl: string;
  receiver?: string;
  /** Extra request headers, e.g. an Authorization a receiver asks for. */
  headers?: Record<string, string>;
  timeoutMs?: number;
  initialRetryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Attempts per notification before it is given up: the delivery loop must not wait on one forever. */
  maxAttempts?: number;
  queueLimit?: number;
  /** A notification was given up: refused by the receiver, or out of attempts. */
  onError?: (error: Error, notification: AlertNotification) => void;
  onDelivered?: (notification: AlertNotification) => void;
  /** An attempt failed and will be retried after a backoff. */
  onRetry?: (error: Error, notification: AlertNotification, attempt: number) => void;
}

export class AlertWebhookError extends Error {
  constructor(
    message: string,
    /** The receiver's HTTP status; null when no answer came (network error, timeout). */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'AlertWebhookError';
  }
}

type AttemptOutcome = { kind: 'delivered' } | { kind: 'retry'; error: Error } | { kind: 'refused'; error: Error };

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429]);

function isRetryableStatus(status: number): boolean {
  return status >= 500 || RETRYABLE_STATUSES.has(status);
}

/** The receiver as errors name it: no credentials or query, which may carry a secret. */
function describeReceiver(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/**
 * Sends alert notifications to a webhook in Alertmanager's format, one at a time and in order,
 * retrying with exponential backoff and full jitter. `notify` only queues: an evaluation
 * never waits on a slow receiver. A full queue drops its oldest notification.
 */
export class AlertWebhookNotifier implements AlertNotifier {
  private readonly url: URL;
  private readonly receiverName: string;
  private readonly timeoutMs: number;
  private readonly initialRetryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly maxAttempts: number;
  private readonly queueLimit: number;
  private readonly waiting: AlertNotification[] = [];
  private delivering = false;
  /** A notification is taken off the queue and not yet delivered or given up. */
  private sendingOne = false;
  private deliveryLoop: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly closing = new AbortController();
  private retryTimer: NodeJS.Timeout | null = null;
  private endRetryWait: (() => void) | null = null;
  private sentCount = 0;
  private failedCount = 0;
  private retryCount = 0;
  private droppedCount = 0;

  constructor(private readonly options: AlertWebhookOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new Error(`alert webhook: expected an http(s) URL, got ${this.url.protocol}`);
    this.receiverName = options.receiver ?? 'waybill';
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.initialRetryDelayMs = options.initialRetryDelayMs ?? 500;
    this.maxRetryDelayMs = Math.max(this.initialRetryDelayMs, options.maxRetryDelayMs ?? 30_000);
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 50);
    this.queueLimit = Math.max(1, options.queueLimit ?? 1_000);
  }

  /** Delivered (2xx). */
  get sent(): number {
    return this.sentCount;
  }
  /** Given up: refused by a 4xx, or out of attempts. */
  get failed(): number {
    return this.failedCount;
  }
  get retries(): number {
    return this.retryCount;
  }
  /** Pushed out of a full queue, or notified after close. */
  get dropped(): number {
    return this.droppedCount;
  }
  /** Not yet delivered or given up, the one being sent included. */
  get queued(): number {
    return this.waiting.length + (this.sendingOne ? 1 : 0);
  }

  notify(notification: AlertNotification): void {
    if (this.closed) {
      this.droppedCount += 1;
      return;
    }
    if (this.waiting.length >= this.queueLimit) {
      this.waiting.shift();
      this.droppedCount += 1;
    }
    this.waiting.push(notification);
    if (!this.delivering) this.deliveryLoop = this.deliverAll();
  }

  /** Stops sending: the attempt in flight is aborted, a backoff cut short; what is queued stays unsent. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.endRetryWait?.();
    this.endRetryWait = null;
    await this.deliveryLoop;
  }

  private async deliverAll(): Promise<void> {
    // Set before the first await, so a notify during this loop never starts a second one.
    this.delivering = true;
    try {
      // Each turn takes one notification off the queue; close ends the loop.
      while (!this.closed) {
        const next = this.waiting.shift();
        if (next === undefined) break;
        this.sendingOne = true;
        await this.deliver(next);
      }
    } finally {
      this.sendingOne = false;
      this.delivering = false;
    }
  }

  private async deliver(notification: AlertNotification): Promise<void> {
    const body = JSON.stringify(alertmanagerPayload(notification, this.receiverName, this.options.externalUrl));
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const outcome = await this.attempt(body);
      if (this.closed) return;
      if (outcome.kind === 'delivered') {
        this.sendingOne = false;
        this.sentCount += 1;
        this.report(() => this.options.onDelivered?.(notification));
        return;
      }
      if (outcome.kind === 'refused' || attempt === this.maxAttempts) {
        this.sendingOne = false;
        this.failedCount += 1;
        const error =
          outcome.kind === 'refused' ? outcome.error : new AlertWebhookError(`gave up after ${attempt} attempts: ${outcome.error.message}`, null);
        this.report(() => this.options.onError?.(error, notification));
        return;
      }
      this.retryCount += 1;
      this.report(() => this.options.onRetry?.(outcome.error, notification, attempt));
      await this.waitBeforeRetry(attempt);
      if (this.closed) return;
    }
  }

  private async attempt(body: string): Promise<AttemptOutcome> {
    const receiver = describeReceiver(this.url);
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { ...this.options.headers, 'content-type': 'application/json', 'user-agent': 'waybill-alerts' },
        body,
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]),
      });
      if (response.ok) {
        // Read to the end, so the connection goes back to the pool.
        await response.arrayBuffer();
        return { kind: 'delivered' };
      }
      const answer = (await response.text()).slice(0, 200);
      const error = new AlertWebhookError(`${receiver} answered ${response.status}${answer ? `: ${answer}` : ''}`, response.status);
      return isRetryableStatus(response.status) ? { kind: 'retry', error } : { kind: 'refused', error };
    } catch (cause) {
      const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
      return { kind: 'retry', error: new AlertWebhookError(`${receiver}: ${reason}`, null) };
    }
  }

  /** Full jitter: a random delay up to the exponential step, so many senders do not retry in step. */
  private waitBeforeRetry(attempt: number): Promise<void> {
    const ceiling = Math.min(this.maxRetryDelayMs, this.initialRetryDelayMs * 2 ** (attempt - 1));
    const delay = Math.random() * ceiling;
    return new Promise((resolve) => {
      this.endRetryWait = resolve;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.endRetryWait = null;
        resolve();
      }, delay);
      // Alerts in backoff must not hold a stopping process open.
      this.retryTimer.unref();
    });
  }

  /** A callback's exception must not stop the delivery loop. */
  private report(callback: () => void): void {
    try {
      callback();
    } catch {
      // The callback is the caller's reporting; there is nowhere further to report its failure.
    }
  }
}
