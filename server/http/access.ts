import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './apiError';

/** The bearer tokens of DESIGN.md section 9; an unset one leaves its role open. */
export interface AccessTokens {
  ingest: string | null;
  viewer: string | null;
  operator: string | null;
  /** Scrapers of /metrics (METRICS_TOKEN); without it, /metrics is a read like any other. */
  metrics?: string | null;
}

/** What a request wants to do: post events, read, or change something (replay). */
export type Action = 'ingest' | 'read' | 'operate' | 'scrape';

export type AccessDecision = 'allowed' | 'unauthorized' | 'forbidden';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/**
 * The one place that decides who may do what, for HTTP and `/live` alike. The operator
 * token may do everything; reads need the viewer or operator token once a viewer token is
 * set; ingest needs the ingest (or operator) token once an ingest token is set; replay
 * needs the operator token once it is set. Without the token a role needs: unauthorized
 * (401); with another token: forbidden (403). Scraping /metrics takes its own token
 * (METRICS_TOKEN) when one is set, and otherwise is guarded like a read; a viewer or
 * operator token is accepted either way.
 */
export function decideAccess(tokens: AccessTokens, action: Action, token: string | null): AccessDecision {
  const metricsToken = tokens.metrics ?? null;
  const accepted: (string | null)[] =
    action === 'read'
      ? [tokens.viewer, tokens.operator]
      : action === 'scrape'
        ? [metricsToken, tokens.viewer, tokens.operator]
        : action === 'ingest'
          ? [tokens.ingest, tokens.operator]
          : [tokens.operator];
  const guardian =
    action === 'read' ? tokens.viewer : action === 'scrape' ? (metricsToken ?? tokens.viewer) : action === 'ingest' ? tokens.ingest : tokens.operator;
  if (guardian === null) return 'allowed';
  if (token === null) return 'unauthorized';
  return accepted.some((expected) => expected !== null && sameToken(token, expected)) ? 'allowed' : 'forbidden';
}

export function anyTokenSet(tokens: AccessTokens): boolean {
  // The metrics token guards /metrics alone: on its own it leaves every role open.
  return tokens.ingest !== null || tokens.viewer !== null || tokens.operator !== null;
}

const NEEDED_ROLE: Record<Action, string> = {
  read: 'a viewer or operator token',
  ingest: 'an ingest or operator token',
  operate: 'the operator token',
  scrape: 'the metrics, viewer or operator token',
};

/** Throws the 401 or 403 a request without the right token gets. */
export function authorize(tokens: AccessTokens, action: Action, req: IncomingMessage): void {
  const decision = decideAccess(tokens, action, bearerToken(req.headers.authorization));
  if (decision === 'unauthorized') throw new ApiError('unauthorized', `this needs ${NEEDED_ROLE[action]}: send Authorization: Bearer <token>`);
  if (decision === 'forbidden') throw new ApiError('forbidden', `this token may not do this; it needs ${NEEDED_ROLE[action]}`);
}
