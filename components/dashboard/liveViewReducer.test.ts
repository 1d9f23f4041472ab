import { describe, it, expect } from 'vitest';
import {
  initialLiveViewState,
  liveViewReducer,
  mergeSeriesPoints,
  selectConnectionState,
  type LiveViewAction,
  type LiveViewState,
} from './liveViewReducer';
import { health, seriesPoint, snapshot, summary, update } from './testFixtures';

const FIVE_MINUTES = 5 * 60_000;
const STEP = 5_000;
const WINDOW_END = 1_000_000_000;
const WINDOW_START = WINDOW_END - FIVE_MINUTES;
const RECEIVED_AT = 1_700_000_000_000;

function reduce(state: LiveViewState, ...actions: LiveViewAction[]): LiveViewState {
  return actions.reduce(liveViewReducer, state);
}

function liveState(): LiveViewState {
  return reduce(
    initialLiveViewState({ window: '5m', by: 'region' }),
    { type: 'socketConnected' },
    {
      type: 'snapshotReceived',
      receivedAt: RECEIVED_AT,
      snapshot: snapshot({
        window: '5m',
        by: 'region',
        from: WINDOW_START,
        to: WINDOW_END,
        step: STEP,
        points: [
          seriesPoint(WINDOW_START + 2 * STEP, { events: 20 }),
          seriesPoint(WINDOW_START, { events: 10 }),
          seriesPoint(WINDOW_START + STEP, { events: 15 }),
        ],
      }),
    },
  );
}

function eventsByTime(state: LiveViewState): Array<[number, number]> {
  return (state.series?.points ?? []).map((point) => [point.t - WINDOW_START, point.events]);
}

describe('mergeSeriesPoints', () => {
  it('replaces points with the same t, appends new ones and keeps them sorted', () => {
    const merged = mergeSeriesPoints(
      [seriesPoint(0, { events: 1 }), seriesPoint(10, { events: 2 })],
      [seriesPoint(20, { events: 4 }), seriesPoint(10, { events: 3 })],
      0,
    );
    expect(merged.map((point) => [point.t, point.events])).toEqual([
      [0, 1],
      [10, 3],
      [20, 4],
    ]);
  });

  it('drops points older than the window', () => {
    const merged = mergeSeriesPoints([seriesPoint(0), seriesPoint(10)], [seriesPoint(5)], 10);
    expect(merged.map((point) => point.t)).toEqual([10]);
  });
});

describe('liveViewReducer', () => {
  it('is connecting until the first snapshot, then live', () => {
    const initial = initialLiveViewState({ window: '5m', by: 'region' });
    expect(selectConnectionState(initial)).toBe('connecting');
    const connected = liveViewReducer(initial, { type: 'socketConnected' });
    expect(selectConnectionState(connected)).toBe('connecting');
    expect(selectConnectionState(liveState())).toBe('live');
  });

  it('takes the snapshot as the whole view, its points sorted', () => {
    const recent = summary({ events: 600 });
    const currentHealth = health({ watermark: WINDOW_END - 5_000 });
    const state = reduce(initialLiveViewState({ window: '5m', by: 'carrier' }), { type: 'socketConnected' }, {
      type: 'snapshotReceived',
      receivedAt: RECEIVED_AT,
      snapshot: snapshot({
        window: '5m',
        by: 'carrier',
        from: WINDOW_START,
        to: WINDOW_END,
        step: STEP,
        points: [seriesPoint(WINDOW_START + STEP), seriesPoint(WINDOW_START)],
        recent,
        health: currentHealth,
      }),
    });
    expect(state.series).toMatchObject({ window: '5m', by: 'carrier', from: WINDOW_START, to: WINDOW_END, step: STEP });
    expect(state.series?.points.map((point) => point.t)).toEqual([WINDOW_START, WINDOW_START + STEP]);
    expect(state.recent).toBe(recent);
    expect(state.health).toBe(currentHealth);
  });

  it('merges an update: replaces, appends and slides the window', () => {
    const recent = summary({ events: 42 });
    const state = liveViewReducer(liveState(), {
      type: 'updateReceived',
      receivedAt: RECEIVED_AT,
      update: update({
        from: WINDOW_START + 2 * STEP,
        to: WINDOW_END + STEP,
        step: STEP,
        points: [
          seriesPoint(WINDOW_START + 2 * STEP, { events: 25 }),
          seriesPoint(WINDOW_END, { events: 5 }),
        ],
        recent,
      }),
    });
    // The window moved one step: the oldest point left, the newest arrived.
    expect(eventsByTime(state)).toEqual([
      [STEP, 15],
      [2 * STEP, 25],
      [FIVE_MINUTES, 5],
    ]);
    expect(state.series?.from).toBe(WINDOW_START + STEP);
    expect(state.series?.to).toBe(WINDOW_END + STEP);
    expect(state.recent).toBe(recent);
  });

  it('asks for a fresh snapshot when an update was skipped, keeping its points as they were', () => {
    const live = liveState();
    const next = (seq: number, events: number) =>
      update({ from: WINDOW_START, to: WINDOW_END, step: STEP, points: [seriesPoint(WINDOW_START + STEP, { events })], seq });
    const first = liveViewReducer(live, { type: 'updateReceived', receivedAt: RECEIVED_AT, update: next(1, 30) });
    expect(first.lastSeq).toBe(1);
    expect(first.resyncRequests).toBe(0);
    // Update 2 never arrived (volatile): update 3 carries only its own changes.
    const gap = liveViewReducer(first, { type: 'updateReceived', receivedAt: RECEIVED_AT + 300, update: next(3, 99) });
    expect(gap.resyncRequests).toBe(1);
    expect(gap.awaitingSnapshot).toBe(true);
    expect(eventsByTime(gap)).toEqual(eventsByTime(first));
    // Until the snapshot, further updates change no point either.
    const before = liveViewReducer(gap, { type: 'updateReceived', receivedAt: RECEIVED_AT + 400, update: next(4, 77) });
    expect(eventsByTime(before)).toEqual(eventsByTime(first));
  });

  it('ignores series updates for the previous subscription until the new snapshot', () => {
    const resubscribed = liveViewReducer(liveState(), {
      type: 'subscriptionRequested',
      selection: { window: '5m', by: 'carrier' },
    });
    const recent = summary({ events: 7 });
    const afterStaleUpdate = liveViewReducer(resubscribed, {
      type: 'updateReceived',
      receivedAt: RECEIVED_AT,
      update: update({ from: WINDOW_END, to: WINDOW_END + STEP, step: STEP, points: [seriesPoint(WINDOW_END, { events: 99 })], recent }),
    });
    expect(eventsByTime(afterStaleUpdate)).toEqual(eventsByTime(liveState()));
    // Gauges do not depend on the subscription, so they still move.
    expect(afterStaleUpdate.recent).toBe(recent);
    // Changing what is shown does not make the connection any less live.
    expect(selectConnectionState(afterStaleUpdate)).toBe('live');
  });

  it('ignores a snapshot for a subscription that was since replaced', () => {
    const state = reduce(
      liveState(),
      { type: 'subscriptionRequested', selection: { window: '15m', by: 'region' } },
      { type: 'subscriptionRequested', selection: { window: '1h', by: 'region' } },
    );
    const staleSnapshot = snapshot({ window: '15m', by: 'region', from: 0, to: 900_000, step: 15_000, points: [] });
    expect(liveViewReducer(state, { type: 'snapshotReceived', snapshot: staleSnapshot, receivedAt: RECEIVED_AT })).toBe(state);

    const currentSnapshot = snapshot({ window: '1h', by: 'region', from: 0, to: 3_600_000, step: 60_000, points: [seriesPoint(0)] });
    const next = liveViewReducer(state, { type: 'snapshotReceived', snapshot: currentSnapshot, receivedAt: RECEIVED_AT });
    expect(next.series).toMatchObject({ window: '1h', step: 60_000 });
    expect(next.awaitingSnapshot).toBe(false);
  });

  it('does not resubscribe for an unchanged selection', () => {
    const state = liveState();
    expect(liveViewReducer(state, { type: 'subscriptionRequested', selection: { window: '5m', by: 'region' } })).toBe(state);
  });

  it('is reconnecting after a drop, keeps the last data, and is live again after a new snapshot', () => {
    const dropped = liveViewReducer(liveState(), { type: 'socketDisconnected', willReconnect: true });
    expect(selectConnectionState(dropped)).toBe('reconnecting');
    expect(eventsByTime(dropped)).toEqual(eventsByTime(liveState()));

    const reconnected = liveViewReducer(dropped, { type: 'socketConnected' });
    expect(selectConnectionState(reconnected)).toBe('reconnecting');
    const staleUpdate = update({ from: WINDOW_END, to: WINDOW_END + STEP, step: STEP, points: [seriesPoint(WINDOW_END, { events: 1 })] });
    expect(eventsByTime(liveViewReducer(reconnected, { type: 'updateReceived', update: staleUpdate, receivedAt: RECEIVED_AT }))).toEqual(
      eventsByTime(liveState()),
    );

    const live = liveViewReducer(reconnected, {
      type: 'snapshotReceived',
      receivedAt: RECEIVED_AT,
      snapshot: snapshot({ window: '5m', by: 'region', from: WINDOW_START, to: WINDOW_END, step: STEP, points: [] }),
    });
    expect(selectConnectionState(live)).toBe('live');
  });

  it('stays connecting while a first connection attempt keeps failing', () => {
    const state = liveViewReducer(initialLiveViewState({ window: '5m', by: 'region' }), {
      type: 'socketDisconnected',
      willReconnect: true,
    });
    expect(selectConnectionState(state)).toBe('connecting');
  });

  it('is offline when the socket gives up or the browser loses the network', () => {
    expect(selectConnectionState(liveViewReducer(liveState(), { type: 'socketDisconnected', willReconnect: false }))).toBe(
      'offline',
    );
    const offline = liveViewReducer(liveState(), { type: 'browserConnectivityChanged', online: false });
    expect(selectConnectionState(offline)).toBe('offline');
    expect(selectConnectionState(liveViewReducer(offline, { type: 'browserConnectivityChanged', online: true }))).toBe('live');
  });

  it('keeps a rejected subscription visible until the server accepts one', () => {
    const rejected = liveViewReducer(liveState(), { type: 'subscriptionRejected', message: 'unknown window' });
    expect(rejected.subscriptionError).toBe('unknown window');
    const resubscribed = liveViewReducer(rejected, { type: 'subscriptionRequested', selection: { window: '15m', by: 'region' } });
    expect(resubscribed.subscriptionError).toBeNull();
  });

  it('remembers when live data last arrived, for the staleness mark', () => {
    expect(initialLiveViewState({ window: '5m', by: 'region' }).lastReceivedAt).toBeNull();
    expect(liveState().lastReceivedAt).toBe(RECEIVED_AT);
    const later = liveViewReducer(liveState(), {
      type: 'updateReceived',
      receivedAt: RECEIVED_AT + 500,
      update: update({ from: WINDOW_END, to: WINDOW_END + STEP, step: STEP, points: [] }),
    });
    expect(later.lastReceivedAt).toBe(RECEIVED_AT + 500);
  });

  it('forgets everything live when the live view stops, so a later resume starts from a snapshot', () => {
    const stopped = liveViewReducer(liveState(), { type: 'liveStopped' });
    expect(stopped).toMatchObject({ series: null, recent: null, lastReceivedAt: null, awaitingSnapshot: true });
    expect(selectConnectionState(stopped)).toBe('offline');
    const resumed = reduce(stopped, { type: 'socketConnected' });
    expect(selectConnectionState(resumed)).toBe('connecting');
  });
});
