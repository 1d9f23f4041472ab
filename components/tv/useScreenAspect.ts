'use client';

import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

/** The viewport's width over its height, rounded so a resize by a pixel re-renders nothing. */
export function useScreenAspect(): number {
  return useSyncExternalStore(
    subscribe,
    () => Math.round((window.innerWidth / Math.max(1, window.innerHeight)) * 100) / 100,
    () => 16 / 9,
  );
}
