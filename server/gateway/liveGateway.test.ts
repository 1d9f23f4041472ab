import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, LiveError, OverviewSnapshot, OverviewUpdate, ServerToClientEvents, TvFrame } from '../../lib/live';
import { Pipeline } from '../pipeline/pipeline';
import { TestLog, testEvent } from '../pipeline/testing';
import { ReadModel } from '../readModel';
import { LiveGateway, parseSubscription } from './liveGateway';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Polls (bounded: 50 tries, 100 ms apart) until `probe` gives a value. */
async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('waited 5 s in vain');
}

function next<T>(client: Client, event: 'snapshot' | 'update' | 'error'): Promise<T> {
  return new Promise((resolve) => client.once(event, resolve as never));
}

describe('LiveGateway over a real Socket.IO connection', () => {
  let server: http.Server;
  let gateway: LiveGateway;
  let pipeline: Pipeline;
  let url: string;
  const clients: Client[] = [];
  const log = new TestLog();

  beforeEach(async () => {
    pipeline = new Pipeline();
    // As the sources do on start: partitions exist before their first record.
    pipeline.assign(0);
    const readModel = new ReadModel(pipeline, { mode: 'embedded', progress: { state: 'live', replayed: 0, total: 0, progress: 1 }, lagRecords: () => 0, connected: true });
    server = http.createServer();
    gateway = new LiveGateway(server, { readModel, updateIntervalMs: 100 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live`;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await gateway.close();
  });

  function client(): Client {
    const socket: Client = connect(url, { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 });
    clients.push(socket);
    return socket;
  }

  it("refuses a handshake from another site's page, and takes one from its own", async () => {
    const foreign: Client = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: 'https://evil.example' } });
    clients.push(foreign);
    await expect(new Promise((resolve, reject) => foreign.once('connect', () => resolve(undefined)).once('connect_error', reject))).rejects.toThrow();
    const own: Client = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { origin: new URL(url).origin } });
    clients.push(own);
    await new Promise((resolve, reject) => own.once('connect', () => resolve(undefined)).once('connect_error', reject));
    expect(own.connected).toBe(true);
  });

  it('answers subscribe with a snapshot of the whole window, then updates carrying new events', async () => {
    const socket = client();
    const snapshotArrives = next<OverviewSnapshot>(socket, 'snapshot');
    socket.emit('subscribe', { view: 'overview', by: 'carrier', window: '5m' });
    const snapshot = await snapshotArrives;
    expect(snapshot.subscription).toEqual({ view: 'overview', by: 'carrier', window: '5m' });
    expect(snapshot.series.step).toBe(5_000);
    expect(snapshot.series.points).toHaveLength(60);
    expect(snapshot.recent.events).toBe(0);
    expect(snapshot.health.mode).toBe('embedded');

    const now = Date.now();
    pipeline.process(log.record(testEvent({ time: now - 10_000, data: { carrier: 'GLS' } }), { appendTime: now - 9_000 }));
    // Updates keep coming; wait (bounded) for the one that has the new event.
    let update: OverviewUpdate | null = null;
    for (let attempt = 0; attempt < 30 && !update; attempt += 1) {
      const candidate = await next<OverviewUpdate>(socket, 'update');
      if (candidate.recent.events === 1) update = candidate;
    }
    expect(update).not.toBeNull();
    expect(update!.series.points.reduce((sum, point) => sum + (point.split?.GLS ?? 0), 0)).toBe(1);
  });

  it('sends no client more than 10 updates in a second', async () => {
    const socket = client();
    const times: number[] = [];
    socket.on('update', () => times.push(Date.now()));
    const snapshotArrives = next<TvFrame>(socket, 'snapshot');
    socket.emit('subscribe', { view: 'tv' });
    await snapshotArrives;
    // Wait for 12 updates, then check every one-second span.
    for (let received = 0; received < 12; received += 1) await next<OverviewUpdate>(socket, 'update');
    for (let i = 10; i < times.length; i += 1) expect(times[i]! - times[i - 10]!).toBeGreaterThanOrEqual(1_000 - 20);
  });

  it('sends the overview only what changed, numbered, every tick', async () => {
    const socket = client();
    const snapshotArrives = next<OverviewSnapshot>(socket, 'snapshot');
    socket.emit('subscribe', { view: 'overview', window: '5m' });
    const snapshot = await snapshotArrives;
    expect(snapshot.series.points).toHaveLength(60);
    const updates: OverviewUpdate[] = [];
    socket.on('update', (update) => updates.push(update as OverviewUpdate));
    const now = Date.now();
    pipeline.process(log.record(testEvent({ time: now - 20_000 }), { appendTime: now }));
    const changed = await waitFor(() => updates.find((update) => update.series.points.length > 0));
    // One event: its step (event time), its arrival's step (append time), and a step just
    // begun when the tick crosses into one (more when a tick comes late): never the whole window.
    const counted = changed.series.points.filter((point) => point.events === 1);
    expect(counted).toHaveLength(1);
    expect(changed.series.points.length).toBeLessThanOrEqual(5);
    for (const point of changed.series.points) if (point !== counted[0]) expect(point.t).toBeGreaterThan(counted[0]!.t);
    expect(changed.newestAppendTime).toBe(now);
    // Then quiet: updates keep coming, every tick, with no new events in their points.
    const quietSince = updates.length;
    const quiet = await waitFor(() => (updates.length >= quietSince + 3 ? updates.slice(quietSince) : undefined));
    expect(quiet.every((update) => update.series.points.every((point) => point.events === 0))).toBe(true);
    const seqs = updates.map((update) => update.seq);
    expect(seqs).toEqual(seqs.map((_, i) => snapshot.seq + 1 + i));
  });

  it('sends the wall its frame, scoped to a region, with the window before for trends', async () => {
    const now = Date.now();
    // The older one first: after the newer ones it would be late.
    pipeline.process(log.record(testEvent({ time: now - 70_000 }), { appendTime: now - 69_000 }));
    for (const region of ['eu-west', 'eu-west', 'us-east']) {
      pipeline.process(log.record(testEvent({ time: now - 5_000, data: { facility: { code: 'X-1', region } } }), { appendTime: now - 4_000 }));
    }
    const socket = client();
    const frames: TvFrame[] = [];
    socket.on('snapshot', (frame) => frames.push(frame as TvFrame));
    socket.on('update', (frame) => frames.push(frame as TvFrame));
    socket.emit('subscribe', { view: 'tv', window: '1m', region: 'eu-west' });
    // A snapshot is as of the last tick (at most 100 ms ago); the next frames bring the rest.
    const frame = await waitFor(() => frames.find((candidate) => candidate.current.events === 2));
    expect(frame.subscription).toEqual({ view: 'tv', window: '1m', region: 'eu-west', carrier: null });
    expect(frame.current).toMatchObject({ events: 2, byRegion: { 'eu-west': 2, 'us-east': 1 }, deadLetters: 0 });
    expect(frame.current.eventsPerSecond).toBeCloseTo(2 / 60, 2);
    expect(frame.previous.events).toBe(1);
    expect(frame.pipeline.state).toBe('live');

    pipeline.process(log.record(testEvent({ type: 'shipment.exception', time: now - 1_000, data: { exceptionCode: 'DAMAGED' } }), { appendTime: now }));
    const later = await waitFor(() => frames.find((candidate) => candidate.current.exceptions === 1));
    expect(later.current.exceptionsByCode).toEqual({ DAMAGED: 1 });
  });

  it('answers a bad subscription with an error naming the field', async () => {
    const socket = client();
    const errorArrives = next<LiveError>(socket, 'error');
    socket.emit('subscribe', { view: 'overview', window: '3d' } as never);
    expect(await errorArrives).toEqual({ code: 'invalid_subscription', message: expect.stringMatching(/^window:/) });
  });

  it('serves a client that reconnects and subscribes again', async () => {
    const socket = client();
    socket.on('connect', () => socket.emit('subscribe', { view: 'overview', window: '1h' }));
    const first = await next<OverviewSnapshot>(socket, 'snapshot');
    expect(first.series.step).toBe(60_000);
    const reconnected = new Promise<void>((resolve) => socket.io.once('reconnect', () => resolve()));
    const second = next<OverviewSnapshot>(socket, 'snapshot');
    socket.io.engine.close(); // drop the transport: the client reconnects by itself
    await reconnected;
    expect((await second).subscription.window).toBe('1h');
  });
});

describe('parseSubscription', () => {
  it('fills in defaults and refuses what is not a view', () => {
    expect(parseSubscription({ view: 'overview' })).toEqual({ view: 'overview', by: 'region', window: '5m' });
    expect(parseSubscription({ view: 'map' })).toMatch(/^view:/);
    expect(parseSubscription({ view: 'overview', by: 'colour' })).toMatch(/^by:/);
    expect(parseSubscription({ view: 'tv' })).toEqual({ view: 'tv', window: '1m', region: null, carrier: null });
    expect(parseSubscription({ view: 'tv', window: '1h' })).toMatch(/^window:/);
    expect(parseSubscription({ view: 'tv', region: 'eu-west', carrier: 'DHL' })).toMatch(/^region, carrier:/);
    expect(parseSubscription({ view: 'tv', region: '' })).toMatch(/^region:/);
    expect(parseSubscription(null)).toMatch(/object/);
  });
});
