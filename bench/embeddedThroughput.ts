import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NDJSON_CONTENT_TYPE } from '../lib/contract/eventTypes';
import type { LogRecord } from '../server/pipeline/logRecord';
import { Pipeline } from '../server/pipeline/pipeline';
import { EmbeddedLog } from '../server/store/embeddedLog';
import type { SyncMode } from '../server/store/sqlite';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';
import { startServer } from '../server/testing/runningServer';
import { serverFoldRate } from './serverFoldRate';

/*
 * Embedded mode against its core, in one run:
 *
 * - core: the pipeline alone over the log's records, read into memory first (the fold,
 *   nothing else);
 * - rebuild: `npm start` in embedded mode on a data directory whose log already holds a
 *   million records: the server folds them on start, with the event index and the
 *   dead-letter store, and its progress is read from /api/health every 100 ms;
 * - ingest: a fresh server taking events over HTTP (NDJSON, 500 a request, four requests
 *   in flight), timed from the first request until the last event is folded;
 * - the cost of SYNC=full beside the default, side by side: the same ingest, ingest one
 *   event a request (where each append transaction holds the fewest events, so an fsync
 *   per commit weighs most), and the log alone committing one record, then 500, at a time.
 */

const EVENTS = Number(process.env.BENCH_EMBEDDED_EVENTS ?? 1_000_000);
const INGEST_EVENTS = Number(process.env.BENCH_EMBEDDED_INGEST_EVENTS ?? 300_000);
const PARTITIONS = 8;
const INGEST_BATCH = 500;
const INGEST_IN_FLIGHT = 4;
const SINGLE_EVENTS = Number(process.env.BENCH_EMBEDDED_SINGLE_EVENTS ?? 4_000);
/** Sends of one request at most, refusals for load included. */
const MAX_SENDS = 30;
const TIMEOUT_MS = 600_000;

function generatedInputs(count: number, seed: number): { key: string; body: string }[] {
  const generator = new ShipmentTrafficGenerator({ seed, faults: { malformed: 0 } });
  const start = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const input = generator.next(start + Math.floor((i / count) * 60_000));
    return { key: input.key!, body: input.body };
  });
}

export async function fillLog(dataDir: string): Promise<void> {
  const log = new EmbeddedLog({ dataDir, partitions: PARTITIONS });
  const inputs = generatedInputs(EVENTS, 5);
  for (let start = 0; start < inputs.length; start += 5_000) {
    await log.append(inputs.slice(start, start + 5_000).map((input) => ({ key: input.key, value: Buffer.from(input.body) })));
  }
  await log.close();
}

function readLog(dataDir: string): LogRecord[] {
  const log = new EmbeddedLog({ dataDir, partitions: PARTITIONS });
  const records: LogRecord[] = [];
  for (let partition = 0; partition < PARTITIONS; partition += 1) {
    for (let offset = 0; ; ) {
      const page = log.read(partition, offset, 10_000);
      if (page.length === 0) break;
      records.push(...page);
      offset = page[page.length - 1]!.offset + 1;
    }
  }
  void log.close(); // written here, so closed before this returns
  // Appended in one order across partitions: folded in that order, as the source would.
  return records.sort((a, b) => a.appendTime - b.appendTime || a.partition - b.partition || a.offset - b.offset);
}

function coreRate(records: readonly LogRecord[]): number {
  const pipeline = new Pipeline();
  const started = process.hrtime.bigint();
  for (const record of records) pipeline.process(record);
  return records.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function rebuildRate(filledDir: string): Promise<number> {
  // A copy per run: a server writes its index beside the log.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-bench-rebuild-'));
  fs.cpSync(filledDir, dataDir, { recursive: true });
  const server = await startServer({ dataDir, env: { SIMULATE_RATE: '0', PARTITIONS: String(PARTITIONS) } });
  try {
    return await serverFoldRate(server.url, EVENTS, { timeoutMs: TIMEOUT_MS });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function ingestRate(
  options: { sync: SyncMode; events: number; batch: number } = { sync: 'normal', events: INGEST_EVENTS, batch: INGEST_BATCH },
): Promise<{ acceptedPerSecond: number; foldedPerSecond: number; refusals: number }> {
  const server = await startServer({ env: { SIMULATE_RATE: '0', PARTITIONS: String(PARTITIONS), SYNC: options.sync } });
  try {
    const inputs = generatedInputs(options.events, 9);
    const bodies: string[] = [];
    for (let start = 0; start < inputs.length; start += options.batch) {
      bodies.push(inputs.slice(start, start + options.batch).map((input) => input.body).join('\n'));
    }
    const started = performance.now();
    let next = 0;
    let refusals = 0;
    const sender = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        // As a producer does: a refusal for load (429/503) is sent again after its Retry-After; bounded.
        for (let attempt = 1; ; attempt += 1) {
          const response = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': NDJSON_CONTENT_TYPE }, body });
          const pushedBack = response.status === 429 || response.status === 503;
          if (response.ok || !pushedBack || attempt === MAX_SENDS) {
            if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);
            await response.arrayBuffer();
            break;
          }
          refusals += 1;
          await response.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 1_000 * Number(response.headers.get('retry-after') ?? 1)));
        }
      }
    };
    await Promise.all(Array.from({ length: INGEST_IN_FLIGHT }, sender));
    const acceptedPerSecond = options.events / ((performance.now() - started) / 1_000);
    const foldedPerSecond = await serverFoldRate(server.url, options.events, { since: started, timeoutMs: TIMEOUT_MS });
    return { acceptedPerSecond, foldedPerSecond, refusals };
  } finally {
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

/** Records a second the log commits, each append awaited before the next: one transaction (and, with full, one fsync) each. */
async function logCommitRate(sync: SyncMode, recordsPerAppend: number, appends: number): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-bench-sync-'));
  const log = new EmbeddedLog({ dataDir, partitions: PARTITIONS, sync, flushIntervalMs: 0 });
  try {
    const inputs = generatedInputs(recordsPerAppend, 13).map((input) => ({ key: input.key, value: Buffer.from(input.body) }));
    const started = performance.now();
    for (let append = 0; append < appends; append += 1) await log.append(inputs);
    return (recordsPerAppend * appends) / ((performance.now() - started) / 1_000);
  } finally {
    await log.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runEmbeddedBenchmark() {
  const filledDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waybill-bench-log-'));
  try {
    await fillLog(filledDir);
    const records = readLog(filledDir);
    const core: number[] = [];
    const rebuild: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      core.push(coreRate(records));
      rebuild.push(await rebuildRate(filledDir));
    }
    records.length = 0;
    const ingest = await ingestRate();
    const fullSync = await ingestRate({ sync: 'full', events: INGEST_EVENTS, batch: INGEST_BATCH });
    const singles = await ingestRate({ sync: 'normal', events: SINGLE_EVENTS, batch: 1 });
    const fullSyncSingles = await ingestRate({ sync: 'full', events: SINGLE_EVENTS, batch: 1 });
    // Side by side, alternating, twice each.
    const commits = { normalOne: [] as number[], fullOne: [] as number[], normalBatch: [] as number[], fullBatch: [] as number[] };
    for (let round = 0; round < 2; round += 1) {
      commits.normalOne.push(await logCommitRate('normal', 1, 2_000));
      commits.fullOne.push(await logCommitRate('full', 1, 2_000));
      commits.normalBatch.push(await logCommitRate('normal', 500, 200));
      commits.fullBatch.push(await logCommitRate('full', 500, 200));
    }
    const bestCore = Math.max(...core);
    return {
      benchmark: 'embedded-server-vs-core',
      events: EVENTS,
      coreEventsPerSecond: core.map(Math.round),
      rebuildEventsPerSecond: rebuild.map(Math.round),
      rebuildToCore: Number((Math.max(...rebuild) / bestCore).toFixed(3)),
      ingestEvents: INGEST_EVENTS,
      ingestAcceptedEventsPerSecond: Math.round(ingest.acceptedPerSecond),
      ingestFoldedEventsPerSecond: Math.round(ingest.foldedPerSecond),
      ingestToCore: Number((ingest.foldedPerSecond / bestCore).toFixed(3)),
      ingestRefusedForLoad: ingest.refusals,
      syncFull: {
        acceptedEventsPerSecond: Math.round(fullSync.acceptedPerSecond),
        toNormal: Number((fullSync.acceptedPerSecond / ingest.acceptedPerSecond).toFixed(3)),
        singleEventRequests: SINGLE_EVENTS,
        singleNormalEventsPerSecond: Math.round(singles.acceptedPerSecond),
        singleFullEventsPerSecond: Math.round(fullSyncSingles.acceptedPerSecond),
        singleToNormal: Number((fullSyncSingles.acceptedPerSecond / singles.acceptedPerSecond).toFixed(3)),
        refusedForLoad: fullSync.refusals + singles.refusals + fullSyncSingles.refusals,
        logCommitsOfOnePerSecond: { normal: commits.normalOne.map(Math.round), full: commits.fullOne.map(Math.round) },
        logRecordsPerSecondIn500s: { normal: commits.normalBatch.map(Math.round), full: commits.fullBatch.map(Math.round) },
        logOneToNormal: Number((Math.max(...commits.fullOne) / Math.max(...commits.normalOne)).toFixed(3)),
        log500ToNormal: Number((Math.max(...commits.fullBatch) / Math.max(...commits.normalBatch)).toFixed(3)),
      },
    };
  } finally {
    fs.rmSync(filledDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runEmbeddedBenchmark()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
