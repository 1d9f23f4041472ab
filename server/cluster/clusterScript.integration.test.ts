import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../lib/health';
import { LIVE_NAMESPACE, liveTransports } from '../../lib/live';
import { createTopics, testKafka, TEST_BROKERS, uniqueNames } from '../testing/kafkaTesting';

/*
 * `npm run cluster` as a user runs it, and the instances behind a load balancer that
 * knows nothing of Socket.IO: a TCP balancer handing each new connection to the next
 * instance in turn. Browsers open /live on the WebSocket transport first, one connection
 * to one instance, so no sticky sessions are needed; long-polling alone spreads one
 * session's requests over the instances and cannot connect, which is why it comes second.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const INSTANCES = 2;
const VIEWER_TOKEN = 'cluster-viewer-token';
const names = uniqueNames('cluster-script');
const kafka = testKafka();

/** A first port with the next ones free too, for consecutive instances; bounded tries. */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = 20_000 + Math.floor(Math.random() * 20_000);
    const listening: net.Server[] = [];
    try {
      for (let i = 0; i < count; i += 1) {
        const server = net.createServer();
        await new Promise<void>((resolve, reject) => server.once('error', reject).listen(first + i, '127.0.0.1', resolve));
        listening.push(server);
      }
      return first;
    } catch {
      // Taken: try another range.
    } finally {
      await Promise.all(listening.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  }
  throw new Error('no free consecutive ports');
}

/** Hands each new TCP connection to the next backend in turn, and pipes the bytes. */
function roundRobinBalancer(backends: number[]): Promise<{ port: number; close: () => Promise<void> }> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const balancer = net.createServer((client) => {
    const backend = net.connect(backends[next++ % backends.length]!, '127.0.0.1');
    for (const socket of [client, backend]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(backend).pipe(client);
    client.on('close', () => backend.destroy());
    backend.on('close', () => client.destroy());
  });
  return new Promise((resolve) =>
    balancer.listen(0, '127.0.0.1', () =>
      resolve({
        port: (balancer.address() as net.AddressInfo).port,
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => balancer.close(() => done()));
        },
      }),
    ),
  );
}

async function health(url: string): Promise<Health | null> {
  try {
    return (await (await fetch(`${url}/api/health`)).json()) as Health;
  } catch {
    return null;
  }
}

/** Resolves with the first of `events` the socket emits; bounded. */
function first(socket: Socket, events: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    for (const event of events) {
      socket.once(event, () => {
        clearTimeout(timer);
        resolve(event);
      });
    }
  });
}

describe('npm run cluster, behind a balancer without sticky sessions', () => {
  let cluster: ChildProcess;
  let output = '';
  let firstPort = 0;

  beforeAll(async () => {
    await createTopics(kafka, [
      { topic: names.topic, numPartitions: 4, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] },
      { topic: names.dlqTopic, numPartitions: 4 },
    ]);
    firstPort = await freePorts(INSTANCES);
    cluster = spawn(process.execPath, [path.join(ROOT, 'scripts', 'cluster.mjs'), '--instances', String(INSTANCES), '--port', String(firstPort), '--simulate', '20'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KAFKA_BROKERS: TEST_BROKERS.join(','),
        KAFKA_TOPIC: names.topic,
        KAFKA_DLQ_TOPIC: names.dlqTopic,
        KAFKA_GROUP_ID: names.groupId,
        HOST: '127.0.0.1',
        // Reads need a token: calls between instances must carry the caller's.
        WAYBILL_VIEWER_TOKEN: VIEWER_TOKEN,
        WAYBILL_OPERATOR_TOKEN: 'cluster-operator-token',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [cluster.stdout!, cluster.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  afterAll(async () => {
    if (cluster.exitCode === null) cluster.kill('SIGKILL');
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [names.topic, names.dlqTopic, names.aggregatesTopic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('starts the instances on consecutive ports, each whole, and stops them all on one signal', { timeout: 240_000 }, async () => {
    const urls = Array.from({ length: INSTANCES }, (_, i) => `http://127.0.0.1:${firstPort + i}`);
    let healths: (Health | null)[] = [];
    // Bounded: 600 polls, 200 ms apart.
    for (let poll = 0; poll < 600; poll += 1) {
      healths = await Promise.all(urls.map(health));
      if (healths.every((h) => h?.status === 'ok' && !h.partial && h.partitions.some(({ owner }) => owner === 'self'))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(healths.map((h) => h?.status), output).toEqual(urls.map(() => 'ok'));
    expect(healths.every((h) => h!.partitions.length === 4 && !h!.partial)).toBe(true);
    // Lines say which instance wrote them.
    expect(output).toContain(`[${firstPort}] `);
    expect(output).toContain(`[${firstPort + 1}] `);

    // The second instance simulates nothing and holds some partitions: the simulated events it lists come from the first one too, asked with the caller's token.
    const held = healths[1]!.partitions.filter(({ owner }) => owner === 'self').map(({ partition }) => partition);
    const listedPartitions = new Set<number>();
    for (let poll = 0; poll < 300 && [...listedPartitions].every((partition) => held.includes(partition)); poll += 1) {
      const response = await fetch(`${urls[1]}/api/events?limit=1000`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: { partition: number }[]; partial: boolean };
      expect(page.partial).toBe(false);
      for (const item of page.items) listedPartitions.add(item.partition);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect([...listedPartitions].some((partition) => !held.includes(partition))).toBe(true);
    expect((await fetch(`${urls[1]}/api/events?limit=10`)).status).toBe(401);

    const balancer = await roundRobinBalancer(urls.map((_, i) => firstPort + i));
    const sockets: Socket[] = [];
    try {
      const through = `http://127.0.0.1:${balancer.port}${LIVE_NAMESPACE}`;
      // As the dashboard connects: WebSocket first. Six in a row land on both instances.
      for (let i = 0; i < 6; i += 1) {
        const socket = io(through, { ...liveTransports(), forceNew: true, reconnection: false, auth: { token: VIEWER_TOKEN } });
        sockets.push(socket);
        expect(await first(socket, ['connect', 'connect_error'], 15_000)).toBe('connect');
        const snapshot = first(socket, ['snapshot'], 15_000);
        socket.emit('subscribe', { view: 'tv' });
        expect(await snapshot).toBe('snapshot');
        expect(await first(socket, ['update'], 15_000)).toBe('update');
        expect(socket.io.engine.transport.name).toBe('websocket');
      }
      // Long-polling alone works against one instance…
      const direct = io(`${urls[0]}${LIVE_NAMESPACE}`, { transports: ['polling'], forceNew: true, reconnection: false, auth: { token: VIEWER_TOKEN } });
      sockets.push(direct);
      expect(await first(direct, ['connect', 'connect_error'], 15_000)).toBe('connect');
      const directSnapshot = first(direct, ['snapshot'], 15_000);
      direct.emit('subscribe', { view: 'tv' });
      expect(await directSnapshot).toBe('snapshot');
      // …but not through the balancer: the handshake lands on one instance, the next request on the other, which does not know the session.
      const polling = io(through, { transports: ['polling'], forceNew: true, reconnection: false, auth: { token: VIEWER_TOKEN } });
      sockets.push(polling);
      const outcome = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve('timeout'), 15_000);
        polling.once('connect_error', () => resolve('connect_error'));
        polling.io.engine?.once('close', () => resolve('closed'));
        polling.once('snapshot', () => resolve('snapshot'));
        polling.once('connect', () => polling.emit('subscribe', { view: 'tv' }));
        polling.once('disconnect', () => {
          clearTimeout(timer);
          resolve('disconnect');
        });
      });
      console.log(`cluster script: long-polling alone through the balancer ended in ${outcome}`);
      expect(['connect_error', 'closed', 'disconnect']).toContain(outcome);
    } finally {
      for (const socket of sockets) socket.disconnect();
      await balancer.close();
    }

    const exited = new Promise<number | null>((resolve) => cluster.once('exit', (code) => resolve(code)));
    cluster.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output.match(/SIGTERM: shutting down/g)).toHaveLength(INSTANCES);
  });
});
