import { DEAD_LETTER_REASONS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { seriesColor } from '../seriesColors';

/** A reason's colour, the same as on the dashboard's dead-letter chart: by its place in the closed set. */
export function reasonColor(reason: DeadLetterReason): string {
  return seriesColor(DEAD_LETTER_REASONS.indexOf(reason));
}
