import { DEAD_LETTER_REASON_LABELS, type DeadLetterReason } from '../../lib/contract/deadLetterReasons';
import { reasonColor } from './reasonColors';

export function ReasonLabel({ reason }: { reason: DeadLetterReason }) {
  return (
    <span className="reason-label" data-reason={reason}>
      <span className="swatch" style={{ background: reasonColor(reason) }} aria-hidden="true" />
      {DEAD_LETTER_REASON_LABELS[reason] ?? reason}
    </span>
  );
}
