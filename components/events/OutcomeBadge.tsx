import { DEAD_LETTER_REASON_LABELS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import type { EventOutcome } from '../../lib/events';

export const OUTCOME_LABELS: Record<EventOutcome, string> = {
  ok: 'OK',
  duplicate: 'Duplicate',
  late: 'Late',
  outOfOrder: 'Out of order',
  deadLetter: 'Dead letter',
};

// A glyph beside the word, so the outcome never rests on colour alone.
const OUTCOME_GLYPHS: Record<EventOutcome, string> = {
  ok: '✓',
  duplicate: '≡',
  late: '◷',
  outOfOrder: '⇅',
  deadLetter: '✕',
};

export function OutcomeBadge({ outcome, reason = null }: { outcome: EventOutcome; reason?: DeadLetterReason | null }) {
  return (
    <span className="outcome-badge" data-outcome={outcome} data-testid="outcome-badge">
      <span aria-hidden="true" className="outcome-badge__glyph">
        {OUTCOME_GLYPHS[outcome]}
      </span>
      {OUTCOME_LABELS[outcome]}
      {reason && <span className="outcome-badge__reason">· {DEAD_LETTER_REASON_LABELS[reason] ?? reason}</span>}
    </span>
  );
}
