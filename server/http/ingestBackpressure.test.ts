import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NDJSON_CONTENT_TYPE } from '../../lib/contract/eventTypes';
import { serveApiRouter } from '../testing/apiRouterServer';
import { IngestGate } from './ingestGate';
import type { IngestItem } from './ingestSink';

/*
 * POST /api/events behind the ingest gate, over real HTTP: while the log has not made a
 * request durable, the next one past the bound is refused with Retry-After and nothing
 * of it reaches the log; once the first is durable, ingest takes requests again.
 */

const line = (id: number) =>
  JSON.stringify({
    specversion: '1.0',
    id: `bp-${id}`,
    source: '/test',
    type: 'shipment.created',
    time: new Date().toISOString(),
    subject: 'S-1',
    dataschema: 'urn:waybill:shipment:2',
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' } },
  });

/** A log whose appends wait until the test lets them through. */
function heldLog() {
  const appended: IngestItem[][] = [];
  const waiting: (() => void)[] = [];
  return {
    appended,
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
    sink: {
      // Null: what was judged before the append stands, as in Kafka mode.
      accept: (items: readonly IngestItem[]) =>
        new Promise<null>((resolve) => {
          waiting.push(() => {
            appended.push([...items]);
            resolve(null);
          });
        }),
    },
    waitingCount: () => waiting.length,
  };
}

let server: http.Server | null = null;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(gate: IngestGate, log: ReturnType<typeof heldLog>): Promise<string> {
  const served = await serveApiRouter({ ingest: log.sink, ingestGate: gate, maxBodyBytes: 1024 * 1024 });
  server = served.server;
  return served.url;
}

const post = (url: string, lines: string[]) =>
  fetch(`${url}/api/events`, { method: 'POST', headers: { 'content-type': NDJSON_CONTENT_TYPE }, body: lines.join('\n') });

describe('POST /api/events under back pressure', () => {
  it('answers 429 with Retry-After past the requests in flight, keeps nothing of it, and takes requests again once the log caught up', async () => {
    const gate = new IngestGate({ maxConcurrentRequests: 1, maxPendingItems: 1_000, maxPipelineLagRecords: 1_000, maxEventLoopDelayMs: 1_000, pipelineLagRecords: () => 0, eventLoopDelayMs: () => 0 });
    const log = heldLog();
    const url = await serve(gate, log);
    const first = post(url, [line(1), line(2)]);
    for (let attempt = 0; attempt < 200 && log.waitingCount() === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.waitingCount(), 'the request reached the log').toBeGreaterThan(0);

    const refused = await post(url, [line(3)]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    expect(gate.state()).toMatchObject({ active: true, reason: 'too_many_requests', pendingItems: 2, requestsInFlight: 1 });

    log.release();
    expect((await first).status).toBe(202);
    const again = post(url, [line(4)]);
    for (let attempt = 0; attempt < 200 && log.waitingCount() === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.waitingCount(), 'the request reached the log').toBeGreaterThan(0);
    log.release();
    expect((await again).status).toBe(202);
    // The refused request's event never reached the log.
    expect(log.appended.flat().map((item) => JSON.parse(Buffer.from(item.value).toString()).id)).toEqual(['bp-1', 'bp-2', 'bp-4']);
  });

  it('answers 503 with Retry-After while the pipeline is behind', async () => {
    let lag = 5_000;
    const gate = new IngestGate({ maxConcurrentRequests: 10, maxPendingItems: 1_000, maxPipelineLagRecords: 1_000, maxEventLoopDelayMs: 1_000, pipelineLagRecords: () => lag, eventLoopDelayMs: () => 0 });
    const log = heldLog();
    const url = await serve(gate, log);
    const refused = await post(url, [line(1)]);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    lag = 0;
    const taken = post(url, [line(2)]);
    for (let attempt = 0; attempt < 200 && log.waitingCount() === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(log.waitingCount(), 'the request reached the log').toBeGreaterThan(0);
    log.release();
    expect((await taken).status).toBe(202);
  });
});
