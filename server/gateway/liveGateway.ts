import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  DEFAULT_TV_WINDOW,
  isLiveWindow,
  isTvWindow,
  LIVE_NAMESPACE,
  LIVE_VIEWS,
  LIVE_WINDOWS,
  MAX_UPDATES_PER_SECOND,
  RECENT_MS,
  TV_WINDOWS,
  type ClientToServerEvents,
  type LiveUpdate,
  type OverviewSelection,
  type OverviewSnapshot,
  type OverviewUpdate,
  type ServerToClientEvents,
  type TvSelection,
} from '../../lib/live';
import { DIMENSIONS, isDimension } from '../../lib/summary';
import type { AccessDecision } from '../http/access';
import type { ReadModel } from '../readModel';
import { PushLog } from './pushLog';

/** A subscription with its defaults filled in: what a room serves. */
export type LiveSelection = OverviewSelection | TvSelection;

export interface LiveGatewayOptions {
  readModel: ReadModel;
  /** Who may watch: the same decision as for reads over HTTP. Open when absent. */
  authorizeRead?: (token: string | null) => AccessDecision;
  /** How long pushes are remembered for traces (the retention). */
  pushLogMs?: number;
  clock?: () => number;
  /** How often rooms with subscribers get an update; never more often than MAX_UPDATES_PER_SECOND. */
  updateIntervalMs?: number;
}

/** How far back an update recomputes points: the only ones late events can still change. */
const REFRESHED_TAIL_MS = 60_000;

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/**
 * Socket.IO namespace `/live`: a client subscribes to a view, gets a snapshot, then
 * updates. Clients with the same subscription share a room, and an update is computed
 * once per room and tick, however many watch it. Updates are volatile: a slow client
 * skips frames instead of growing a buffer.
 */
export class LiveGateway {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly namespace: Namespace<ClientToServerEvents, ServerToClientEvents>;
  private readonly clock: () => number;
  private readonly timer: NodeJS.Timeout;
  /** When updates reached dashboards: an input's trace ends there. */
  readonly pushes: PushLog;
  /** What each room serves. */
  private readonly selections = new Map<string, LiveSelection>();

  constructor(httpServer: HttpServer, private readonly options: LiveGatewayOptions) {
    this.clock = options.clock ?? Date.now;
    this.pushes = new PushLog(options.pushLogMs ?? 60 * 60_000);
    this.io = new Server(httpServer, { serveClient: false, cors: { origin: false } });
    this.namespace = this.io.of(LIVE_NAMESPACE);
    const authorizeRead = options.authorizeRead;
    if (authorizeRead) {
      this.namespace.use((socket, next) => {
        const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
        const decision = authorizeRead(typeof token === 'string' && token !== '' ? token : null);
        // The client sees the message as connect_error: 'unauthorized' or 'forbidden'.
        next(decision === 'allowed' ? undefined : new Error(decision));
      });
    }
    this.namespace.on('connection', (socket) => this.onConnection(socket));
    const interval = Math.max(1_000 / MAX_UPDATES_PER_SECOND, options.updateIntervalMs ?? 1_000 / MAX_UPDATES_PER_SECOND);
    this.timer = setInterval(() => this.broadcast(), interval);
  }

  private onConnection(socket: LiveSocket): void {
    socket.on('subscribe', (raw) => {
      const selection = parseSubscription(raw);
      if (typeof selection === 'string') {
        socket.emit('error', { code: 'invalid_subscription', message: selection });
        return;
      }
      for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
      const room = roomOf(selection);
      this.selections.set(room, selection);
      void socket.join(room);
      const now = this.clock();
      const snapshot = selection.view === 'tv' ? this.options.readModel.tvFrame(selection, now) : this.snapshot(selection);
      socket.emit('snapshot', snapshot);
      if (snapshot.view === 'overview') this.pushes.record(now, snapshot.series.from, snapshot.series.to);
    });
  }

  snapshot(selection: OverviewSelection): OverviewSnapshot {
    const now = this.clock();
    const { durationMs, stepMs } = LIVE_WINDOWS[selection.window];
    // Up to now: the last point is the step in progress, so window totals include what
    // just happened; charts of rates leave that partial step out.
    const to = now;
    const from = Math.ceil((to - durationMs) / stepMs) * stepMs;
    const readModel = this.options.readModel;
    const series = readModel.series(from, to, stepMs, selection.by);
    return {
      view: 'overview',
      subscription: selection,
      series: { from: series.from, to: series.to, step: series.step, points: series.points },
      recent: readModel.summary(now - RECENT_MS, now),
      health: readModel.health(now),
      newestAppendTime: readModel.newestAppendTime(),
    };
  }

  update(selection: OverviewSelection): OverviewUpdate {
    const now = this.clock();
    const { stepMs } = LIVE_WINDOWS[selection.window];
    const to = now;
    const from = Math.floor((to - Math.max(REFRESHED_TAIL_MS, stepMs)) / stepMs) * stepMs;
    const readModel = this.options.readModel;
    const series = readModel.series(from, to, stepMs, selection.by);
    return {
      view: 'overview',
      series: { from: series.from, to: series.to, step: series.step, points: series.points },
      recent: readModel.summary(now - RECENT_MS, now),
      health: readModel.health(now),
      newestAppendTime: readModel.newestAppendTime(),
    };
  }

  private broadcast(): void {
    const rooms = this.namespace.adapter.rooms;
    for (const [room, selection] of this.selections) {
      // A room nobody is in any more is forgotten (Socket.IO deletes empty rooms).
      if (!rooms.has(room)) {
        this.selections.delete(room);
        continue;
      }
      const now = this.clock();
      const update: LiveUpdate = selection.view === 'tv' ? this.options.readModel.tvFrame(selection, now) : this.update(selection);
      this.namespace.to(room).volatile.emit('update', update);
      if (update.view === 'overview') this.pushes.record(now, update.series.from, update.series.to);
    }
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }
}

/** A room per distinct selection: clients that watch the same thing share its updates. */
function roomOf(selection: LiveSelection): string {
  if (selection.view === 'overview') return `live:overview:${selection.by}:${selection.window}`;
  return `live:tv:${selection.window}:${encodeURIComponent(selection.region ?? '')}:${encodeURIComponent(selection.carrier ?? '')}`;
}

/** The longest region or carrier name a wall may filter by. */
const MAX_FILTER_LENGTH = 200;

/** A valid subscription with defaults filled in, or what is wrong with it. */
export function parseSubscription(raw: unknown): LiveSelection | string {
  if (typeof raw !== 'object' || raw === null) return 'subscribe takes an object { view, … }';
  const fields = raw as Record<string, unknown>;
  const view = fields.view;
  if (!(LIVE_VIEWS as readonly unknown[]).includes(view)) return `view: expected one of ${LIVE_VIEWS.join(', ')}`;
  if (view === 'overview') {
    const { by, window } = fields;
    if (by !== undefined && !isDimension(by)) return `by: expected one of ${DIMENSIONS.join(', ')}`;
    if (window !== undefined && !isLiveWindow(window)) return `window: expected one of ${Object.keys(LIVE_WINDOWS).join(', ')}`;
    return { view: 'overview', by: by ?? 'region', window: window ?? '5m' };
  }
  const { window, region, carrier } = fields;
  if (window !== undefined && !isTvWindow(window)) return `window: expected one of ${Object.keys(TV_WINDOWS).join(', ')}`;
  for (const [name, value] of [['region', region], ['carrier', carrier]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '' || value.length > MAX_FILTER_LENGTH)) {
      return `${name}: expected a name of 1 to ${MAX_FILTER_LENGTH} characters`;
    }
  }
  if (region !== undefined && carrier !== undefined) return 'region, carrier: filter by one of them, not both';
  return { view: 'tv', window: window ?? DEFAULT_TV_WINDOW, region: (region as string | undefined) ?? null, carrier: (carrier as string | undefined) ?? null };
}
