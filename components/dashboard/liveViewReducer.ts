import type { Health } from '../../lib/health';
import { LIVE_WINDOWS, type LiveWindow, type OverviewSnapshot, type OverviewUpdate } from '../../lib/live';
import type { SeriesPoint, Summary } from '../../lib/summary';
import type { Breakdown, ViewSelection } from './viewOptions';

/** What the connection badge says. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The series of one window and breakdown, its points sorted by `t`. */
export interface ViewSeries {
  window: LiveWindow;
  by: Breakdown;
  from: number;
  to: number;
  step: number;
  points: SeriesPoint[];
}

type SocketPhase = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface LiveViewState {
  socketPhase: SocketPhase;
  browserOnline: boolean;
  /** Data is live only once the server answered the subscription on this connection. */
  snapshotSinceConnect: boolean;
  /** Tells a first connection ("Connecting…") from a later one ("Reconnecting…"). */
  hasBeenLive: boolean;
  requested: ViewSelection;
  /**
   * Between a `subscribe` and its snapshot the server may still send updates for the
   * previous subscription; merging them would mix windows, so they are dropped.
   */
  awaitingSnapshot: boolean;
  series: ViewSeries | null;
  recent: Summary | null;
  health: Health | null;
  subscriptionError: string | null;
  /** When the last snapshot or update arrived (epoch ms), to tell live figures from frozen ones. */
  lastReceivedAt: number | null;
  /** The number of the last snapshot or update merged: updates carry changes only, so one skipped means a gap. */
  lastSeq: number | null;
  /** Grows each time a skipped update was noticed: the hook then subscribes again for a snapshot. */
  resyncRequests: number;
}

export type LiveViewAction =
  | { type: 'socketConnected' }
  | { type: 'socketDisconnected'; willReconnect: boolean }
  | { type: 'browserConnectivityChanged'; online: boolean }
  | { type: 'subscriptionRequested'; selection: ViewSelection }
  | { type: 'snapshotReceived'; snapshot: OverviewSnapshot; receivedAt: number }
  | { type: 'updateReceived'; update: OverviewUpdate; receivedAt: number }
  | { type: 'subscriptionRejected'; message: string }
  | { type: 'liveStopped' };

export function initialLiveViewState(selection: ViewSelection): LiveViewState {
  return {
    socketPhase: 'connecting',
    browserOnline: true,
    snapshotSinceConnect: false,
    hasBeenLive: false,
    requested: selection,
    awaitingSnapshot: true,
    series: null,
    recent: null,
    health: null,
    subscriptionError: null,
    lastReceivedAt: null,
    lastSeq: null,
    resyncRequests: 0,
  };
}

export function selectConnectionState(state: LiveViewState): ConnectionState {
  if (!state.browserOnline || state.socketPhase === 'closed') return 'offline';
  if (state.socketPhase === 'connected' && state.snapshotSinceConnect) return 'live';
  if (state.socketPhase === 'reconnecting' || state.hasBeenLive) return 'reconnecting';
  return 'connecting';
}

/**
 * Merges incoming points into the current ones: a point replaces the one with the same
 * `t`, a new `t` is added, and points older than `oldestKept` leave the window.
 */
export function mergeSeriesPoints(
  current: readonly SeriesPoint[],
  incoming: readonly SeriesPoint[],
  oldestKept: number,
): SeriesPoint[] {
  const pointsByTime = new Map<number, SeriesPoint>();
  for (const point of [...current, ...incoming]) {
    if (point.t >= oldestKept) pointsByTime.set(point.t, point);
  }
  return [...pointsByTime.values()].sort((a, b) => a.t - b.t);
}

function isSameSelection(a: ViewSelection, b: ViewSelection): boolean {
  return a.window === b.window && a.by === b.by;
}

function applySnapshot(state: LiveViewState, snapshot: OverviewSnapshot, receivedAt: number): LiveViewState {
  const { subscription, series } = snapshot;
  const answersRequest =
    subscription.view === 'overview' &&
    subscription.window === state.requested.window &&
    subscription.by === state.requested.by;
  // A snapshot for a subscription the user has since changed is stale.
  if (!answersRequest) return state;
  return {
    ...state,
    snapshotSinceConnect: true,
    hasBeenLive: true,
    awaitingSnapshot: false,
    subscriptionError: null,
    series: {
      window: state.requested.window,
      by: state.requested.by,
      from: series.from,
      to: series.to,
      step: series.step,
      points: mergeSeriesPoints([], series.points, Number.NEGATIVE_INFINITY),
    },
    recent: snapshot.recent,
    health: snapshot.health,
    lastReceivedAt: receivedAt,
    lastSeq: snapshot.seq,
  };
}

function applyUpdate(state: LiveViewState, update: OverviewUpdate, receivedAt: number): LiveViewState {
  // `recent` and `health` do not depend on the subscription, so they are always current.
  const withGauges = { ...state, recent: update.recent, health: update.health, lastReceivedAt: receivedAt };
  const { series } = state;
  if (state.awaitingSnapshot || series === null || update.series.step !== series.step) {
    return withGauges;
  }
  if (state.lastSeq !== null && update.seq !== state.lastSeq + 1) {
    // A volatile update was skipped (a slow tab): its changes are lost, so the points
    // stay as they are until a fresh snapshot replaces them.
    return { ...withGauges, awaitingSnapshot: true, resyncRequests: state.resyncRequests + 1 };
  }
  const to = Math.max(series.to, update.series.to);
  const from = to - LIVE_WINDOWS[series.window].durationMs;
  return {
    ...withGauges,
    lastSeq: update.seq,
    series: { ...series, from, to, points: mergeSeriesPoints(series.points, update.series.points, from) },
  };
}

export function liveViewReducer(state: LiveViewState, action: LiveViewAction): LiveViewState {
  switch (action.type) {
    case 'socketConnected':
      return {
        ...state,
        socketPhase: 'connected',
        snapshotSinceConnect: false,
        awaitingSnapshot: true,
        subscriptionError: null,
      };
    case 'socketDisconnected': {
      if (!action.willReconnect) return { ...state, socketPhase: 'closed', snapshotSinceConnect: false };
      // A first connection that fails and retries is still "connecting".
      const socketPhase = state.socketPhase === 'connecting' ? 'connecting' : 'reconnecting';
      return { ...state, socketPhase, snapshotSinceConnect: false };
    }
    case 'browserConnectivityChanged':
      return state.browserOnline === action.online ? state : { ...state, browserOnline: action.online };
    case 'subscriptionRequested':
      if (isSameSelection(state.requested, action.selection)) return state;
      return { ...state, requested: action.selection, awaitingSnapshot: true, subscriptionError: null };
    case 'snapshotReceived':
      return applySnapshot(state, action.snapshot, action.receivedAt);
    case 'updateReceived':
      return applyUpdate(state, action.update, action.receivedAt);
    case 'subscriptionRejected':
      return { ...state, subscriptionError: action.message };
    case 'liveStopped':
      // Nothing of the live view may outlive it: when it resumes, it starts from a fresh snapshot.
      return {
        ...initialLiveViewState(state.requested),
        socketPhase: 'closed',
        browserOnline: state.browserOnline,
        resyncRequests: state.resyncRequests,
      };
  }
}
