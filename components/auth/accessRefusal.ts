/*
 * Why the server refused us, when it was for want of a token: 401 (none sent) or 403
 * (a wrong one, or a viewer token where the operator's is needed). HTTP answers and the
 * live socket's connect_error report it alike, so one prompt can ask for the token.
 */
import { ApiRequestError } from '../fetchJson';

export type AccessRefusal = 'unauthorized' | 'forbidden';

export function accessRefusalOf(error: unknown): AccessRefusal | null {
  if (error instanceof ApiRequestError) {
    if (error.status === 401) return 'unauthorized';
    if (error.status === 403) return 'forbidden';
  }
  return null;
}

/** The live socket's connect_error carries the refusal as its message. */
export function accessRefusalOfSocketMessage(message: string): AccessRefusal | null {
  return message === 'unauthorized' || message === 'forbidden' ? message : null;
}

type RefusalListener = (refusal: AccessRefusal, explanation: string | null) => void;
const listeners = new Set<RefusalListener>();

/** For refusals that do not pass through TanStack Query, such as the live socket's. */
export function reportAccessRefusal(refusal: AccessRefusal, explanation: string | null = null): void {
  for (const listener of listeners) listener(refusal, explanation);
}

export function onAccessRefusal(listener: RefusalListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
