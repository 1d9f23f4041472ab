import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';

/** Why an input could not be processed: one reason of the closed set, and a message for people. */
export interface Rejection {
  reason: DeadLetterReason;
  error: string;
}

export function reject(reason: DeadLetterReason, error: string): Rejection {
  return { reason, error };
}
