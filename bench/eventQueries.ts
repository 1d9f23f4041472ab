import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventPage } from '../lib/events';
import { EmbeddedLog } from '../server/store/embeddedLog';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';
import { startServer, waitUntilLive } from '../server/testing/runningServer';

/*
 * GET /api/events over an event index of a million inputs, through the real server: an
 * embedded log is filled with a million simulator inputs (the default mix of trouble:
 * duplicates, out-of-order, late, dead letters) appended over the last 55 minutes, the
 * server is started on it and rebuilds (the index is written during that rebuild), then
 * filtered first pages and deep pages are timed over HTTP, each query repeated.
 */

const INPUTS = Number(process.env.BENCH_INDEX_INPUTS ?? 1_000_000);
const REPEATS = Number(process.env.BENCH_QUERY_REPEATS ?? 15);
const DEEP_PAGES = 50;
const SPAN_MS = 55 * 60_000;

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function fillLog(dataDir: string, now: number): Promise<void> {
  const start = now - SPAN_MS;
  let clock = start;
  const log = new EmbeddedLog({ dataDir, partitions: 8, clock: () => clock, maxBatchRecords: 10_000 });
  const generator = new ShipmentTrafficGenerator({ seed: 7, runId: 'bench' });
  const batch = 5_000;
  for (let sent = 0; sent < INPUTS; sent += batch) {
    clock = start + Math.floor((sent / INPUTS) * SPAN_MS);
    const inputs = [];
    for (let i = 0; i < batch && sent + i < INPUTS; i += 1) {
      const input = generator.next(start + Math.floor(((sent + i) / INPUTS) * SPAN_MS));
      inputs.push({ key: input.key, value: Buffer.from(input.body) });
    }
    const appended = log.append(inputs);
    log.flush();
    await appended;
  }
  await log.close();
}

async function timed(url: string): Promise<{ ms: number; page: EventPage }> {
  const started = performance.now();
  const response = await fetch(url);
  const page = (await response.json()) as EventPage;
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(page)}`);
  return { ms, page };
}

export async function runEventQueryBenchmark() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-bench-queries-'));
  const now = Date.now();
  const fillStarted = performance.now();
  await fillLog(dataDir, now);
  const fillSeconds = (performance.now() - fillStarted) / 1_000;

  const serverStarted = performance.now();
  let server = await startServer({ dataDir, env: { SIMULATE_RATE: '0' } });
  try {
    await waitUntilLive(server.url, 6_000);
    const rebuildSeconds = (performance.now() - serverStarted) / 1_000;
    // Started again on the same DATA_DIR: the rebuild replays the same log, with the index already stored.
    await server.stop();
    const restarted = performance.now();
    server = await startServer({ dataDir, env: { SIMULATE_RATE: '0' } });
    await waitUntilLive(server.url, 6_000);
    const rebuildIndexedSeconds = (performance.now() - restarted) / 1_000;
    const base = `${server.url}/api/events`;
    const someSubject = (await timed(`${base}?limit=1&type=shipment.delivered`)).page.items[0]?.subject ?? 'none';
    const bucket = now - 20 * 60_000;
    const firstPages: Record<string, string> = {
      unfiltered: '',
      type: 'type=shipment.exception',
      regionAndCarrier: 'region=eu-west&carrier=DHL',
      deadLetters: 'outcome=deadLetter',
      deadLettersByReason: 'outcome=deadLetter&reason=invalid_json',
      late: 'outcome=late',
      subject: `subject=${encodeURIComponent(someSubject)}`,
      eventTimeBucket: `time=event&from=${bucket}&to=${bucket + 5_000}&outcome=ok,outOfOrder&type=shipment.arrived_at_hub`,
      appendRange: `from=${bucket}&to=${bucket + 60_000}&type=shipment.created`,
    };
    const firstPageMs: number[] = [];
    const byQuery: Record<string, { p50: number; p95: number; items: number }> = {};
    for (const [name, query] of Object.entries(firstPages)) {
      const times: number[] = [];
      let items = 0;
      for (let repeat = 0; repeat < REPEATS; repeat += 1) {
        const { ms, page } = await timed(`${base}?${query}&limit=100`);
        times.push(ms);
        items = page.items.length;
      }
      firstPageMs.push(...times);
      byQuery[name] = { p50: Number(percentile(times, 0.5).toFixed(1)), p95: Number(percentile(times, 0.95).toFixed(1)), items };
    }
    // Deep pages: follow the cursor DEEP_PAGES pages of 100 into the index, timing each page.
    const deepPageMs: number[] = [];
    for (const query of ['', 'type=shipment.arrived_at_hub', 'outcome=duplicate']) {
      let cursor: string | null = null;
      for (let page = 0; page < DEEP_PAGES; page += 1) {
        const answer: { ms: number; page: EventPage } = await timed(`${base}?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        if (page >= 10) deepPageMs.push(answer.ms);
        cursor = answer.page.nextCursor;
        if (!cursor) break;
      }
    }
    const countStarted = performance.now();
    const total = (await (await fetch(`${base}/count`)).json()) as { count: number };
    const countMs = performance.now() - countStarted;
    const p95 = Math.max(percentile(firstPageMs, 0.95), percentile(deepPageMs, 0.95));
    return {
      benchmark: 'event-index-queries',
      indexedInputs: total.count,
      logFillSeconds: Number(fillSeconds.toFixed(1)),
      startAndRebuildSeconds: Number(rebuildSeconds.toFixed(1)),
      startAndRebuildIndexStoredSeconds: Number(rebuildIndexedSeconds.toFixed(1)),
      repeats: REPEATS,
      firstPage: { p50: Number(percentile(firstPageMs, 0.5).toFixed(1)), p95: Number(percentile(firstPageMs, 0.95).toFixed(1)) },
      deepPage: { p50: Number(percentile(deepPageMs, 0.5).toFixed(1)), p95: Number(percentile(deepPageMs, 0.95).toFixed(1)), pagesDeep: DEEP_PAGES },
      byQuery,
      unfilteredCountMs: Number(countMs.toFixed(1)),
      targetP95Ms: 50,
      meetsTarget: p95 < 50,
    };
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runEventQueryBenchmark().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
}
