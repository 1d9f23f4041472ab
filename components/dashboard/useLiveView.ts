'use client';

import { useEffect, useReducer, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Health } from '../../lib/health';
import {
  LIVE_NAMESPACE,
  liveTransports,
  type ClientToServerEvents,
  type LiveSubscription,
  type ServerToClientEvents,
} from '../../lib/live';
import type { Summary } from '../../lib/summary';
import { accessRefusalOfSocketMessage, reportAccessRefusal } from '../auth/accessRefusal';
import { onSessionTokenChange, readSessionToken } from '../auth/sessionToken';
import {
  initialLiveViewState,
  liveViewReducer,
  selectConnectionState,
  type ConnectionState,
  type ViewSeries,
} from './liveViewReducer';
import type { ViewSelection } from './viewOptions';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveView {
  connection: ConnectionState;
  series: ViewSeries | null;
  recent: Summary | null;
  health: Health | null;
  subscriptionError: string | null;
  /** When live data last arrived; null before the first snapshot. */
  lastReceivedAt: number | null;
}

function toSubscription(selection: ViewSelection): LiveSubscription {
  return { view: 'overview', window: selection.window, by: selection.by };
}

/**
 * The overview, live over Socket.IO: a snapshot on (re)subscribe, then merged updates.
 * Disabled (a fixed range is shown), there is no socket at all.
 */
export function useLiveView(selection: ViewSelection, enabled = true): LiveView {
  const { window: liveWindow, by } = selection;
  const [state, dispatch] = useReducer(liveViewReducer, selection, initialLiveViewState);
  const socketRef = useRef<LiveSocket | null>(null);
  // The connect handler outlives renders; it must subscribe to the latest selection.
  const selectionRef = useRef(selection);

  useEffect(() => {
    if (!enabled) {
      dispatch({ type: 'liveStopped' });
      return;
    }
    // forceNew: the socket must not be shared with (or survive as) another view's socket.
    // auth as a function: every (re)connect sends the session's current token.
    const socket: LiveSocket = io(LIVE_NAMESPACE, { ...liveTransports(), forceNew: true, auth: (send) => send({ token: readSessionToken() }) });
    socketRef.current = socket;
    // A token typed after a refusal: connect again with it.
    const stopWatchingToken = onSessionTokenChange(() => {
      if (!socket.connected) socket.connect();
    });

    socket.on('connect', () => {
      dispatch({ type: 'socketConnected' });
      // 'connect' fires on every reconnect, and the server forgets subscriptions.
      socket.emit('subscribe', toSubscription(selectionRef.current));
    });
    socket.on('disconnect', () => dispatch({ type: 'socketDisconnected', willReconnect: socket.active }));
    socket.on('connect_error', (error) => {
      // Refused for want of a token: the access-token prompt asks for it, then we connect again.
      const refusal = accessRefusalOfSocketMessage(error.message);
      if (refusal) reportAccessRefusal(refusal);
      dispatch({ type: 'socketDisconnected', willReconnect: socket.active });
    });
    socket.on('snapshot', (snapshot) => {
      if (snapshot.view === 'overview') dispatch({ type: 'snapshotReceived', snapshot, receivedAt: Date.now() });
    });
    socket.on('update', (update) => {
      if (update.view === 'overview') dispatch({ type: 'updateReceived', update, receivedAt: Date.now() });
    });
    socket.on('error', (error) => dispatch({ type: 'subscriptionRejected', message: error.message }));

    return () => {
      stopWatchingToken();
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
    };
  }, [enabled]);

  useEffect(() => {
    const nextSelection: ViewSelection = { window: liveWindow, by };
    selectionRef.current = nextSelection;
    dispatch({ type: 'subscriptionRequested', selection: nextSelection });
    const socket = socketRef.current;
    if (socket?.connected) socket.emit('subscribe', toSubscription(nextSelection));
  }, [liveWindow, by]);

  // An update was skipped: subscribe again, and the snapshot puts every point right.
  useEffect(() => {
    const socket = socketRef.current;
    if (state.resyncRequests > 0 && socket?.connected) socket.emit('subscribe', toSubscription(selectionRef.current));
  }, [state.resyncRequests]);

  useEffect(() => {
    const reportConnectivity = () => dispatch({ type: 'browserConnectivityChanged', online: navigator.onLine });
    reportConnectivity();
    window.addEventListener('online', reportConnectivity);
    window.addEventListener('offline', reportConnectivity);
    return () => {
      window.removeEventListener('online', reportConnectivity);
      window.removeEventListener('offline', reportConnectivity);
    };
  }, []);

  return {
    connection: selectConnectionState(state),
    series: state.series,
    recent: state.recent,
    health: state.health,
    subscriptionError: state.subscriptionError,
    lastReceivedAt: state.lastReceivedAt,
  };
}
