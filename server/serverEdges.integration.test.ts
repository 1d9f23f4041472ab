import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEvent } from './pipeline/testing';
import { postEvents, startServer, waitUntilLive, type RunningServer } from './testing/runningServer';

/*
 * The server's edges, on the real server: a port or address it cannot bind stops it at
 * once with the variable named; a client that trickles its request is cut off within the
 * timeouts; past the connection cap a client gets a 503, not a silent close; HEAD answers
 * wherever GET does.
 */

/** Resolves when the server closes the socket; how long that took. Bounded by `timeoutMs`. */
function closedWithin(socket: net.Socket, timeoutMs: number): Promise<number> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - startedAt);
    });
  });
}

/** Waits until the server's output (stdout and stderr, two pipes) shows `pattern`; bounded. */
async function outputShows(server: RunningServer, pattern: RegExp): Promise<void> {
  for (let attempt = 0; attempt < 50 && !pattern.test(server.output()); attempt += 1) {
    // The next chunk of output, or a tenth of a second: never a wait without end.
    await new Promise<void>((resolve) => {
      const stderr = server.process.stderr!;
      const onData = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stderr.off('data', onData);
        resolve();
      }, 100);
      stderr.once('data', onData);
    });
  }
}

function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('a port or an address that cannot be bound', () => {
  it('stops at once, naming PORT, when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      await expect(startServer({ env: { PORT: String(port) } })).rejects.toThrow(new RegExp(`exited with 2[\\s\\S]*PORT: ${port} is already in use`));
    } finally {
      taken.close();
    }
  });

  it('stops at once, naming HOST, for an address this machine does not have', async () => {
    // 192.0.2.0/24 is reserved for documentation: never an address of this machine.
    await expect(startServer({ env: { HOST: '192.0.2.1' } })).rejects.toThrow(/exited with 2[\s\S]*HOST: 192\.0\.2\.1 is not an address of this machine/);
  });
});

describe('who can reach a server without tokens', () => {
  it('says so in one line on 127.0.0.1, and warns of the risk on every interface', async () => {
    const local = await startServer();
    try {
      await outputShows(local, /only this machine can connect/);
      expect(local.output()).toMatch(/only this machine can connect \(127\.0\.0\.1\); to open it up set HOST=0\.0\.0\.0 with WAYBILL_INGEST_TOKEN/);
    } finally {
      await local.stop();
    }
    const open = await startServer({ env: { HOST: '0.0.0.0' } });
    try {
      await outputShows(open, /anyone who can reach this port/);
      expect(open.output()).toMatch(/"level":"warn".*anyone who can reach this port can post events, read every payload/);
    } finally {
      await open.stop();
    }
  });
});

describe('slow and crowding clients', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { HEADERS_TIMEOUT: '2s', REQUEST_TIMEOUT: '3s', MAX_CONNECTIONS: '4' } });
    await waitUntilLive(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('cuts off a request head that trickles in, within the head timeout', async () => {
    const socket = await connect(server.url);
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // A header byte a second, never finishing the head: bounded at ten.
    const trickle = setInterval(() => socket.writable && socket.write('X'), 1_000);
    try {
      const tookMs = await closedWithin(socket, 8_000);
      console.log(`slow request: a head trickling a byte a second was cut after ${(tookMs / 1_000).toFixed(1)} s (HEADERS_TIMEOUT 2 s)`);
      // Node checks its timeouts once a second (connectionsCheckingInterval), then answers 408 and closes.
      expect(tookMs).toBeLessThan(2_000 + 3_000);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });

  it('cuts off a body that trickles in, within the request timeout', async () => {
    const socket = await connect(server.url);
    socket.write('POST /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n');
    const trickle = setInterval(() => socket.writable && socket.write('{'), 500);
    try {
      const tookMs = await closedWithin(socket, 10_000);
      console.log(`slow request: a body trickling two bytes a second was cut after ${(tookMs / 1_000).toFixed(1)} s (REQUEST_TIMEOUT 3 s)`);
      expect(tookMs).toBeLessThan(3_000 + 3_000);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });

  it('answers 503 with Retry-After past the connection cap, and takes connections again once some close', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, () => connect(server.url)));
    try {
      const refused = await connect(server.url);
      const answer = await new Promise<string>((resolve) => {
        let text = '';
        refused.on('data', (chunk: Buffer) => (text += chunk.toString()));
        refused.once('close', () => resolve(text));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 503 /);
      expect(answer).toMatch(/Retry-After: 1/);
      expect(answer).toContain('too many connections');
    } finally {
      for (const socket of held) socket.destroy();
    }
    // Bounded: the freed connections are counted as closed within a few tries.
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = await fetch(`${server.url}/api/health`).then((response) => response.status, () => 0);
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });

  it('sends nosniff, a referrer policy and its framing on pages and the API, and lets no shared cache keep an API answer', async () => {
    for (const path of ['/', '/api/health', '/tv']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy'), path).toContain('frame-ancestors');
    }
    expect((await fetch(`${server.url}/api/summary`)).headers.get('cache-control')).toBe('no-store');
  });

  it('answers 421 to a request naming a host it is not known by (DNS rebinding), and serves its own names', async () => {
    const { port } = new URL(server.url);
    const status = (host: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: Number(port), path: '/api/health', headers: { host } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const rebound = await status(`evil.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(rebound.body).toContain('WAYBILL_ALLOWED_HOSTS');
    expect((await status(`localhost:${port}`)).status).toBe(200);
    expect((await status(`127.0.0.1:${port}`)).status).toBe(200);
  });

  it('answers HEAD wherever it answers GET, without a body', async () => {
    const head = await fetch(`${server.url}/api/summary`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('application/json');
    expect(await head.text()).toBe('');
    const notAllowed = await fetch(`${server.url}/api/dlq/p0-o1/replay`, { method: 'HEAD' });
    expect(notAllowed.status).toBe(405);
    expect(notAllowed.headers.get('allow')).toBe('POST');
    const events = await fetch(`${server.url}/api/events`, { method: 'DELETE' });
    expect(events.headers.get('allow')).toBe('GET, POST, HEAD');
  });
});

describe('what the contract takes but JSON cannot write back', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
    await waitUntilLive(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows an event with an unknown field nested thousands deep by its raw text, and refuses such a correction with a 400', async () => {
    const deep = `${'['.repeat(6_000)}${']'.repeat(6_000)}`;
    const event = JSON.stringify({ ...testEvent({ time: Date.now() - 1_000, subject: 'SHP-DEEP' }), id: 'deep-1' }).replace(
      '"data":{',
      `"data":{"extra":${deep},`,
    );
    const posted = await postEvents(server.url, 'application/cloudevents+json', event);
    expect(posted).toMatchObject({ status: 202, body: { accepted: 1 } });
    let ref: string | undefined;
    for (let attempt = 0; attempt < 100 && !ref; attempt += 1) {
      const page = (await (await fetch(`${server.url}/api/events?subject=SHP-DEEP`)).json()) as { items: { ref: string }[] };
      ref = page.items[0]?.ref;
      if (!ref) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const detail = await fetch(`${server.url}/api/events/${ref}`);
    expect(detail.status).toBe(200);
    const body = (await detail.json()) as { outcome: string; event: unknown; raw: string };
    expect(body).toMatchObject({ outcome: 'ok', event: null });
    expect(body.raw).toBe(event);

    const replay = await fetch(`${server.url}/api/dlq/${ref}/replay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"a":${deep}}` });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: { code: 'invalid_json', message: expect.stringMatching(/nested too deeply/) } });
  });
});
