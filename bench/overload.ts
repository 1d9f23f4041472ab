import http from 'node:http';
import { NDJSON_CONTENT_TYPE } from '../lib/contract/eventTypes';
import { ShipmentTrafficGenerator } from '../server/sources/simulator/shipmentTraffic';
import { startServer, waitUntilLive, type RunningServer } from '../server/testing/runningServer';
import { scrapeMetric } from './scrapeMetric';

/*
 * What one instance sustains, and what it does beyond that. The real server (npm start,
 * embedded mode, simulator off) takes POST /api/events in NDJSON batches from CONNECTIONS
 * keep-alive connections, open loop: batches leave on a schedule whatever the answers, as
 * producers' traffic does. The rate rises step by step until answers degrade; the highest
 * step at which every batch was answered 202 within 1 s (p99) is what the instance
 * sustains. Then twice that rate for OVERLOAD_SECONDS: the server must push back (429/503
 * with Retry-After) rather than grow, its resident memory sampled from /metrics, and every
 * item answered 202 must be processed.
 */

const CONNECTIONS = Number(process.env.BENCH_OVERLOAD_CONNECTIONS ?? 128);
const BATCH = Number(process.env.BENCH_OVERLOAD_BATCH ?? 200);
const STEP_SECONDS = Number(process.env.BENCH_OVERLOAD_STEP_SECONDS ?? 10);
const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 120);
const RATES = (process.env.BENCH_OVERLOAD_RATES ?? '2000,4000,6000,8000,10000,12500,15000,17500,20000,25000,30000,40000')
  .split(',')
  .map(Number);
/**
 * Retained state grows with traffic until the retention is reached (an hour by default);
 * that is state's growth, not back pressure's. With 30 s of retention and 45 s of overload
 * before memory is sampled, the state is at its size when sampling starts, so what grows
 * during the sampled overload would be queues.
 */
const RETENTION = process.env.BENCH_OVERLOAD_RETENTION ?? '30s';
/** Overload before memory is measured: the retained state reaches its size (RETENTION) meanwhile. */
const OVERLOAD_WARMUP_SECONDS = Number(process.env.BENCH_OVERLOAD_WARMUP_SECONDS ?? 45);
/** A request not answered within this counts as failed. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Batches waiting for a free connection beyond this are not sent (the generator's own bound). */
const MAX_WAITING_BATCHES = 500;
const DEADLINE_MS = 1_000;

interface StepResult {
  offeredPerSecond: number;
  acceptedPerSecond: number;
  requests: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  p99AcceptedMs: number;
  retryAfterMissing: number;
  notSent: number;
}

/**
 * Events from the simulator's generator as templates: each sent copy gets a fresh id and
 * time, and each pass over the templates fresh subjects, so shipments come and go as in
 * real traffic instead of a few thousand living for ever.
 */
class EventSource {
  private readonly templates: (Record<string, unknown> | string)[] = [];
  private readonly subjects: string[] = [];
  private counter = 0;
  private readonly runId = Date.now().toString(36);

  constructor(count = 4_000) {
    const generator = new ShipmentTrafficGenerator({ seed: 42, runId: 'overload' });
    for (let i = 0; i < count; i += 1) {
      const body = generator.next(Date.now()).body.toString();
      try {
        const event = JSON.parse(body) as Record<string, unknown>;
        this.templates.push(event);
        this.subjects[this.templates.length - 1] = String(event.subject);
      } catch {
        // The simulator's deliberately broken inputs stay as they are: dead letters, as in real traffic.
        this.templates.push(body);
      }
    }
  }

  batch(size: number): { body: string; items: number } {
    const now = new Date().toISOString();
    const lines: string[] = [];
    for (let i = 0; i < size; i += 1) {
      const template = this.templates[this.counter % this.templates.length]!;
      this.counter += 1;
      if (typeof template === 'string') {
        lines.push(template.replace(/\n/g, ' '));
        continue;
      }
      const pass = Math.floor(this.counter / this.templates.length);
      template.id = `${this.runId}-${this.counter}`;
      template.time = now;
      template.subject = `${this.subjects[this.counter % this.templates.length]}-${pass}`;
      lines.push(JSON.stringify(template));
    }
    return { body: lines.join('\n'), items: size };
  }
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** A figure of the server's /metrics; 0 when it has none. */
async function metric(url: string, name: string): Promise<number> {
  return (await scrapeMetric(url, name)) ?? 0;
}

/** Sends at `perSecond` for `seconds`, open loop; returns what the answers said. */
async function drive(
  url: URL,
  agent: http.Agent,
  source: EventSource,
  perSecond: number,
  seconds: number,
  onAccepted: (items: number) => void,
  onTick?: (elapsedMs: number) => void,
): Promise<StepResult> {
  const latencies: number[] = [];
  const acceptedLatencies: number[] = [];
  const statuses: Record<string, number> = {};
  let acceptedItems = 0;
  let retryAfterMissing = 0;
  let notSent = 0;
  let waiting = 0;
  let sent = 0;
  const inFlight = new Set<Promise<void>>();
  const startedAt = performance.now();
  const batchesDue = (elapsedMs: number) => Math.floor(((elapsedMs / 1_000) * perSecond) / BATCH);

  const send = () => {
    const { body, items } = source.batch(BATCH);
    const requestStartedAt = performance.now();
    waiting += 1;
    const request = new Promise<void>((resolve) => {
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { 'content-type': NDJSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) }, timeout: REQUEST_TIMEOUT_MS },
        (res) => {
          res.resume();
          res.on('end', () => {
            const latency = performance.now() - requestStartedAt;
            const status = String(res.statusCode);
            statuses[status] = (statuses[status] ?? 0) + 1;
            latencies.push(latency);
            if (res.statusCode === 202) {
              acceptedLatencies.push(latency);
              acceptedItems += items;
              onAccepted(items);
            } else if ((res.statusCode === 429 || res.statusCode === 503) && !res.headers['retry-after']) {
              retryAfterMissing += 1;
            }
            resolve();
          });
        },
      );
      req.on('socket', () => (waiting -= 1));
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1;
        latencies.push(performance.now() - requestStartedAt);
        resolve();
      });
      req.end(body);
    });
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
  };

  // Bounded: a tick every 10 ms for `seconds`.
  for (let elapsed = 0; elapsed < seconds * 1_000; elapsed = performance.now() - startedAt) {
    onTick?.(elapsed);
    const due = batchesDue(elapsed) - sent;
    for (let i = 0; i < due; i += 1) {
      sent += 1;
      if (waiting >= MAX_WAITING_BATCHES) notSent += 1;
      else send();
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - startedAt) / 1_000;
  return {
    offeredPerSecond: perSecond,
    acceptedPerSecond: Math.round(acceptedItems / elapsedSeconds),
    requests: latencies.length,
    statuses,
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
    p99AcceptedMs: Math.round(percentile(acceptedLatencies, 0.99)),
    retryAfterMissing,
    notSent,
  };
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median of the last quarter minus median of the first; null with too few samples. */
function quarterGrowth(values: number[]): number | null {
  const quarter = Math.floor(values.length / 4);
  if (quarter < 1) return null;
  return medianOf(values.slice(-quarter)) - medianOf(values.slice(0, quarter));
}

/** The least-squares slope of (seconds, MB) points, per minute. */
function trendPerMinute(points: [number, number][]): number | null {
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return Number(((covariance / variance) * 60).toFixed(1));
}

const sustained = (step: StepResult) =>
  step.requests > 0 && Object.keys(step.statuses).every((status) => status === '202') && step.notSent === 0 && step.p99Ms <= DEADLINE_MS;

export async function runOverloadBenchmark() {
  const server: RunningServer = await startServer({ env: { SIMULATE_RATE: '0', RETENTION } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    await waitUntilLive(server.url);
    const url = new URL(`${server.url}/api/events`);
    const source = new EventSource();
    let answered202Items = 0;
    const onAccepted = (items: number) => (answered202Items += items);

    // Warm up: JIT, SQLite's page cache, connections.
    await drive(url, agent, source, RATES[0]!, 5, onAccepted);
    const steps: StepResult[] = [];
    let degradedInARow = 0;
    for (const rate of RATES) {
      const step = await drive(url, agent, source, rate, STEP_SECONDS, onAccepted);
      steps.push(step);
      process.stderr.write(`overload: ${rate}/s → ${JSON.stringify(step)}\n`);
      degradedInARow = sustained(step) ? 0 : degradedInARow + 1;
      if (degradedInARow >= 2) break;
      // Let a backlog drain before the next step, so each step starts even.
      for (let attempt = 0; attempt < 100 && (await metric(server.url, 'waybill_consumer_lag_records')) > 0; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const sustainable = Math.max(0, ...steps.filter(sustained).map((step) => step.offeredPerSecond));

    // Twice the sustainable rate: first until the retained state is at its size, then
    // OVERLOAD_SECONDS more with memory sampled every two seconds.
    const overloadRate = 2 * Math.max(sustainable, RATES[0]!);
    const warmup = await drive(url, agent, source, overloadRate, OVERLOAD_WARMUP_SECONDS, onAccepted);
    const rssSamples: { atSeconds: number; rssMb: number; heapMb: number; externalMb: number; backpressure: number }[] = [];
    let nextSampleAt = 0;
    let sampling: Promise<void> = Promise.resolve();
    const overload = await drive(url, agent, source, overloadRate, OVERLOAD_SECONDS, onAccepted, (elapsed) => {
      if (elapsed < nextSampleAt) return;
      nextSampleAt += 2_000;
      sampling = sampling.then(async () => {
        const [rss, heap, external, backpressure] = await Promise.all([
          metric(server.url, 'process_resident_memory_bytes'),
          metric(server.url, 'nodejs_heap_size_used_bytes'),
          metric(server.url, 'nodejs_external_memory_bytes'),
          metric(server.url, 'waybill_backpressure_active'),
        ]);
        rssSamples.push({ atSeconds: Math.round(elapsed / 1_000), rssMb: Math.round(rss / 2 ** 20), heapMb: Math.round(heap / 2 ** 20), externalMb: Math.round(external / 2 ** 20), backpressure });
      });
    });
    await sampling;

    // Everything answered 202 must be processed: wait for the lag to drain, then count.
    for (let attempt = 0; attempt < 600 && (await metric(server.url, 'waybill_consumer_lag_records')) > 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const processed = await metric(server.url, 'waybill_inputs_total');
    const refused = await metric(server.url, 'waybill_ingest_refused_requests_total');
    const refusedByReason = Object.fromEntries(
      await Promise.all(
        ['log_behind', 'pipeline_behind', 'too_many_requests'].map(async (reason) => [reason, await metric(server.url, `waybill_ingest_refused_requests_total{reason="${reason}"}`)]),
      ),
    );
    const rss = rssSamples.map((sample) => sample.rssMb);
    return {
      benchmark: 'overload',
      connections: CONNECTIONS,
      batch: BATCH,
      stepSeconds: STEP_SECONDS,
      retention: RETENTION,
      steps,
      sustainablePerSecond: sustainable,
      overload: {
        ...overload,
        seconds: OVERLOAD_SECONDS,
        rssMbFirst: rss[0],
        rssMbMax: Math.max(...rss),
        rssMbLast: rss[rss.length - 1],
        // The heap saws up and down with each collection: growth is compared between the
        // medians of the first and last quarters of the samples, and as a fitted trend.
        rssGrowthMb: quarterGrowth(rss),
        rssTrendMbPerMinute: trendPerMinute(rssSamples.map((sample) => [sample.atSeconds, sample.rssMb])),
        heapMbFirst: rssSamples[0]?.heapMb,
        heapMbMax: Math.max(...rssSamples.map((sample) => sample.heapMb)),
        warmup: { seconds: OVERLOAD_WARMUP_SECONDS, statuses: warmup.statuses, p99Ms: warmup.p99Ms },
        backpressureActiveShare: rssSamples.filter((sample) => sample.backpressure > 0).length / Math.max(1, rssSamples.length),
        rssSamples,
      },
      answered202Items,
      processedInputs: processed,
      lostItems: answered202Items - processed,
      refusedRequests: refused,
      refusedByReason,
    };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('overload.ts')) {
  runOverloadBenchmark()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
