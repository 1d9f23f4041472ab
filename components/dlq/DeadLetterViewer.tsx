'use client';

import Link from 'next/link';
import type { DeadLetterView } from '../../lib/deadLetters';
import { formatCount, NO_VALUE } from '../../lib/format';
import { CodeBlock } from '../data/CodeBlock';
import { formatTimestamp } from '../data/timestamps';
import { draftFromPayload } from './replayDraft';
import { ReasonLabel } from './ReasonLabel';
import { ReplayedNote } from './ReplayedNote';
import { useWholePayload } from './useWholePayload';

/** One dead letter: why it failed, its payload (indented when it is JSON) and headers, and the way to replay it. */
export function DeadLetterViewer({ letter, onReplay }: { letter: DeadLetterView; onReplay: () => void }) {
  const whole = useWholePayload(letter);
  return (
    <article className="dead-letter-viewer" data-testid="dead-letter-viewer" aria-label={`Dead letter ${letter.ref}`}>
      <header className="dead-letter-viewer__header">
        <h2 className="detail-card__title">
          <Link href={`/events/${encodeURIComponent(letter.ref)}`} className="mono">
            {letter.ref}
          </Link>
        </h2>
        <button type="button" className="button" onClick={onReplay} data-testid="open-replay">
          {letter.replayedAt === null ? 'Replay…' : 'Replay again…'}
        </button>
      </header>
      <dl className="fields">
        <div className="fields__item">
          <dt>Reason</dt>
          <dd>
            <ReasonLabel reason={letter.reason} />
          </dd>
        </div>
        <div className="fields__item">
          <dt>Replay</dt>
          <dd>
            <ReplayedNote letter={letter} />
          </dd>
        </div>
        <div className="fields__item">
          <dt>Appended</dt>
          <dd>{formatTimestamp(letter.appendTime)}</dd>
        </div>
        <div className="fields__item">
          <dt>Failed</dt>
          <dd>{formatTimestamp(letter.failedAt)}</dd>
        </div>
        <div className="fields__item">
          <dt>Key</dt>
          <dd>{letter.key ?? NO_VALUE}</dd>
        </div>
        <div className="fields__item">
          <dt>Size</dt>
          <dd>{formatCount(letter.payloadBytes)} bytes</dd>
        </div>
      </dl>
      <p className="form-error" data-testid="dead-letter-error">
        {letter.error}
      </p>
      <h3 className="dead-letter-viewer__subtitle">Payload</h3>
      {whole.payload === null ? (
        <p className="empty-state">No payload kept (it was over the size limit, or empty).</p>
      ) : (
        <>
          {!whole.complete && (
            <p className="empty-state" data-testid="dead-letter-payload-partial">
              {whole.error ? 'Only the start of the payload could be loaded.' : 'Loading the whole payload…'}
            </p>
          )}
          <CodeBlock text={whole.complete ? draftFromPayload(whole.payload) : whole.payload} testId="dead-letter-payload" label="The payload" />
        </>
      )}
      {Object.keys(letter.headers).length > 0 && (
        <>
          <h3 className="dead-letter-viewer__subtitle">Headers</h3>
          <dl className="fields fields--headers">
            {Object.entries(letter.headers).map(([name, value]) => (
              <div key={name} className="fields__item">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </article>
  );
}
