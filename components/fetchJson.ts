import type { ApiErrorBody } from '../lib/apiError';
import { authorizationHeaders } from './auth/sessionToken';

/** A failed API call, carrying the API's own error code when it sent one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/**
 * Calls a JSON API path (GET unless `init` says otherwise), with the session's token when
 * there is one; the answer's shape is the contract type the caller names.
 */
export async function fetchJson<T>(path: string, signal?: AbortSignal, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    signal,
    headers: { accept: 'application/json', ...authorizationHeaders(), ...(init.headers as Record<string, string> | undefined) },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    if (isApiErrorBody(body)) throw new ApiRequestError(response.status, body.error.code, body.error.message);
    throw new ApiRequestError(response.status, 'http_error', `${path} answered ${response.status}`);
  }
  return body as T;
}
