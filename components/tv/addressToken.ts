/*
 * A wall cannot type a token, so its link carries one: `/tv?token=…`. The page keeps it
 * as the session token and takes it out of the address bar at once, so it is not left on
 * screen, in the history or in a bookmark made from the wall.
 */

export const TOKEN_PARAMETER = 'token';

export interface AddressToken {
  token: string;
  /** The same address without the token, every other parameter kept in its order. */
  addressWithout: string;
}

/** The token in `href`, if any, and the address to replace it with. */
export function addressTokenOf(href: string): AddressToken | null {
  const url = new URL(href);
  if (!url.searchParams.has(TOKEN_PARAMETER)) return null;
  const token = url.searchParams.get(TOKEN_PARAMETER) ?? '';
  url.searchParams.delete(TOKEN_PARAMETER);
  return { token: token.trim(), addressWithout: `${url.pathname}${url.search}${url.hash}` };
}

/**
 * A copy of a history entry's state with the token taken out of every query string in
 * it. Rendered per request, a page's router state (Next keeps it in `history.state`)
 * holds the query it was rendered for, token and all: left as it is, the token would stay
 * in the session history after the address bar no longer shows it.
 */
export function stateWithoutToken(state: unknown): unknown {
  if (typeof state === 'string') return queryWithoutToken(state);
  if (Array.isArray(state)) return state.map(stateWithoutToken);
  if (state !== null && typeof state === 'object') {
    return Object.fromEntries(Object.entries(state).map(([key, value]) => [key, stateWithoutToken(value)]));
  }
  return state;
}

function queryWithoutToken(text: string): string {
  const queryAt = text.indexOf('?');
  if (queryAt < 0) return text;
  const parameters = new URLSearchParams(text.slice(queryAt + 1));
  if (!parameters.has(TOKEN_PARAMETER)) return text;
  parameters.delete(TOKEN_PARAMETER);
  const rest = parameters.toString();
  return `${text.slice(0, queryAt)}${rest === '' ? '' : `?${rest}`}`;
}
