import type { AlertRuleStatus } from './alerts';
import type { Health } from './health';
import type { Dimension, SeriesPoint, Summary } from './summary';

/** The Socket.IO namespace of the live view (DESIGN.md section 5). */
export const LIVE_NAMESPACE = '/live';
/**
 * How every browser connects to `/live`: WebSocket first, so one connection is one TCP
 * connection to one instance and a load balancer needs no sticky sessions; long-polling
 * only where a WebSocket cannot be opened (then a balancer must keep a client on one
 * instance, as Socket.IO's own guide says of polling).
 */
export function liveTransports(): { transports: string[]; tryAllTransports: boolean } {
  return { transports: ['websocket', 'polling'], tryAllTransports: true };
}

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

/**
 * The windows the TV wall compares: figures over the last window, and the trend against
 * the window before it (so twice the window must be within the retention).
 */
export const TV_WINDOWS = {
  '1m': { durationMs: 60_000, label: '1 min' },
  '5m': { durationMs: 5 * 60_000, label: '5 min' },
  '15m': { durationMs: 15 * 60_000, label: '15 min' },
  '30m': { durationMs: 30 * 60_000, label: '30 min' },
} as const;
export type TvWindow = keyof typeof TV_WINDOWS;
export function isTvWindow(value: unknown): value is TvWindow {
  return typeof value === 'string' && Object.hasOwn(TV_WINDOWS, value);
}
export const DEFAULT_TV_WINDOW: TvWindow = '1m';

export interface OverviewSubscription {
  view: 'overview';
  by?: Dimension;
  window?: LiveWindow;
}

/**
 * The wall's view. `region` or `carrier` (one of them) scopes its throughput and marks
 * that row of the breakdown; the other figures are kept for all traffic only.
 */
export interface TvSubscription {
  view: 'tv';
  window?: TvWindow;
  region?: string;
  carrier?: string;
}

export type LiveSubscription = OverviewSubscription | TvSubscription;

/** The overview's subscription with its defaults filled in. */
export type OverviewSelection = Required<OverviewSubscription>;
/** The wall's subscription with its defaults filled in; null where it does not filter. */
export interface TvSelection {
  view: 'tv';
  window: TvWindow;
  region: string | null;
  carrier: string | null;
}

/** The whole overview, sent once after `subscribe`. */
export interface OverviewSnapshot {
  view: 'overview';
  subscription: OverviewSelection;
  series: { from: number; to: number; step: number; points: SeriesPoint[] };
  /** The last RECENT_MS: what the KPI tiles show. */
  recent: Summary;
  health: Health;
  /** The append time of the newest input folded into these figures (an event's way to the screen starts there). */
  newestAppendTime: number | null;
  /** The room's update count so far: the next update is `seq + 1`. */
  seq: number;
}

/**
 * A change since the last snapshot or update: only the points that changed since the
 * previous tick (and the step that just began), each replacing the client's point with
 * the same `t`; points older than `series.from` of the window leave it as it slides.
 */
export interface OverviewUpdate {
  view: 'overview';
  series: { from: number; to: number; step: number; points: SeriesPoint[] };
  recent: Summary;
  health: Health;
  newestAppendTime: number | null;
  /**
   * Numbers the room's updates. Updates are volatile and carry only what changed, so a
   * client that sees a number skipped has missed changes and subscribes again for a snapshot.
   */
  seq: number;
}

/** What the wall shows of one window. Counts by event time, except dead letters and the error rate (append time), as everywhere. */
export interface TvFigures {
  from: number;
  to: number;
  /** Valid events, of the region or carrier when the wall filters by one. */
  events: number;
  eventsPerSecond: number;
  latencyP95Ms: number | null;
  /** Dead letters over inputs; null without inputs. */
  errorRate: number | null;
  deadLetters: number;
  exceptions: number;
  /** Exceptions by their `exceptionCode`; codes with none are left out. */
  exceptionsByCode: Record<string, number>;
  /** Valid events by region. */
  byRegion: Record<string, number>;
}

/** The pipeline as a wall shows it: live, rebuilding its state, or cut off from its broker. */
export type PipelineState = 'live' | 'rebuilding' | 'brokerLost';

/** The wall's whole view: small, so it is sent whole, as the snapshot and as every update. */
/** A firing alert on the wall: its name, how loud, since when. */
export type TvAlert = Pick<AlertRuleStatus, 'name' | 'severity' | 'activeSince'>;

export interface TvFrame {
  view: 'tv';
  subscription: TvSelection;
  current: TvFigures;
  /** The window before `current`, for each figure's trend. */
  previous: TvFigures;
  pipeline: { state: PipelineState; rebuildProgress: number; lagRecords: number };
  /** Waybill's own alert rules firing now, as the wall shows them. */
  alerts: TvAlert[];
  newestAppendTime: number | null;
  /** The server clock when this was made. */
  now: number;
}

export type LiveSnapshot = OverviewSnapshot | TvFrame;
export type LiveUpdate = OverviewUpdate | TvFrame;

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
