'use client';

import { useLayoutEffect } from 'react';
import { saveSessionToken } from '../auth/sessionToken';
import { addressTokenOf, stateWithoutToken } from './addressToken';

/**
 * Takes `?token=` from the address as the session token and removes it from the address
 * bar. A layout effect: it runs before any effect opens the live socket, so the first
 * handshake already carries the token.
 */
export function useAdoptAddressToken(): void {
  useLayoutEffect(() => {
    const found = addressTokenOf(window.location.href);
    if (!found) return;
    // The router's own entry in history.state is kept, without the token it rendered for.
    window.history.replaceState(stateWithoutToken(window.history.state), '', found.addressWithout);
    if (found.token !== '') saveSessionToken(found.token);
  }, []);
}
