import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '../../lib/live';
import { knownEventSet, postKnownEventSet } from '../testing/knownEventSet';
import { startServer, waitUntilLive, type RunningServer } from '../testing/runningServer';
import { WAYBILL_METRIC_NAMES } from './metricNames';
import { runPromtool } from './promtool';

/*
 * /metrics of the real server after a known event set: the counters say what the
 * processing semantics counted, the output passes `promtool check metrics`, every metric
 * the dashboard and rules in docs/ use is there, and METRICS_TOKEN guards it.
 */

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const NOW = Date.now();
const knownSet = knownEventSet(NOW);

/** The value of one sample, by its name and exact label set as printed (`{reason="invalid_json"}`). */
function sample(exposition: string, name: string, labels = ''): number | null {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${name}${labels} `));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(url: string, token: string | null = METRICS_TOKEN): Promise<Response> {
  return fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** Polls until the pipeline has processed `count` inputs: bounded in attempts. */
async function waitForInputs(url: string, count: number): Promise<string> {
  let body = '';
  for (let attempt = 0; attempt < 200; attempt += 1) {
    body = await (await scrape(url)).text();
    if ((sample(body, 'waybill_inputs_total') ?? 0) >= count) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the pipeline did not count ${count} inputs:\n${body.slice(0, 2_000)}`);
}

describe('GET /metrics on the real server', () => {
  let server: RunningServer;
  let client: Socket;
  let exposition: string;

  beforeAll(async () => {
    server = await startServer({ env: { METRICS_TOKEN } });
    await waitUntilLive(server.url);
    client = io(`${server.url}${LIVE_NAMESPACE}`, { transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      client.once('snapshot', () => resolve());
      client.once('connect_error', reject);
      client.emit('subscribe', { view: 'overview' });
    });
    await postKnownEventSet(server.url, knownSet);
    exposition = await waitForInputs(server.url, knownSet.expectedCounts.inputs);
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('refuses a scrape without the metrics token, and with a wrong one', async () => {
    const missing = await scrape(server.url, null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect((await scrape(server.url, 'not-the-metrics-token-at-all')).status).toBe(403);
  });

  it('counts inputs, events and every outcome as the pipeline did', () => {
    const expected = knownSet.expectedCounts;
    expect(sample(exposition, 'waybill_inputs_total')).toBe(expected.inputs);
    expect(sample(exposition, 'waybill_events_total')).toBe(expected.events);
    expect(sample(exposition, 'waybill_duplicates_total')).toBe(expected.duplicates);
    expect(sample(exposition, 'waybill_late_events_total')).toBe(expected.late);
    expect(sample(exposition, 'waybill_out_of_order_events_total')).toBe(expected.outOfOrder);
    for (const [reason, count] of Object.entries(expected.deadLetters.byReason)) {
      expect(sample(exposition, 'waybill_dead_letters_total', `{reason="${reason}"}`), reason).toBe(count);
    }
    // A reason nobody hit is there at zero, so a rate() over it works from the start.
    expect(sample(exposition, 'waybill_dead_letters_total', '{reason="processing_error"}')).toBe(0);
  });

  it('times ingest requests and pipeline stages, and sizes batches', () => {
    // The known set goes in three requests, all answered 202.
    expect(sample(exposition, 'waybill_ingest_request_duration_seconds_count', '{code="202"}')).toBe(3);
    expect(sample(exposition, 'waybill_ingest_items_total', '{result="rejected"}')).toBe(6);
    expect(sample(exposition, 'waybill_stage_duration_seconds_count', '{stage="fold"}')).toBeGreaterThan(0);
    expect(sample(exposition, 'waybill_stage_duration_seconds_count', '{stage="log_append"}')).toBe(3);
    expect(sample(exposition, 'waybill_log_append_batch_records_sum')).toBe(knownSet.expectedCounts.inputs);
    expect(sample(exposition, 'waybill_index_batch_records_sum')).toBe(knownSet.expectedCounts.inputs);
  });

  it('reports live clients, lag, rebuild and process defaults', () => {
    expect(sample(exposition, 'waybill_live_clients')).toBe(1);
    expect(sample(exposition, 'waybill_live_rooms')).toBe(1);
    expect(sample(exposition, 'waybill_rebuild_progress_ratio')).toBe(1);
    expect(sample(exposition, 'waybill_rebuilding')).toBe(0);
    expect(sample(exposition, 'waybill_log_connected')).toBe(1);
    expect(sample(exposition, 'waybill_consumer_lag_records', '{partition="0"}')).toBe(0);
    expect(exposition).toMatch(/^waybill_info\{mode="embedded",version="[^"]+"\} 1$/m);
    expect(sample(exposition, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(exposition).toMatch(/^nodejs_eventloop_lag_p99_seconds \S+$/m);
  });

  it('counts live updates sent to the connected client', async () => {
    const updated = new Promise<void>((resolve) => client.once('update', () => resolve()));
    await updated;
    const body = await (await scrape(server.url)).text();
    expect(sample(body, 'waybill_live_updates_sent_total')).toBeGreaterThan(0);
    expect(sample(body, 'waybill_live_updates_skipped_total')).toBe(0);
  });

  it('passes promtool check metrics', () => {
    const result = runPromtool(['check', 'metrics'], exposition);
    expect(result.stderr + result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('has every metric the Grafana dashboard and the alert rules in docs/ use', () => {
    const exposed = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    const missing = WAYBILL_METRIC_NAMES.filter((name) => !exposed.has(name));
    expect(missing).toEqual([]);
  });
});
