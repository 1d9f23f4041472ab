import Link from 'next/link';
import type { DeadLetterView } from '../../lib/deadLetters';
import { formatTimestamp } from '../data/timestamps';

/** "replayed <time> as <ref>", linked to the input the replay made. */
export function ReplayedNote({ letter }: { letter: DeadLetterView }) {
  if (letter.replayedAt === null) return <span className="replayed-note replayed-note--not">Not replayed</span>;
  return (
    <span className="replayed-note" data-testid="replayed-note">
      <span aria-hidden="true">↻ </span>
      replayed {formatTimestamp(letter.replayedAt)}
      {letter.replayedAs && (
        <>
          {' '}as{' '}
          <Link href={`/events/${encodeURIComponent(letter.replayedAs)}`} className="mono" data-testid="replayed-as-link">
            {letter.replayedAs}
          </Link>
        </>
      )}
    </span>
  );
}
