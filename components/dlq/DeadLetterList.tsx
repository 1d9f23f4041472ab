'use client';

import type { DeadLetterView } from '../../lib/deadLetters';
import { formatCount } from '../../lib/format';
import { formatTimestamp } from '../data/timestamps';
import { typeLabel } from '../events/EventTable';
import { ReasonLabel } from './ReasonLabel';
import { ReplayedNote } from './ReplayedNote';

interface DeadLetterListProps {
  letters: readonly DeadLetterView[];
  selectedRef: string | null;
  onSelect: (letter: DeadLetterView) => void;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${formatCount(bytes)} B` : `${formatCount(Math.round(bytes / 1024))} KiB`;
}

export function DeadLetterList({ letters, selectedRef, onSelect }: DeadLetterListProps) {
  return (
    <ul className="dead-letter-list" data-testid="dead-letter-list">
      {letters.map((letter) => (
        <li key={letter.ref}>
          <button
            type="button"
            className="dead-letter-row"
            aria-pressed={letter.ref === selectedRef}
            data-testid="dead-letter-row"
            data-ref={letter.ref}
            onClick={() => onSelect(letter)}
          >
            <span className="dead-letter-row__top">
              <ReasonLabel reason={letter.reason} />
              {letter.type && <span className="dead-letter-row__type">{typeLabel(letter.type)}</span>}
              <span className="dead-letter-row__time">{formatTimestamp(letter.appendTime)}</span>
            </span>
            <span className="dead-letter-row__error">{letter.error}</span>
            <span className="dead-letter-row__bottom">
              <span className="mono">{letter.ref}</span>
              <span>{formatBytes(letter.payloadBytes)}</span>
              {letter.key && <span>key {letter.key}</span>}
              <ReplayedNote letter={letter} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
