import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDEVENTS_BATCH_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import { LIVE_NAMESPACE, MAX_UPDATES_PER_SECOND, type ClientToServerEvents, type LiveSubscription, type LiveUpdate, type ServerToClientEvents } from '../../lib/live';
import { serverPidUnder } from '../testing/processTree';
import { postEvents, startServer, waitUntilLive, type RunningServer } from '../testing/runningServer';

/*
 * Slow clients on the real server (npm start, embedded mode, simulator on): half of a few
 * hundred /live clients stop reading their TCP socket after their snapshot, as a frozen
 * tab or a client behind a congested link does. The kernel's buffers for each of them
 * fill (megabytes on loopback), then the server's own writes back up. The server must
 * not buffer for them without bound: its resident memory stays flat, the clients that do
 * read keep their update rate, /api/health still answers at once, the updates the
 * stalled clients miss are skipped (volatile emits), and the stalled clients are
 * dropped when they miss Engine.IO's heartbeat.
 */

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const FAST_CLIENTS = 150;
const STALLED_CLIENTS = 150;
/** Simulated traffic: enough to change every view every tick, little enough that retained state barely grows in a minute. */
const SIMULATED_EVENTS_PER_SECOND = 200;
/**
 * Regions named in the test's own events, and the server's cap on names per breakdown.
 * The wall and the overview show every region, so each update carries them all (about
 * 30 kB): a stalled client's kernel buffers (some 4 MB on loopback) fill in seconds, not
 * minutes, and the server's writes to it back up within the warm-up.
 */
const WIDE_REGIONS = 400;
/** Dimension values are at most 64 characters (lib/contract/schemas.ts); long ones make big updates. */
const REGION_NAME_LENGTH = 64;
/** Rooms that fast and stalled clients share: both views, with breakdowns that stay small except by region. */
const SUBSCRIPTIONS: LiveSubscription[] = [
  { view: 'overview', window: '5m', by: 'type' },
  { view: 'overview', window: '15m', by: 'carrier' },
  { view: 'tv', window: '1m' },
  { view: 'tv', window: '5m' },
];
const CONNECT_BATCH = 50;
const CONNECT_TIMEOUT_MS = 15_000;
/** Engine.IO's defaults (the gateway sets neither): a client that misses a ping is dropped this long after it connected. */
const PING_INTERVAL_MS = 25_000;
const PING_TIMEOUT_MS = 20_000;
/** How long the stalled clients get for the server to see back pressure from all of them. */
const BACKPRESSURE_DEADLINE_MS = 25_000;
/** The measured stretch; cut short so that it ends before the heartbeat drops the stalled clients. */
const MEASURE_MS = 25_000;
const MEASURE_ENDS_BEFORE_DROP_MS = 5_000;
/** How long two stalled clients read again at the end, to see what the server kept for them. */
const READ_AGAIN_MS = 2_000;
const SAMPLE_EVERY_MS = 1_000;
/**
 * Measured: +13 MB over the measured stretch (retained state at this rate, and GC). A
 * server that queues the stalled clients' updates instead of skipping them grew +73 MB
 * in the same stretch (a room's encoded update is shared by its members' queues).
 */
const MAX_RSS_GROWTH_MB = 50;
/** A client that never reads but subscribes again and again: this long, this often. */
const SUBSCRIBING_MS = 15_000;
const SUBSCRIBE_EVERY_MS = 20;
/** Measured: +9 MB while one subscription waits; +53 MB when every subscribe queued its snapshot. */
const MAX_SUBSCRIBING_GROWTH_MB = 30;
/** Each fast client gets at least this share of what a lone client gets (the gateway's MAX_UPDATES_PER_SECOND). */
const MIN_RATE_SHARE = 0.7;
const MAX_HEALTH_MS = 1_000;
/**
 * A stalled client's kernel buffers hold some 15 s of updates; it is stalled for about
 * 40: reading again, it must find at least this long a stretch skipped.
 */
const MIN_SKIPPED_SECONDS = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function residentMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) / 1024;
}

/** A counter or gauge of /metrics, summed over its label sets. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  let total: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  if (total === null) throw new Error(`/metrics has no ${name}`);
  return total;
}

async function liveDeliveries(url: string): Promise<{ sent: number; skipped: number }> {
  const [sent, skipped] = await Promise.all([metric(url, 'waybill_live_updates_sent_total'), metric(url, 'waybill_live_updates_skipped_total')]);
  return { sent, skipped };
}

/** One event that names its own region: the breakdowns by region grow with such events, up to MAX_DIMENSION_VALUES names. */
function eventInRegion(index: number) {
  const region = `region-${String(index).padStart(4, '0')}-`.padEnd(REGION_NAME_LENGTH, 'x');
  return {
    specversion: '1.0',
    id: `wide-${crypto.randomUUID()}`,
    source: '/faults/slow-clients',
    type: 'shipment.created',
    time: new Date().toISOString(),
    subject: `S-${crypto.randomUUID()}`,
    dataschema: 'urn:waybill:shipment:2',
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region } },
  };
}

/** Posted again during the run: the wall and the KPI tiles show the last minute only. */
async function postEventsInEveryRegion(url: string): Promise<void> {
  const events = Array.from({ length: WIDE_REGIONS }, (_, index) => eventInRegion(index));
  const answer = await postEvents(url, CLOUDEVENTS_BATCH_CONTENT_TYPE, JSON.stringify(events));
  expect(answer.body).toMatchObject({ accepted: WIDE_REGIONS, rejected: 0 });
}

/** A client-to-server WebSocket text frame: clients must mask (RFC 6455 section 5.3). */
function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 0xffff) throw new Error('frame too long for this client');
  const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const mask = crypto.randomBytes(4);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i += 1) masked[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

/** The first whole server-to-client frame of `buffer` (unmasked text) and the bytes after it; null until one has arrived. */
function takeFrame(buffer: Buffer): { text: string; rest: Buffer } | null {
  if (buffer.length < 2) return null;
  let length = buffer[1]! & 0x7f;
  let headerLength = 2;
  if (length === 126) {
    if (buffer.length < 4) return null;
    length = buffer.readUInt16BE(2);
    headerLength = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return null;
    length = Number(buffer.readBigUInt64BE(2));
    headerLength = 10;
  }
  if (buffer.length < headerLength + length) return null;
  return { text: buffer.toString('utf8', headerLength, headerLength + length), rest: buffer.subarray(headerLength + length) };
}

const SNAPSHOT_PREFIX = `42${LIVE_NAMESPACE},["snapshot"`;
const UPDATE_PREFIX = `42${LIVE_NAMESPACE},["update",`;

interface StalledClient {
  socket: net.Socket;
  subscription: LiveSubscription;
  /** Bytes after the snapshot that came in its last chunk: read first when it reads again. */
  unread: Buffer;
}

/**
 * A /live client that never reads once it has its snapshot: a raw WebSocket over TCP
 * that speaks Engine.IO and Socket.IO just far enough to subscribe, then pauses its
 * socket. Paused, Node stops reading from the kernel, whose receive buffer fills and
 * closes the TCP window; the server's send buffer fills next, then its writes back up.
 * It never answers a ping either: it reads none.
 */
function openStalledClient(port: number, subscription: LiveSubscription): Promise<StalledClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('stalled client: no snapshot in time')), CONNECT_TIMEOUT_MS);
    let received: Buffer = Buffer.alloc(0);
    let upgraded = false;
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.write(
        `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const headEnd = received.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const statusLine = received.toString('latin1', 0, received.indexOf('\r\n'));
        if (!statusLine.startsWith('HTTP/1.1 101')) return fail(new Error(`stalled client: upgrade refused: ${statusLine}`));
        upgraded = true;
        received = received.subarray(headEnd + 4);
      }
      // Bounded: each frame taken shortens what is left.
      for (let frame = takeFrame(received); frame !== null; frame = takeFrame(received)) {
        received = frame.rest;
        const { text } = frame;
        // Engine.IO's open packet: join the namespace.
        if (text.startsWith('0{')) socket.write(maskedTextFrame(`40${LIVE_NAMESPACE},`));
        // Joined: subscribe (not before: the server drops packets for a namespace not joined yet).
        else if (text.startsWith(`40${LIVE_NAMESPACE},`)) socket.write(maskedTextFrame(`42${LIVE_NAMESPACE},${JSON.stringify(['subscribe', subscription])}`));
        else if (text.startsWith(`44${LIVE_NAMESPACE},`)) return fail(new Error(`stalled client: refused: ${text}`));
        else if (text.startsWith(SNAPSHOT_PREFIX)) {
          clearTimeout(timer);
          socket.off('data', onData);
          socket.off('error', fail);
          // Destroyed at the end, with the server's writes still pending: a reset is expected then.
          socket.on('error', () => undefined);
          socket.pause();
          resolve({ socket, subscription, unread: received });
          return;
        }
      }
    };
    socket.on('data', onData);
  });
}

/**
 * Lets a stalled client read again for `ms`: what the kernel held for it comes first,
 * then whatever the server kept. The updates it gets, and how many bytes.
 */
function readAgain(client: StalledClient, ms: number): Promise<{ updates: LiveUpdate[]; bytes: number }> {
  return new Promise((resolve) => {
    let received = client.unread;
    let bytes = received.length;
    const updates: LiveUpdate[] = [];
    const take = () => {
      for (let frame = takeFrame(received); frame !== null; frame = takeFrame(received)) {
        received = frame.rest;
        if (frame.text.startsWith(UPDATE_PREFIX)) updates.push(JSON.parse(frame.text.slice(UPDATE_PREFIX.length, -1)) as LiveUpdate);
      }
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      received = Buffer.concat([received, chunk]);
      take();
    };
    take();
    client.socket.on('data', onData);
    client.socket.resume();
    setTimeout(() => {
      client.socket.off('data', onData);
      client.socket.pause();
      resolve({ updates, bytes });
    }, ms);
  });
}

/**
 * The longest stretch of updates a client missed, in updates (by the overview's numbers)
 * and in milliseconds (by the server clock on the wall's frames), between consecutive
 * updates it got.
 */
function longestSkip(updates: readonly LiveUpdate[]): { updates: number; ms: number } {
  let skipped = 0;
  let ms = 0;
  for (let i = 1; i < updates.length; i += 1) {
    const before = updates[i - 1]!;
    const after = updates[i]!;
    if (before.view === 'overview' && after.view === 'overview') {
      skipped = Math.max(skipped, after.seq - before.seq - 1);
      ms = Math.max(ms, after.health.now - before.health.now);
    } else if (before.view === 'tv' && after.view === 'tv') {
      ms = Math.max(ms, after.now - before.now);
      skipped = Math.max(skipped, Math.round((after.now - before.now) / (1_000 / MAX_UPDATES_PER_SECOND)) - 1);
    }
  }
  return { updates: skipped, ms };
}

interface FastClient {
  socket: Client;
  /** Updates in the measured stretch. */
  updates: number;
  /** Overview updates whose number skipped one or more, in the measured stretch. */
  gaps: number;
  lastSeq: number | null;
  disconnected: boolean;
}

function openFastClient(url: string, subscription: LiveSubscription, measuring: () => boolean): Promise<FastClient> {
  // No reconnection: a fast client the server drops must show, not be hidden by a reconnect.
  const socket: Client = connect(`${url}${LIVE_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  const client: FastClient = { socket, updates: 0, gaps: 0, lastSeq: null, disconnected: false };
  socket.on('connect', () => socket.emit('subscribe', subscription));
  socket.on('disconnect', () => (client.disconnected = true));
  socket.on('update', (update: LiveUpdate) => {
    if (update.view === 'overview') {
      if (measuring() && client.lastSeq !== null && update.seq !== client.lastSeq + 1) client.gaps += 1;
      client.lastSeq = update.seq;
    }
    if (measuring()) client.updates += 1;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('fast client: no snapshot in time')), CONNECT_TIMEOUT_MS);
    socket.once('snapshot', (snapshot) => {
      clearTimeout(timer);
      if (snapshot.view === 'overview') client.lastSeq = snapshot.seq;
      resolve(client);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

describe('/live clients that never read', () => {
  let server: RunningServer;
  let serverPid: number;
  const stalledClients: StalledClient[] = [];
  const fastClients: FastClient[] = [];

  beforeAll(async () => {
    server = await startServer({ env: { SIMULATE_RATE: String(SIMULATED_EVENTS_PER_SECOND), MAX_DIMENSION_VALUES: String(WIDE_REGIONS) } });
    await waitUntilLive(server.url);
    serverPid = serverPidUnder(server.process.pid!);
  });

  afterAll(async () => {
    for (const client of stalledClients.splice(0)) client.socket.destroy();
    for (const client of fastClients.splice(0)) client.socket.disconnect();
    if (server) {
      await server.stop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    }
  });

  it('cost the server no memory and the other clients no updates, and are dropped at the heartbeat', { timeout: 150_000 }, async () => {
    const startedAt = Date.now();
    const port = Number(new URL(server.url).port);
    await postEventsInEveryRegion(server.url);

    let measuring = false;
    for (let first = 0; first < STALLED_CLIENTS; first += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, STALLED_CLIENTS - first) }, (_, i) => openStalledClient(port, SUBSCRIPTIONS[(first + i) % SUBSCRIPTIONS.length]!));
      stalledClients.push(...(await Promise.all(batch)));
    }
    // The last stalled client's heartbeat runs out this long after it connected.
    const stalledConnectedAt = Date.now();
    for (let first = 0; first < FAST_CLIENTS; first += CONNECT_BATCH) {
      const batch = Array.from({ length: Math.min(CONNECT_BATCH, FAST_CLIENTS - first) }, (_, i) =>
        openFastClient(server.url, SUBSCRIPTIONS[(first + i) % SUBSCRIPTIONS.length]!, () => measuring),
      );
      fastClients.push(...(await Promise.all(batch)));
    }
    expect(await metric(server.url, 'waybill_live_clients')).toBe(FAST_CLIENTS + STALLED_CLIENTS);

    // Warm-up: until (nearly) every stalled client's connection is backed up, i.e. the
    // share of deliveries skipped in the last second reaches the stalled clients' share.
    const stalledShare = STALLED_CLIENTS / (FAST_CLIENTS + STALLED_CLIENTS);
    let previous = await liveDeliveries(server.url);
    let skippedShare = 0;
    const backpressureDeadline = stalledConnectedAt + BACKPRESSURE_DEADLINE_MS;
    for (let attempt = 0; attempt < 100 && Date.now() < backpressureDeadline && skippedShare < 0.95 * stalledShare; attempt += 1) {
      await sleep(SAMPLE_EVERY_MS);
      const current = await liveDeliveries(server.url);
      const sent = current.sent - previous.sent;
      const skipped = current.skipped - previous.skipped;
      skippedShare = skipped / Math.max(1, sent + skipped);
      previous = current;
    }
    expect(skippedShare, `share of deliveries skipped ${BACKPRESSURE_DEADLINE_MS / 1_000} s after the stalled clients connected`).toBeGreaterThanOrEqual(0.95 * stalledShare);
    const backpressureAfterMs = Date.now() - stalledConnectedAt;

    // Measured: from full back pressure until just before the heartbeat drops the stalled clients.
    await postEventsInEveryRegion(server.url);
    const measureEnd = Math.min(Date.now() + MEASURE_MS, stalledConnectedAt + PING_INTERVAL_MS + PING_TIMEOUT_MS - MEASURE_ENDS_BEFORE_DROP_MS);
    const rssAfterWarmUp = residentMb(serverPid);
    const deliveriesBefore = await liveDeliveries(server.url);
    const measureStart = Date.now();
    measuring = true;
    let rssMax = rssAfterWarmUp;
    for (let sample = 0; sample < 100 && Date.now() < measureEnd; sample += 1) {
      await sleep(Math.min(SAMPLE_EVERY_MS, measureEnd - Date.now()));
      rssMax = Math.max(rssMax, residentMb(serverPid));
    }
    measuring = false;
    const measuredSeconds = (Date.now() - measureStart) / 1_000;
    const rssAtEnd = residentMb(serverPid);
    const deliveriesAfter = await liveDeliveries(server.url);
    const healthStartedAt = Date.now();
    const health = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
    const healthMs = Date.now() - healthStartedAt;
    expect(health.status).toBe(200);

    // What the server kept for a stalled client: two of them (the overview's, the wall's) read again.
    const stalledFor = Date.now() - stalledConnectedAt;
    const [overviewReader, tvReader] = [stalledClients.find((client) => client.subscription.view === 'overview')!, stalledClients.find((client) => client.subscription.view === 'tv')!];
    const [overviewBacklog, tvBacklog] = await Promise.all([readAgain(overviewReader, READ_AGAIN_MS), readAgain(tvReader, READ_AGAIN_MS)]);
    const overviewSkip = longestSkip(overviewBacklog.updates);
    const tvSkip = longestSkip(tvBacklog.updates);

    // Then the heartbeat: the stalled clients never answer a ping, so Engine.IO drops them.
    const dropDeadline = stalledConnectedAt + PING_INTERVAL_MS + PING_TIMEOUT_MS + 15_000;
    let clientsLeft = await metric(server.url, 'waybill_live_clients');
    for (let attempt = 0; attempt < 100 && clientsLeft > FAST_CLIENTS && Date.now() < dropDeadline; attempt += 1) {
      await sleep(500);
      clientsLeft = await metric(server.url, 'waybill_live_clients');
    }
    const droppedAfterMs = Date.now() - stalledConnectedAt;

    const rates = fastClients.map((client) => client.updates / measuredSeconds);
    const meanRate = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
    const minRate = Math.min(...rates);
    const gaps = fastClients.reduce((sum, client) => sum + client.gaps, 0);
    const skippedPerSecond = (deliveriesAfter.skipped - deliveriesBefore.skipped) / measuredSeconds;
    const sentPerSecond = (deliveriesAfter.sent - deliveriesBefore.sent) / measuredSeconds;
    const mb = (value: number) => Math.round(value);
    console.log(
      `slow clients: ${FAST_CLIENTS + STALLED_CLIENTS} clients (${STALLED_CLIENTS} never reading), ` +
        `RSS ${mb(rssAfterWarmUp)} → ${mb(rssAtEnd)} MB (+${mb(rssAtEnd - rssAfterWarmUp)}, peak +${mb(rssMax - rssAfterWarmUp)}), ` +
        `fast clients ${meanRate.toFixed(1)} updates/s (min ${minRate.toFixed(1)}, ${gaps} overview gaps), ` +
        `server sent ${Math.round(sentPerSecond)}/s and skipped ${Math.round(skippedPerSecond)}/s, ` +
        `back pressure after ${(backpressureAfterMs / 1_000).toFixed(0)} s, health ${healthMs} ms, ` +
        `read again after ${(stalledFor / 1_000).toFixed(0)} s: overview ${(overviewBacklog.bytes / 2 ** 20).toFixed(1)} MB, ${overviewBacklog.updates.length} updates, skipped ${overviewSkip.updates} (${(overviewSkip.ms / 1_000).toFixed(1)} s), ` +
        `wall ${(tvBacklog.bytes / 2 ** 20).toFixed(1)} MB, ${tvBacklog.updates.length} updates, skipped ${(tvSkip.ms / 1_000).toFixed(1)} s, ` +
        `stalled dropped ${(droppedAfterMs / 1_000).toFixed(0)} s after connecting, ${measuredSeconds.toFixed(0)} s measured, ${((Date.now() - startedAt) / 1_000).toFixed(0)} s in all`,
    );

    expect(measuredSeconds, 'the measured stretch').toBeGreaterThanOrEqual(10);
    // Nothing grows with what the stalled clients do not read.
    expect(rssMax - rssAfterWarmUp).toBeLessThan(MAX_RSS_GROWTH_MB);
    // Their room-mates get what a lone client gets, or nearly.
    expect(fastClients.filter((client) => client.disconnected)).toHaveLength(0);
    expect(minRate).toBeGreaterThanOrEqual(MIN_RATE_SHARE * MAX_UPDATES_PER_SECOND);
    expect(healthMs).toBeLessThan(MAX_HEALTH_MS);
    // The server saw back pressure from every stalled client all along: each tick found
    // its connection still not drained (the gateway counts that as a skip).
    expect(skippedPerSecond).toBeGreaterThanOrEqual(0.9 * STALLED_CLIENTS * MIN_RATE_SHARE * MAX_UPDATES_PER_SECOND);
    expect(sentPerSecond).toBeGreaterThanOrEqual(FAST_CLIENTS * MIN_RATE_SHARE * MAX_UPDATES_PER_SECOND);
    // What a stalled client gets when it reads again is what its kernel buffers held, then
    // the present: the server skipped the updates between (volatile), it did not keep them.
    expect(overviewBacklog.updates.length).toBeGreaterThan(0);
    expect(tvBacklog.updates.length).toBeGreaterThan(0);
    expect(overviewSkip.updates, 'updates the overview client skipped in one go').toBeGreaterThanOrEqual(MIN_SKIPPED_SECONDS * MAX_UPDATES_PER_SECOND);
    expect(tvSkip.ms, 'the longest time between two frames the wall client got').toBeGreaterThanOrEqual(MIN_SKIPPED_SECONDS * 1_000);
    // And a client that never answers the heartbeat does not hold its connection for long.
    expect(clientsLeft).toBe(FAST_CLIENTS);
  });

  it('cost the server no memory when they keep subscribing without reading, and keep the heartbeat alive by unasked pongs', { timeout: 90_000 }, async () => {
    const port = Number(new URL(server.url).port);
    await postEventsInEveryRegion(server.url);
    // Split by region: each snapshot is its window's points, each naming hundreds of regions.
    const client = await openStalledClient(port, { view: 'overview', by: 'region', window: '5m' });
    stalledClients.push(client);
    const rssBefore = residentMb(serverPid);
    let rssMax = rssBefore;
    let subscribes = 0;
    const until = Date.now() + SUBSCRIBING_MS;
    // Bounded: SUBSCRIBING_MS at one subscribe per SUBSCRIBE_EVERY_MS, a pong now and then.
    for (let round = 0; round < SUBSCRIBING_MS / SUBSCRIBE_EVERY_MS && Date.now() < until; round += 1) {
      const window = round % 2 === 0 ? '5m' : '15m';
      client.socket.write(maskedTextFrame(`42${LIVE_NAMESPACE},${JSON.stringify(['subscribe', { view: 'overview', by: 'region', window }])}`));
      subscribes += 1;
      // Engine.IO takes a pong nobody asked for as a sign of life: this client is never dropped.
      if (round % (10_000 / SUBSCRIBE_EVERY_MS) === 0) client.socket.write(maskedTextFrame('3'));
      await sleep(SUBSCRIBE_EVERY_MS);
      if (round % 50 === 0) rssMax = Math.max(rssMax, residentMb(serverPid));
    }
    rssMax = Math.max(rssMax, residentMb(serverPid));
    const health = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(10_000) });
    expect(health.status).toBe(200);
    console.log(
      `slow clients: one client sent ${subscribes} subscribes in ${SUBSCRIBING_MS / 1_000} s without reading: ` +
        `RSS ${Math.round(rssBefore)} → peak ${Math.round(rssMax)} MB (+${Math.round(rssMax - rssBefore)})`,
    );
    // One pending subscription, not a snapshot per subscribe, waits for a connection that does not drain.
    expect(rssMax - rssBefore).toBeLessThan(MAX_SUBSCRIBING_GROWTH_MB);
  });
});
