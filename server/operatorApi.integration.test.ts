import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDEVENTS_CONTENT_TYPE } from '../lib/contract/eventTypes';
import { LIVE_NAMESPACE } from '../lib/live';
import { knownEventSet, postKnownEventSet } from './testing/knownEventSet';
import {
  checkBadParameters,
  checkCountsAgainstSummary,
  checkEventDetails,
  checkEventTimeBucket,
  checkExports,
  checkPagingWhileArriving,
  checkReplays,
  checkShipmentTimelines,
  waitForIndexed,
} from './testing/operatorApiChecks';
import { postEvents, startServer, waitUntilLive, type RunningServer } from './testing/runningServer';

/*
 * The operators' read side in embedded mode, through the real server (production build,
 * SQLite log and event index in a temporary DATA_DIR), over the known event set.
 */

const NOW = Date.now();
const knownSet = knownEventSet(NOW);
const range = `from=${knownSet.T - 60_000}&to=${NOW + 10 * 60_000}`;

function freshEvent(index: number): string {
  return JSON.stringify({
    specversion: '1.0',
    id: `paging-${index}`,
    source: '/hubs/AMS-3/scanner-9',
    type: 'shipment.arrived_at_hub',
    time: new Date().toISOString(),
    subject: `P-${index}`,
    data: { carrier: 'DHL', facility: { code: 'AMS-3', region: 'eu-west' } },
    dataschema: 'urn:waybill:shipment:2',
  });
}

describe('operator API, embedded mode', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
    await waitUntilLive(server.url);
    await postKnownEventSet(server.url, knownSet);
    await waitForIndexed(server.url, range, knownSet.expectedCounts.inputs);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('finds, for every filter, as many inputs as the summary counts', () => checkCountsAgainstSummary(server.url, range));
  it('finds the events of one event-time second with time=event', () => checkEventTimeBucket(server.url, knownSet));
  it("answers an input's detail: raw, upcast event, outcome, trace", () => checkEventDetails(server.url, range));
  it('tells a shipment timeline in sequence order with legs, anomalies, lead time and SLA', () => checkShipmentTimelines(server.url, knownSet));
  it('exports the filtered inputs as NDJSON and CSV', () => checkExports(server.url, range));
  it('names the bad parameter in a 400', () => checkBadParameters(server.url));
  it('pages without gaps or repeats while events keep arriving', () =>
    checkPagingWhileArriving(server.url, range, async (index) => {
      const answer = await postEvents(server.url, CLOUDEVENTS_CONTENT_TYPE, freshEvent(index));
      expect(answer.status).toBe(202);
    }));
  it('replays a dead letter as it was, corrected, and twice counting once', () => checkReplays(server.url, knownSet, range));

  it('keeps the index across a restart: the same inputs, none twice', async () => {
    const before = await (await fetch(`${server.url}/api/events/count?${range}`)).json();
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    await waitUntilLive(server.url);
    expect(await (await fetch(`${server.url}/api/events/count?${range}`)).json()).toEqual(before);
  });
});

describe('roles', () => {
  const VIEWER = 'viewer-token-0123456789';
  const OPERATOR = 'operator-token-0123456789';
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { WAYBILL_VIEWER_TOKEN: VIEWER, WAYBILL_OPERATOR_TOKEN: OPERATOR } });
    await waitUntilLive(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const as = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

  it('needs a viewer or operator token for every read, and says which', async () => {
    const without = await fetch(`${server.url}/api/events`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await fetch(`${server.url}/api/summary`, { headers: as('wrong-token') })).status).toBe(403);
    expect((await fetch(`${server.url}/api/events`, { headers: as(VIEWER) })).status).toBe(200);
    expect((await fetch(`${server.url}/api/dlq`, { headers: as(OPERATOR) })).status).toBe(200);
    // Health stays open for load balancers and probes.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('needs the operator token for replay: 401 without, 403 with the viewer token', async () => {
    expect((await fetch(`${server.url}/api/dlq/p0-o0/replay`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${server.url}/api/dlq/p0-o0/replay`, { method: 'POST', headers: as(VIEWER) })).status).toBe(403);
    // With the operator token the request gets through to the replay itself: no such dead letter.
    expect((await fetch(`${server.url}/api/dlq/p0-o0/replay`, { method: 'POST', headers: as(OPERATOR) })).status).toBe(404);
  });

  it('refuses /live without a token and accepts it with one', async () => {
    const attempt = (token?: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(`${server.url}${LIVE_NAMESPACE}`, { auth: token ? { token } : {}, reconnection: false, transports: ['websocket'] });
        socket.on('connect', () => {
          socket.disconnect();
          resolve('connected');
        });
        socket.on('connect_error', (error) => {
          socket.disconnect();
          resolve(error.message);
        });
      });
    expect(await attempt()).toBe('unauthorized');
    expect(await attempt('wrong-token')).toBe('forbidden');
    expect(await attempt(VIEWER)).toBe('connected');
  });
});
