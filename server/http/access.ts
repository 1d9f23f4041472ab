import crypto from 'node:crypto';

/** The bearer tokens of DESIGN.md section 9; an unset one leaves its role open. */
export interface AccessTokens {
  ingest: string | null;
  viewer: string | null;
  operator: string | null;
}

/** What a request wants to do: post events, read, or change something (replay). */
export type Action = 'ingest' | 'read' | 'operate';

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
 * (401); with another token: forbidden (403).
 */
export function decideAccess(tokens: AccessTokens, action: Action, token: string | null): AccessDecision {
  const accepted: (string | null)[] =
    action === 'read' ? [tokens.viewer, tokens.operator] : action === 'ingest' ? [tokens.ingest, tokens.operator] : [tokens.operator];
  const guardian = action === 'read' ? tokens.viewer : action === 'ingest' ? tokens.ingest : tokens.operator;
  if (guardian === null) return 'allowed';
  if (token === null) return 'unauthorized';
  return accepted.some((expected) => expected !== null && sameToken(token, expected)) ? 'allowed' : 'forbidden';
}

export function anyTokenSet(tokens: AccessTokens): boolean {
  return tokens.ingest !== null || tokens.viewer !== null || tokens.operator !== null;
}
