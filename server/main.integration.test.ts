import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_PREVIEW_CHARS, type DeadLetterPage, type DeadLetterPayload } from '../lib/deadLetters';
import type { Health } from '../lib/health';
import type { Series, Summary } from '../lib/summary';
import { countsOf, knownEventSet, postKnownEventSet } from './testing/knownEventSet';
import { postEvents, startServer, waitUntilLive, type RunningServer } from './testing/runningServer';

/*
 * The whole embedded slice through its front door: the real server (production build,
 * SQLite log in a temporary DATA_DIR), a known event set mixing every case of the
 * processing semantics, every figure of /api/summary asserted, then a restart that must
 * rebuild exactly the same figures from the log.
 */

const NOW = Date.now();
const knownSet = knownEventSet(NOW);
const { T, batch, expectedCounts } = knownSet;
const range = `from=${T - 60_000}&to=${NOW + 10 * 60_000}`;

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

describe('embedded mode, end to end', () => {
  let server: RunningServer;
  let summaryBefore: Summary;

  beforeAll(async () => {
    server = await startServer();
    await waitUntilLive(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('ingests a single event, a batch and NDJSON, reporting per-item errors', async () => {
    const { single, batched, lines } = await postKnownEventSet(server.url, knownSet);
    expect(single).toEqual({ status: 202, body: { accepted: 1, rejected: 0, errors: [] } });
    expect(batched).toEqual({ status: 202, body: { accepted: batch.length, rejected: 0, errors: [] } });
    expect(lines.status).toBe(202);
    expect(lines.body).toMatchObject({ accepted: 3, rejected: 6 });
    expect((lines.body.errors as { index: number; reason: string }[]).map(({ index, reason }) => [index, reason])).toEqual([
      [1, 'invalid_json'],
      [2, 'invalid_json'],
      [3, 'invalid_envelope'],
      [4, 'schema_violation'],
      [5, 'unsupported_schema'],
      [6, 'too_large'],
    ]);
  });

  it('answers /api/summary with every figure as the processing semantics count it', async () => {
    summaryBefore = await getJson<Summary>(`${server.url}/api/summary?${range}`);
    const { latencyMs, leadTimeMs, legDurationMs, watermark, from, to } = summaryBefore;
    expect(countsOf(summaryBefore)).toEqual(expectedCounts);
    // Live, and the range within the retention: the figures are final.
    expect([summaryBefore.rebuilding, summaryBefore.partialRange]).toEqual([false, false]);
    expect([from, to]).toEqual([T - 60_000, NOW + 10 * 60_000]);
    // Latency is append time minus event time: about ten minutes here, within the sketch's 1 %.
    const elapsed = Date.now() - T;
    expect(latencyMs!.p50).toBeGreaterThan((NOW - T - 120_000) * 0.99);
    expect(latencyMs!.p99).toBeLessThan(elapsed * 1.01);
    // Lead times 8 s (A) and 2.5 s (B): a sketch's quantiles of two values are the lower one.
    // Legs 1, 7, 2.5, 2 and 0 s.
    expect(leadTimeMs!.p50 / 2_500).toBeCloseTo(1, 1);
    expect(legDurationMs!.p50 / 2_000).toBeCloseTo(1, 1);
    // L's partition is the one that saw T + 120 s; the global watermark is the slowest active one.
    expect(watermark).not.toBeNull();
    expect(watermark!).toBeLessThanOrEqual(T + 120_000 - 5_000);
  });

  it('answers /api/series whose points add up to the summary', async () => {
    const series = await getJson<Series>(`${server.url}/api/series?${range}&step=60s&by=carrier`);
    expect(series.step).toBe(60_000);
    const sum = (field: 'inputs' | 'events' | 'late' | 'deadLetters' | 'duplicates') =>
      series.points.reduce((total, point) => total + point[field], 0);
    expect([sum('inputs'), sum('events'), sum('late'), sum('deadLetters'), sum('duplicates')]).toEqual([24, 15, 1, 6, 2]);
    const byCarrier = series.points.reduce<Record<string, number>>((totals, point) => {
      for (const [carrier, count] of Object.entries(point.split ?? {})) totals[carrier] = (totals[carrier] ?? 0) + count;
      return totals;
    }, {});
    expect(byCarrier).toEqual({ DHL: 12, UPS: 3 });
  });

  it('lists dead letters with reason and original payload, filtered and paged', async () => {
    const all = await getJson<DeadLetterPage>(`${server.url}/api/dlq`);
    expect(all.total).toBe(6);
    expect(all.items.map((item) => item.reason).sort()).toEqual(
      ['invalid_envelope', 'invalid_json', 'invalid_json', 'schema_violation', 'too_large', 'unsupported_schema'].sort(),
    );
    const page = await getJson<DeadLetterPage>(`${server.url}/api/dlq?reason=invalid_json&limit=1`);
    expect(page.total).toBe(2);
    expect(page.items).toHaveLength(1);
    const next = await getJson<DeadLetterPage>(`${server.url}/api/dlq?reason=invalid_json&limit=1&cursor=${page.nextCursor}`);
    expect([page.items[0]!.payload, next.items[0]!.payload].sort()).toEqual(['[1,2]', 'not json']);
    expect(next.nextCursor).toBeNull();
    const tooLarge = all.items.find((item) => item.reason === 'too_large')!;
    expect(tooLarge.payloadBytes).toBeGreaterThan(70 * 1024);
    // A page shows the start of a payload; the whole of it has its own address.
    expect(tooLarge).toMatchObject({ payloadTruncated: true, payload: expect.any(String) });
    expect(tooLarge.payload!.length).toBe(DEAD_LETTER_PREVIEW_CHARS);
    expect(all.items.filter((item) => item.reason !== 'too_large').every((item) => !item.payloadTruncated)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(all))).toBeLessThan(6 * (DEAD_LETTER_PREVIEW_CHARS + 1_024));
    const whole = await getJson<DeadLetterPayload>(`${server.url}/api/dlq/${tooLarge.ref}/payload`);
    expect(whole.payloadBytes).toBe(tooLarge.payloadBytes);
    expect(Buffer.byteLength(whole.payload!)).toBe(tooLarge.payloadBytes);
    expect(whole.payload!.startsWith(tooLarge.payload!)).toBe(true);
    expect((await fetch(`${server.url}/api/dlq/p0-o999999/payload`)).status).toBe(404);
    // Stored once: the log holds the values, the dead letters only their coordinates.
    const file = new Database(path.join(server.dataDir, 'waybill.sqlite'), { readonly: true });
    try {
      expect(file.prepare('SELECT COUNT(*) AS kept FROM dead_letters WHERE value IS NOT NULL').get()).toEqual({ kept: 0 });
    } finally {
      file.close();
    }
  });

  it('publishes the contract and refuses bad requests with clear errors', async () => {
    const schema = await getJson<{ data: Record<string, { required: string[] }> }>(`${server.url}/api/schema`);
    expect(schema.data['urn:waybill:shipment:2']!.required).toEqual(['carrier', 'facility']);
    expect(schema.data['urn:waybill:shipment:1']!.required).toEqual(['carrier', 'hub', 'region']);

    const huge = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: 'x'.repeat(8 * 1024 * 1024 + 1),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'payload_too_large' } });

    const wrongType = await postEvents(server.url, 'text/plain', 'hello');
    expect(wrongType).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
    const badRange = await fetch(`${server.url}/api/summary?from=yesterday`);
    expect(badRange.status).toBe(400);
    expect(await badRange.json()).toMatchObject({ error: { code: 'invalid_parameter', message: expect.stringMatching(/^from:/) } });
    const missing = await fetch(`${server.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    // Still healthy and counting: nothing above reached the log.
    const health = await getJson<Health>(`${server.url}/api/health`);
    expect(health).toMatchObject({ status: 'ok', mode: 'embedded', lag: { records: 0 } });
    expect(health.partitions).toHaveLength(8);
  });

  it('rebuilds exactly the same summary after a restart on the same DATA_DIR, writing no dead letter twice', async () => {
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    await waitUntilLive(server.url);
    const summaryAfter = await getJson<Summary>(`${server.url}/api/summary?${range}`);
    expect(summaryAfter).toEqual(summaryBefore);
    const health = await getJson<Health>(`${server.url}/api/health`);
    expect(health.rebuild).toMatchObject({ state: 'live', replayed: 24, progress: 1 });
    const deadLetters = await getJson<DeadLetterPage>(`${server.url}/api/dlq`);
    expect(deadLetters.total).toBe(6);
  });

  it('takes traffic from npm run simulate, bounded by count', async () => {
    const root = path.resolve(__dirname, '..');
    const result = spawnSync(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/simulate.ts', '--url', server.url, '--rate', '400', '--count', '120', '--duration', '60', '--seed', '3'],
      { cwd: root, encoding: 'utf8', timeout: 90_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const totals = JSON.parse(result.stdout.trim()) as { sent: number; accepted: number; rejected: number };
    expect(totals.sent).toBe(120);
    expect(totals.accepted + totals.rejected).toBe(120);
    const summary = await getJson<Summary>(`${server.url}/api/summary?${range}`);
    expect(summary.inputs).toBe(24 + 120);
    expect(summary.deadLetters.total).toBe(6 + totals.rejected);
  });
});

describe('start-up configuration', () => {
  it('stops at once with a message naming a bad variable', () => {
    const root = path.resolve(__dirname, '..');
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Waybill cannot start: PORT: expected a number');
  });
});
