import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { io as connect, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type ClientToServerEvents, type LiveSubscription, type LiveUpdate, type ServerToClientEvents } from '../lib/live';
import { processTree } from '../server/testing/processTree';
import { startServer, waitUntilLive } from '../server/testing/runningServer';
import { scrapeMetric } from './scrapeMetric';

/*
 * The live path under load: the real server (npm start) in embedded mode with its
 * simulator appending EVENTS_PER_SECOND, and CLIENTS Socket.IO clients in this process,
 * half on the overview (each window and breakdown), half on the wall (each window, some
 * filtered by region). For every update whose newest append time moved on, the time
 * from that append to the update's arrival here (one machine, one clock); updates a
 * second per client; the server's CPU and resident memory, sampled through the run.
 */

const EVENTS_PER_SECOND = Number(process.env.BENCH_LIVE_RATE ?? 10_000);
const CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 1_000);
const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 180);
/** Latency and rates are measured after this much: connections made, JIT warm. */
const WARMUP_SECONDS = Number(process.env.BENCH_LIVE_WARMUP_SECONDS ?? 30);
/** "RSS flat after the first minute": growth is measured from here to the end. */
const FLAT_FROM_SECONDS = 60;
const SAMPLE_EVERY_MS = 10_000;
const CONNECT_BATCH = 50;
/**
 * The server's retention. Retained state (the pipeline's buckets and shipments, the
 * log) grows with traffic until the retention is reached, an hour by default, and that is
 * state's growth, not the live path's; with a minute of retention the state is at its
 * size once the first minute is over, so growth after it is the live path's own.
 */
const RETENTION = process.env.BENCH_LIVE_RETENTION ?? '1m';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const SUBSCRIPTIONS: LiveSubscription[] = [
  { view: 'overview', window: '5m', by: 'region' },
  { view: 'overview', window: '15m', by: 'carrier' },
  { view: 'overview', window: '1h', by: 'type' },
  { view: 'overview', window: '5m', by: 'facility' },
  { view: 'tv', window: '1m' },
  { view: 'tv', window: '5m' },
  { view: 'tv', window: '15m', region: 'eu-west' },
  { view: 'tv', window: '30m', carrier: 'DHL' },
];

interface ClientStats {
  updates: number;
  lastAppend: number;
}

/** CPU seconds (user + system) of the tree, and the largest resident set in it (the server's). */
function usageOf(pid: number): { cpuSeconds: number; rssMb: number } {
  let ticks = 0;
  let rssPages = 0;
  for (const member of processTree(pid)) {
    try {
      const fields = fs.readFileSync(`/proc/${member}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      rssPages = Math.max(rssPages, Number(fs.readFileSync(`/proc/${member}/statm`, 'utf8').split(' ')[1]));
    } catch {
      // Gone since the listing.
    }
  }
  // Linux counts CPU in ticks of 1/100 s and memory in pages of 4 KiB here.
  return { cpuSeconds: ticks / 100, rssMb: (rssPages * 4096) / 2 ** 20 };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runLiveLatencyBenchmark() {
  const server = await startServer({ env: { SIMULATE_RATE: String(EVENTS_PER_SECOND), RETENTION } });
  const clients: Client[] = [];
  try {
    await waitUntilLive(server.url);
    const stats: ClientStats[] = [];
    const latencies: number[] = [];
    const serverShare: number[] = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    let measuring = false;
    for (let i = 0; i < CLIENTS; i += CONNECT_BATCH) {
      const batch: Promise<void>[] = [];
      for (let j = i; j < Math.min(CLIENTS, i + CONNECT_BATCH); j += 1) {
        const client: Client = connect(`${server.url}${LIVE_NAMESPACE}`, { transports: ['websocket'], forceNew: true });
        const subscription = SUBSCRIPTIONS[j % SUBSCRIPTIONS.length]!;
        const own: ClientStats = { updates: 0, lastAppend: 0 };
        stats.push(own);
        clients.push(client);
        client.on('connect', () => client.emit('subscribe', subscription));
        client.on('update', (update: LiveUpdate) => {
          const arrivedAt = Date.now();
          if (!measuring) return;
          own.updates += 1;
          const append = update.newestAppendTime;
          if (append !== null && append > own.lastAppend) {
            if (own.lastAppend > 0) {
              latencies.push(arrivedAt - append);
              // The server's clock when it made the update: the latency's share before sending.
              const madeAt = update.view === 'tv' ? update.now : update.health.now;
              serverShare.push(madeAt - append);
            }
            own.lastAppend = append;
          }
        });
        batch.push(new Promise((resolve) => client.once('snapshot', () => resolve())));
      }
      await Promise.all(batch);
    }

    const started = Date.now();
    const startUsage = usageOf(server.process.pid!);
    // Beside the RSS, what V8 holds (in use, reserved) and memory outside its heap, from
    // the server's own /metrics: RSS that grows while the heap in use stays flat is pages
    // kept, not objects held.
    const samples: { atSeconds: number; rssMb: number; cpuPercent: number; heapUsedMb: number | null; heapTotalMb: number | null; externalMb: number | null }[] = [];
    const megabytes = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 2 ** 20));
    let previous = { at: started, usage: startUsage };
    let measureStart = { at: started, usage: startUsage };
    // Bounded: one sample every SAMPLE_EVERY_MS for SECONDS.
    for (let elapsed = 0; elapsed < SECONDS * 1_000; elapsed = Date.now() - started) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_EVERY_MS, SECONDS * 1_000 - elapsed)));
      const now = Date.now();
      const usage = usageOf(server.process.pid!);
      const [heapUsed, heapTotal, external] = await Promise.all(
        ['nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes'].map((name) => scrapeMetric(server.url, name)),
      );
      samples.push({
        atSeconds: Math.round((now - started) / 1_000),
        rssMb: Math.round(usage.rssMb),
        cpuPercent: Math.round(((usage.cpuSeconds - previous.usage.cpuSeconds) / ((now - previous.at) / 1_000)) * 100),
        heapUsedMb: megabytes(heapUsed ?? null),
        heapTotalMb: megabytes(heapTotal ?? null),
        externalMb: megabytes(external ?? null),
      });
      previous = { at: now, usage };
      if (!measuring && now - started >= WARMUP_SECONDS * 1_000) {
        measuring = true;
        loopDelay.enable();
        measureStart = { at: now, usage };
      }
    }
    const measuredSeconds = (previous.at - measureStart.at) / 1_000;
    const perClient = stats.map((own) => own.updates / measuredSeconds).sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    serverShare.sort((a, b) => a - b);
    loopDelay.disable();
    const flatFrom = samples.find((sample) => sample.atSeconds >= FLAT_FROM_SECONDS) ?? samples[0]!;
    const last = samples[samples.length - 1]!;
    const p99 = percentile(latencies, 0.99);
    const slowest = perClient[0] ?? 0;
    return {
      benchmark: 'live-latency',
      eventsPerSecond: EVENTS_PER_SECOND,
      retention: RETENTION,
      clients: CLIENTS,
      seconds: SECONDS,
      measuredSeconds: Math.round(measuredSeconds),
      latencyMs: { p50: percentile(latencies, 0.5), p99, max: latencies[latencies.length - 1] ?? null, samples: latencies.length },
      /** Append to the update being made (the server's part of the latency). */
      appendToSendMs: { p50: percentile(serverShare, 0.5), p99: percentile(serverShare, 0.99) },
      /** How late this process's own event loop ran: its share of the measured latency. */
      clientLoopDelayMs: { p50: Math.round(loopDelay.percentile(50) / 1e6), p99: Math.round(loopDelay.percentile(99) / 1e6) },
      updatesPerClientPerSecond: {
        min: Number(slowest.toFixed(2)),
        p50: Number(percentile(perClient, 0.5).toFixed(2)),
        clientsBelow9: perClient.filter((rate) => rate < 9).length,
      },
      serverCpuPercent: Math.round(((previous.usage.cpuSeconds - measureStart.usage.cpuSeconds) / measuredSeconds) * 100),
      serverRssMb: { atFirstMinute: flatFrom.rssMb, atEnd: last.rssMb, growthAfterFirstMinute: last.rssMb - flatFrom.rssMb },
      samples,
      targets: { p99Ms: 250, minUpdatesPerSecond: 9 },
      meetsTargets: p99 < 250 && slowest >= 9,
    };
  } finally {
    for (const client of clients) client.disconnect();
    await server.stop();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) void runLiveLatencyBenchmark().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
