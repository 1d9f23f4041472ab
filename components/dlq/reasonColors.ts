import type { DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { valueColor } from '../charts/valueColors';

/** A reason's colour, the same as on the dashboard's dead-letter chart: by its place in the closed set. */
export function reasonColor(reason: DeadLetterReason): string {
  return valueColor('reason', reason);
}
