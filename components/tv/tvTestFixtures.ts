import type { TvFigures, TvFrame, TvSelection } from '../../lib/live';

export const TV_SELECTION: TvSelection = { view: 'tv', window: '1m', region: null, carrier: null };

export function tvFigures(overrides: Partial<TvFigures> = {}): TvFigures {
  return {
    from: 0,
    to: 60_000,
    events: 600,
    eventsPerSecond: 10,
    latencyP95Ms: 420,
    errorRate: 0.002,
    deadLetters: 1,
    exceptions: 3,
    exceptionsByCode: { DAMAGED: 2, DELAYED: 1 },
    byRegion: { 'eu-west': 400, uk: 200 },
    ...overrides,
  };
}

export function tvFrame(overrides: Partial<TvFrame> = {}): TvFrame {
  return {
    view: 'tv',
    subscription: TV_SELECTION,
    current: tvFigures(),
    previous: tvFigures({ from: -60_000, to: 0 }),
    pipeline: { state: 'live', rebuildProgress: 1, lagRecords: 0 },
    alerts: [],
    newestAppendTime: 59_000,
    now: 60_000,
    ...overrides,
  };
}
