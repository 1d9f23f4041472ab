/*
 * The bearer token the operator typed, kept for this browser session only (sessionStorage:
 * gone when the tab closes, never sent anywhere but this server). With no roles configured
 * on the server there is none, and requests go without it.
 */

const STORAGE_KEY = 'waybill.token';
const listeners = new Set<() => void>();

export function readSessionToken(): string | null {
  if (typeof window === 'undefined') return null;
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function saveSessionToken(token: string | null): void {
  try {
    if (token === null || token === '') window.sessionStorage.removeItem(STORAGE_KEY);
    else window.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Storage refused (private mode quotas): the token then lasts until reload.
  }
  for (const listener of listeners) listener();
}

/** Called when the token changes, so the live socket and queries can retry with it. */
export function onSessionTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function authorizationHeaders(): Record<string, string> {
  const token = readSessionToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
