import { PEER_PATH_PREFIX } from '../http/paths';

/** How long an instance waits for another before leaving its partitions out of an answer. */
export const PEER_TIMEOUT_MS = 5_000;

/** What another instance answered: its JSON, or why there is none. */
export type PeerAnswer<T> = { ok: true; body: T } | { ok: false; why: string };

/**
 * GET from another instance's peer endpoints (`/api/peer/…`), carrying the caller's
 * Authorization header as it was given: the other instance checks the same token the
 * first one did. Never throws: an instance that does not answer, or answers an error,
 * is a reason, and its partitions are left out and named.
 */
export async function peerGet<T>(baseUrl: string, path: string, params: URLSearchParams, authorization: string | undefined, timeoutMs = PEER_TIMEOUT_MS): Promise<PeerAnswer<T>> {
  const url = `${baseUrl.replace(/\/+$/, '')}${PEER_PATH_PREFIX}${path}?${params.toString()}`;
  try {
    const response = await fetch(url, {
      headers: authorization ? { authorization } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { ok: false, why: `${baseUrl} answered ${response.status}` };
    }
    return { ok: true, body: (await response.json()) as T };
  } catch (error) {
    return { ok: false, why: `${baseUrl} did not answer (${(error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (error as Error).message})` };
  }
}
