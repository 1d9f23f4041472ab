import type { TvFrame, TvSelection } from '../../lib/live';
import type { AccessRefusal } from '../auth/accessRefusal';
import { isStale } from '../live/staleness';

/*
 * The wall's connection and how fresh its figures are, as one reducer: the socket's
 * events, the frames and the clock come in as actions, so every state is a pure
 * function of what happened, and tests drive it with fake timers.
 *
 * `data-freshness` on the wall, by precedence:
 *   reconnecting: the socket is not connected, or connected without a frame for the
 *                 wall's subscription since (the first connection included);
 *   stale:        connected, but no frame came for more than STALE_AFTER_MS;
 *   live:         otherwise.
 * The stale notice, with the clock time of the last frame, shows whenever that frame is
 * older than STALE_AFTER_MS, whether the socket is reconnecting or silent.
 */

export type Freshness = 'live' | 'stale' | 'reconnecting';

type SocketPhase = 'connecting' | 'connected' | 'disconnected';

export interface TvLiveState {
  requested: TvSelection;
  socketPhase: SocketPhase;
  /** The figures are live only once a frame for `requested` came on this connection. */
  frameSinceConnect: boolean;
  /** The newest frame for `requested`: the only one kept, so memory does not grow with time. */
  frame: TvFrame | null;
  /** When that frame arrived, by this browser's clock. */
  lastFrameAt: number | null;
  /** The latest time the reducer was told of (a frame's arrival or a clock tick). */
  now: number;
  /** Which reconnection attempt is under way; 0 while connected. */
  reconnectAttempt: number;
  subscriptionError: string | null;
  accessRefusal: AccessRefusal | null;
}

export type TvLiveAction =
  | { type: 'socketConnected' }
  | { type: 'socketDisconnected' }
  | { type: 'reconnectAttempted'; attempt: number }
  | { type: 'accessRefused'; refusal: AccessRefusal }
  | { type: 'subscriptionRequested'; selection: TvSelection }
  | { type: 'subscriptionRejected'; message: string }
  | { type: 'frameReceived'; frame: TvFrame; receivedAt: number }
  | { type: 'clockTicked'; now: number };

export function initialTvLiveState(selection: TvSelection, now = 0): TvLiveState {
  return {
    requested: selection,
    socketPhase: 'connecting',
    frameSinceConnect: false,
    frame: null,
    lastFrameAt: null,
    now,
    reconnectAttempt: 0,
    subscriptionError: null,
    accessRefusal: null,
  };
}

export function isSameTvSelection(a: TvSelection, b: TvSelection): boolean {
  return a.window === b.window && a.region === b.region && a.carrier === b.carrier;
}

export function selectFreshness(state: TvLiveState): Freshness {
  if (state.socketPhase !== 'connected' || !state.frameSinceConnect) return 'reconnecting';
  return isStale(state.lastFrameAt, state.now) ? 'stale' : 'live';
}

/** Since when the figures are stale (the last frame's arrival), or null while they are not. */
export function selectStaleSince(state: TvLiveState): number | null {
  return isStale(state.lastFrameAt, state.now) ? state.lastFrameAt : null;
}

/** Whether the wall has never shown data: "Connecting…" rather than "Reconnecting…". */
export function selectNeverLive(state: TvLiveState): boolean {
  return state.lastFrameAt === null;
}

export function tvLiveReducer(state: TvLiveState, action: TvLiveAction): TvLiveState {
  switch (action.type) {
    case 'socketConnected':
      return { ...state, socketPhase: 'connected', frameSinceConnect: false, reconnectAttempt: 0, accessRefusal: null, subscriptionError: null };
    case 'socketDisconnected':
      if (state.socketPhase === 'disconnected' && !state.frameSinceConnect) return state;
      return { ...state, socketPhase: state.socketPhase === 'connecting' ? 'connecting' : 'disconnected', frameSinceConnect: false };
    case 'reconnectAttempted':
      return { ...state, reconnectAttempt: action.attempt };
    case 'accessRefused':
      return { ...state, socketPhase: 'disconnected', frameSinceConnect: false, accessRefusal: action.refusal };
    case 'subscriptionRequested':
      if (isSameTvSelection(state.requested, action.selection)) return state;
      // Figures of another filter or window must not show under the new one's labels.
      return { ...state, requested: action.selection, frame: null, frameSinceConnect: false, subscriptionError: null };
    case 'subscriptionRejected':
      return { ...state, subscriptionError: action.message };
    case 'frameReceived':
      // Until the server answers a new subscription it may still send frames of the old one.
      if (!isSameTvSelection(action.frame.subscription, state.requested)) return state;
      return {
        ...state,
        frame: action.frame,
        lastFrameAt: action.receivedAt,
        now: Math.max(state.now, action.receivedAt),
        frameSinceConnect: state.socketPhase === 'connected',
        subscriptionError: null,
      };
    case 'clockTicked':
      return action.now <= state.now ? state : { ...state, now: action.now };
  }
}
