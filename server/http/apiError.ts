import type { ServerResponse } from 'node:http';
import type { ApiErrorBody } from '../../lib/apiError';

export const API_ERROR_CODES = [
  'bad_request',
  'invalid_parameter',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'misdirected_request',
  'payload_too_large',
  'unsupported_media_type',
  'too_many_requests',
  'unavailable',
  'internal_error',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  invalid_parameter: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  misdirected_request: 421,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  unavailable: 503,
  internal_error: 500,
};

/** An error meant for the API's caller: its message is shown as it is. */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Sent as `Retry-After`: when a refused caller may try again (back pressure). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS[code];
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/**
 * The one place errors become HTTP answers. Anything that is not an ApiError is a bug:
 * it is logged, and the caller sees a generic message, never internals.
 */
export function sendError(res: ServerResponse, error: unknown, log: (message: string, error: unknown) => void): void {
  const apiError = error instanceof ApiError ? error : new ApiError('internal_error', 'internal error');
  if (!(error instanceof ApiError)) log('unhandled API error', error);
  const body: ApiErrorBody = { error: { code: apiError.code, message: apiError.message } };
  if (apiError.code === 'unauthorized' && !res.headersSent) res.setHeader('www-authenticate', 'Bearer realm="waybill"');
  if (apiError.retryAfterSeconds !== null && !res.headersSent) res.setHeader('retry-after', String(Math.max(1, Math.ceil(apiError.retryAfterSeconds))));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.status, body);
}
