import type { Health } from './health';
import type { Dimension, SeriesPoint, Summary } from './summary';

/** The Socket.IO namespace of the live view (DESIGN.md section 5). */
export const LIVE_NAMESPACE = '/live';
/** Most updates a client receives in a second. */
export const MAX_UPDATES_PER_SECOND = 10;

export const LIVE_VIEWS = ['overview', 'tv'] as const;
export type LiveView = (typeof LIVE_VIEWS)[number];

/** The windows the dashboard offers, with the step of their series. */
export const LIVE_WINDOWS = {
  '5m': { durationMs: 5 * 60_000, stepMs: 5_000, label: '5 min' },
  '15m': { durationMs: 15 * 60_000, stepMs: 15_000, label: '15 min' },
  '1h': { durationMs: 60 * 60_000, stepMs: 60_000, label: '1 h' },
} as const;
export type LiveWindow = keyof typeof LIVE_WINDOWS;
export function isLiveWindow(value: unknown): value is LiveWindow {
  return typeof value === 'string' && Object.hasOwn(LIVE_WINDOWS, value);
}

/** How far back the KPI tiles look: "now", not the whole window. */
export const RECENT_MS = 60_000;

export interface LiveSubscription {
  view: LiveView;
  by?: Dimension;
  window?: LiveWindow;
}

/** The whole view, sent once after `subscribe`. */
export interface LiveSnapshot {
  subscription: Required<LiveSubscription>;
  series: { from: number; to: number; step: number; points: SeriesPoint[] };
  /** The last RECENT_MS: what the KPI tiles show. */
  recent: Summary;
  health: Health;
}

/**
 * A change since the snapshot: points at or after `series.from` replace the client's
 * points with the same `t` (only recent steps can still change), older points leave the
 * window as it slides.
 */
export interface LiveUpdate {
  series: { from: number; to: number; step: number; points: SeriesPoint[] };
  recent: Summary;
  health: Health;
}

export interface LiveError {
  code: 'invalid_subscription';
  message: string;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: LiveSnapshot) => void;
  update: (update: LiveUpdate) => void;
  error: (error: LiveError) => void;
}
export interface ClientToServerEvents {
  subscribe: (subscription: LiveSubscription) => void;
}
