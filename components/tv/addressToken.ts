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
