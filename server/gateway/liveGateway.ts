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
  TV_WINDOWS,
  type ClientToServerEvents,
  type LiveUpdate,
  type OverviewSelection,
  type ServerToClientEvents,
  type TvSelection,
} from '../../lib/live';
import { DIMENSIONS, isDimension } from '../../lib/summary';
import type { AccessDecision } from '../http/access';
import type { ReadModel } from '../readModel';
import { LiveViews } from '../liveViews';
import { PushLog } from './pushLog';
import { isAllowedHost } from '../http/hostPolicy';
import { isAllowedOrigin } from '../http/originPolicy';

/** A subscription with its defaults filled in: what a room serves. */
export type LiveSelection = OverviewSelection | TvSelection;

export interface LiveGatewayOptions {
  readModel: ReadModel;
  /** Who may watch: the same decision as for reads over HTTP. Open when absent. */
  authorizeRead?: (token: string | null) => AccessDecision;
  /** How long pushes are remembered for traces (the retention). */
  pushLogMs?: number;
  clock?: () => number;
  /** How often views are brought up to date and sent; never more often than MAX_UPDATES_PER_SECOND. */
  updateIntervalMs?: number;
  /** After each tick: updates handed to connections, and updates slow clients skipped. */
  onUpdates?: (sent: number, skipped: number) => void;
  /** Origins besides the server's own whose pages may open the socket (WAYBILL_ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** The Host names the server answers (hostPolicy.ts); absent: any. */
  allowedHosts?: readonly string[];
  /** After a push reached dashboards: when, the event-time range it covered, and to how many clients. */
  onPushed?: (pushedAt: number, from: number, to: number, clients: number) => void;
}

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

interface Room {
  selection: LiveSelection;
  /** Updates sent so far (the overview's updates are numbered). */
  seq: number;
}

/**
 * Socket.IO namespace `/live`: a client subscribes to a view, gets a snapshot, then
 * updates. Clients with the same subscription share a room. Every tick (100 ms) the views
 * are brought up to date once, from what changed since the last tick (liveViews.ts), and
 * each room's update is made once, however many watch it: the overview's changed points,
 * the wall's whole (small) frame. Updates are volatile: a slow client skips frames instead
 * of growing a buffer; the overview's are numbered so that a client which skipped one
 * subscribes again for a snapshot.
 */
export class LiveGateway {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents>;
  private readonly namespace: Namespace<ClientToServerEvents, ServerToClientEvents>;
  private readonly clock: () => number;
  private timer: NodeJS.Timeout;
  private readonly intervalMs: number;
  /** When the last ticks started, oldest first: at most MAX_UPDATES_PER_SECOND of them. */
  private readonly tickStarts: number[] = [];
  private closed = false;
  private readonly views: LiveViews;
  /** When updates reached dashboards: an input's trace ends there. */
  readonly pushes: PushLog;
  private readonly rooms = new Map<string, Room>();
  private readonly deliveries = { sent: 0, skipped: 0 };
  /** Clients whose snapshot waits for their connection to drain: the newest subscription of each. */
  private readonly awaitingDrain = new Map<string, LiveSelection>();

  constructor(httpServer: HttpServer, private readonly options: LiveGatewayOptions) {
    this.clock = options.clock ?? Date.now;
    this.views = new LiveViews(options.readModel);
    this.pushes = new PushLog(options.pushLogMs ?? 60 * 60_000);
    const allowedOrigins = options.allowedOrigins ?? [];
    this.io = new Server(httpServer, {
      serveClient: false,
      cors: { origin: false },
      // Browsers apply no CORS to WebSockets: a foreign page is refused by its Origin here.
      allowRequest: (req, callback) =>
        callback(
          null,
          (options.allowedHosts === undefined || isAllowedHost(req.headers.host, options.allowedHosts)) &&
            isAllowedOrigin(req.headers.origin, req.headers.host, allowedOrigins),
        ),
    });
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
    this.intervalMs = Math.max(1_000 / MAX_UPDATES_PER_SECOND, options.updateIntervalMs ?? 1_000 / MAX_UPDATES_PER_SECOND);
    this.timer = setTimeout(() => this.runTick(), this.intervalMs);
  }

  /**
   * Ticks on a schedule that does not drift: a tick that started late is followed
   * sooner, so a busy event loop still gives ten a second; but never an eleventh within
   * a second of the tenth before it, so no client gets more than MAX_UPDATES_PER_SECOND.
   */
  private runTick(): void {
    const startedAt = this.clock();
    this.tickStarts.push(startedAt);
    if (this.tickStarts.length > MAX_UPDATES_PER_SECOND) this.tickStarts.shift();
    try {
      this.tick();
    } finally {
      if (!this.closed) {
        const onPace = startedAt + this.intervalMs;
        const tenthBefore = this.tickStarts.length === MAX_UPDATES_PER_SECOND ? this.tickStarts[0]! + 1_000 : 0;
        const next = Math.max(onPace - this.lateness(startedAt), tenthBefore, startedAt + this.intervalMs / 2);
        this.timer = setTimeout(() => this.runTick(), Math.max(0, next - this.clock()));
      }
    }
  }

  /** How far behind its pace this tick started: made up by starting the next one sooner. */
  private lateness(startedAt: number): number {
    const previous = this.tickStarts[this.tickStarts.length - 2];
    return previous === undefined ? 0 : Math.max(0, startedAt - previous - this.intervalMs);
  }

  private onConnection(socket: LiveSocket): void {
    socket.on('subscribe', (raw) => {
      const selection = parseSubscription(raw);
      if (typeof selection === 'string') {
        // Volatile: a client that does not read cannot make refusals pile up either.
        socket.volatile.emit('error', { code: 'invalid_subscription', message: selection });
        return;
      }
      for (const joined of socket.rooms) if (joined !== socket.id) void socket.leave(joined);
      const name = roomOf(selection);
      let room = this.rooms.get(name);
      if (!room) {
        room = { selection, seq: 0 };
        this.rooms.set(name, room);
      }
      void socket.join(name);
      this.sendSnapshot(socket, selection);
    });
  }

  /**
   * A snapshot is not volatile (a client needs one to start from), so it must not pile up
   * for a client that does not read: while the connection's last write has not drained,
   * only the newest subscription is remembered, and its snapshot, made then, goes out on
   * the first tick that finds the connection writable. A client subscribing a hundred
   * times a second without reading costs one pending subscription, not a hundred
   * snapshots a second in memory.
   */
  private sendSnapshot(socket: LiveSocket, selection: LiveSelection, inTick = false): void {
    if (!socket.conn.transport.writable) {
      if (!this.awaitingDrain.has(socket.id)) socket.once('disconnect', () => this.awaitingDrain.delete(socket.id));
      this.awaitingDrain.set(socket.id, selection);
      return;
    }
    this.awaitingDrain.delete(socket.id);
    if (!this.views.advanced) this.views.tick(this.clock());
    const now = this.clock();
    if (selection.view === 'tv') {
      socket.emit('snapshot', this.views.tvFrame(selection));
    } else {
      // Sent in a tick, before its updates: the snapshot already holds what the room's next
      // update brings, so it takes that update's number, and the update itself finds the
      // connection busy with the snapshot and skips this client (volatile).
      const seq = (this.rooms.get(roomOf(selection))?.seq ?? 0) + (inTick ? 1 : 0);
      const snapshot = this.views.overviewSnapshot(selection, seq);
      socket.emit('snapshot', snapshot);
      this.pushes.record(now, snapshot.series.from, snapshot.series.to);
      this.options.onPushed?.(now, snapshot.series.from, snapshot.series.to, 1);
    }
  }

  /** The snapshots that waited for their connections to drain, for those that have. */
  private sendAwaitedSnapshots(): void {
    for (const [id, selection] of this.awaitingDrain) {
      const socket = this.namespace.sockets.get(id);
      if (!socket) this.awaitingDrain.delete(id);
      else if (socket.conn.transport.writable) this.sendSnapshot(socket, selection, true);
    }
  }

  /** Brings the views up to date and sends each room what changed (or a heartbeat). */
  private tick(): void {
    const now = this.clock();
    // Changes are taken even with nobody watching: they are only ever what changed since the last tick.
    this.views.tick(now);
    if (this.awaitingDrain.size > 0) this.sendAwaitedSnapshots();
    const socketRooms = this.namespace.adapter.rooms;
    let sent = false;
    for (const [name, room] of this.rooms) {
      // A room nobody is in any more is forgotten (Socket.IO deletes empty rooms).
      if (!socketRooms.has(name)) {
        this.rooms.delete(name);
        continue;
      }
      // Every tick, changed or not: the update's clock and health are news too, and a
      // screen can tell a quiet pipeline from a frozen one.
      const { selection } = room;
      let update: LiveUpdate;
      if (selection.view === 'tv') {
        update = this.views.tvFrame(selection);
      } else {
        room.seq += 1;
        update = this.views.overviewUpdate(selection, this.views.changedPoints(selection), room.seq);
      }
      // Before the emit: the emit's own write makes a connection unwritable until it drains.
      if (this.options.onUpdates) this.countDeliveries(socketRooms.get(name));
      this.namespace.to(name).volatile.emit('update', update);
      sent = true;
    }
    if (this.options.onUpdates) {
      this.options.onUpdates(this.deliveries.sent, this.deliveries.skipped);
      this.deliveries.sent = 0;
      this.deliveries.skipped = 0;
    }
    const changed = this.views.changedRange;
    if (sent && changed) {
      this.pushes.record(now, changed.from, changed.to);
      this.options.onPushed?.(now, changed.from, changed.to, this.namespace.sockets.size);
    }
  }

  /**
   * Socket.IO drops a volatile packet for a connection whose transport is not writable
   * (its last write has not drained): that is the skip this counts, checked the same way.
   */
  private countDeliveries(members: Set<string> | undefined): void {
    for (const id of members ?? []) {
      const socket = this.namespace.sockets.get(id);
      if (!socket) continue;
      if (socket.conn.transport.writable) this.deliveries.sent += 1;
      else this.deliveries.skipped += 1;
    }
  }

  /** Connected clients and distinct subscriptions, for /metrics. */
  stats(): { clients: number; rooms: number } {
    return { clients: this.namespace.sockets.size, rooms: this.rooms.size };
  }

  close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
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
