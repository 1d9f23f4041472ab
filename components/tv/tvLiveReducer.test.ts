import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TvFrame, TvSelection } from '../../lib/live';
import { STALE_AFTER_MS } from '../live/staleness';
import { FreshnessWatchdog } from './freshnessWatchdog';
import {
  initialTvLiveState,
  selectFreshness,
  selectNeverLive,
  selectStaleSince,
  tvLiveReducer,
  type TvLiveAction,
  type TvLiveState,
} from './tvLiveReducer';
import { TV_SELECTION, tvFrame } from './tvTestFixtures';

const START = new Date(2026, 0, 1, 10, 0, 0).getTime();
const TICK_MS = 100;

/** The reducer wired to the watchdog as the wall wires them, on fake timers. */
function wall(selection: TvSelection = TV_SELECTION) {
  let state = initialTvLiveState(selection, Date.now());
  const dispatch = (action: TvLiveAction) => (state = tvLiveReducer(state, action));
  const watchdog = new FreshnessWatchdog((now) => dispatch({ type: 'clockTicked', now }));
  return {
    get state(): TvLiveState {
      return state;
    },
    dispatch,
    watchdog,
    receive(frame: TvFrame = tvFrame({ subscription: state.requested })) {
      const receivedAt = Date.now();
      dispatch({ type: 'frameReceived', frame, receivedAt });
      watchdog.frameArrived(receivedAt);
    },
    /** Frames every tick for `ms`. */
    streamFor(ms: number) {
      for (let elapsed = 0; elapsed < ms; elapsed += TICK_MS) {
        vi.advanceTimersByTime(TICK_MS);
        this.receive();
      }
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the wall’s freshness', () => {
  it('is reconnecting (connecting) until the first frame of its subscription, then live', () => {
    const screen = wall();
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    expect(selectNeverLive(screen.state)).toBe(true);
    screen.dispatch({ type: 'socketConnected' });
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    screen.receive();
    expect(selectFreshness(screen.state)).toBe('live');
    expect(selectNeverLive(screen.state)).toBe(false);
  });

  it('stays live while frames keep coming, however long', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.streamFor(60_000);
    expect(selectFreshness(screen.state)).toBe('live');
    expect(vi.getTimerCount()).toBe(1);
  });

  it('turns stale just after STALE_AFTER_MS without a frame, and says since when', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.streamFor(2_000);
    const lastFrameAt = Date.now();
    vi.advanceTimersByTime(STALE_AFTER_MS);
    expect(selectFreshness(screen.state)).toBe('live');
    vi.advanceTimersByTime(1);
    expect(selectFreshness(screen.state)).toBe('stale');
    expect(selectStaleSince(screen.state)).toBe(lastFrameAt);
    // Stale and said so: no timer runs until the next frame.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is live again with the next frame', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.receive();
    vi.advanceTimersByTime(STALE_AFTER_MS + 1_000);
    expect(selectFreshness(screen.state)).toBe('stale');
    screen.receive();
    expect(selectFreshness(screen.state)).toBe('live');
    expect(selectStaleSince(screen.state)).toBeNull();
  });

  it('reconnects at once when the socket drops, and shows the stale notice too after STALE_AFTER_MS', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.streamFor(1_000);
    const lastFrameAt = Date.now();
    screen.dispatch({ type: 'socketDisconnected' });
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    expect(selectStaleSince(screen.state)).toBeNull();
    screen.dispatch({ type: 'reconnectAttempted', attempt: 3 });
    vi.advanceTimersByTime(STALE_AFTER_MS + 1);
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    expect(selectStaleSince(screen.state)).toBe(lastFrameAt);
    expect(screen.state.reconnectAttempt).toBe(3);
    // Still the last figures: a wall keeps showing them, marked.
    expect(screen.state.frame).not.toBeNull();
  });

  it('is live only after the server answered on the new connection', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.receive();
    screen.dispatch({ type: 'socketDisconnected' });
    screen.dispatch({ type: 'socketConnected' });
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    expect(screen.state.reconnectAttempt).toBe(0);
    screen.receive();
    expect(selectFreshness(screen.state)).toBe('live');
  });

  it('drops frames of a subscription it no longer asks for, and the figures of the old one', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.receive();
    const eastOnly: TvSelection = { ...TV_SELECTION, region: 'us-east' };
    screen.dispatch({ type: 'subscriptionRequested', selection: eastOnly });
    expect(screen.state.frame).toBeNull();
    screen.receive(tvFrame({ subscription: TV_SELECTION }));
    expect(screen.state.frame).toBeNull();
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    screen.receive(tvFrame({ subscription: eastOnly }));
    expect(screen.state.frame?.subscription.region).toBe('us-east');
    expect(selectFreshness(screen.state)).toBe('live');
  });

  it('keeps a refusal and a rejected subscription until the server accepts', () => {
    const screen = wall();
    screen.dispatch({ type: 'accessRefused', refusal: 'unauthorized' });
    expect(screen.state.accessRefusal).toBe('unauthorized');
    expect(selectFreshness(screen.state)).toBe('reconnecting');
    screen.dispatch({ type: 'socketConnected' });
    expect(screen.state.accessRefusal).toBeNull();
    screen.dispatch({ type: 'subscriptionRejected', message: 'region: too long' });
    expect(screen.state.subscriptionError).toBe('region: too long');
    screen.receive();
    expect(screen.state.subscriptionError).toBeNull();
  });

  it('leaves no timer behind once stopped', () => {
    const screen = wall();
    screen.dispatch({ type: 'socketConnected' });
    screen.receive();
    expect(vi.getTimerCount()).toBe(1);
    screen.watchdog.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(STALE_AFTER_MS * 2);
    expect(selectFreshness(screen.state)).toBe('live');
  });
});
