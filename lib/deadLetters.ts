import type { DeadLetterReason } from './contract/deadLetterReasons';

/** One dead letter as GET /api/dlq shows it. */
export interface DeadLetterView {
  ref: string;
  partition: number;
  offset: number;
  reason: DeadLetterReason;
  error: string;
  appendTime: number;
  failedAt: number;
  key: string | null;
  /** The original value as text (invalid UTF-8 shown with replacement characters). */
  payload: string | null;
  payloadBytes: number;
  headers: Record<string, string>;
  /** The event type the payload names, when it names one (a dead letter may have none). */
  type: string | null;
  replayedAt: number | null;
  /** The ref of the input a replay made of it. */
  replayedAs: string | null;
}

export interface DeadLetterPage {
  items: DeadLetterView[];
  /** How many dead letters match the filter, on every page. */
  total: number;
  nextCursor: string | null;
}

/** The filters of GET /api/dlq; `from`/`to` select by append time. */
export interface DeadLetterQuery {
  reason: DeadLetterReason | null;
  type: string | null;
  from: number | null;
  to: number | null;
  cursor: number | null;
  limit: number;
}
