'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { DEAD_LETTER_REASON_LABELS } from '../../lib/contract/deadLetterReasons';
import type { DeadLetterView } from '../../lib/deadLetters';
import type { ReplayResult } from '../../lib/events';
import { accessRefusalOf } from '../auth/accessRefusal';
import type { AccessMeta } from '../auth/AccessTokenPrompt';
import { OutcomeBadge } from '../events/OutcomeBadge';
import { fetchJson } from '../fetchJson';
import { draftFromPayload, parseCorrectedEvent } from './replayDraft';
import { useWholePayload } from './useWholePayload';

// The editor touches the DOM as it loads; it has nothing to render on the server.
const JsonEditor = dynamic(() => import('./JsonEditor'), { ssr: false, loading: () => <p className="empty-state">Loading the editor…</p> });

const REPLAY_ACCESS: AccessMeta = { accessExplanation: 'Replay needs the operator token.' };

type ReplayRequest = { mode: 'asItWas' } | { mode: 'corrected'; body: string };

function replayErrorMessage(error: unknown): string {
  const refusal = accessRefusalOf(error);
  if (refusal) return 'Replay needs the operator token. Enter it in the prompt, then replay again.';
  return error instanceof Error ? error.message : String(error);
}

/** A confirmation that is also the editor: replay the letter as it was, or corrected. */
export function ReplayDialog({ letter, onClose }: { letter: DeadLetterView; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const whole = useWholePayload(letter);
  // Null until edited: the editor opens on the whole payload, once it is there.
  const [edited, setEdited] = useState<string | null>(null);
  const draft = edited ?? draftFromPayload(whole.payload);
  const [invalid, setInvalid] = useState<string | null>(null);

  const replay = useMutation({
    mutationKey: ['replay', letter.ref],
    meta: REPLAY_ACCESS,
    mutationFn: (request: ReplayRequest) =>
      fetchJson<ReplayResult>(`/api/dlq/${encodeURIComponent(letter.ref)}/replay`, undefined, {
        method: 'POST',
        ...(request.mode === 'corrected' ? { body: request.body, headers: { 'content-type': 'application/json' } } : {}),
      }),
    onSuccess: () => {
      // The letter is now marked replayed, and the new input is in the index and the figures.
      void queryClient.invalidateQueries({ queryKey: ['dlq'] });
      void queryClient.invalidateQueries({ queryKey: ['events'] });
      void queryClient.invalidateQueries({ queryKey: ['summary'] });
    },
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const replayCorrected = () => {
    const corrected = parseCorrectedEvent(draft);
    if (!corrected.ok) {
      setInvalid(corrected.message);
      return;
    }
    setInvalid(null);
    replay.mutate({ mode: 'corrected', body: corrected.body });
  };

  const result = replay.data;
  return (
    <dialog
      ref={dialogRef}
      className="dialog replay-dialog"
      aria-labelledby="replay-title"
      data-testid="replay-dialog"
      onClose={onClose}
    >
      <div className="dialog__body">
        <h2 id="replay-title" className="dialog__title">
          Replay dead letter <span className="mono">{letter.ref}</span>
        </h2>
        <p className="dialog__lead">
          {DEAD_LETTER_REASON_LABELS[letter.reason]}: {letter.error}
        </p>
        <p className="dialog__note">
          The replay is a new input and goes through the same checks and dedupe: replaying the same event twice counts once. This
          dead letter stays on record, marked replayed.
        </p>

        <div className="replay-dialog__editor">
          {whole.complete ? (
            <JsonEditor
              value={draft}
              onChange={(value) => {
                setEdited(value);
                setInvalid(null);
              }}
              label="The corrected event"
            />
          ) : (
            <p className="empty-state" data-testid="replay-loading-payload">
              {whole.error ? 'The whole payload could not be loaded; replay it as it was, or close and try again.' : 'Loading the whole payload…'}
            </p>
          )}
        </div>
        {invalid && (
          <p className="form-error" role="alert" data-testid="replay-invalid">
            {invalid}
          </p>
        )}
        {replay.isError && (
          <p className="form-error" role="alert" data-testid="replay-error">
            {replayErrorMessage(replay.error)}
          </p>
        )}
        {result && (
          <div className="replay-result" role="status" data-testid="replay-result">
            <OutcomeBadge outcome={result.outcome} reason={result.reason} />
            <span>
              Replayed as{' '}
              <Link href={`/events/${encodeURIComponent(result.ref)}`} data-testid="replay-result-link" className="mono">
                {result.ref}
              </Link>
              {result.outcome === 'deadLetter' && ' — dead-lettered again; correct it and try once more.'}
              {result.outcome === 'duplicate' && ' — the same event had already arrived, so no figure changed.'}
            </span>
          </div>
        )}

        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={() => dialogRef.current?.close()}>
            {result ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="button button--quiet"
            data-testid="replay-as-it-was"
            disabled={replay.isPending}
            onClick={() => replay.mutate({ mode: 'asItWas' })}
          >
            Replay as it was
          </button>
          <button
            type="button"
            className="button"
            data-testid="replay-corrected"
            disabled={replay.isPending || !whole.complete}
            onClick={replayCorrected}
          >
            {replay.isPending ? 'Replaying…' : 'Replay corrected'}
          </button>
        </div>
      </div>
    </dialog>
  );
}
