import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';

/**
 * Why an input could not be processed: one reason of the closed set, and a message for
 * people. A class, so the per-event path can return either a result or a Rejection and
 * tell them apart with `instanceof`, without wrapping every success in an object.
 */
export class Rejection {
  constructor(
    readonly reason: DeadLetterReason,
    readonly error: string,
  ) {}
}

/**
 * Refused only because the event time lies too far ahead of the append time: the one
 * refusal that depends on when the input is judged (ingest judges such an input again at
 * its append time).
 */
export class TooFarAhead extends Rejection {}

export function reject(reason: DeadLetterReason, error: string): Rejection {
  return new Rejection(reason, error);
}
