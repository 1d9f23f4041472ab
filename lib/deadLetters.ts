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
  /**
   * The start of the original value as text (invalid UTF-8 shown with replacement
   * characters): at most DEAD_LETTER_PREVIEW_CHARS, so a page stays small whatever was
   * sent; the whole value is at GET /api/dlq/:ref/payload.
   */
  payload: string | null;
  /** True when `payload` is only the start of the value. */
  payloadTruncated: boolean;
  payloadBytes: number;
  headers: Record<string, string>;
  /** The event type the payload names, when it names one (a dead letter may have none). */
  type: string | null;
  replayedAt: number | null;
  /** The ref of the input a replay made of it. */
  replayedAs: string | null;
}

/** How much of a dead letter's value a page shows. */
export const DEAD_LETTER_PREVIEW_CHARS = 2_048;

/** The start of a value for a page: whole when short, else cut and marked. */
export function payloadPreview(payload: string | null): { payload: string | null; payloadTruncated: boolean } {
  if (payload === null || payload.length <= DEAD_LETTER_PREVIEW_CHARS) return { payload, payloadTruncated: false };
  return { payload: payload.slice(0, DEAD_LETTER_PREVIEW_CHARS), payloadTruncated: true };
}

/** GET /api/dlq/:ref/payload: a dead letter's whole value. */
export interface DeadLetterPayload {
  ref: string;
  /** The value as text; null when none was kept (over the size limit, or empty). */
  payload: string | null;
  payloadBytes: number;
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
