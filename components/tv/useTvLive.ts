'use client';

import { useEffect, useReducer, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, liveTransports, type ClientToServerEvents, type LiveSnapshot, type LiveUpdate, type ServerToClientEvents, type TvSelection, type TvSubscription } from '../../lib/live';
import { accessRefusalOfSocketMessage } from '../auth/accessRefusal';
import { onSessionTokenChange, readSessionToken } from '../auth/sessionToken';
import { FreshnessWatchdog } from './freshnessWatchdog';
import { initialTvLiveState, tvLiveReducer, type TvLiveState } from './tvLiveReducer';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/*
 * Back-off between reconnection attempts: from about half a second, doubling, never
 * above two seconds (three with jitter), so a wall is live again within seconds of the
 * server's return; the jitter keeps a room full of walls from knocking all at once.
 */
export const RECONNECT_OPTIONS = {
  reconnection: true,
  reconnectionAttempts: Number.POSITIVE_INFINITY,
  reconnectionDelay: 500,
  reconnectionDelayMax: 2_000,
  randomizationFactor: 0.5,
} as const;

/**
 * The socket gives up by itself in two cases: the server closed this socket on purpose,
 * or refused it (no token, a wrong one). A wall never gives up: it tries again after this.
 */
const RETRY_AFTER_GIVING_UP_MS = 3_000;
const RETRY_AFTER_REFUSAL_MS = 15_000;

function subscriptionOf(selection: TvSelection): TvSubscription {
  const subscription: TvSubscription = { view: 'tv', window: selection.window };
  if (selection.region !== null) subscription.region = selection.region;
  else if (selection.carrier !== null) subscription.carrier = selection.carrier;
  return subscription;
}

/** The wall's live frame over `/live`, and how fresh it is. One socket for the page's whole life. */
export function useTvLive(selection: TvSelection): TvLiveState {
  const [state, dispatch] = useReducer(tvLiveReducer, selection, (initial) => initialTvLiveState(initial, Date.now()));
  const socketRef = useRef<LiveSocket | null>(null);
  // Handlers outlive renders; they must subscribe to the latest selection.
  const selectionRef = useRef(selection);

  useEffect(() => {
    const watchdog = new FreshnessWatchdog((now) => dispatch({ type: 'clockTicked', now }));
    // forceNew: this socket is the wall's own. auth as a function: every (re)connect sends the current token.
    const socket: LiveSocket = io(LIVE_NAMESPACE, { ...liveTransports(), ...RECONNECT_OPTIONS, forceNew: true, auth: (send) => send({ token: readSessionToken() }) });
    socketRef.current = socket;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    const retryLater = (delayMs: number) => {
      if (retryTimer !== null) return;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (!socket.connected && !socket.active) socket.connect();
      }, delayMs);
    };

    const onFrame = (frame: LiveSnapshot | LiveUpdate) => {
      if (frame.view !== 'tv') return;
      const receivedAt = Date.now();
      dispatch({ type: 'frameReceived', frame, receivedAt });
      watchdog.frameArrived(receivedAt);
    };
    const onReconnectAttempt = (attempt: number) => dispatch({ type: 'reconnectAttempted', attempt });

    socket.on('connect', () => {
      dispatch({ type: 'socketConnected' });
      // 'connect' fires on every reconnect, and the server forgets subscriptions.
      socket.emit('subscribe', subscriptionOf(selectionRef.current));
    });
    socket.on('disconnect', () => {
      dispatch({ type: 'socketDisconnected' });
      if (!socket.active) retryLater(RETRY_AFTER_GIVING_UP_MS);
    });
    socket.on('connect_error', (error) => {
      const refusal = accessRefusalOfSocketMessage(error.message);
      if (refusal) {
        dispatch({ type: 'accessRefused', refusal });
        retryLater(RETRY_AFTER_REFUSAL_MS);
      } else {
        dispatch({ type: 'socketDisconnected' });
        if (!socket.active) retryLater(RETRY_AFTER_GIVING_UP_MS);
      }
    });
    socket.on('snapshot', onFrame);
    socket.on('update', onFrame);
    socket.on('error', (error) => dispatch({ type: 'subscriptionRejected', message: error.message }));
    socket.io.on('reconnect_attempt', onReconnectAttempt);
    // A token arriving later (from the link, or typed on another tab of the session): try it now.
    const stopWatchingToken = onSessionTokenChange(() => {
      if (!socket.connected) socket.connect();
    });

    return () => {
      stopWatchingToken();
      if (retryTimer !== null) clearTimeout(retryTimer);
      watchdog.stop();
      socket.io.off('reconnect_attempt', onReconnectAttempt);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, []);

  const { window: tvWindow, region, carrier } = selection;
  useEffect(() => {
    const next: TvSelection = { view: 'tv', window: tvWindow, region, carrier };
    selectionRef.current = next;
    dispatch({ type: 'subscriptionRequested', selection: next });
    const socket = socketRef.current;
    // Not connected: the next 'connect' subscribes; emitting now would only queue it.
    if (socket?.connected) socket.emit('subscribe', subscriptionOf(next));
  }, [tvWindow, region, carrier]);

  return state;
}
