'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { accessRefusalOf, onAccessRefusal, type AccessRefusal } from './accessRefusal';
import { readSessionToken, saveSessionToken } from './sessionToken';

/** What a query or mutation may say, in its `meta`, about the token it needs. */
export interface AccessMeta extends Record<string, unknown> {
  /** Shown in the prompt when this call is refused, e.g. "Replay needs the operator token." */
  accessExplanation?: string;
}

interface PromptState {
  refusal: AccessRefusal;
  explanation: string | null;
}

function explanationOf(meta: Record<string, unknown> | undefined): string | null {
  const explanation = meta?.accessExplanation;
  return typeof explanation === 'string' ? explanation : null;
}

/**
 * Asks for the access token when the server refuses a call for want of one (any query or
 * mutation answering 401/403, or the live socket's refusal), keeps it for the session and
 * retries every query with it. Mount once per page, inside the QueryClientProvider.
 */
export function AccessTokenPrompt() {
  const queryClient = useQueryClient();
  const [prompt, setPrompt] = useState<PromptState | null>(null);
  // Background refusals (polling) must not reopen a prompt the operator closed;
  // an action they take (a mutation) still does.
  const dismissedRef = useRef(false);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [token, setToken] = useState('');

  useEffect(() => {
    const open = (refusal: AccessRefusal, explanation: string | null, fromAction: boolean) => {
      if (dismissedRef.current && !fromAction) return;
      setPrompt((current) => (current && current.explanation && !explanation ? current : { refusal, explanation }));
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'error') return;
      const refusal = accessRefusalOf(event.action.error);
      if (refusal) open(refusal, explanationOf(event.query.meta), false);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'error') return;
      const refusal = accessRefusalOf(event.action.error);
      if (refusal) open(refusal, explanationOf(event.mutation.meta), true);
    });
    const stopSocket = onAccessRefusal((refusal, explanation) => open(refusal, explanation, false));
    return () => {
      stopQueries();
      stopMutations();
      stopSocket();
    };
  }, [queryClient]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (prompt && !dialog.open) dialog.showModal();
    if (!prompt && dialog.open) dialog.close();
  }, [prompt]);

  const close = () => {
    dismissedRef.current = true;
    setPrompt(null);
  };

  const submit = (formEvent: FormEvent) => {
    formEvent.preventDefault();
    const typed = token.trim();
    if (typed === '') return;
    saveSessionToken(typed);
    setToken('');
    dismissedRef.current = false;
    setPrompt(null);
    void queryClient.invalidateQueries();
  };

  const hadToken = readSessionToken() !== null;
  return (
    <dialog
      ref={dialogRef}
      className="dialog token-prompt"
      aria-labelledby="token-prompt-title"
      data-testid="token-prompt"
      onCancel={(cancelEvent) => {
        cancelEvent.preventDefault();
        close();
      }}
    >
      {prompt && (
        <form onSubmit={submit} className="dialog__body">
          <h2 id="token-prompt-title" className="dialog__title">
            {prompt.refusal === 'forbidden' && hadToken ? 'This token is not enough' : 'Access token needed'}
          </h2>
          {prompt.explanation && (
            <p className="dialog__lead" data-testid="token-prompt-explanation">
              {prompt.explanation}
            </p>
          )}
          <p>
            This Waybill server asks for a token. A <strong>viewer</strong> token reads the dashboard, events, shipments and
            dead letters; an <strong>operator</strong> token also replays dead letters. Whoever runs the server sets both.
          </p>
          <p className="dialog__note">The token stays in this browser tab until it closes and goes only to this server.</p>
          <label className="field">
            <span className="field__label">Token</span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              autoFocus
              value={token}
              onChange={(changeEvent) => setToken(changeEvent.target.value)}
              data-testid="token-input"
            />
          </label>
          <div className="dialog__actions">
            <button type="button" className="button button--quiet" onClick={close}>
              Not now
            </button>
            <button type="submit" className="button" disabled={token.trim() === ''}>
              Use this token
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
