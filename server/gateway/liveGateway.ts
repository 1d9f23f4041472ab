import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  isLiveWindow,
  LIVE_NAMESPACE,
  LIVE_VIEWS,
  LIVE_WINDOWS,
  MAX_UPDATES_PER_SECOND,
  RECENT_MS,
  type ClientToServerEvents,
  type LiveSnapshot,
  type LiveSubscription,
  type LiveUpdate,
  type ServerToClientEvents,
} from '../../lib/live';
import { DIMENSIONS, isDimension } from '../../lib/summary';
import type { AccessDecision } from '../http/access';
import type { ReadModel } from '../readModel';
import { PushLog } from './pushLog';

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
    const interval = Math.max(1_000 / MAX_UPDATES_PER_SECOND, options.updateIntervalMs ?? 500);
    this.timer = setInterval(() => this.broadcast(), interval);
  }

  private onConnection(socket: LiveSocket): void {
    socket.on('subscribe', (raw) => {
      const subscription = parseSubscription(raw);
      if (typeof subscription === 'string') {
        socket.emit('error', { code: 'invalid_subscription', message: subscription });
        return;
      }
      for (const room of socket.rooms) if (room !== socket.id) void socket.leave(room);
      void socket.join(roomOf(subscription));
      const snapshot = this.snapshot(subscription);
      socket.emit('snapshot', snapshot);
      this.pushes.record(this.clock(), snapshot.series.from, snapshot.series.to);
    });
  }

  snapshot(subscription: Required<LiveSubscription>): LiveSnapshot {
    const now = this.clock();
    const { durationMs, stepMs } = LIVE_WINDOWS[subscription.window];
    // Up to now: the last point is the step in progress, so window totals include what
    // just happened; charts of rates leave that partial step out.
    const to = now;
    const from = Math.ceil((to - durationMs) / stepMs) * stepMs;
    const series = this.options.readModel.series(from, to, stepMs, subscription.by);
    return {
      subscription,
      series: { from: series.from, to: series.to, step: series.step, points: series.points },
      recent: this.options.readModel.summary(now - RECENT_MS, now),
      health: this.options.readModel.health(now),
    };
  }

  update(subscription: Required<LiveSubscription>): LiveUpdate {
    const now = this.clock();
    const { stepMs } = LIVE_WINDOWS[subscription.window];
    const to = now;
    const from = Math.floor((to - Math.max(REFRESHED_TAIL_MS, stepMs)) / stepMs) * stepMs;
    const series = this.options.readModel.series(from, to, stepMs, subscription.by);
    return {
      series: { from: series.from, to: series.to, step: series.step, points: series.points },
      recent: this.options.readModel.summary(now - RECENT_MS, now),
      health: this.options.readModel.health(now),
    };
  }

  private broadcast(): void {
    for (const room of this.namespace.adapter.rooms.keys()) {
      const subscription = subscriptionOfRoom(room);
      if (!subscription) continue;
      const update = this.update(subscription);
      this.namespace.to(room).volatile.emit('update', update);
      this.pushes.record(this.clock(), update.series.from, update.series.to);
    }
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return new Promise((resolve) => void this.io.close(() => resolve()));
  }
}

const ROOM_PREFIX = 'live:';

function roomOf(subscription: Required<LiveSubscription>): string {
  return `${ROOM_PREFIX}${subscription.view}:${subscription.by}:${subscription.window}`;
}

function subscriptionOfRoom(room: string): Required<LiveSubscription> | null {
  if (!room.startsWith(ROOM_PREFIX)) return null;
  const [view, by, window] = room.slice(ROOM_PREFIX.length).split(':');
  const parsed = parseSubscription({ view, by, window });
  return typeof parsed === 'string' ? null : parsed;
}

/** A valid subscription with defaults filled in, or what is wrong with it. */
export function parseSubscription(raw: unknown): Required<LiveSubscription> | string {
  if (typeof raw !== 'object' || raw === null) return 'subscribe takes an object { view, by?, window? }';
  const { view, by, window } = raw as Record<string, unknown>;
  if (!(LIVE_VIEWS as readonly unknown[]).includes(view)) return `view: expected one of ${LIVE_VIEWS.join(', ')}`;
  if (by !== undefined && !isDimension(by)) return `by: expected one of ${DIMENSIONS.join(', ')}`;
  if (window !== undefined && !isLiveWindow(window)) return `window: expected one of ${Object.keys(LIVE_WINDOWS).join(', ')}`;
  return { view: view as LiveSubscription['view'], by: by ?? 'region', window: window ?? '5m' };
}
