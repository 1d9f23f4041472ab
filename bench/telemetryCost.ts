import type { LogRecord } from '../server/pipeline/logRecord';
import type { Outcome } from '../server/pipeline/outcome';
import { Pipeline } from '../server/pipeline/pipeline';
import { WaybillMetrics } from '../server/metrics/waybillMetrics';
import { preciseNow } from '../server/preciseNow';
import { startOtlpReceiver } from '../server/testing/otlpReceiver';
import { PendingPushes } from '../server/tracing/pendingPushes';
import { traceFoldedBatch } from '../server/tracing/traceFoldedBatch';
import { createTracing, DISABLED_TRACING, type Tracing } from '../server/tracing/tracing';
import { median } from './median';
import { SimulatedRecords } from './pipelineGrowth';

/*
 * What watching the pipeline costs it: the fold of the same records, in batches as the
 * sources hand them over, bare; with the metrics a batch records; and with tracing on
 * (exporting over OTLP/HTTP to a receiver on 127.0.0.1, in this process: its parsing is
 * counted too) at ratios of 1, 0.1 and 0.01 (the default). The simulator's traffic carries a sampled traceparent on 80 % of events, so a
 * ratio of 1 records spans for most of them: the dearest case. Rounds alternate; medians.
 */

const EVENTS = Number(process.env.BENCH_TELEMETRY_EVENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_TELEMETRY_ROUNDS ?? 5);
const BATCH = 500;

type Variant = { name: string; metrics: WaybillMetrics | null; tracing: Tracing };

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function foldAll(records: readonly LogRecord[], variant: Variant): Promise<number> {
  collectGarbage();
  const pipeline = new Pipeline();
  const pendingPushes = new PendingPushes();
  const started = performance.now();
  for (let start = 0; start < records.length; start += BATCH) {
    const batch = records.slice(start, start + BATCH);
    const outcomes: Outcome[] = [];
    const foldStartedAt = preciseNow();
    for (const record of batch) outcomes.push(pipeline.process(record));
    const processed = { records: batch, outcomes, foldStartedAt, foldEndedAt: preciseNow() };
    variant.metrics?.recordBatch(processed);
    traceFoldedBatch(variant.tracing, processed, pendingPushes);
    // The sources give the event loop a turn between batches; so does this, and the
    // span exporter runs there as it would in the server.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Spans queued during the run are exported inside the measurement.
  await variant.tracing.flush().catch(() => undefined);
  return records.length / ((performance.now() - started) / 1_000);
}

export async function runTelemetryCostBenchmark() {
  const receiver = await startOtlpReceiver();
  const records = new SimulatedRecords(42, 2_000).next(EVENTS);
  const metrics = new WaybillMetrics({ mode: 'embedded', version: 'bench' });
  const variants: Variant[] = [
    { name: 'bare', metrics: null, tracing: DISABLED_TRACING },
    { name: 'metrics', metrics, tracing: DISABLED_TRACING },
    { name: 'metricsAndTracingRatio1', metrics, tracing: createTracing({ endpoint: receiver.url, sampleRatio: 1 }) },
    { name: 'metricsAndTracingRatio0.1', metrics, tracing: createTracing({ endpoint: receiver.url, sampleRatio: 0.1 }) },
    { name: 'metricsAndTracingRatio0.01', metrics, tracing: createTracing({ endpoint: receiver.url, sampleRatio: 0.01 }) },
  ];
  try {
    for (const variant of variants) await foldAll(records, variant);
    const rates = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const variant of variants) rates.get(variant.name)!.push(await foldAll(records, variant));
    }
    const medians = Object.fromEntries([...rates].map(([name, values]) => [name, Math.round(median(values))]));
    const bare = medians.bare!;
    return {
      benchmark: 'telemetryCost',
      events: records.length,
      rounds: ROUNDS,
      eventsPerSecond: medians,
      ratioToBare: Object.fromEntries(Object.entries(medians).map(([name, rate]) => [name, Number((rate / bare).toFixed(3))])),
      spansReceived: receiver.spans.length,
    };
  } finally {
    for (const variant of variants) await variant.tracing.shutdown().catch(() => undefined);
    await receiver.close();
  }
}

if (process.argv[1]?.endsWith('telemetryCost.ts')) {
  runTelemetryCostBenchmark()
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
